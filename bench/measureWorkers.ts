// Child process of the --workers comparison (bench/workers.ts): one search of one spec, on one thread (the
// plain BFS) or on N workers (the parallel engine), printed as one JSON line with the profile of the
// parallel search (checker/parallel/profile.ts): thread CPU per phase, so the figures hold on a loaded machine.
// usage: node --import tsx bench/measureWorkers.ts '<InterleaveJob as JSON, with workers>'
import { bfs } from '../checker/bfs.ts';
import { loadModel } from '../checker/loadSpec.ts';
import { parallelBfs } from '../checker/parallel/parallelBfs.ts';
import { threadCpuMs, type ParallelProfile } from '../checker/parallel/profile.ts';
import type { InterleaveJob } from './measureInterleave.ts';

/** What the child prints. */
export interface WorkersReport {
  readonly result: string;
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly durationMs: number;
  /** CPU time of the process, all threads, during the search (ms). */
  readonly cpuMs: number;
  /** One thread: the search thread's CPU time. N workers: the critical path's (profile.ts). */
  readonly threadCpuMs: number;
  readonly workerStartMs?: number;
  readonly candidates?: number;
  readonly profile?: ParallelProfile;
}

const job = JSON.parse(process.argv[2] ?? '{}') as InterleaveJob;
if (job.symmetry) throw new Error('measureWorkers: symmetry is not measured here');
const loaded = await loadModel(job.spec, Object.entries(job.params).map(([k, v]) => `${k}=${String(v)}`));
const workers = job.workers ?? 1;
let report: WorkersReport;
if (workers === 1) {
  const cpu = process.cpuUsage();
  const thread = threadCpuMs();
  const r = await bfs(loaded.model, {});
  if (r.result === 'error') throw new Error(r.error.message);
  const u = process.cpuUsage(cpu);
  report = { result: r.result, distinctStates: r.distinctStates, generatedStates: r.generatedStates, durationMs: r.durationMs, cpuMs: (u.user + u.system) / 1000, threadCpuMs: threadCpuMs() - thread };
} else {
  const run = await parallelBfs(loaded.model, { workers, file: loaded.file, params: loaded.params, compile: true, skipProperties: [], symmetry: false, auditSymmetry: false }, {});
  const r = run.result;
  if (r.result === 'error') throw new Error(r.error.message);
  const p = run.profile;
  report = {
    result: r.result,
    distinctStates: r.distinctStates,
    generatedStates: r.generatedStates,
    durationMs: r.durationMs,
    cpuMs: run.searchCpuMs,
    threadCpuMs: p.expand.cpuMaxMs + p.insert.cpuMaxMs + p.coordinatorCpuMs,
    workerStartMs: run.workerStartMs,
    candidates: run.candidates,
    profile: p,
  };
}
process.stdout.write(`${JSON.stringify(report)}\n`);
