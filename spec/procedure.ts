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
  /** The name a kernel developer knows this step by (a kernel function): shown in traces and `--lanes`. */
  as?: string;
  when?: (s: ReadState<S, Pc>, args: R) => boolean;
  effect?: (next: WriteState<S, Pc>, args: A, ctx: StepContext<S, Pc, L, Pr>) => NoResult;
  fair?: Fairness;
  /**
   * The procedures the effect may call with `ctx.call`. Needed only where the call does not name its procedure as
   * a literal (`ctx.call('name', ...)` is found in the effect's source); when given, `ctx.call` is held to it.
   */
  calls?: readonly (keyof Pr & string)[];
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
export interface ProcessOptions<S extends Schema = any, A = any, Pc = any, Pr extends ProcedureTable = any> {
  readonly fair?: Fairness;
  /** The most procedure frames live at once; a call beyond them is an error (with the trace), not a hang. */
  readonly stack?: number;
  /** Interrupts of this process's CPU, by name: each may run its handler between any two steps (see `InterruptDef`). */
  readonly interrupts?: { readonly [name: string]: InterruptDef<S, A, Pc, Pr> };
  /** Preemption: the scheduler may run between any two steps where `when` holds (see `PreemptDef`). */
  readonly preempt?: PreemptDef<S, A, Pc, Pr>;
}

/**
 * Preemption (CONFIG_PREEMPT): between any two steps of a process instance in task context where `when` holds
 * (preemption and interrupts enabled, say), the scheduler's procedure `handler` runs, as if called there, and
 * returns to the interrupted label. It never fires inside an interrupt handler nor inside `handler` itself (the
 * scheduler runs with preemption off); steps may also call `handler` themselves (a sleeping `schedule()`).
 * Traces show it as `<process>.preempt@<label>`.
 */
export interface PreemptDef<S extends Schema, A, Pc, Pr extends ProcedureTable> {
  /** The scheduler's procedure (e.g. `'schedule'`). */
  readonly handler: keyof Pr & string;
  /** Where preemption may happen besides task context, e.g. `(s, { self }) => s.preempt[self] === 0`. */
  readonly when?: (s: ReadState<S, Pc>, args: A) => boolean;
}

/** Execution contexts above the task's, lowest first: an interrupt nests only in a context below its own. */
export const CONTEXT_LEVELS = ['softirq', 'hardirq', 'nmi'] as const;
/** The context an interrupt handler runs in. */
export type ContextLevel = (typeof CONTEXT_LEVELS)[number];

/**
 * An interrupt: between any two steps of a process instance (at any label, in any procedure; not once it is done) where `when` holds
 * (interrupts enabled on its CPU, say), it pushes a frame of `handler` whose return label is the interrupted one, as
 * a call would. It never fires in a context at its own level or above (a hardirq handler is not interrupted by a
 * hardirq, an NMI by nothing), so nesting is bounded by construction: at most one frame per level.
 */
export interface InterruptDef<S extends Schema, A, Pc, Pr extends ProcedureTable> {
  /** The procedure run as the handler; it is entered only this way (no step calls it). */
  readonly handler: keyof Pr & string;
  /** Default `'hardirq'`. */
  readonly level?: ContextLevel;
  /** When the interrupt may fire, besides the nesting rule: e.g. the instance runs on a CPU with interrupts on. */
  readonly when?: (s: ReadState<S, Pc>, args: A) => boolean;
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
  as?: string;
  when?: any;
  effect?: any;
  fair?: Fairness;
  call?: string;
  calls?: readonly string[];
  args?: (next: any, args: any) => Record<string, unknown>;
  next: string | ((next: any, args: any, prev: any) => string);
}

export function processOf(name: string, label: string, step: RawStep): NonNullable<ActionEntry['process']> {
  return {
    name,
    label,
    next: step.next,
    ...(step.call !== undefined ? { call: step.call, ...(step.args ? { callArgs: step.args } : {}) } : {}),
    ...(step.calls !== undefined ? { calls: [...step.calls] } : {}),
  };
}

