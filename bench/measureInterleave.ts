// Child process of the bench: checks one spec once and prints one JSON line with its figures.
// Each measurement runs in a fresh process, so its peak RSS is that run's alone.
// usage: node --import tsx bench/measureInterleave.ts '<InterleaveJob as JSON>'
import { check } from '../checker/check.ts';
import type { ParamValue } from '../spec/defineSpec.ts';

/** What the parent asks the child to check. */
export interface InterleaveJob {
  readonly spec: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly symmetry: boolean;
  /** Worker threads of the search (default 1). */
  readonly workers?: number;
}

/** What the child prints. */
export type InterleaveReport =
  | {
      readonly result: 'ok' | 'violation' | 'incomplete';
      readonly verdict: string;
      readonly distinctStates: number;
      readonly generatedStates: number;
      readonly transitions: number;
      readonly durationMs: number;
      readonly bytesPerState: number;
      readonly queuePeak: number;
      readonly exactStore: boolean;
      /** Peak RSS of this process in bytes (ru_maxrss). */
      readonly maxRssBytes: number;
      /** With workers: the time they took to start and load the spec (not in durationMs). */
      readonly workerStartMs?: number;
      /** CPU time of the process, all threads, user and system (ms). */
      readonly cpuMs: number;
    }
  | { readonly result: 'error'; readonly message: string };

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as InterleaveJob;
  // symmetry is stated both ways: the checker turns it on by default for specs with a scalarset
  const { result, symmetry, workerStartMs } = await check(job.spec, { params: job.params, symmetry: job.symmetry, ...(job.workers ? { workers: job.workers } : {}) });
  let report: InterleaveReport;
  if (result.result === 'error') {
    report = { result: 'error', message: `error[${result.error.code}]: ${result.error.message}` };
  } else if (symmetry !== job.symmetry) {
    report = { result: 'error', message: `asked for symmetry ${job.symmetry ? 'on' : 'off'}, the search ran with it ${symmetry ? 'on' : 'off'}` };
  } else {
    report = {
      result: result.result,
      verdict: result.result === 'violation' ? result.violation.property : result.result,
      distinctStates: result.distinctStates,
      generatedStates: result.generatedStates,
      // successors generated, summed over actions: generatedStates without the initial states
      transitions: result.coverage.reduce((n, c) => n + c.generated, 0),
      durationMs: result.durationMs,
      bytesPerState: result.bytesPerState,
      queuePeak: result.queuePeak,
      exactStore: result.exactStore,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      ...(workerStartMs !== undefined ? { workerStartMs } : {}),
      cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    };
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

await main();
