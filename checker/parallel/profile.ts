// Where a parallel search's time goes, per phase, in each thread's own CPU time: on a loaded machine a
// thread's wall time includes the time others held its core, its CPU time does not. The critical path
// (each phase's slowest worker, plus the coordinator) is what the search would take on free cores.
import { readFileSync } from 'node:fs';

/** CPU time of the calling thread in ms (Linux: /proc/thread-self/schedstat, ns on a core); NaN elsewhere. */
export function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

/** A phase, summed over the levels. */
export interface PhaseFigures {
  rounds: number;
  /** Wall time from the coordinator's message to the last reply. */
  wallMs: number;
  /** The largest worker CPU time of each round, summed: the phase's part of the critical path. */
  cpuMaxMs: number;
  /** Every worker's CPU time. */
  cpuSumMs: number;
}

/** A parallel search's figures (docs/scale.md, Workers). */
export interface ParallelProfile {
  readonly expand: PhaseFigures;
  /** Inserting the candidates, the barrier, and compacting each worker's new states. */
  readonly insert: PhaseFigures;
  /** Wall time the workers waited at the insert phase's barrier, all workers. */
  barrierWaitMs: number;
  /** CPU time of the coordinator's thread during the search (between the rounds, and handling messages). */
  coordinatorCpuMs: number;
  /** Candidates handed to an owner (worker 0's new states are not handed off), and their bytes (key, owner, flag). */
  handedOff: number;
  /** States expanded from another worker's chunk (their packed states read across threads). */
  readAcross: number;
}

export const phase = (): PhaseFigures => ({ rounds: 0, wallMs: 0, cpuMaxMs: 0, cpuSumMs: 0 });

/** Adds one round: its wall time and each worker's CPU time. */
export function addRound(p: PhaseFigures, wallMs: number, cpuMs: readonly number[]): void {
  p.rounds++;
  p.wallMs += wallMs;
  p.cpuMaxMs += Math.max(...cpuMs);
  p.cpuSumMs += cpuMs.reduce((s, c) => s + c, 0);
}

/** The critical path in CPU time: what the search takes with a free core per worker (and one for the coordinator's short turns). */
export const criticalPathMs = (p: ParallelProfile): number => p.expand.cpuMaxMs + p.insert.cpuMaxMs + p.coordinatorCpuMs;
