// The types of procedures and call steps (PlusCal's `procedure` and `call`), for the builder in model.ts.
// The checker lowers procedures to plain process steps (checker/procedures.ts).
import type { ActionEntry, EffectContext, Fairness, NoResult, ReadState, StepArgs, StepDef, WriteState } from './model.ts';
import type { Domain, Schema } from './types.ts';
import type { StateDraft, StateView, Value } from './views.ts';

/** The procedures a model declared so far: name to its labels and its locals. */
export type ProcedureTable = { readonly [name: string]: { readonly labels: string; readonly locals: Schema } };
/** The labels of every procedure in `Pr`. */
export type ProcedureLabels<Pr extends ProcedureTable> = [keyof Pr] extends [never] ? never : Pr[keyof Pr]['labels'];

/**
 * A step that calls a procedure: after its own `when` and `effect`, it pushes a frame (the return label `next`,
 * the callee's locals, zero or set by `args`) and goes to the callee's first label; the callee's `'return'`
 * comes back to `next`. Calling with every frame in use is an error with the trace.
 */
export type CallStepDef<S extends Schema, A, L extends string, Pc, Pr extends ProcedureTable, Ret extends string, R = A> =
  | ([keyof Pr] extends [never] ? never : DynamicCallStepDef<S, A, L, Pc, Pr, Ret, R>)
  | {
  [P in keyof Pr & string]: StepBody<S, A, R, Pc> & {
    /** The procedure to call. */
    call: P;
    /** The callee's locals (its parameters), from the state after this step's effect; the rest start zero. */
    args?: (next: WriteState<S, Pc>, args: A) => Partial<{ [k in keyof Pr[P]['locals']]: Value<Pr[P]['locals'][k]> }>;
    /** Where the callee's `'return'` goes. */
    next: NoInfer<L> | Ret | ((next: ReadState<S, Pc>, args: R, prev: ReadState<S, Pc>) => NoInfer<L> | Ret);
  };
}[keyof Pr & string];

/**
 * A step that may call one of the procedures `calls` lists, chosen in its effect (PlusCal's `either call p(); or
 * goto l;`, `if (c) call p();`): `ctx.call(p, locals?)` (EffectContext) pushes p's frame after the effect, returning to `next`; a run
 * of the effect that calls nothing goes to `next` like a plain step. In a procedure, `next: 'return'` with a call is
 * a tail call (`call p(); return;`): the callee's frame replaces the caller's.
 */
export interface DynamicCallStepDef<S extends Schema, A, L extends string, Pc, Pr extends ProcedureTable, Ret extends string, R = A> {
  /** The procedures the effect may call. */
  calls: readonly (keyof Pr & string)[];
  /** The name a kernel developer knows this step by (a kernel function): shown in traces and `--lanes`. */
  as?: string;
  when?: (s: ReadState<S, Pc>, args: R) => boolean;
  effect?: (next: WriteState<S, Pc>, args: A, ctx: EffectContext<S, Pc>) => NoResult;
  fair?: Fairness;
  next: NoInfer<L> | Ret | ((next: ReadState<S, Pc>, args: R, prev: ReadState<S, Pc>) => NoInfer<L> | Ret);
}

/** A step's guard, effect and fairness; the effect gets arguments `A` (writable locals), the guard `R` (read-only ones). */
export interface StepBody<S extends Schema, A, R, Pc> {
  /** The name a kernel developer knows this step by (a kernel function): shown in traces and `--lanes`. */
  as?: string;
  when?: (s: ReadState<S, Pc>, args: R) => boolean;
  effect?: (next: WriteState<S, Pc>, args: A, ctx: EffectContext<S, Pc>) => NoResult;
  fair?: Fairness;
}

/** Arguments of a procedure step's effect: the instance id `self` and the current frame's locals, writable. */
export type ProcedureArgs<D extends Domain | undefined, Lo extends Schema> = StepArgs<D, {}> & { readonly locals: StateDraft<Lo> };
/** Arguments of a procedure step's guard and `next`: the frame's locals, read-only. */
export type ProcedureReadArgs<D extends Domain | undefined, Lo extends Schema> = StepArgs<D, {}> & { readonly locals: StateView<Lo> };
/** One labelled step of a procedure with labels `L`: `next` is one of them or `'return'`. */
export interface ProcedureStepDef<S extends Schema, A, R, L extends string, Pc> extends StepBody<S, A, R, Pc> {
  next: NoInfer<L> | 'return' | ((next: ReadState<S, Pc>, args: R, prev: ReadState<S, Pc>) => NoInfer<L> | 'return');
}

/** Options of a process: its fairness, and the frames of its call stack when it calls procedures. */
export interface ProcessOptions<S extends Schema = any, A = any, Pc = any, Pr extends ProcedureTable = any> {
  readonly fair?: Fairness;
  /** The most procedure frames live at once; a call beyond them is an error (with the trace), not a hang. */
  readonly stack?: number;
  /** Interrupts of this process's CPU, by name: each may run its handler between any two steps (see `InterruptDef`). */
  readonly interrupts?: { readonly [name: string]: InterruptDef<S, A, Pc, Pr> };
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
export type ProcessStep<S extends Schema, A, L extends string, Pc, Pr extends ProcedureTable> = StepDef<S, A, L, Pc> | CallStepDef<S, A, L, Pc, Pr, 'done'>;

export interface RawStep {
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

