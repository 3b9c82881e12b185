// Prints the merge of swarm results: members, union coverage, counterexamples shortest first.
import type { MergeResult } from '../../checker/swarm/merge.ts';

const n = (x: number) => x.toLocaleString('en-US');

/** `name (k=v, ...)`, as describeRun prints a loaded spec. */
function describe(m: MergeResult): string {
  const parts = [...(m.variant !== null ? [`variant ${m.variant}`] : []), ...Object.entries(m.params).map(([k, v]) => `${k}=${String(v)}`)];
  return `${m.specName}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/** The text report. */
export function formatMerge(m: MergeResult): string {
  const lines: string[] = [];
  const members = m.members.length;
  const cx = m.counterexamples;
  lines.push(
    cx.length
      ? `${describe(m)}: ${cx.length} counterexample${cx.length === 1 ? '' : 's'} from ${n(members)} swarm member${members === 1 ? '' : 's'}; the shortest has ${cx[0]!.states} states`
      : `${describe(m)}: no violation in ${n(members)} swarm member${members === 1 ? '' : 's'} (random walks sample behaviours: not a proof, run check for that)`,
  );
  for (const s of m.swarms) {
    lines.push(`  swarm seed ${s.seed}: ${s.present} of ${s.members} members${s.missing.length ? `; missing: ${s.missing.join(', ')}` : ''}`);
  }
  if (m.duplicates.length) lines.push(`  ignored (the same member again): ${m.duplicates.join(', ')}`);
  const interrupted = m.members.filter((x) => x.interrupted).map((x) => x.member);
  if (interrupted.length) lines.push(`  interrupted before their last walk: ${interrupted.join(', ')}`);
  lines.push(`coverage: ${n(m.states)} distinct states visited, ${n(m.walks)} walks, ${n(m.steps)} steps`);
  lines.push(`  per member (states, new to the union): ${m.members.map((x) => `${x.member} ${n(x.states)}/${n(x.newStates)}`).join(', ')}`);
  lines.push(`  steps per action: ${Object.entries(m.actions).map(([a, k]) => `${a} ${n(k)}`).join(', ')}`);
  if (m.neverFired.length) lines.push(`  never fired: ${m.neverFired.join(', ')}`);
  if (m.uncovered.length) lines.push(`  cover properties no member reached: ${m.uncovered.join(', ')}`);
  if (cx.length) {
    lines.push('counterexamples, shortest first:');
    for (const c of cx) {
      const what = c.kind === 'deadlock' ? c.property : `${c.kind === 'action' ? 'action property' : 'invariant'} ${c.property} violated`;
      lines.push(`  ${c.states} states: ${what}, found by ${c.foundBy.join(', ')}: interleave replay ${c.traceFile}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The `--json` object (the traces' steps are in their files). */
export function mergeJson(m: MergeResult): Record<string, unknown> {
  return { ...m, counterexamples: m.counterexamples.map(({ steps: _steps, ...c }) => c) };
}
