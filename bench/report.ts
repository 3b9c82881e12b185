// The bench's printed report: the side-by-side table, same-run ratios, the targets and whether the
// tools agree on the counts.
import { realSpecs, type BenchCase, type ToolName } from './Contender.ts';
import { statesPerSecond, transitionsPerSecond, type Measurement, type Outcome } from './Measurement.ts';

/** One row of a model's block. */
export interface ReportRow {
  readonly label: string;
  readonly tool: ToolName;
  readonly outcome: Outcome;
}

/** A model and its rows. */
export interface CaseResult {
  readonly benchCase: BenchCase;
  readonly rows: ReportRow[];
}

/** The targets (issue 11): states/s at least 1.5x SPIN's single-core BFS, and a store of at most this many bytes per state. */
export const targetBytesPerState = 24;
export const targetVsSpin = 1.5;

/** Target for migrate: µs per transition at most this many times filter's. */
export const targetMigrateVsFilter = 2;

/** Microseconds of search per transition. */
const microsPerTransition = (m: Measurement): number => (m.searchSeconds * 1e6) / m.transitions;

const int = (v: number) => Math.round(v).toLocaleString('en-US');
const mib = (bytes: number | null) => (bytes === null ? '-' : `${(bytes / 2 ** 20).toFixed(0)} MiB`);
const fixed = (v: number | null, digits: number) => (v === null ? '-' : v.toFixed(digits));
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

const columns = ['tool', 'distinct', 'transitions', 'verdict', 'search s', 'spread', 'states/s', 'transitions/s', 'peak RSS', 'store B/state', 'RSS B/state'];
const rightAligned = new Set([1, 2, 4, 5, 6, 7, 8, 9, 10]);

/** A table line: a measured row, a model's title, or a tool that was skipped. */
type Line = { readonly cells: string[] } | { readonly title: string } | { readonly note: string };

/** (slowest - fastest) / median search time, in percent: how much the runs disagree. */
function spread(runs: readonly Measurement[], m: Measurement): string {
  if (runs.length < 2) return '-';
  const times = runs.map((r) => r.searchSeconds);
  return `${Math.round(((Math.max(...times) - Math.min(...times)) / m.searchSeconds) * 100)}%`;
}

function cells(label: string, runs: readonly Measurement[], m: Measurement): string[] {
  return [
    label,
    int(m.distinctStates),
    int(m.transitions),
    m.verdict,
    fixed(m.searchSeconds, 2),
    spread(runs, m),
    int(statesPerSecond(m)),
    int(transitionsPerSecond(m)),
    mib(m.peakRssBytes),
    fixed(m.storeBytesPerState, 1),
    m.peakRssBytes === null ? '-' : fixed(m.peakRssBytes / m.distinctStates, 0),
  ];
}

/** Lays out the lines as an aligned text table. */
function table(lines: readonly Line[]): string[] {
  const measured = lines.flatMap((l) => ('cells' in l ? [l.cells] : []));
  const widths = columns.map((c, i) => Math.max(c.length, ...measured.map((r) => r[i]!.length)));
  const format = (l: Line) =>
    'title' in l ? l.title : 'note' in l ? `  ${l.note}` : `  ${l.cells.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  return [format({ cells: columns }), `  ${widths.map((w) => '-'.repeat(w)).join('  ')}`, ...lines.map(format)];
}

const measuredOf = (c: CaseResult, tool: ToolName): Measurement | null => {
  const row = c.rows.find((r) => r.tool === tool && r.outcome.kind === 'measured');
  return row && row.outcome.kind === 'measured' ? row.outcome.median : null;
};

/** The whole report, as printed by `npm run bench`. */
export function formatReport(header: readonly string[], cases: readonly CaseResult[]): string {
  const lines: Line[] = [];
  for (const c of cases) {
    lines.push({ title: c.benchCase.title });
    for (const r of c.rows) {
      if (r.outcome.kind === 'measured') lines.push({ cells: cells(r.label, r.outcome.runs, r.outcome.median) });
      else lines.push({ note: `${r.label}: skipped, ${r.outcome.reason}` });
    }
  }
  const out = [...header, '', ...table(lines), ''];

  out.push('Ratios, same run (interleave / other tool, from the medians above):');
  const plain = cases.filter((c) => c.benchCase.model !== 'filter_sym' && !realSpecs.includes(c.benchCase.model));
  const real = cases.filter((c) => realSpecs.includes(c.benchCase.model));
  for (const c of cases) {
    const me = measuredOf(c, 'interleave');
    out.push(`  ${c.benchCase.title}${me ? '' : ': no interleave figure'}`);
    if (!me) continue;
    const others = c.rows.filter((r) => r.tool !== 'interleave');
    const width = Math.max(0, ...others.map((r) => r.label.length));
    for (const r of others) {
      const head = `    vs ${r.label.padEnd(width)}  `;
      if (r.outcome.kind !== 'measured') {
        out.push(`${head}no figure`);
        continue;
      }
      const other = r.outcome.median;
      const rss = me.peakRssBytes !== null && other.peakRssBytes !== null ? `  peak RSS ${ratio(me.peakRssBytes, other.peakRssBytes)}` : '';
      out.push(`${head}states/s ${ratio(statesPerSecond(me), statesPerSecond(other))}  transitions/s ${ratio(transitionsPerSecond(me), transitionsPerSecond(other))}${rss}`);
    }
  }
  out.push('');

  out.push(`Targets: states/s at least ${targetVsSpin}x SPIN's (BFS, 1 core); at most ${targetBytesPerState} bytes per stored state:`);
  for (const c of plain) {
    const me = measuredOf(c, 'interleave');
    const spin = measuredOf(c, 'spin');
    const speed = !me ? 'no interleave figure' : !spin ? 'no SPIN figure (SPIN skipped)' : verdictOf(statesPerSecond(me) / statesPerSecond(spin) >= targetVsSpin, `${ratio(statesPerSecond(me), statesPerSecond(spin))} SPIN`);
    const store = !me || me.storeBytesPerState === null ? 'no figure' : verdictOf(me.storeBytesPerState <= targetBytesPerState, `${me.storeBytesPerState.toFixed(1)} B/state`);
    out.push(`  ${c.benchCase.title}: speed ${speed}; store ${store}`);
  }
  out.push('');
  if (real.length) out.push(...realSpecLines(cases, real), '');

  out.push('Counts (reductions off, every tool must agree; with symmetry, the orbit counts):');
  for (const c of cases) out.push(`  ${c.benchCase.title}: ${agreement(c)}`);
  const queues = plain.map((c) => [c, measuredOf(c, 'interleave')] as const).filter(([, m]) => m?.queuePeak != null);
  if (queues.length) {
    out.push('');
    out.push(`interleave's BFS queue peak (not in the store figure): ${queues.map(([c, m]) => `${c.benchCase.title} ${int(m!.queuePeak!)} states`).join('; ')}`);
  }
  return `${out.join('\n')}\n`;
}

/** µs per transition of every interleave row, and the real specs' targets (≥ 1.0x their twin; migrate within 2x of filter). */
function realSpecLines(cases: readonly CaseResult[], real: readonly CaseResult[]): string[] {
  const out = ['µs per transition (search time ÷ transitions), interleave and the hand-written twins:'];
  const width = Math.max(...cases.map((c) => c.benchCase.title.length));
  for (const c of cases) {
    const me = measuredOf(c, 'interleave');
    const js = measuredOf(c, 'js');
    const mine = me ? `interleave ${microsPerTransition(me).toFixed(2)}` : 'interleave -';
    const twin = me && js ? `; hand-written JS ${microsPerTransition(js).toFixed(2)}, interleave takes ${ratio(microsPerTransition(me), microsPerTransition(js))} its time` : '';
    out.push(`  ${c.benchCase.title.padEnd(width)}  ${mine}${twin}`);
  }
  out.push('Targets of the real specs: states/s at least the hand-written twin\'s; migrate\'s µs per transition within 2x of filter\'s:');
  for (const c of real) {
    const me = measuredOf(c, 'interleave');
    const js = measuredOf(c, 'js');
    const speed = !me ? 'no interleave figure' : !js ? 'no twin figure' : verdictOf(statesPerSecond(me) >= statesPerSecond(js), `${ratio(statesPerSecond(me), statesPerSecond(js))} the twin`);
    const store = !me || me.storeBytesPerState === null ? 'no figure' : verdictOf(me.storeBytesPerState <= targetBytesPerState, `${me.storeBytesPerState.toFixed(1)} B/state`);
    let line = `  ${c.benchCase.title}: speed ${speed}; store ${store}`;
    if (c.benchCase.model === 'migrate') {
      const filter = cases.find((f) => f.benchCase.model === 'filter');
      const f = filter ? measuredOf(filter, 'interleave') : null;
      line += `; µs per transition ${!me || !f ? 'no figure' : verdictOf(microsPerTransition(me) <= targetMigrateVsFilter * microsPerTransition(f), `${ratio(microsPerTransition(me), microsPerTransition(f))} filter's`)}`;
    }
    out.push(line);
  }
  return out;
}

const verdictOf = (met: boolean, figure: string) => `${figure}, ${met ? 'met' : 'short'}`;

function agreement(c: CaseResult): string {
  const measured = c.rows.flatMap((r) => (r.outcome.kind === 'measured' ? [{ label: r.label, runs: r.outcome.runs }] : []));
  if (measured.length === 0) return 'nothing measured';
  const unstable = measured.filter((m) => new Set(m.runs.map((r) => `${r.distinctStates}/${r.transitions}/${r.verdict}`)).size > 1);
  if (unstable.length) return `MISMATCH: counts varied between runs of ${unstable.map((m) => m.label).join(', ')}`;
  const keys = new Map<string, string[]>();
  for (const m of measured) {
    const r = m.runs[0]!;
    const key = `${int(r.distinctStates)} states, ${int(r.transitions)} transitions, ${r.verdict}`;
    keys.set(key, [...(keys.get(key) ?? []), m.label]);
  }
  if (keys.size === 1) return `${measured.length === 1 ? 'one tool measured' : 'all measured tools agree'}: ${[...keys.keys()][0]}`;
  return `tools differ: ${[...keys.entries()].map(([k, labels]) => `${labels.join(', ')}: ${k}`).join(' | ')}`;
}
