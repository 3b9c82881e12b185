// What `interleave review` finds, as data: for each spec, the structural diff and, per variant, both
// revisions' checks side by side with the new counterexamples. The CLI prints it as Markdown or JSON.
import type { MutationScore } from './mutationScores.ts';
import type { ParamValue } from '../../spec/defineSpec.ts';
import type { IncompleteReason, TraceStep, ViolationKind } from '../result.ts';
import type { StructuralDiff } from './structuralDiff.ts';

/** One side of the review. */
export interface RevisionInfo {
  /** As the user named it: a git revision (`main`, `HEAD~1`), `working tree`, or a file path. */
  readonly label: string;
  /** The commit it resolved to (abbreviated), for git revisions. */
  readonly commit?: string;
}

/** A check of one variant at one revision, summarized. */
export interface RunSummary {
  readonly result: 'ok' | 'violation' | 'incomplete' | 'error';
  /** Every violated property (`deadlock` for a deadlock), in the order found. */
  readonly violated: readonly string[];
  readonly distinctStates?: number;
  readonly generatedStates?: number;
  readonly depth?: number;
  /** Whether states were counted as orbits under symmetry. */
  readonly symmetry?: boolean;
  /** A violation could not be looked past: the counts stop there and later violations may be hidden. */
  readonly partial?: boolean;
  readonly reason?: IncompleteReason;
  readonly error?: { readonly code: string; readonly message: string };
}

/** Coverage of one action at both revisions (absent where the action does not exist). */
export interface CoverageRow {
  readonly action: string;
  readonly base?: ActionCount;
  readonly head?: ActionCount;
}
export interface ActionCount {
  readonly generated: number;
  readonly distinct: number;
  readonly enabled: boolean;
}

/** A counterexample that the head revision has and the base did not. */
export interface NewCounterexample {
  readonly property: string;
  readonly kind: ViolationKind;
  readonly message?: string;
  /** States in the trace, the initial one included. */
  readonly states: number;
  /** How the trace was shortened: `minimized` (from `before` states) or `shortest` (BFS order only). */
  readonly minimization: { readonly result: 'minimized'; readonly before: number; readonly switches: number } | { readonly result: 'shortest'; readonly note: string };
  /** The steps, locations relative to the revision's root. */
  readonly trace: readonly TraceStep[];
  /** Mermaid sequence diagram source. */
  readonly mermaid: string;
  /** The command that shows it again at the head revision. */
  readonly replay: string;
}

/** Both revisions of one variant with the same parameters. */
export interface VariantReview {
  /** The variant, or null for a spec without variants. */
  readonly variant: string | null;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Null when the variant does not exist at that revision. */
  readonly base: RunSummary | null;
  readonly head: RunSummary | null;
  readonly newlyFailing: readonly string[];
  readonly newlyPassing: readonly string[];
  readonly stillFailing: readonly string[];
  /** Actions enabled at the base (or new) that the head never enables. */
  readonly becameNeverEnabled: readonly string[];
  /** Actions never enabled at the base that the head enables. */
  readonly becameEnabled: readonly string[];
  readonly coverage: readonly CoverageRow[];
  readonly counterexamples: readonly NewCounterexample[];
}

/** The review of one spec file. */
export interface SpecReview {
  /** The file, relative to the repository (or as given). */
  readonly path: string;
  /** The spec's name (head's, else base's). */
  readonly name: string;
  readonly status: 'added' | 'deleted' | 'modified' | 'unchanged';
  readonly diff: StructuralDiff;
  readonly variants: readonly VariantReview[];
  /** With `review --mutation`: the mutation score of the first variant at each revision (null: absent). */
  readonly mutation?: { readonly base: MutationScore | null; readonly head: MutationScore | null };
}

/** A property violated at the head and not at the base. */
export interface NewViolation {
  readonly spec: string;
  readonly variant: string | null;
  readonly property: string;
}

/** A revision that could not be checked: the review of that spec is not a verdict. */
export interface RevisionError {
  readonly spec: string;
  readonly variant: string | null;
  readonly revision: 'base' | 'head';
  /** The spec does not load or build (`SPEC_LOAD`, `SPEC_DEFINITION`, ...), as opposed to failing during the search. */
  readonly load: boolean;
  readonly code: string;
  readonly message: string;
}

/** The whole review. */
export interface ReviewReport {
  readonly base: RevisionInfo;
  readonly head: RevisionInfo;
  readonly specs: readonly SpecReview[];
  readonly newViolations: readonly NewViolation[];
  /** Every revision of a spec (and variant) that does not load or fails while checking, at the base or the head. */
  readonly errors: readonly RevisionError[];
  /** One line: "1 new violation: mirrorCoherent in migrate/no-reinvalidate". */
  readonly verdict: string;
}
