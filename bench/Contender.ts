// A contender is one tool configured for one benchmark model: a row of the table.
import type { Measurement } from './Measurement.ts';

/**
 * The benchmark models: the twins, at the sizes the bench is run with, and the real specs (a
 * message-passing protocol, the migrate kernel model and kernel-tla's fpsimd), which have no SPIN or Rumur twin.
 */
export type BenchModel = 'filter' | 'dining_asym' | 'filter_sym' | 'lamport' | 'migrate' | 'fpsimd';

/** The real specs: their rows are interleave and a hand-written JavaScript twin. */
export const realSpecs: readonly BenchModel[] = ['lamport', 'migrate', 'fpsimd'];

/** The tools the bench knows (`--tools` takes these names). */
export const toolNames = ['interleave', 'spin', 'rumur', 'js'] as const;
export type ToolName = (typeof toolNames)[number];

/** One model at one size. */
export interface BenchCase {
  readonly model: BenchModel;
  /** The size parameter: N for the twins, `maxClock` for lamport, unused (0) for migrate and fpsimd. */
  readonly n: number;
  /** As printed, e.g. `filter N=6`. */
  readonly title: string;
}

/** A contender ready to run, or the reason it cannot run here. */
export type Prepared =
  | { readonly kind: 'ready'; readonly run: () => Promise<Measurement> }
  | { readonly kind: 'skipped'; readonly reason: string };

/** One tool on one model. */
export interface Contender {
  /** The row's label, e.g. `SPIN -DBFS -DNOREDUCE`. */
  readonly label: string;
  /** Builds what the runs need (code generation, compilation); not timed. */
  readonly prepare: () => Prepared;
}

/** A prepared contender that cannot run, with a line saying why. */
export const skipped = (reason: string): Prepared => ({ kind: 'skipped', reason });
