// A mutant: one small edit of a spec's source (a dropped write, a dropped step, two steps swapped, a
// guard weakened or negated, a kernel primitive's call skipped), and what checking it found.
import type { SpecErrorCode } from '../SpecError.ts';

/** The mutation operators. */
export type MutationOperator =
  /** an assignment to the state (or a set/sequence update) in an effect or its helper, removed */
  | 'drop-write'
  /** a step's or action's whole effect removed (guard and next label kept), or an element of a variant's step list */
  | 'drop-step'
  /** two adjacent statements of an effect exchanged */
  | 'swap-statements'
  /** the effects of a step and of the step its `next` names exchanged, or two adjacent elements of a variant's step list */
  | 'swap-steps'
  /** a conjunct of a guard or branch condition removed (`a && b` -> `b`), or a single guard replaced by `true` */
  | 'weaken-guard'
  /** a conjunct of a guard or branch condition negated (`a && b` -> `!a && b`), or a whole branch condition */
  | 'negate-guard'
  /** a call of a kernel primitive (lock, unlock, get, put, notifier, completion...) skipped */
  | 'skip-call';

export const MUTATION_OPERATORS: readonly MutationOperator[] = ['drop-write', 'drop-step', 'swap-statements', 'swap-steps', 'weaken-guard', 'negate-guard', 'skip-call'];

/** A replacement of the source text [start, end) by `text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** One mutant of a spec file. */
export interface Mutant {
  /** 1-based, in source order: stable for a given source text. */
  readonly id: number;
  readonly operator: MutationOperator;
  /** What was changed, in a few words (`drop n.pte = 'locked'`). */
  readonly description: string;
  /** The first changed line of the original file. */
  readonly line: number;
  /** The whole mutated source. */
  readonly text: string;
}

/** What checking one mutant found. */
export type MutantOutcome =
  /** a property fails: the mutant is killed */
  | { readonly status: 'caught'; readonly kind: string; readonly property: string; readonly traceLength: number; readonly distinctStates: number; readonly ms: number }
  /** every property holds */
  | { readonly status: 'survived'; readonly distinctStates: number; readonly generatedStates: number; readonly ms: number }
  /** every property holds and the reachable states are the original's (same counts, same set of states) */
  | { readonly status: 'equivalent'; readonly distinctStates: number; readonly ms: number }
  /** the mutant does not load, throws, writes a value outside its type, or breaks symmetry */
  | { readonly status: 'invalid'; readonly code: SpecErrorCode | 'CRASH'; readonly message: string; readonly ms: number }
  /** the per-mutant bound was reached first: time or states */
  | { readonly status: 'timeout'; readonly bound: 'time' | 'states'; readonly ms: number };

export type MutantStatus = MutantOutcome['status'];
