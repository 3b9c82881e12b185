// `npm run bench` (and `--workers-only`): interleave's search on one thread (the plain BFS) and on N worker
// threads (the parallel engine), filter N=6 and dining N=16 asym, each run a fresh process
// (bench/measureWorkers.ts), taken in turn round after round so that a slow spell of the (shared) machine hits
// them all; figures are medians. States/s is over the search (the workers' start, each loading the spec
// through tsx, is shown apart). On a shared machine wall time depends on who else runs, so the table also
// gives the load-independent figures: the critical path in CPU time (each phase's slowest worker plus the
// coordinator, checker/parallel/profile.ts) against the one thread's CPU time, which is the speedup the
// search would get with a free core per worker, and the hand-off counts per new state.
import { fileURLToPath } from 'node:url';
import { median } from './Measurement.ts';
import type { InterleaveJob } from './measureInterleave.ts';
import type { WorkersReport } from './measureWorkers.ts';
import { runProcess } from './runProcess.ts';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const measureScript = fileURLToPath(new URL('./measureWorkers.ts', import.meta.url));

/** One model of the comparison. */
export interface WorkersCase {
  readonly title: string;
  readonly job: InterleaveJob;
}

interface Figures {
  readonly statesPerSecond: number;
  readonly wallSeconds: number;
  readonly startSeconds: number;
  readonly cpuSeconds: number;
  readonly states: number;
  /** One thread: its CPU time; N workers: the critical path's (ms). */
  readonly pathMs: number;
  readonly candidatesPerState: number;
  readonly handedOffPerState: number;
  readonly barrierWaitMs: number;
}

async function measure(job: InterleaveJob, workers: number): Promise<Figures> {
  const run = await runProcess(process.execPath, ['--conditions=interleave-source', '--import', 'tsx', measureScript, JSON.stringify({ ...job, workers })], repoRoot);
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if (!line.startsWith('{')) throw new Error(`bench/measureWorkers.ts failed: ${run.stderr.trim().split('\n').slice(-3).join(' ')}`);
  const report = JSON.parse(line) as WorkersReport;
  const states = report.distinctStates;
  return {
    statesPerSecond: states / (report.durationMs / 1000),
    wallSeconds: run.wallSeconds,
    startSeconds: (report.workerStartMs ?? 0) / 1000,
    cpuSeconds: report.cpuMs / 1000,
    states,
    pathMs: report.threadCpuMs,
    candidatesPerState: (report.candidates ?? states) / states,
    handedOffPerState: (report.profile?.handedOff ?? 0) / states,
    barrierWaitMs: report.profile?.barrierWaitMs ?? 0,
  };
}

/** Runs every case on every thread count, `runs` rounds; returns the printed table. */
export async function workerScaling(cases: readonly WorkersCase[], threads: readonly number[], runs: number, progress: (line: string) => void): Promise<string> {
  const got = cases.map(() => threads.map((): Figures[] => []));
  for (let rep = 1; rep <= runs; rep++) {
    for (const [c, wc] of cases.entries()) {
      for (const [t, n] of threads.entries()) {
        progress(`workers run ${rep}/${runs}  ${wc.title}: ${n} thread${n > 1 ? 's' : ''}`);
        const f = await measure(wc.job, n);
        got[c]![t]!.push(f);
        progress(`    ${f.states.toLocaleString('en-US')} states, ${Math.round(f.statesPerSecond).toLocaleString('en-US')}/s`);
      }
    }
  }
  const lines = [
    `\nWorkers (--workers N): median of ${runs} interleaved rounds; states/s over the search, start = the workers' start (spec loaded in each);`,
    `est. = the one thread's CPU time over the critical path's (each phase's slowest worker + the coordinator, in CPU time): the speedup with a free core per thread`,
  ];
  lines.push(`| model | threads | states/s | vs 1 | est. | wall s | start s | cpu/wall | candidates/state | handed off/state | barrier wait ms |`, `|---|---|---|---|---|---|---|---|---|---|---|`);
  for (const [c, wc] of cases.entries()) {
    const base = median(got[c]![0]!.map((f) => f.statesPerSecond));
    const basePath = median(got[c]![0]!.map((f) => f.pathMs));
    for (const [t, n] of threads.entries()) {
      const fs = got[c]![t]!;
      const sps = median(fs.map((f) => f.statesPerSecond));
      const wall = median(fs.map((f) => f.wallSeconds));
      const m = (g: (f: Figures) => number) => median(fs.map(g));
      lines.push(
        `| ${wc.title} | ${n} | ${Math.round(sps).toLocaleString('en-US')} | ${(sps / base).toFixed(2)}x | ${(basePath / m((f) => f.pathMs)).toFixed(2)}x | ${wall.toFixed(1)} | ${m((f) => f.startSeconds).toFixed(1)} | ${m((f) => f.cpuSeconds / f.wallSeconds).toFixed(2)} | ${m((f) => f.candidatesPerState).toFixed(2)} | ${m((f) => f.handedOffPerState).toFixed(2)} | ${Math.round(m((f) => f.barrierWaitMs))} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
