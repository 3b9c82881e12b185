// The model builder: state variables, initial states, actions, processes and properties.
// A builder only records definitions; checker/compile.ts turns them into something to search.
import { callerLocation, type SourceLocation } from './location.ts';
import { isDomain, type Domain, type DomainValue, type Schema } from './types.ts';
import type { EnumType, MapType } from './types.ts';
import type { StateDraft, StateView, View } from './views.ts';
import { CONTEXT_LEVELS, processOf, type CallStepDef, type ContextLevel, type EitherStepDef, type ProcedureArgs, type ProcedureLabels, type ProcedureReadArgs, type ProcedureStepDef, type ProcedureTable, type ProcessOptions, type ProcessStep, type RawStep, type StepContext, type CallLocals } from './procedure.ts';
import { choiceParam, STEP_TOOLS, type ChoiceParam } from './choice.ts';

/** Parameters of an action or step: name to finite domain. One action instance per combination. */
export type Params = { readonly [name: string]: Domain };
/** The argument values of one action instance. */
export type Args<P extends Params> = { readonly [k in keyof P]: DomainValue<P[k]> };

/**
 * Program counters of processes, untyped: `s.pc.name` is a label (one instance) or a map from instance to label.
 * The builder types `pc` from the processes it has seen (see `ProcessPc`); this is the fallback for helpers.
 */
export type PcView = { readonly [process: string]: any };
/** The program counter of one process: its labels plus `'done'`, or a map from instance to them for a process `over` a domain. */
export type ProcessPc<D extends Domain | undefined, L extends string> = D extends Domain ? View<MapType<D, EnumType<L | 'done'>>> : L | 'done';
/** The current state as user code reads it; `Pc` types `s.pc` (one member per process declared so far). */
export type ReadState<S extends Schema, Pc = PcView> = StateView<S> & { readonly pc: Pc };
/** The next state as an effect writes it. */
export type WriteState<S extends Schema, Pc = PcView> = StateDraft<S> & { readonly pc: Pc };

/** What an effect can do besides writing the next state. */
export interface EffectContext<S extends Schema, Pc = PcView> {
  /** The state the action was applied to (the draft starts as a copy of it). */
  readonly prev: ReadState<S, Pc>;
  /** Branches: the effect runs once per value, and each run yields its own successor. No values: like `skip()`. */
  choose<T>(values: readonly T[]): T;
  /** Ends this run of the effect with no successor (this branch yields nothing); the code after it does not run. */
  skip(): never;
  /** Reports a violation of `property` (kind "action") on this step when `ok` is false. */
  check(property: string, ok: boolean, message?: string): void;
}

/** What `init` can do besides writing the initial state. */
export interface InitContext {
  /** Branches: one initial state per value. No values: like `skip()`. */
  choose<T>(values: readonly T[]): T;
  /** Ends this run of `init` with no initial state. */
  skip(): never;
}

/**
 * What an effect returns: nothing. `undefined | void` (not plain `void`) makes `tsc` refuse an effect that returns
 * a value, such as `(n) => (n.b = false)`; at run time any value but `undefined` is an error (SPEC_DEFINITION).
 */
export type NoResult = undefined | void;

/** Weak or strong fairness (used by temporal properties). */
export type Fairness = 'weak' | 'strong';

/** An action: enabled when `when` holds, its effect writes the successor. */
export interface ActionDef<S extends Schema, A, Pc = PcView> {
  /** The guard; an action without one is always enabled. */
  when?: (s: ReadState<S, Pc>, args: A) => boolean;
  /** Writes the next state and returns nothing; `ctx.skip()` yields no successor on this branch. */
  effect?: (next: WriteState<S, Pc>, args: A, ctx: EffectContext<S, Pc>) => NoResult;
  /** Fairness of this action, for temporal properties. */
  fair?: Fairness;
  /** The name a kernel developer knows this step by (a kernel function, `'migrate_vma_setup'`): shown in traces and `--lanes`. */
  as?: string;
}

/** One labelled atomic step of a process whose labels are `L` (`Ret`: `'done'`, or `'return'` in a procedure). */
export interface StepDef<S extends Schema, A, L extends string = string, Pc = PcView, Pr extends ProcedureTable = {}, Ret extends string = 'done'> {
  /** The guard; a step without one is enabled whenever its process is at its label. */
  when?: (s: ReadState<S, Pc>, args: A) => boolean;
  /** Writes the next state; `ctx.goto(label)` overrides `next`, `ctx.call(...)` calls a procedure after the step. */
  effect?: (next: WriteState<S, Pc>, args: A, ctx: StepContext<S, Pc, L | Ret, Pr>) => NoResult;
  /** Fairness of this step (of every instance of it a process instance has: all its choices and branches). */
  fair?: Fairness;
  /** The name a kernel developer knows this step by (a kernel function, `'migrate_vma_setup'`): shown in traces and `--lanes`. */
  as?: string;
  /** The label to go to after this step: a name, `'done'`, or a function of the next and previous states. */
  next: L | Ret | ((next: ReadState<S, Pc>, args: A, prev: ReadState<S, Pc>) => L | Ret);
}

/** Arguments of a process step: the instance id `self` plus the step's own parameters. */
export type StepArgs<D extends Domain | undefined, P extends Params> = Args<P> & {
  readonly self: D extends Domain ? DomainValue<D> : 0;
};

/** A recorded action (a process step is an action with a `process`). */
export interface ActionEntry {
  readonly name: string;
  readonly params: Params;
  readonly when?: (s: any, args: any) => boolean;
  readonly effect?: (next: any, args: any, ctx: any) => unknown;
  readonly fair?: Fairness;
  /** The display name given with `as` (a kernel function), if any. */
  readonly as?: string;
  readonly process?: {
    readonly name: string;
    readonly label: string;
    readonly next: string | ((next: any, args: any, prev: any) => string);
    /** Step parameters (`withArgs`): one instance per combination of their values. */
    readonly with?: Readonly<Record<string, ChoiceParam>>;
    /** The branch of an `either` step this entry is (its instances get `either: branch` as an argument). */
    readonly branch?: string;
    /** A call step: the procedure it calls and the callee's initial locals. */
    readonly call?: string;
    /** A step whose effect may call one of these (`ctx.call`). */
    readonly calls?: readonly string[];
    readonly callArgs?: (next: any, args: any) => Record<string, unknown>;
  };
  readonly location?: SourceLocation;
}
/** A recorded procedure: its steps are instantiated in every process that has a call stack. */
export interface ProcedureEntry {
  readonly name: string;
  readonly over: Domain | null;
  readonly locals: Schema;
  readonly labels: readonly string[];
  /** Its steps, as actions named `<procedure>.<label>` (`process.name` is the procedure's). */
  readonly steps: readonly ActionEntry[];
  readonly location?: SourceLocation;
}
/** A recorded process. */
export interface ProcessEntry {
  readonly name: string;
  /** The instance domain, or null for a single instance. */
  readonly over: Domain | null;
  readonly labels: readonly string[];
  readonly fair?: Fairness;
  /** The most frames its call stack holds (absent: the process calls no procedure). */
  readonly stack?: number;
  /** Interrupts that may run a handler between any two of its steps (lowered by checker/procedures.ts). */
  readonly interrupts?: readonly InterruptEntry[];
  readonly location?: SourceLocation;
}
/** A recorded interrupt of a process. */
export interface InterruptEntry {
  readonly name: string;
  readonly handler: string;
  /** `'task'`: preemption (its handler, the scheduler, runs in task context and may also be called). */
  readonly level: ContextLevel | 'task';
  readonly when?: (s: any, args: any) => boolean;
}
/** A named predicate with where it was declared. */
export interface PropertyEntry<F> {
  readonly name: string;
  readonly test: F;
  readonly location?: SourceLocation;
}
/** What an action invariant is told about the step. */
export interface StepInfo {
  readonly action: string;
  readonly process?: string;
  readonly args: Readonly<Record<string, unknown>>;
}

/** Kinds of temporal properties (TLA+ notation in brackets). */
export type TemporalKind =
  /** `<>p`: every fair behaviour reaches a state where p holds. */
  | 'eventually'
  /** `[]<>p`: p holds again and again, forever. */
  | 'alwaysEventually'
  /** `<>[]p`: from some point on, p holds forever. */
  | 'eventuallyAlways'
  /** `p ~> q`: whenever p holds, q holds then or later. */
  | 'leadsTo'
  /** `p ~> []q`: whenever p holds, q eventually holds forever. */
  | 'leadsToAlways'
  /** `P => <>Q` of the behaviour: if its initial state satisfies P, Q holds then or later. */
  | 'initiallyLeadsTo';

/**
 * Fairness over a group of actions: one WF or SF formula about their disjunction. Each name is an action (all its
 * instances: `\E c : A(c)`), a process step (`proc.label`, of every instance) or a process (every step of every
 * instance: `\E self : Proc(self)`).
 */
export interface FairGroupEntry {
  readonly kind: Fairness;
  readonly actions: readonly string[];
  readonly location?: SourceLocation;
}

/** A recorded temporal property: checked on every fair behaviour, after the search. */
export interface TemporalEntry {
  readonly name: string;
  readonly kind: TemporalKind;
  /** One property instance per combination of parameter values (like `\A x \in S : ...`). */
  readonly params: Params;
  /** The predicate (`eventually`, `alwaysEventually`, `eventuallyAlways`) or the trigger (`leadsTo*`). */
  readonly p: (s: any, args: any) => boolean;
  /** The target of `leadsTo` and `leadsToAlways`. */
  readonly q?: (s: any, args: any) => boolean;
  readonly location?: SourceLocation;
}

/** Everything a builder recorded: the input of the checker. */
export interface ModelDefinition {
  readonly vars: Schema;
  readonly init?: (s: any, ctx: InitContext) => unknown;
  /** Where `init` was declared. */
  readonly initLocation?: SourceLocation;
  readonly actions: readonly ActionEntry[];
  readonly processes: readonly ProcessEntry[];
  /** Procedures, called from processes with a call stack (lowered by checker/procedures.ts). */
  readonly procedures?: readonly ProcedureEntry[];
  readonly invariants: readonly PropertyEntry<(s: any) => boolean>[];
  readonly actionInvariants: readonly PropertyEntry<(prev: any, next: any, step: StepInfo) => boolean>[];
  readonly covers: readonly PropertyEntry<(s: any) => boolean>[];
  /** State constraints (TLC's CONSTRAINT): a state that fails one is counted and checked, never stored nor explored. */
  readonly constraints?: readonly PropertyEntry<(s: any) => boolean>[];
  readonly terminal?: (s: any) => boolean;
  readonly checkDeadlock: boolean;
  /** Temporal properties, checked under the declared fairness. */
  readonly temporal?: readonly TemporalEntry[];
  /** Fairness over groups of actions (`.fair(kind, names)`), besides the `fair` of actions, steps and processes. */
  readonly fairness?: readonly FairGroupEntry[];
  /** Where `model(...)` was called: errors about the model as a whole point there. */
  readonly location?: SourceLocation;
}

/** A state predicate of a temporal property, with the property's arguments when it has parameters. */
export type TemporalPredicate<S extends Schema, A, Pc = PcView> = (s: ReadState<S, Pc>, args: A) => boolean;

/** `Pc` with one more process: `name` with labels `L`, over the domain `D` (or a single instance). */
export type WithProcess<Pc, N extends string, D extends Domain | undefined, L extends string> = Pc & { readonly [n in N]: ProcessPc<D, L> };

const NAME = /^[A-Za-z_][A-Za-z0-9_\-]*$/;

/**
 * Builds a model: `model(vars).init(...).action(...).process(...).invariant(...)`. `Pc` is the type of `s.pc`: each
 * `.process(...)` adds its labels, so guards, effects and properties later in the chain see them typed.
 */
export class ModelBuilder<S extends Schema, Pc = {}, Pr extends ProcedureTable = {}> {
  readonly #def: {
    vars: S;
    init?: ModelDefinition['init'];
    initLocation?: SourceLocation;
    actions: ActionEntry[];
    processes: ProcessEntry[];
    procedures: ProcedureEntry[];
    invariants: PropertyEntry<(s: any) => boolean>[];
    actionInvariants: PropertyEntry<(prev: any, next: any, step: StepInfo) => boolean>[];
    covers: PropertyEntry<(s: any) => boolean>[];
    constraints: PropertyEntry<(s: any) => boolean>[];
    terminal?: (s: any) => boolean;
    checkDeadlock: boolean;
    temporal: TemporalEntry[];
    fairness: FairGroupEntry[];
    location?: SourceLocation;
  };
  readonly #names = new Set<string>();

  constructor(vars: S) {
    for (const name of Object.keys(vars)) {
      if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) throw new TypeError(`variable '${name}': names must be identifiers`);
      checkType(name, (vars as Record<string, unknown>)[name]);
    }
    this.#def = { vars, actions: [], processes: [], procedures: [], invariants: [], actionInvariants: [], covers: [], constraints: [], checkDeadlock: true, temporal: [], fairness: [], location: callerLocation() };
  }

  /** Sets the initial state(s): the draft starts with every variable at its type's first value. */
  init(fn: (s: StateDraft<S>, ctx: InitContext) => NoResult): this {
    if (this.#def.init) throw new TypeError('init() is already set');
    this.#def.init = fn as ModelDefinition['init'];
    this.#def.initLocation = callerLocation();
    return this;
  }

  /** An action without parameters. */
  action(name: string, def: ActionDef<S, {}, Pc>): this;
  /** An action with one instance per combination of parameter values. */
  action<const P extends Params>(name: string, params: P, def: ActionDef<S, Args<P>, Pc>): this;
  action(name: string, a: Params | ActionDef<S, any, Pc>, b?: ActionDef<S, any, Pc>): this {
    const params = (b ? a : {}) as Params;
    const def = (b ?? a) as ActionDef<S, any, Pc>;
    this.#claim(name, 'action');
    checkParams(`action '${name}'`, params);
    checkFairness(`action '${name}'`, def.fair, this.action);
    this.#def.actions.push({ name, params, when: def.when, effect: def.effect, fair: def.fair, ...displayName(`action '${name}'`, def.as, this.action), location: callerLocation() });
    return this;
  }

  /** A single-instance process: labelled atomic steps; the first label is where it starts. */
  process<const N extends string, const L extends string>(
    name: N,
    steps: { readonly [label in L]?: NoInfer<ProcessStep<S, StepArgs<undefined, {}>, L, WithProcess<Pc, N, undefined, L | ProcedureLabels<Pr>>, Pr>> },
    options?: ProcessOptions<S, StepArgs<undefined, {}>, WithProcess<Pc, N, undefined, L | ProcedureLabels<Pr>>, Pr>,
  ): ModelBuilder<S, WithProcess<Pc, N, undefined, L | ProcedureLabels<Pr>>, Pr>;
  /** One process instance per element of `over` (its id is `self`). */
  process<const N extends string, const D extends Domain, const L extends string>(
    name: N,
    over: D,
    steps: { readonly [label in L]?: NoInfer<ProcessStep<S, StepArgs<D, {}>, L, WithProcess<Pc, N, D, L | ProcedureLabels<Pr>>, Pr>> },
    options?: ProcessOptions<S, StepArgs<D, {}>, WithProcess<Pc, N, D, L | ProcedureLabels<Pr>>, Pr>,
  ): ModelBuilder<S, WithProcess<Pc, N, D, L | ProcedureLabels<Pr>>, Pr>;
  process(name: string, a: any, b?: any, c?: any): ModelBuilder<S, any, Pr> {
    const over: Domain | null = a && typeof a.kind === 'string' ? (a as Domain) : null;
    const steps = (over ? b : a) as { readonly [label: string]: RawStep };
    const options = ((over ? c : b) ?? {}) as { fair?: Fairness; stack?: number };
    this.#claim(name, 'process');
    if (over && !isDomain(over)) throw new TypeError(`process '${name}': instances must range over a finite domain`);
    const location = callerLocation();
    // a step left undefined (`...(cond ? { idle: ... } : {})` spelled out) is no step
    const labels = Object.keys(steps).filter((label) => steps[label] !== undefined);
    if (labels.length === 0) throw new TypeError(`process '${name}': needs at least one step`);
    if (labels.includes('done')) throw new TypeError(`process '${name}': 'done' is reserved for a finished process`);
    checkFairness(`process '${name}'`, options.fair, this.process);
    if (options.stack !== undefined && (!Number.isSafeInteger(options.stack) || options.stack < 1)) {
      throw new TypeError(`process '${name}': stack must be a positive number of frames, not ${String(options.stack)}`);
    }
    for (const label of labels) {
      if (!NAME.test(label)) throw new TypeError(`process '${name}': label '${label}' must be an identifier`);
      for (const [branch, step, withs] of branchesOf(`process '${name}', step '${label}'`, steps[label]!)) {
        const where = `process '${name}', step '${label}'${branch === undefined ? '' : `, branch '${branch}'`}`;
        checkFairness(where, step.fair, this.process);
        if (typeof step.next === 'string' && step.next !== 'done' && !labels.includes(step.next)) {
          throw new TypeError(`${where}: next label '${step.next}' is not a step of this process`);
        }
        if ((step.call !== undefined || step.calls !== undefined) && options.stack === undefined) {
          throw new TypeError(`${where}: calls '${step.call ?? step.calls}', but the process has no call stack (give it one: .process(name, ..., steps, { stack: frames }))`);
        }
        this.#def.actions.push(stepEntry(`${name}.${label}`, name, label, step, branch, withs, location, displayName(where, step.as, this.process)));
      }
    }
    const declared = (options as { interrupts?: Record<string, { handler: unknown; level?: ContextLevel; when?: (s: any, args: any) => boolean }> }).interrupts ?? {};
    const interrupts: InterruptEntry[] = Object.entries(declared).map(([irq, d]) => {
      if (!NAME.test(irq)) throw new TypeError(`process '${name}': interrupt '${irq}' must be an identifier`);
      if (options.stack === undefined) throw new TypeError(`process '${name}': interrupt '${irq}' runs its handler on the call stack, but the process has none (give it one: { stack: frames })`);
      const level = d.level ?? 'hardirq';
      if (!CONTEXT_LEVELS.includes(level)) throw new TypeError(`process '${name}': interrupt '${irq}': level must be one of ${CONTEXT_LEVELS.join(', ')}, not '${String(level)}'`);
      if (typeof d.handler !== 'string') throw new TypeError(`process '${name}': interrupt '${irq}' needs a handler (a procedure's name)`);
      return { name: irq, handler: d.handler, level, ...(d.when ? { when: d.when } : {}) };
    });
    const preempt = (options as { preempt?: { handler: unknown; when?: (s: any, args: any) => boolean } }).preempt;
    if (preempt !== undefined) {
      if (options.stack === undefined) throw new TypeError(`process '${name}': preempt runs its handler on the call stack, but the process has none (give it one: { stack: frames })`);
      if (typeof preempt.handler !== 'string') throw new TypeError(`process '${name}': preempt needs a handler (the scheduler procedure's name)`);
      if ('preempt' in declared) throw new TypeError(`process '${name}': an interrupt named 'preempt' and preempt: name the interrupt otherwise`);
      interrupts.push({ name: 'preempt', handler: preempt.handler, level: 'task', ...(preempt.when ? { when: preempt.when } : {}) });
    }
    this.#def.processes.push({ name, over, labels, fair: options.fair, ...(options.stack !== undefined ? { stack: options.stack } : {}), ...(interrupts.length ? { interrupts } : {}), location });
    return this;
  }

  /**
   * A procedure: labelled steps like a process's, run by a process that `call`s it, on the caller's call stack.
   * Its `locals` exist only in its frame (zero when no frame of it is live); a step's `next` is one of its labels
   * or `'return'` (back to the caller's return label). `over` types `self`: the domain of the calling processes.
   * A step may call the procedures declared before this one (recursion is for the run time, not the types).
   */
  procedure<const N extends string, const L extends string, const Lo extends Schema = {}, const D extends Domain | undefined = undefined>(
    name: N,
    options: { readonly over?: D; readonly locals?: Lo },
    steps: {
      readonly [label in L]?:
        | ProcedureStepDef<S, ProcedureArgs<D, Lo>, ProcedureReadArgs<D, Lo>, L, Pc, Pr>
        | CallStepDef<S, ProcedureArgs<D, Lo>, L, Pc, Pr, 'return', ProcedureReadArgs<D, Lo>>;
    },
  ): ModelBuilder<S, Pc, Pr & { readonly [n in N]: { readonly labels: L; readonly locals: Lo; readonly args: CallLocals<Lo> } }> {
    this.#claim(name, 'procedure');
    const location = callerLocation();
    const raw = steps as { readonly [label: string]: RawStep | undefined };
    const labels = Object.keys(raw).filter((label) => raw[label] !== undefined);
    if (labels.length === 0) throw new TypeError(`procedure '${name}': needs at least one step`);
    for (const reserved of ['done', 'return']) if (labels.includes(reserved)) throw new TypeError(`procedure '${name}': '${reserved}' is reserved`);
    const locals = options.locals ?? {};
    for (const k of Object.keys(locals)) if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k)) throw new TypeError(`procedure '${name}': local '${k}': names must be identifiers`);
    const entries: ActionEntry[] = labels.flatMap((label) => {
      if (!NAME.test(label)) throw new TypeError(`procedure '${name}': label '${label}' must be an identifier`);
      return branchesOf(`procedure '${name}', step '${label}'`, raw[label]!).map(([branch, step, withs]) => {
        const where = `procedure '${name}', step '${label}'${branch === undefined ? '' : `, branch '${branch}'`}`;
        checkFairness(where, step.fair, this.procedure);
        if (typeof step.next === 'string' && step.next !== 'return' && !labels.includes(step.next)) {
          throw new TypeError(`${where}: next label '${step.next}' is not a step of this procedure`);
        }
        return stepEntry(`${name}.${label}`, name, label, step, branch, withs, location, displayName(`procedure '${name}', step '${label}'${branch === undefined ? '' : `, branch '${branch}'`}`, step.as, this.procedure));
      });
    });
    this.#def.procedures.push({ name, over: options.over ?? null, locals, labels, steps: entries, location });
    return this as unknown as ModelBuilder<S, Pc, Pr & { readonly [n in N]: { readonly labels: L; readonly locals: Lo; readonly args: CallLocals<Lo> } }>;
  }

  /** A state predicate that must hold in every reachable state. */
  invariant(name: string, test: (s: ReadState<S, Pc>) => boolean): this {
    this.#claim(name, 'property');
    this.#def.invariants.push({ name, test: test as (s: any) => boolean, location: callerLocation() });
    return this;
  }

  /** A predicate on every step: the state before, the state after, and the action taken. */
  actionInvariant(name: string, test: (prev: ReadState<S, Pc>, next: ReadState<S, Pc>, step: StepInfo) => boolean): this {
    this.#claim(name, 'property');
    this.#def.actionInvariants.push({ name, test: test as (p: any, n: any, st: StepInfo) => boolean, location: callerLocation() });
    return this;
  }

  /** A state predicate that must hold in some reachable state (else the spec is vacuous). */
  cover(name: string, test: (s: ReadState<S, Pc>) => boolean): this {
    this.#claim(name, 'property');
    this.#def.covers.push({ name, test: test as (s: any) => boolean, location: callerLocation() });
    return this;
  }

  /**
   * A state constraint, TLC's `CONSTRAINT`: the search explores only states where `test` holds. A successor that
   * fails it is still counted as generated and checked against the invariants (and its step against the action
   * invariants), but it is not stored, not explored, and not a reason for a deadlock (docs/constraints.md).
   */
  constraint(name: string, test: (s: ReadState<S, Pc>) => boolean): this {
    this.#claim(name, 'constraint');
    this.#def.constraints.push({ name, test: test as (s: any) => boolean, location: callerLocation() });
    return this;
  }

  /** `<>p`: every fair behaviour reaches a state where `p` holds. */
  eventually(name: string, p: TemporalPredicate<S, {}, Pc>): this;
  /** One property per combination of parameter values: `\A x \in X : <>p(x)`. */
  eventually<const P extends Params>(name: string, params: P, p: TemporalPredicate<S, Args<P>, Pc>): this;
  eventually(name: string, ...rest: unknown[]): this {
    return this.#temporal('eventually', name, rest);
  }

  /** `[]<>p`: on every fair behaviour `p` holds infinitely often (it never stops coming back). */
  alwaysEventually(name: string, p: TemporalPredicate<S, {}, Pc>): this;
  /** One property per combination of parameter values: `\A x \in X : []<>p(x)`. */
  alwaysEventually<const P extends Params>(name: string, params: P, p: TemporalPredicate<S, Args<P>, Pc>): this;
  alwaysEventually(name: string, ...rest: unknown[]): this {
    return this.#temporal('alwaysEventually', name, rest);
  }

  /** `<>[]p`: on every fair behaviour `p` eventually holds forever. */
  eventuallyAlways(name: string, p: TemporalPredicate<S, {}, Pc>): this;
  /** One property per combination of parameter values: `\A x \in X : <>[]p(x)`. */
  eventuallyAlways<const P extends Params>(name: string, params: P, p: TemporalPredicate<S, Args<P>, Pc>): this;
  eventuallyAlways(name: string, ...rest: unknown[]): this {
    return this.#temporal('eventuallyAlways', name, rest);
  }

  /** `p ~> q`: on every fair behaviour, whenever `p` holds, `q` holds then or later. */
  leadsTo(name: string, p: TemporalPredicate<S, {}, Pc>, q: TemporalPredicate<S, {}, Pc>): this;
  /** One property per combination of parameter values: `\A x \in X : p(x) ~> q(x)`. */
  leadsTo<const P extends Params>(name: string, params: P, p: TemporalPredicate<S, Args<P>, Pc>, q: TemporalPredicate<S, Args<P>, Pc>): this;
  leadsTo(name: string, ...rest: unknown[]): this {
    return this.#temporal('leadsTo', name, rest);
  }

  /** `p ~> []q`: on every fair behaviour, whenever `p` holds, `q` eventually holds forever. */
  leadsToAlways(name: string, p: TemporalPredicate<S, {}, Pc>, q: TemporalPredicate<S, {}, Pc>): this;
  /** One property per combination of parameter values: `\A x \in X : p(x) ~> []q(x)`. */
  leadsToAlways<const P extends Params>(name: string, params: P, p: TemporalPredicate<S, Args<P>, Pc>, q: TemporalPredicate<S, Args<P>, Pc>): this;
  leadsToAlways(name: string, ...rest: unknown[]): this {
    return this.#temporal('leadsToAlways', name, rest);
  }

  /**
   * Weak or strong fairness of a group of actions, taken together: `.fair('weak', ['send', 'resend'])` is
   * `WF_vars(send \/ resend)` (enabled when one of them is, satisfied by a step of either), and `.fair('weak', 'A')`
   * for an action with parameters is `WF_vars(\E c : A(c))`, where `fair: 'weak'` on the action means one
   * `WF_vars(A(c))` per instance. A name may also be a process step (`proc.label`) or a whole process.
   */
  fair(kind: Fairness, actions: string | readonly string[]): this {
    checkFairness('fair(...)', kind, this.fair);
    const names = typeof actions === 'string' ? [actions] : [...actions];
    if (names.length === 0 || names.some((n) => typeof n !== 'string')) throw new TypeError('fair(...): name at least one action, process step or process');
    this.#def.fairness.push({ kind, actions: names, location: callerLocation() });
    return this;
  }

  /**
   * `P => <>Q`, a property of the initial state: on every fair behaviour whose initial state satisfies `p`, `q` holds
   * then or later. Unlike `leadsTo`, a state reached later where `p` holds asks for nothing.
   */
  initiallyLeadsTo(name: string, p: TemporalPredicate<S, {}, Pc>, q: TemporalPredicate<S, {}, Pc>): this;
  /** One property per combination of parameter values: `\A x \in X : P(x) => <>Q(x)`. */
  initiallyLeadsTo<const P extends Params>(name: string, params: P, p: TemporalPredicate<S, Args<P>, Pc>, q: TemporalPredicate<S, Args<P>, Pc>): this;
  initiallyLeadsTo(name: string, ...rest: unknown[]): this {
    return this.#temporal('initiallyLeadsTo', name, rest);
  }

  /**
   * `[](p => []p)`: once `p` holds it holds forever. A safety property, checked on every step (an action invariant:
   * a step from a state where `p` holds to one where it does not violates it, and the trace ends with that step).
   */
  stable(name: string, p: (s: ReadState<S, Pc>) => boolean): this {
    this.#claim(name, 'property');
    const test = (prev: ReadState<S, Pc>, next: ReadState<S, Pc>) => !p(prev) || p(next);
    this.#def.actionInvariants.push({ name, test: test as (p: any, n: any, st: StepInfo) => boolean, location: callerLocation() });
    return this;
  }

  /** Declares which states without enabled actions are acceptable ends (not deadlocks). */
  terminal(test: (s: ReadState<S, Pc>) => boolean): this {
    if (this.#def.terminal) throw new TypeError('terminal() is already set');
    this.#def.terminal = test as (s: any) => boolean;
    return this;
  }

  /** Turns deadlock checking on (the default) or off. */
  checkDeadlock(on: boolean): this {
    this.#def.checkDeadlock = on;
    return this;
  }

  /** The recorded definitions. */
  build(): ModelDefinition {
    return this.#def;
  }

  #temporal(kind: TemporalKind, name: string, rest: unknown[]): this {
    const params = (typeof rest[0] === 'function' ? {} : rest.shift()) as Params;
    const [p, q] = rest as [TemporalEntry['p'] | undefined, TemporalEntry['q'] | undefined];
    const arity = kind === 'leadsTo' || kind === 'leadsToAlways' || kind === 'initiallyLeadsTo' ? 2 : 1;
    this.#claim(name, 'property');
    checkParams(`property '${name}'`, params ?? {});
    if (typeof p !== 'function' || (arity === 2 && typeof q !== 'function')) {
      throw new TypeError(`property '${name}': ${kind} takes ${arity === 2 ? 'two state predicates' : 'a state predicate'}`);
    }
    this.#def.temporal.push({ name, kind, params: params ?? {}, p, ...(arity === 2 ? { q } : {}), location: callerLocation() });
    return this;
  }

  #claim(name: string, what: string): void {
    if (!NAME.test(name)) throw new TypeError(`${what} '${name}': names must be identifiers (letters, digits, _ and -)`);
    if (this.#names.has(name)) throw new TypeError(`${what} '${name}': the name is already used`);
    if (name in this.#def.vars) throw new TypeError(`${what} '${name}': the name is already a variable`);
    this.#names.add(name);
  }
}

/** `{ as }` of a step or action with a display name, else nothing; refuses anything but a non-empty string. */
function displayName(where: string, as: unknown, builder: Function): { as?: string } {
  if (as === undefined) return {};
  if (typeof as === 'string' && as.trim() !== '') return { as };
  const e = new TypeError(`${where}: as must be a non-empty string (the name shown in traces), not ${typeof as === 'string' ? "''" : String(as)}`);
  Error.captureStackTrace(e, builder);
  throw e;
}

/**
 * Refuses a fairness other than 'weak' or 'strong' (a plain string slips past the type, e.g. from a
 * parameter). The error's stack starts at the caller of `builder` (the spec's own line).
 */
function checkFairness(where: string, fair: unknown, builder: Function): void {
  if (fair === undefined || fair === 'weak' || fair === 'strong') return;
  const e = new TypeError(`${where}: fair must be 'weak' or 'strong', not ${typeof fair === 'string' ? `'${fair}'` : String(fair)}`);
  Error.captureStackTrace?.(e, builder);
  throw e;
}

/**
 * The branches of a step (one, unless it is an `either`), each with its step parameters (`with`): a branch
 * name, the branch's step, and the parameters.
 */
function branchesOf(where: string, given: RawStep | ((tools: typeof STEP_TOOLS) => RawStep)): [string | undefined, RawStep, Record<string, ChoiceParam> | undefined][] {
  // a step written as a function, `($) => $.with(...)`, is called once, here
  const step = typeof given === 'function' ? given(STEP_TOOLS) : given;
  if (!step || typeof step !== 'object') throw new TypeError(`${where}: a step is an object ({ when, effect, next })`);
  let withs: Record<string, ChoiceParam> | undefined;
  if (step.with !== undefined) {
    if (!step.with || typeof step.with !== 'object' || Object.keys(step.with).length === 0) throw new TypeError(`${where}: with names at least one parameter ({ v: domain })`);
    withs = {};
    for (const [k, c] of Object.entries(step.with)) {
      if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) || k === 'self' || k === 'either' || k === 'locals') throw new TypeError(`${where}: parameter '${k}': names are identifiers other than self, either and locals`);
      withs[k] = choiceParam(`${where}: parameter '${k}'`, c);
    }
  }
  if (step.either === undefined) return [[undefined, step, withs]];
  const names = step.either && typeof step.either === 'object' ? Object.keys(step.either).filter((b) => step.either![b] !== undefined) : [];
  if (names.length === 0) throw new TypeError(`${where}: either names at least one branch`);
  for (const k of ['next', 'when', 'effect', 'call'] as const) {
    if (step[k] !== undefined) throw new TypeError(`${where}: a step with either has its ${k} in each branch, not beside the branches`);
  }
  return names.map((b) => {
    const br = step.either![b]!;
    if (!NAME.test(b)) throw new TypeError(`${where}: branch '${b}' must be an identifier`);
    if (br.either !== undefined || br.with !== undefined) throw new TypeError(`${where}, branch '${b}': put with and either on the step, not inside a branch`);
    return [b, { ...br, fair: br.fair ?? step.fair }, withs];
  });
}

/** One branch of a step as an action entry (the checker makes one instance per combination of its `with` values). */
function stepEntry(name: string, owner: string, label: string, step: RawStep, branch: string | undefined, withs: Record<string, ChoiceParam> | undefined, location: SourceLocation | undefined, shown: { as?: string }): ActionEntry {
  return { name, params: {}, when: step.when, effect: step.effect, fair: step.fair, ...shown, process: { ...processOf(owner, label, step), ...(withs ? { with: withs } : {}), ...(branch !== undefined ? { branch } : {}) }, location };
}

function checkParams(where: string, params: Params): void {
  for (const [k, d] of Object.entries(params)) {
    if (!d || !isDomain(d)) throw new TypeError(`${where}: parameter '${k}' must be a finite domain (bool, int, enum or scalarset)`);
  }
}

/** Starts a model over the given state variables. */
const KINDS = new Set(['bool', 'int', 'enum', 'scalarset', 'option', 'array', 'map', 'set', 'record', 'seq', 'undefinedOr', 'union']);
/** A variable's type, checked where the types cannot (a cast, plain JavaScript): a type made by the type functions. */
function checkType(path: string, t: unknown): void {
  const kind = (t as { kind?: unknown } | null)?.kind;
  if (typeof t !== 'object' || t === null || typeof kind !== 'string' || !KINDS.has(kind)) {
    const what = Array.isArray(t) ? 'an array literal (for a fixed-length array write array(T, n))' : t === null ? 'null' : typeof t === 'object' ? 'an object that is no type (for a record write record({ ... }))' : `a ${typeof t}`;
    throw new TypeError(`variable '${path}': its type is ${what}; a type is made by int, bool, enumOf, scalarset, option, array, mapOf, setOf, seq, record, union or orUndefined`);
  }
  const node = t as { of?: unknown; key?: unknown; fields?: Record<string, unknown>; variants?: Record<string, unknown> };
  if (kind === 'map') checkType(`${path} (key)`, node.key);
  if (node.of !== undefined) checkType(`${path}[]`, node.of);
  if (kind === 'record') for (const [f, ft] of Object.entries(node.fields ?? {})) checkType(`${path}.${f}`, ft);
  if (kind === 'union') for (const [v, vt] of Object.entries(node.variants ?? {})) if (vt !== null && vt !== undefined) checkType(`${path}.${v}`, vt);
}

export function model<const S extends Schema>(vars: S): ModelBuilder<S, {}, {}> {
  return new ModelBuilder(vars);
}
