// What the source text of a spec file declares, as read by ts-morph (readSpecSource.ts): the items a
// reviewer talks about (parameters, variants, variables, processes and their steps, actions,
// properties), each with its lines. The runtime (specSummary.ts) knows which of them a variant builds.

/** Lines of a source item, 1-based, both included. */
export interface Span {
  readonly line: number;
  readonly endLine: number;
}

/** A named item of a spec's source. */
export interface SourceItem {
  /** The name as the runtime knows it (a string literal's value), or the expression text in brackets. */
  readonly name: string;
  readonly span: Span;
  /** The item's source lines (as written); edits are told by comparing them without indentation. */
  readonly lines: readonly string[];
  /**
   * The branch of the code the item is written in: the enclosing conditions (`if`, `else`, after an
   * `if` that returns, `?:`, `&&`, `case`), joined with ` && `; absent at the top level. Part of the
   * item's identity: a step written once per variant branch is one item per branch.
   */
  readonly branch?: string;
  /** The variants whose build reaches the branch, when the conditions tell (absent: every variant, or unknown). */
  readonly variants?: readonly string[];
}

/** A parameter with its default value as written. */
export interface ParamSource extends SourceItem {
  readonly value: string;
}

/** A state variable with its type expression as written. */
export interface VariableSource extends SourceItem {
  readonly type: string;
}

/** A `scalarset(name, size)` declaration. */
export interface ScalarsetSource extends SourceItem {
  readonly size: string;
}

/** Where an action's or step's guard (`when`) and effect are written. */
export interface GuardEffect {
  readonly guard?: Span;
  readonly effect?: Span;
}

/** An `.action(name, [params], { when, effect })` call. */
export interface ActionSource extends SourceItem, GuardEffect {
  /** The parameter object as written, or null for an action without parameters. */
  readonly params: string | null;
}

/** One labelled step of a process: the runtime names it `process.label`. */
export interface StepSource extends SourceItem, GuardEffect {
  readonly process: string;
  readonly label: string;
  /** The next label, or the expression text when it is computed. */
  readonly next: string;
  /** The condition under which the step is part of the process (a conditional spread), if any. */
  readonly condition?: string;
}

/** A `.process(name, [over], steps)` call. */
export interface ProcessSource extends SourceItem {
  /** The instance domain as written, or null for a single instance. */
  readonly over: string | null;
  /** The call's lines without its steps: an edit here is an edit of the process itself. */
  readonly headerLines: readonly string[];
  readonly steps: readonly StepSource[];
}

/** Kinds of named properties: the builder method that declares them. */
export type PropertyKind = 'invariant' | 'actionInvariant' | 'cover' | 'eventually' | 'alwaysEventually' | 'eventuallyAlways' | 'leadsTo' | 'leadsToAlways' | 'initiallyLeadsTo';

/** A named property: `.invariant(name, ...)`, `.actionInvariant`, `.cover`, or a temporal one (`.leadsTo`, ...). */
export interface PropertySource extends SourceItem {
  readonly kind: PropertyKind;
}

/** Model parts without a name of their own: `init`, `terminal`, `checkDeadlock`. */
export interface ModelPartSource extends SourceItem {}

/** Everything read from one spec file. */
export interface SpecSource {
  readonly file: string;
  /** The spec's name from `defineSpec({ name })`, when it is a literal. */
  readonly name: string | null;
  readonly params: readonly ParamSource[];
  readonly variants: readonly SourceItem[];
  readonly scalarsets: readonly ScalarsetSource[];
  readonly variables: readonly VariableSource[];
  readonly processes: readonly ProcessSource[];
  readonly actions: readonly ActionSource[];
  readonly properties: readonly PropertySource[];
  readonly parts: readonly ModelPartSource[];
}
