// `npm run bench`: interleave, SPIN, Rumur and a hand-written JavaScript BFS on the same models in
// one run, side by side, with same-run ratios. Figures, not tests: the machine may be shared and
// noisy, so each figure is the median of several runs, taken round-robin over the tools so that a
// slow spell hits them all.
// usage: node --import tsx bench/run.ts [--quick] [--runs k] [--filter-n 6] [--dining-n 16] [--lamport-max 9] [--tools interleave,spin,rumur,js]
//        [--threads 1,2] (the --workers comparison, bench/workers.ts) [--workers-only]
//        node --import tsx bench/run.ts --startup [--runs k]: the tool's start-up instead (bench/startup.ts)
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { toolNames, type BenchCase, type Contender, type ToolName } from './Contender.ts';
import { medianOf, type Measurement, type Outcome } from './Measurement.ts';
import { formatReport, type CaseResult } from './report.ts';
import { rssMethod } from './runProcess.ts';
import { interleaveContender, interleaveJob } from './tools/interleave.ts';
import { workerScaling } from './workers.ts';
import { jsBfsContender } from './tools/jsBfs.ts';
import { rumurContender } from './tools/rumur.ts';
import { spinContender } from './tools/spin.ts';
import { toolVersions } from './toolVersions.ts';
import { fpsimdParams, generateTwins, type TwinFiles } from './twins.ts';

interface Row {
  readonly benchCase: BenchCase;
  readonly tool: ToolName;
  readonly contender: Contender;
}

if (process.argv.includes('--startup')) {
  await import('./startup.ts');
  process.exit(0);
}

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    'filter-n': { type: 'string', default: '6' },
    'dining-n': { type: 'string', default: '16' },
    'lamport-max': { type: 'string', default: '9' },
    tools: { type: 'string', default: toolNames.join(',') },
    threads: { type: 'string', default: '1,2' },
    'workers-only': { type: 'boolean', default: false },
  },
});

const positive = (name: string, raw: string, min: number): number => {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) {
    process.stderr.write(`bench: --${name} must be an integer of at least ${min}, not ${raw}\n`);
    process.exit(2);
  }
  return v;
};
const runs = opts.runs !== undefined ? positive('runs', opts.runs, 1) : opts.quick ? 1 : 3;
const filterN = positive('filter-n', opts['filter-n'], 2);
const diningN = positive('dining-n', opts['dining-n'], 2);
const lamportMax = positive('lamport-max', opts['lamport-max'], 1);
const tools = new Set(opts.tools.split(',').map((t) => t.trim()));
const threads = opts.threads.split(',').map((t) => positive('threads', t.trim(), 1));
for (const t of tools) {
  if (!(toolNames as readonly string[]).includes(t)) {
    process.stderr.write(`bench: unknown tool '${t}' (known: ${toolNames.join(', ')})\n`);
    process.exit(2);
  }
}

const progress = (line: string) => process.stderr.write(`${line}\n`);

/** The table's rows: every tool on every model, in print order. */
function plan(twins: TwinFiles): Row[] {
  const filter: BenchCase = { model: 'filter', n: filterN, title: `filter N=${filterN}` };
  const dining: BenchCase = { model: 'dining_asym', n: diningN, title: `dining N=${diningN} asym` };
  const filterSym: BenchCase = { model: 'filter_sym', n: filterN, title: `filter N=${filterN} symmetric` };
  const rows: Row[] = [];
  for (const c of [filter, dining]) {
    rows.push({ benchCase: c, tool: 'interleave', contender: interleaveContender(c) });
    rows.push({ benchCase: c, tool: 'spin', contender: spinContender(c, twins) });
    rows.push({ benchCase: c, tool: 'rumur', contender: rumurContender(c, twins) });
    rows.push({ benchCase: c, tool: 'js', contender: jsBfsContender(c) });
  }
  rows.push({ benchCase: filterSym, tool: 'interleave', contender: interleaveContender(filterSym) });
  rows.push({ benchCase: filterSym, tool: 'rumur', contender: rumurContender(filterSym, twins, 'exhaustive') });
  rows.push({ benchCase: filterSym, tool: 'rumur', contender: rumurContender(filterSym, twins, 'heuristic') });
  // the real specs: interleave and a hand-written JavaScript twin (no SPIN or Rumur twin)
  const lamport: BenchCase = { model: 'lamport', n: lamportMax, title: `lamport 3 processes, maxClock=${lamportMax}` };
  const migrate: BenchCase = { model: 'migrate', n: 0, title: 'migrate, no symmetry' };
  const fpsimd: BenchCase = { model: 'fpsimd', n: 0, title: `fpsimd ${fpsimdParams.cpus} CPU, ${fpsimdParams.threads} threads, ${fpsimdParams.vals} value, no symmetry` };
  for (const c of [lamport, migrate, fpsimd]) {
    rows.push({ benchCase: c, tool: 'interleave', contender: interleaveContender(c) });
    rows.push({ benchCase: c, tool: 'js', contender: jsBfsContender(c) });
  }
  return rows.filter((r) => tools.has(r.tool));
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The --workers comparison on filter and dining (bench/workers.ts). */
async function workers(): Promise<string> {
  const cases = [
    { title: `filter N=${filterN}`, job: interleaveJob({ model: 'filter', n: filterN, title: '' }) },
    { title: `dining N=${diningN} asym`, job: interleaveJob({ model: 'dining_asym', n: diningN, title: '' }) },
  ];
  return workerScaling(cases, threads, runs, progress);
}

async function main(): Promise<void> {
  if (opts['workers-only']) {
    process.stdout.write(`load average (1 min): ${loadavg()[0]!.toFixed(1)} at the start\n${await workers()}load average (1 min): ${loadavg()[0]!.toFixed(1)} at the end\n`);
    return;
  }
  const started = Date.now();
  const loadBefore = loadavg()[0]!;
  const twins = generateTwins(filterN, diningN);
  try {
    const rows = plan(twins);
    // build everything first (code generation and C compilation are not measured)
    const prepared = rows.map((row) => {
      progress(`preparing ${row.benchCase.title}: ${row.contender.label}`);
      try {
        return row.contender.prepare();
      } catch (e) {
        return { kind: 'skipped' as const, reason: `build failed: ${message(e)}` };
      }
    });
    const measured: Measurement[][] = rows.map(() => []);
    const failed: (string | null)[] = rows.map(() => null);
    for (let rep = 1; rep <= runs; rep++) {
      for (const [i, row] of rows.entries()) {
        const p = prepared[i]!;
        if (p.kind !== 'ready' || failed[i] !== null) continue;
        progress(`run ${rep}/${runs}  ${row.benchCase.title}: ${row.contender.label}`);
        try {
          const m = await p.run();
          measured[i]!.push(m);
          progress(`    ${m.distinctStates.toLocaleString('en-US')} states in ${m.searchSeconds.toFixed(2)} s`);
        } catch (e) {
          failed[i] = message(e);
          progress(`    failed: ${failed[i]}`);
        }
      }
    }
    const byCase = new Map<BenchCase, CaseResult>();
    for (const [i, row] of rows.entries()) {
      const p = prepared[i]!;
      const outcome: Outcome =
        p.kind === 'skipped'
          ? { kind: 'skipped', reason: p.reason }
          : failed[i] !== null
            ? { kind: 'skipped', reason: `did not run: ${failed[i]}` }
            : { kind: 'measured', runs: measured[i]!, median: medianOf(measured[i]!) };
      const entry = byCase.get(row.benchCase) ?? { benchCase: row.benchCase, rows: [] };
      entry.rows.push({ label: row.contender.label, tool: row.tool, outcome });
      byCase.set(row.benchCase, entry);
    }
    const header = [
      `interleave bench: ${runs === 1 ? '1 run per figure (--quick)' : `median of ${runs} runs per figure`}, tools taken in turn`,
      `machine: ${cpus()[0]?.model.trim() ?? 'unknown cpu'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; peak RSS via ${rssMethod === 'gnu-time' ? 'GNU time (ru_maxrss)' : rssMethod === 'proc-poll' ? 'polling /proc VmHWM' : 'nothing (unavailable)'}`,
      `load average (1 min): ${loadBefore.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end; took ${((Date.now() - started) / 1000).toFixed(0)} s`,
      ...toolVersions(),
    ];
    process.stdout.write(formatReport(header, [...byCase.values()]));
    if (threads.length > 1) process.stdout.write(await workers());
  } finally {
    twins.dispose();
  }
}

await main();
