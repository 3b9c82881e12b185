// The hand-written JavaScript BFS over bit-packed states with its own hash table (bench/twins/bfs.cjs
// in `packed` mode; bench/twins/lamport.cjs, migrate.cjs and fpsimd.cjs for the real specs): what plain JavaScript
// reaches with everything specialised by hand, no DSL. A reference line for the twins; for the real
// specs, the bar interleave is to reach. Search time is its own timer (start-up excluded).
import { basename } from 'node:path';
import { skipped, type BenchCase, type Contender } from '../Contender.ts';
import type { Measurement } from '../Measurement.ts';
import { runProcess } from '../runProcess.ts';
import { fpsimdParams, fpsimdTwinScript, jsBfsScript, lamportTwinScript, migrateTwinScript, twinsDir } from '../twins.ts';

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
  const model = c.model;
  if (model === 'lamport' || model === 'migrate' || model === 'fpsimd') return twinContender(c);
  return {
    label: 'hand-written JS BFS, packed',
    prepare: () => {
      if (model === 'filter_sym') return skipped('bfs.cjs has no symmetry reduction');
      return { kind: 'ready', run: () => measure(model, c.n) };
    },
  };
}

/** What lamport.cjs, migrate.cjs and fpsimd.cjs print, one JSON line. */
interface TwinReport {
  readonly states: number;
  readonly edges: number;
  readonly depth: number;
  readonly violation: unknown;
  readonly secs: number;
}

/** The hand-written twin of a real spec: lamport.cjs, migrate.cjs or fpsimd.cjs. */
function twinContender(c: BenchCase): Contender {
  return {
    label: 'hand-written JS twin',
    prepare: () => ({
      kind: 'ready',
      run: () =>
        c.model === 'migrate'
          ? measureTwin(migrateTwinScript, [], (v) => String(v))
          : c.model === 'fpsimd'
            ? measureTwin(fpsimdTwinScript, [fpsimdParams.cpus, fpsimdParams.threads, fpsimdParams.vals].map(String), (v) => String(v))
            : measureTwin(lamportTwinScript, ['3', String(c.n), '3'], () => 'mutex'),
    }),
  };
}

/** Runs a twin once; `verdict` names a violation it reports (the property, as interleave's verdict does). */
async function measureTwin(script: string, args: readonly string[], verdict: (violation: unknown) => string): Promise<Measurement> {
  const run = await runProcess(process.execPath, [script, ...args], twinsDir);
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  let report: TwinReport;
  try {
    report = JSON.parse(line) as TwinReport;
  } catch {
    throw new Error(`${basename(script)} exited with ${run.exitCode}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
  return {
    distinctStates: report.states,
    transitions: report.edges,
    searchSeconds: report.secs > 0 ? report.secs : run.wallSeconds,
    wallSeconds: run.wallSeconds,
    peakRssBytes: run.peakRssBytes,
    storeBytesPerState: null,
    queuePeak: null,
    verdict: report.violation === null ? 'ok' : verdict(report.violation),
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
