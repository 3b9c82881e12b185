// Liveness on the dining-philosophers twin: the same model checked for safety only, and with a
// temporal property under weak fairness (each philosopher a fair process), side by side: search time,
// time of the liveness phase (components, fair cycles), and the stored graph's bytes per edge.
// One run each, in this process: figures, not a test.
// usage: node --import tsx bench/liveness.ts [--n 12,14] [--asym true]
import { parseArgs } from 'node:util';
import { bfs } from '../checker/bfs.ts';
import { compile, type CompiledModel } from '../checker/compile.ts';
import { LivenessCheck } from '../checker/liveness/LivenessCheck.ts';
import { importSpec } from '../checker/loadSpec.ts';
import type { CheckResult } from '../checker/result.ts';
import type { ModelDefinition, TemporalEntry } from '../spec/model.ts';
import { int } from '../spec/types.ts';

const { values: opts } = parseArgs({ options: { n: { type: 'string', default: '12,14' }, asym: { type: 'string', default: 'true' } } });
const SPEC = 'bench/models/dining.ts';

/**
 * The twin as it is (safety only); with fair philosophers and `<>[](not everyone eats)` (holds:
 * every strongly connected component of the whole graph is examined); and with `\A p : []<>(p eats)` (fails: a philosopher can starve under weak
 * fairness, and the lasso is built).
 */
async function models(n: number, asym: boolean): Promise<{ safety: CompiledModel; liveness: CompiledModel; starvation: CompiledModel }> {
  const spec = await importSpec(SPEC);
  const params = { ...spec.params, n, asym, variant: 'default' };
  const safety = compile(spec.build(params).build());
  const Phil = int(0, n - 1);
  const def = spec.build(params).build();
  // <>[] over the whole graph: every state is in the search, and every component is examined
  const neverAllEat: TemporalEntry = {
    name: 'neverAllEat',
    kind: 'eventuallyAlways',
    params: {},
    p: (s: { pc: { phil: readonly string[] } }) => Phil.values.some((p) => s.pc.phil[p] !== 'eat'),
  };
  const everyoneEats: TemporalEntry = {
    name: 'everyoneEats',
    kind: 'alwaysEventually',
    params: { p: Phil },
    p: (s: { pc: { phil: readonly string[] } }, { p }: { p: number }) => s.pc.phil[p] === 'eat',
  };
  const fair = (temporal: TemporalEntry[]): ModelDefinition => ({
    ...def,
    processes: def.processes.map((p) => ({ ...p, fair: 'weak' as const })),
    temporal,
  });
  return { safety, liveness: compile(fair([neverAllEat])), starvation: compile(fair([everyoneEats])) };
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
const rss = () => process.memoryUsage().rss;

function line(label: string, r: CheckResult, totalMs: number, rssBefore: number): string {
  if (r.result === 'error') return `${label}: error ${r.error.message}`;
  const l = r.liveness;
  const verdict = r.result === 'violation' ? `${r.violation.kind} ${r.violation.property}, lasso of ${r.violation.trace.length} states (loop at ${r.violation.loop! + 1})` : r.result;
  return [
    `${label.padEnd(9)} ${verdict} | ${r.distinctStates.toLocaleString('en-US')} states, ${r.generatedStates.toLocaleString('en-US')} generated`,
    `search ${(r.durationMs / 1000).toFixed(2)} s`,
    l ? `liveness ${(l.durationMs / 1000).toFixed(2)} s, ${l.edges.toLocaleString('en-US')} edges at ${l.bytesPerEdge.toFixed(2)} bytes/edge (graph ${mib(l.graphBytes)}, labels ${mib(l.labelBytes)})` : 'no graph',
    `total ${(totalMs / 1000).toFixed(2)} s`,
    `rss +${mib(rss() - rssBefore)}`,
  ].join(' | ');
}

// warm the JIT on a small table first, so that the first measured run is not the one that compiles
{
  const warm = await models(6, true);
  await bfs(warm.safety);
  const live = new LivenessCheck(warm.liveness);
  await live.finish(await bfs(warm.liveness, live.hooks({})));
}

for (const n of opts.n!.split(',').map(Number)) {
  const { safety, liveness, starvation } = await models(n, opts.asym === 'true');
  console.log(`dining n=${n}${opts.asym === 'true' ? ' asym' : ''}`);
  let before = rss();
  let t = performance.now();
  const s = await bfs(safety);
  console.log(`  ${line('safety', s, performance.now() - t, before)}`);
  before = rss();
  t = performance.now();
  const live = new LivenessCheck(liveness);
  const r = await live.finish(await bfs(liveness, live.hooks({})));
  console.log(`  ${line('liveness', r, performance.now() - t, before)}`);
  before = rss();
  t = performance.now();
  const starve = new LivenessCheck(starvation);
  const f = await starve.finish(await bfs(starvation, starve.hooks({})));
  console.log(`  ${line('starving', f, performance.now() - t, before)}`);
}
