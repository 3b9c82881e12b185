// The hand-written JavaScript BFS over bit-packed states with its own hash table (bench/twins/bfs.cjs
// in `packed` mode): what plain JavaScript reaches with everything specialised by hand, no DSL. A
// reference line, not a competitor. Search time is its own timer (start-up excluded).
import { skipped, type BenchCase, type Contender } from '../Contender.ts';
import type { Measurement } from '../Measurement.ts';
import { runProcess } from '../runProcess.ts';
import { jsBfsScript, twinsDir } from '../twins.ts';

/** What bfs.cjs prints, one JSON line. */
export interface JsBfsReport {
  readonly states: number;
  readonly edges: number;
  readonly deadlocks: number;
  readonly violation: unknown;
  readonly secs: number;
}

/** Runs bfs.cjs once and parses its line. */
async function runJsBfs(model: 'filter' | 'dining' | 'dining_asym', n: number, checkDeadlock: boolean) {
  const run = await runProcess(process.execPath, [jsBfsScript, model, String(n), 'packed', ...(checkDeadlock ? [] : ['--nodeadlock'])], twinsDir);
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return { run, report: JSON.parse(line) as JsBfsReport };
  } catch {
    throw new Error(`bfs.cjs exited with ${run.exitCode}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
}

/** The hand-written packed BFS on a bench model (it has no symmetry reduction). */
export function jsBfsContender(c: BenchCase): Contender {
  return {
    label: 'hand-written JS BFS, packed',
    prepare: () => {
      if (c.model === 'filter_sym') return skipped('bfs.cjs has no symmetry reduction');
      const model = c.model;
      return { kind: 'ready', run: () => measure(model, c.n) };
    },
  };
}

async function measure(model: 'filter' | 'dining_asym', n: number): Promise<Measurement> {
  const { run, report } = await runJsBfs(model, n, true);
  return {
    distinctStates: report.states,
    transitions: report.edges,
    searchSeconds: report.secs > 0 ? report.secs : run.wallSeconds,
    wallSeconds: run.wallSeconds,
    peakRssBytes: run.peakRssBytes,
    storeBytesPerState: null,
    queuePeak: null,
    verdict: report.violation === null ? 'ok' : String(report.violation).startsWith('deadlock') ? 'deadlock' : 'invariant',
  };
}
