// `npm run bench` (and `--workers-only`): interleave's search on 1 and on N worker threads, filter N=6 and
// dining N=16 asym, each thread count a fresh process, taken in turn round after round so that a slow
// spell of the (shared) machine hits them all; figures are medians. States/s is over the search (the
// workers' start, each loading the spec through tsx, is shown apart, as loading is not counted for one
// thread either); CPU is the process's, all threads, so cpu/wall says how many cores the run kept busy.
import { fileURLToPath } from 'node:url';
import { median } from './Measurement.ts';
import type { InterleaveJob, InterleaveReport } from './measureInterleave.ts';
import { runProcess } from './runProcess.ts';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const measureScript = fileURLToPath(new URL('./measureInterleave.ts', import.meta.url));

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
}

async function measure(job: InterleaveJob, workers: number): Promise<Figures> {
  const run = await runProcess(process.execPath, ['--conditions=interleave-source', '--import', 'tsx', measureScript, JSON.stringify({ ...job, workers })], repoRoot);
  const report = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as InterleaveReport;
  if (report.result === 'error') throw new Error(report.message);
  return {
    statesPerSecond: report.distinctStates / (report.durationMs / 1000),
    wallSeconds: run.wallSeconds,
    startSeconds: (report.workerStartMs ?? 0) / 1000,
    cpuSeconds: report.cpuMs / 1000,
    states: report.distinctStates,
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
  const lines = [`\nWorkers (--workers N): median of ${runs} interleaved rounds; states/s over the search, start = the workers' start (spec loaded in each)`];
  lines.push(`| model | threads | states/s | vs 1 | wall s | start s | cpu/wall |`, `|---|---|---|---|---|---|---|`);
  for (const [c, wc] of cases.entries()) {
    const base = median(got[c]![0]!.map((f) => f.statesPerSecond));
    for (const [t, n] of threads.entries()) {
      const fs = got[c]![t]!;
      const sps = median(fs.map((f) => f.statesPerSecond));
      const wall = median(fs.map((f) => f.wallSeconds));
      lines.push(
        `| ${wc.title} | ${n} | ${Math.round(sps).toLocaleString('en-US')} | ${(sps / base).toFixed(2)}x | ${wall.toFixed(1)} | ${median(fs.map((f) => f.startSeconds)).toFixed(1)} | ${median(fs.map((f) => f.cpuSeconds / f.wallSeconds)).toFixed(2)} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
