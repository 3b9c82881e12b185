// Execution contexts: interrupt levels, interrupts and preemption off, per-CPU variables. The interrupt itself is
// the builder's (`.process(..., { interrupts })`, checker/procedures.ts): a handler's frame on the call stack marks
// the context it runs in, so `contextLevel` reads the level off the stack, and the checks that need it
// (`mightSleep`, lockdep in `spinLock`, `smpProcessorId`) take it through `current(ctx, self, locks, context)`.
// Interrupt and preemption state are ordinary variables a model declares (per CPU, per task), since a model says
// which CPU a task runs on: `irqFlagsType(Cpu)` and `preemptCountType(Task, max)`.
import { CONTEXT_LEVELS, type ContextLevel } from '../procedure.ts';
import { bool, int, mapOf, type Domain, type IntType, type MapType, type BoolType, type Type, showValue } from '../types.ts';
import { KernelCheck, type Checks } from './checks.ts';
import type { Current } from './current.ts';

/** A call stack as the builder lays it out (`s.stack.<process>[self]`): the live frames are the first `depth`. */
export interface CallStackView {
  readonly depth: number;
  readonly frames: ArrayLike<{ readonly proc: string }>;
}
/** The interrupts of a process as declared in `.process(..., { interrupts })`: name to handler and level. */
export type InterruptTable = { readonly [name: string]: { readonly handler: string; readonly level?: ContextLevel | 'task' } };

/**
 * `in_task()` / `in_softirq()` / `in_hardirq()` / `in_nmi()`: the highest level among the handlers live on `stack`
 * (`'task'` when none is). Pass the same `interrupts` object the process declares.
 */
export function contextLevel(stack: CallStackView, interrupts: InterruptTable): 'task' | ContextLevel {
  let best = -1;
  for (let i = 0; i < stack.depth; i++) {
    for (const irq of Object.values(interrupts)) {
      const level = irq.level ?? 'hardirq';
      if (irq.handler === stack.frames[i]!.proc && level !== 'task') best = Math.max(best, CONTEXT_LEVELS.indexOf(level));
    }
  }
  return best < 0 ? 'task' : CONTEXT_LEVELS[best]!;
}

/** Per-CPU "interrupts disabled" flags (false, the zero value: enabled). */
export function irqFlagsType<D extends Domain>(cpus: D): MapType<D, BoolType> {
  return mapOf(cpus, bool);
}
type Flags<C> = { [cpu in C & PropertyKey]: boolean };
/** `irqs_disabled()` on `cpu`. */
export const irqsDisabled = <C>(irqs: Readonly<Flags<C>>, cpu: C): boolean => irqs[cpu as C & PropertyKey];
/** `local_irq_disable()` on `cpu`. */
export const localIrqDisable = <C>(irqs: Flags<C>, cpu: C): void => void (irqs[cpu as C & PropertyKey] = true);
/** `local_irq_enable()` on `cpu`. */
export const localIrqEnable = <C>(irqs: Flags<C>, cpu: C): void => void (irqs[cpu as C & PropertyKey] = false);
/** `local_irq_save(flags)`: disables interrupts on `cpu`, returns whether they were disabled (the flags). */
export function localIrqSave<C>(irqs: Flags<C>, cpu: C): boolean {
  const flags = irqs[cpu as C & PropertyKey];
  irqs[cpu as C & PropertyKey] = true;
  return flags;
}
/** `local_irq_restore(flags)`. */
export const localIrqRestore = <C>(irqs: Flags<C>, cpu: C, flags: boolean): void => void (irqs[cpu as C & PropertyKey] = flags);

/** Per-task `preempt_count()` (preempt_disable depth), up to `max` nested regions. */
export function preemptCountType<D extends Domain>(tasks: D, max = 1): MapType<D, IntType> {
  return mapOf(tasks, int(0, max));
}
type Counts<H> = { [task in H & PropertyKey]: number };
/** `preempt_disable()`: one more level (a range error past the type's bound names the step). */
export const preemptDisable = <H>(counts: Counts<H>, self: H): void => void counts[self as H & PropertyKey]++;
/** `preemptible()`: preemption on for `self` (no `preempt_disable` region open); for `.process(..., { preempt: { when } })`. */
export const preemptible = <H>(counts: Readonly<Counts<H>>, self: H): boolean => counts[self as H & PropertyKey] === 0;
/** `preempt_enable()`: reports `unbalanced-call` without a matching `preempt_disable()`. */
export function preemptEnable<H>(ctx: Checks, counts: Counts<H>, self: H): void {
  if (counts[self as H & PropertyKey] === 0) {
    ctx.check(KernelCheck.unbalanced, false, `preempt_enable by ${showValue(self)} without preempt_disable`);
    return;
  }
  counts[self as H & PropertyKey]--;
}

/** A per-CPU variable: one `of` per CPU (`DEFINE_PER_CPU`). */
export function perCpuType<D extends Domain, T extends Type>(cpus: D, of: T): MapType<D, T> {
  return mapOf(cpus, of);
}
/** The running task with the CPU it runs on, for the per-CPU accessors. */
export type OnCpu<C> = Current<unknown> & { readonly cpu: C };
/**
 * `smp_processor_id()`: the CPU `me` runs on; in preemptible task context (interrupts on, preempt_count 0) it
 * reports `smp-processor-id-preemptible` (CONFIG_DEBUG_PREEMPT's "using smp_processor_id() in preemptible code").
 */
export function smpProcessorId<C>(me: OnCpu<C>): C {
  if ((me.level ?? 'task') === 'task' && !me.irqsDisabled && (me.preemptCount ?? 0) === 0) {
    me.check(KernelCheck.preemptibleCpuId, false, `smp_processor_id() by ${showValue(me.self)} in preemptible code`);
  }
  return me.cpu;
}
/** `this_cpu_read(var)`: safe in any context (one instruction). */
export const thisCpuRead = <C, T>(v: Readonly<{ [cpu in C & PropertyKey]: T }>, me: OnCpu<C>): T => v[me.cpu as C & PropertyKey];
/** `this_cpu_write(var, x)`. */
export const thisCpuWrite = <C, T>(v: { [cpu in C & PropertyKey]: T }, me: OnCpu<C>, x: T): void => void (v[me.cpu as C & PropertyKey] = x);
/** `this_cpu_add(var, d)` (`this_cpu_inc` is `d = 1`). */
export const thisCpuAdd = <C>(v: { [cpu in C & PropertyKey]: number }, me: OnCpu<C>, d: number): void => void (v[me.cpu as C & PropertyKey] += d);
