// The types of procedures and call steps (PlusCal's `procedure` and `call`), for the builder in model.ts.
// The checker lowers procedures to plain process steps (checker/procedures.ts).
import type { ActionEntry, EffectContext, Fairness, NoResult, PcView, ReadState, StepArgs, StepDef, WriteState } from './model.ts';
import type { ChoiceStep, Choices, StepTools } from './choice.ts';
import type { Domain, Schema, Type } from './types.ts';
import type { StateDraft, StateView, Value } from './views.ts';

/** The procedures a model declared so far: name to its labels and its locals. */
export type ProcedureTable = { readonly [name: string]: { readonly labels: string; readonly locals: Schema; readonly args?: object } };
/** The labels of every procedure in `Pr`. */
export type ProcedureLabels<Pr extends ProcedureTable> = [keyof Pr] extends [never] ? never : Pr[keyof Pr]['labels'];

/**
 * A step that calls a procedure: after its own `when` and `effect`, it pushes a frame (the return label `next`,
 * the callee's locals, zero or set by `args`) and goes to the callee's first label; the callee's `'return'`
 * comes back to `next`. Calling with every frame in use is an error with the trace.
 */
export type CallStepDef<S extends Schema, A, L extends string, Pc, Pr extends ProcedureTable, Ret extends string, R = A> = {
  [P in keyof Pr & string]: StepBody<S, A, R, Pc, L | Ret, Pr> & {
    /** The procedure to call. */
    call: P;
    /** The callee's locals (its parameters), from the state after this step's effect; the rest start zero. */
    args?: (next: WriteState<S, Pc>, args: A) => Partial<{ [k in keyof Pr[P]['locals']]: Value<Pr[P]['locals'][k]> }>;
    /** Where the callee's `'return'` goes; `'return'` in a procedure is a tail call (the callee's frame replaces this one). */
    next: NoInfer<L> | Ret | ((next: ReadState<S, Pc>, args: R, prev: ReadState<S, Pc>) => NoInfer<L> | Ret);
  };
}[keyof Pr & string];

/** A step's guard, effect and fairness; the effect gets arguments `A` (writable locals), the guard `R` (read-only ones). */
export interface StepBody<S extends Schema, A, R, Pc, L extends string = string, Pr extends ProcedureTable = {}> {
  when?: (s: ReadState<S, Pc>, args: R) => boolean;
  effect?: (next: WriteState<S, Pc>, args: A, ctx: StepContext<S, Pc, L, Pr>) => NoResult;
  fair?: Fairness;
}

/**
 * What a process or procedure step's effect can do besides an action's: choose its next label where it writes
 * the state (`goto`), and call a procedure on some branches only (`call`). `L` are the labels it may go to.
 */
export interface StepContext<S extends Schema, Pc = PcView, L extends string = string, Pr extends ProcedureTable = {}> extends EffectContext<S, Pc> {
  /** The label this step goes to, instead of its `next` (PlusCal's `goto`, or the label after an `if`'s branch). */
  goto(label: L): void;
  /**
   * Calls `procedure` after this step (PlusCal's `call` inside an `if`): its frame returns to `ret` (default: where
   * the step goes, its `next` or `goto`); in a procedure, `ret` `'return'` is a tail call. Needs a call stack.
   */
  call<P extends keyof Pr & string>(procedure: P, locals?: Pr[P]['args'], ret?: L): void;
}

/** The locals a call may set (its parameters): the rest start zero. */
export type CallLocals<Lo extends Schema> = { readonly [k in keyof Lo]?: Lo[k] extends Type ? Value<Lo[k]> : never };

/**
 * A step that chooses among branches (PlusCal's `either ... or`): one action instance per branch, each with
 * its own guard, effect and next label; `args.either` is the branch's name (traces show it). Built with `either(...)`.
 */
export interface EitherStepDef<S extends Schema, A, L extends string, Pc, Pr extends ProcedureTable, Ret extends string = 'done'> {
  readonly either: { readonly [branch: string]: StepDef<S, A & { readonly either: string }, L, Pc, Pr, Ret> | CallStepDef<S, A & { readonly either: string }, L, Pc, Pr, Ret> };
  readonly with?: Choices;
  readonly fair?: Fairness;
}

/** Arguments of a procedure step's effect: the instance id `self` and the current frame's locals, writable. */
export type ProcedureArgs<D extends Domain | undefined, Lo extends Schema> = StepArgs<D, {}> & { readonly locals: StateDraft<Lo> };
/** Arguments of a procedure step's guard and `next`: the frame's locals, read-only. */
export type ProcedureReadArgs<D extends Domain | undefined, Lo extends Schema> = StepArgs<D, {}> & { readonly locals: StateView<Lo> };
/** One labelled step of a procedure with labels `L`: `next` is one of them or `'return'`. */
export interface ProcedureStepDef<S extends Schema, A, R, L extends string, Pc, Pr extends ProcedureTable = {}> extends StepBody<S, A, R, Pc, L | 'return', Pr> {
  next: NoInfer<L> | 'return' | ((next: ReadState<S, Pc>, args: R, prev: ReadState<S, Pc>) => NoInfer<L> | 'return');
}

/** Options of a process: its fairness, and the frames of its call stack when it calls procedures. */
export interface ProcessOptions {
  readonly fair?: Fairness;
  /** The most procedure frames live at once; a call beyond them is an error (with the trace), not a hang. */
  readonly stack?: number;
}
/** A step of a process: a plain step, or a call to one of the procedures `Pr` declared so far. */
export type ProcessStep<S extends Schema, A, L extends string, Pc, Pr extends ProcedureTable> =
  | StepDef<S, A, L, Pc, Pr>
  | CallStepDef<S, A, L, Pc, Pr, 'done'>
  | EitherStepDef<S, A, L, Pc, Pr>
  | (($: StepTools<S, A, L, Pc, Pr>) => ChoiceStep);

export interface RawStep {
  with?: Choices;
  either?: { readonly [branch: string]: RawStep };
  when?: any;
  effect?: any;
  fair?: Fairness;
  call?: string;
  args?: (next: any, args: any) => Record<string, unknown>;
  next: string | ((next: any, args: any, prev: any) => string);
}

export function processOf(name: string, label: string, step: RawStep): NonNullable<ActionEntry['process']> {
  return { name, label, next: step.next, ...(step.call !== undefined ? { call: step.call, ...(step.args ? { callArgs: step.args } : {}) } : {}) };
}

