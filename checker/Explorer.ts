// Runs spec code on states: initial states, the successors of a state, and properties. The one place
// that calls user code, so the one place that turns its exceptions into SpecErrors with context.
// Every search (BFS, trace rebuild, replay, simulation) goes through an Explorer.
import { firstUserFrame, type SourceLocation } from '../spec/location.ts';
import type { PropertyEntry } from '../spec/model.ts';
import type { ActionInstance, CompiledModel } from './compile.ts';
import { codeFor, compileStats, type CompileReport, type InstanceCode } from './compiler/index.ts';
import { ValueError, readValue } from './layout.ts';
import { OutOfMemory } from './memory.ts';
import { slotCopier } from './packing.ts';
import { SpecError } from './SpecError.ts';
import { SKIP } from './signals.ts';
import { ReadOnlyStateError, draftView, readView, type DraftView, type ReadView } from './views.ts';
import { tracedDraft } from './writeTracer.ts';
import { heartbeat } from './watchdog.ts';

/** What to do about a value outside its type. */
const VALUE_HINT =
  'every variable has a bounded type: widen the type or guard the step; if the bound is a claim about the protocol (a refcount never exceeds 3), state it as an invariant over a wider type: its violation is a counterexample that --out writes';


/** A failed `ctx.check` inside an effect: the step violates the named property. */
export interface CheckFailure {
  readonly property: string;
  readonly message?: string;
}

/** A write that broke its type, found by rerunning the code on a traced draft. */
interface LocatedWrite {
  readonly error: ValueError;
  readonly location: SourceLocation;
}

/** Executes a compiled model's code over two slot buffers: `cur` (the state) and `draft` (a successor). */
export class Explorer {
  /** The state being expanded. Load it with `cur.set(...)` or `load()`. */
  readonly cur: Int32Array;
  /** The successor being built; valid inside the callbacks of `initial()` and `expand()`. */
  readonly draft: Int32Array;
  /** Read-only view of `cur`. */
  readonly curView: any;
  /** Read-only view of `draft`. */
  readonly nextView: any;
  readonly #curRead: ReadView;
  readonly #nextRead: ReadView;
  readonly #draftWrite: DraftView;
  readonly #ctx: object;
  readonly #copy: (src: Int32Array, dst: Int32Array) => void;
  // choice points of the branch being run: the value index and the number of values at each
  readonly #choice: number[] = [];
  readonly #width: number[] = [];
  #pos = 0;
  #checkFailure: CheckFailure | null = null;
  /** The label the running step's effect chose with `ctx.goto`, if it did. */
  #goto: string | null = null;
  /** The labels of the running step's process (null: an action), for `ctx.goto` to check. */
  #labels: readonly string[] | null = null;
  /** Compiled code by instance position (empty members run through the views), and by invariant. */
  readonly #code: readonly InstanceCode[];
  readonly #invariantCode: readonly (((c: Int32Array, d: Int32Array) => unknown) | undefined)[];
  /** The instance whose successors `expand` is emitting, and its code (for its action invariants). */
  #emitInst: ActionInstance | null = null;
  #emitCode: InstanceCode | null = null;
  /** What was compiled (empty when the model runs through the views). */
  readonly compileReport: CompileReport;

  constructor(readonly model: CompiledModel) {
    const n = model.layout.slotCount;
    this.cur = new Int32Array(n);
    this.draft = new Int32Array(n);
    const root = model.layout.root;
    this.#copy = slotCopier(n);
    const code = codeFor(model);
    this.#code = model.instances.map((inst) => code.instances.get(inst) ?? {});
    this.#invariantCode = model.invariants.map((p) => code.invariants.get(p));
    this.compileReport = code.report;
    this.#curRead = readView(root, this.cur);
    this.#nextRead = readView(root, this.draft);
    this.#draftWrite = draftView(root, this.draft);
    this.curView = this.#curRead.view;
    this.nextView = this.#nextRead.view;
    const self = this;
    this.#ctx = Object.freeze({
      prev: this.curView,
      choose<T>(values: readonly T[]): T {
        return self.#choose(values);
      },
      skip(): never {
        throw SKIP;
      },
      check(property: string, ok: boolean, message?: string): void {
        if (!ok && !self.#checkFailure) self.#checkFailure = { property, message };
      },
      goto(label: string): void {
        const labels = self.#labels;
        if (labels === null) throw new TypeError(`ctx.goto(${JSON.stringify(label)}): an action has no label to go to; only a process step has`);
        if (!labels.includes(label)) throw new TypeError(`ctx.goto(${JSON.stringify(label)}): no such label; the process's labels are ${labels.join(', ')}`);
        self.#goto = label;
      },
      call(procedure: string): never {
        // the steps that call get their own ctx (checker/procedures.ts): this one's source names no procedure
        throw new TypeError(`ctx.call('${String(procedure)}'): only a step of a process with a call stack can call a procedure (give it one: .process(name, ..., steps, { stack: frames })); there, name the procedure as a literal, ctx.call('name', ...), or list it in the step's calls: [...]`);
      },
    });
  }

  /** The failed `ctx.check` of the last successor, if any. */
  get checkFailure(): CheckFailure | null {
    return this.#checkFailure;
  }

  /**
   * Enumerates the initial states; `emit` is called with each in `draft`. An init that yields no
   * state at all is a SPEC_DEFINITION error: every property would hold vacuously.
   */
  initial(emit: () => void): void {
    const init = this.model.init;
    this.cur.fill(0);
    this.#curRead.invalidate();
    if (!init) {
      this.draft.fill(0);
      this.#nextRead.invalidate();
      emit();
      return;
    }
    const ctx = {
      choose: <T>(values: readonly T[]): T => this.#choose(values),
      skip: (): never => {
        throw SKIP;
      },
    };
    this.#choice.length = 0;
    this.#width.length = 0;
    let emitted = 0;
    do {
      let dead = false;
      this.draft.fill(0);
      this.#pos = 0;
      this.#draftWrite.begin();
      try {
        const r = init(this.#draftWrite.view, ctx) as unknown;
        if (r !== undefined) throw this.#returned('init', r, this.model.initLocation, {});
        this.#draftWrite.flush();
      } catch (e) {
        if (e !== SKIP) throw this.#wrap(e, 'init', {}, undefined, undefined, () => this.#locateWrite(() => this.draft.fill(0), (view) => init(view, ctx)));
        dead = true;
      }
      this.#nextRead.invalidate();
      if (!dead) {
        emitted++;
        emit();
      }
      this.#nextRead.verify();
    } while (this.#advance());
    if (emitted === 0) {
      throw new SpecError('SPEC_DEFINITION', 'the init yields no initial state: there is nothing to check, and every property would hold vacuously', {
        location: this.model.initLocation,
        hint: 'every branch of the init ended without a state (ctx.choose([]) has no value to choose); give it at least one value',
      });
    }
  }

  /**
   * Enumerates the successors of `cur`; `emit(instance)` is called with each successor in `draft`.
   * Returns the number of successors.
   */
  expand(emit: (inst: ActionInstance) => void): number {
    const { cur, draft } = this;
    const copy = this.#copy;
    const instances = this.model.instances;
    const view = this.curView;
    const dw = this.#draftWrite;
    const dv = dw.view;
    const next = this.#nextRead;
    const ctx = this.#ctx;
    this.#curRead.invalidate();
    let count = 0;
    let inst: ActionInstance | undefined;
    const codes = this.#code;
    try {
      for (let k = 0; k < instances.length; k++) {
        inst = instances[k]!;
        if (inst.pcSlot >= 0 && cur[inst.pcSlot] !== inst.pcValue) continue;
        heartbeat[1] = k; // for the watchdog: which step runs now
        if (inst.allowed !== undefined && !inst.allowed(view, inst.args)) continue;
        const code = codes[k]!;
        this.#emitInst = inst;
        this.#emitCode = code;
        if (inst.when !== undefined) {
          const compiled = code.when;
          let enabled: unknown;
          if (compiled !== undefined) {
            try {
              enabled = compiled(cur);
            } catch {
              // bailed (see compiler/generate.ts): the views decide, and report any error
              compileStats.bails++;
              enabled = inst.when(view, inst.args);
            }
          } else enabled = inst.when(view, inst.args);
          if (!enabled) continue;
        }
        const effect = inst.effect;
        if (effect === undefined) {
          copy(cur, draft);
          next.invalidate();
          this.#checkFailure = null;
          if (inst.pcSlot >= 0) this.#setPc(inst, code);
          count++;
          emit(inst);
          next.verify();
          continue;
        }
        if (this.#choice.length !== 0) {
          this.#choice.length = 0;
          this.#width.length = 0;
        }
        const compiled = code.effect;
        this.#labels = inst.labels ?? null;
        do {
          copy(cur, draft);
          this.#pos = 0;
          this.#checkFailure = null;
          this.#goto = null;
          let done = false;
          if (compiled !== undefined) {
            try {
              compiled(cur, draft, ctx);
              done = true;
            } catch (e) {
              if (e === SKIP) continue;
              // bailed: this branch runs again through the views, with the same choices
              compileStats.bails++;
              copy(cur, draft);
              this.#pos = 0;
              this.#checkFailure = null;
              this.#goto = null;
            }
          }
          if (!done) {
            dw.begin();
            try {
              const r = effect(dv, inst.args, ctx) as unknown;
              if (r !== undefined) throw this.#returned(inst.name, r, this.model.actions[inst.action]!.location, inst.argsJson, inst.process);
            } catch (e) {
              if (e !== SKIP) throw e;
              continue;
            }
            dw.flush();
          }
          next.invalidate();
          if (inst.pcSlot >= 0) this.#setPc(inst, code);
          count++;
          emit(inst);
          next.verify();
        } while (this.#advance());
      }
      this.#curRead.verify();
    } catch (e) {
      // the search's own failures (its store out of memory) pass through: they are not the spec's
      if (e instanceof SpecError || e instanceof OutOfMemory || !inst) throw e;
      const failed = inst;
      const rerun = failed.effect && (() => this.#locateWrite(() => copy(cur, draft), (view) => failed.effect!(view, failed.args, ctx)));
      throw this.#wrap(e, failed.name, failed.argsJson, failed.process, undefined, rerun, failed.action);
    } finally {
      heartbeat[1] = -1;
      heartbeat[0]++;
    }
    return count;
  }

  /**
   * Runs one instance on `cur` through the views only (never compiled code), handing user code `wrap(view)`
   * for every view it sees (the trace printer records the reads of a step with it, traces/explain.ts);
   * `emit` is called with each successor in `draft`. A reporting aid, off the search's path; false when
   * the instance is not enabled.
   */
  runThrough(inst: ActionInstance, wrap: (view: object, role: 'state' | 'draft' | 'next') => object, emit: () => void): boolean {
    const { cur, draft } = this;
    if (inst.pcSlot >= 0 && cur[inst.pcSlot] !== inst.pcValue) return false;
    this.#curRead.invalidate();
    const view = wrap(this.curView, 'state');
    if (inst.when !== undefined && !inst.when(view, inst.args)) return false;
    const ctx = Object.freeze({ ...this.#ctx, prev: view });
    this.#choice.length = 0;
    this.#width.length = 0;
    do {
      this.#copy(cur, draft);
      this.#pos = 0;
      this.#checkFailure = null;
      if (inst.effect !== undefined) {
        this.#draftWrite.begin();
        try {
          inst.effect(wrap(this.#draftWrite.view, 'draft'), inst.args, ctx);
        } catch (e) {
          if (e !== SKIP) throw e;
          continue;
        }
        this.#draftWrite.flush();
      }
      this.#nextRead.invalidate();
      if (inst.pcSlot >= 0) {
        const label = inst.nextValue >= 0 ? inst.labels![inst.nextValue]! : inst.nextLabel!(wrap(this.nextView, 'next'), inst.args, view);
        draft[inst.pcSlot] = inst.labels!.indexOf(label);
      }
      emit();
    } while (this.#advance());
    return true;
  }

  /** Loads a JSON-form state into `cur` (no validation: see layout's writeValue for that). */
  stateJson(buf: Int32Array = this.cur): Record<string, unknown> {
    return readValue(this.model.layout.root, buf, 'json') as Record<string, unknown>;
  }

  /** The first invariant that fails on `draft`, or null. */
  violatedInvariant(): PropertyEntry<(s: any) => boolean> | null {
    const view = this.nextView;
    const invs = this.model.invariants;
    const code = this.#invariantCode;
    const draft = this.draft;
    let i = 0;
    try {
      for (; i < invs.length; i++) {
        const compiled = code[i];
        let holds: unknown;
        if (compiled !== undefined) {
          try {
            holds = compiled(draft, draft);
          } catch {
            compileStats.bails++;
            holds = invs[i]!.test(view);
          }
        } else holds = invs[i]!.test(view);
        if (!holds) return invs[i]!;
      }
    } catch (e) {
      throw this.#wrap(e, undefined, undefined, undefined, invs[i]!.name);
    }
    return null;
  }

  /** The first action invariant that fails on the step `cur` -> `draft` by `inst`, or null. */
  violatedActionInvariant(inst: ActionInstance): PropertyEntry<unknown> | null {
    const invs = this.model.actionInvariants;
    // the compiled code of the instance being expanded (emit's callback checks its step here)
    const code = this.#emitInst === inst ? this.#emitCode!.actionInvariants : undefined;
    let i = 0;
    try {
      for (; i < invs.length; i++) {
        const compiled = code?.[i];
        let holds: unknown;
        if (compiled !== undefined) {
          try {
            holds = compiled(this.cur, this.draft);
          } catch {
            compileStats.bails++;
            holds = invs[i]!.test(this.curView, this.nextView, inst.step);
          }
        } else holds = invs[i]!.test(this.curView, this.nextView, inst.step);
        if (!holds) return invs[i]!;
      }
    } catch (e) {
      throw this.#wrap(e, undefined, undefined, undefined, invs[i]!.name);
    }
    return null;
  }

  /**
   * Whether `draft` satisfies every state constraint. TLC (tlc2/tool/ModelChecker.java, doNext):
   * `inModel = tool.isInModel(succState) && ...`; a successor not in the model is not stored nor explored.
   */
  inModel(): boolean {
    const cs = this.model.constraints;
    for (let i = 0; i < cs.length; i++) if (!this.holds(cs[i]!.name, cs[i]!.test)) return false;
    return true;
  }

  /** Evaluates a state predicate on `draft` (`cover`, `terminal`) with error context. */
  holds(name: string, test: (s: any) => boolean): boolean {
    this.#nextRead.invalidate();
    return this.#evaluate({ name }, () => test(this.nextView));
  }

  /** Whether `cur`, a state with no successor, is an acceptable end (not a deadlock). */
  isTerminal(): boolean {
    const m = this.model;
    const view = this.curView;
    this.#curRead.invalidate();
    if (m.terminal && this.#evaluate({ name: 'terminal' }, () => m.terminal!(view))) return true;
    return m.pcSlots.length > 0 && m.pcSlots.every((p) => p.done >= 0 && this.cur[p.slot] === p.done);
  }

  #evaluate(prop: { name: string }, run: () => unknown): boolean {
    try {
      return Boolean(run());
    } catch (e) {
      throw this.#wrap(e, undefined, undefined, undefined, prop.name);
    }
  }

  #setPc(inst: ActionInstance, code: InstanceCode): void {
    if (this.#goto !== null) {
      this.draft[inst.pcSlot] = inst.labels!.indexOf(this.#goto);
      return;
    }
    if (inst.nextValue >= 0) {
      this.draft[inst.pcSlot] = inst.nextValue;
      return;
    }
    if (code.next !== undefined) {
      try {
        this.draft[inst.pcSlot] = code.next(this.cur, this.draft);
        return;
      } catch {
        // bailed: the views compute the label, and report any error
        compileStats.bails++;
      }
    }
    this.#nextRead.invalidate();
    const label = inst.nextLabel!(this.nextView, inst.args, this.curView);
    const v = inst.labels!.indexOf(label);
    if (v < 0) throw new ValueError(`next label of ${inst.name}`, label, `one of ${inst.labels!.join(', ')}`);
    this.draft[inst.pcSlot] = v;
  }

  #choose<T>(values: readonly T[]): T {
    const k = this.#pos++;
    if (values.length === 0) {
      // no value: this branch yields nothing (like ctx.skip()); #advance drops the choice points not reached
      this.#pos = k;
      throw SKIP;
    }
    if (k === this.#choice.length) {
      this.#choice.push(0);
      this.#width.push(values.length);
    } else {
      this.#width[k] = values.length;
    }
    return values[this.#choice[k]!]!;
  }

  /** Moves to the next combination of choices; false when all were run. */
  #advance(): boolean {
    const c = this.#choice;
    if (c.length === 0) return false;
    c.length = Math.min(c.length, this.#pos);
    this.#width.length = c.length;
    while (c.length > 0) {
      const k = c.length - 1;
      if (c[k]! + 1 < this.#width[k]!) {
        c[k]!++;
        return true;
      }
      c.pop();
      this.#width.pop();
    }
    return false;
  }

  /** An effect (or init) that returned a value: only `undefined` is allowed, so `=> (n.b = false)` is not read as "no successor". */
  #returned(action: string, value: unknown, location: SourceLocation | undefined, args: Readonly<Record<string, unknown>>, process?: string): SpecError {
    const shown = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' && value !== null ? 'an object' : String(value);
    return new SpecError('SPEC_DEFINITION', `${process ? `${process}: ` : ''}action '${action}': the effect returned ${shown}; an effect returns nothing`, {
      location,
      hint: "write the next state into the effect's first argument; to yield no successor on a branch, `return ctx.skip()`; an arrow with an assignment as its body returns the value: use braces, `(n) => { n.b = false; }`",
      context: { action, args, state: this.stateJson(action === 'init' ? this.draft : this.cur) },
    });
  }

  /**
   * Where a write that failed validation after the effect returned was made: runs the code once more
   * (same choices) on a traced draft that validates every write at once (see writeTracer.ts).
   */
  #locateWrite(reset: () => void, run: (view: object) => unknown): LocatedWrite | undefined {
    const dw = this.#draftWrite;
    // the user's frame lies under the tracer's and the views' own: keep enough of the stack to reach it
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = Math.max(limit, 50);
    try {
      reset();
      this.#pos = 0;
      dw.begin();
      run(
        tracedDraft(dw.view as object, () => {
          dw.flush();
          dw.begin();
        }),
      );
      dw.flush();
    } catch (e) {
      const location = firstUserFrame(e);
      return e instanceof ValueError && location ? { error: e, location } : undefined;
    } finally {
      Error.stackTraceLimit = limit;
    }
    return undefined;
  }

  /**
   * The SpecError for an exception of user code, located at the user's line: the throw's own frame, else
   * (a value validated after the code returned) the first bad write found by `locateWrite`, told with its
   * own value, else the action's or property's definition.
   */
  #wrap(
    thrown: unknown,
    action?: string,
    args?: Readonly<Record<string, unknown>>,
    process?: string,
    property?: string,
    locateWrite?: () => LocatedWrite | undefined,
    actionIndex?: number,
  ): SpecError {
    if (thrown instanceof SpecError) return thrown;
    // the state first: locating a write reruns the code, which overwrites the draft (the state shown for init)
    const state = this.stateJson(property || action === 'init' ? this.draft : this.cur);
    let e = thrown;
    let location = firstUserFrame(e);
    if (!location && e instanceof ValueError && locateWrite) {
      const found = locateWrite();
      if (found) ({ error: e, location } = found);
    }
    location ??= property ? this.#propertyLocation(property) : actionIndex !== undefined ? this.model.actions[actionIndex]?.location : undefined;
    const where = property ? `property '${property}'` : `${process ? `${process}: ` : ''}action '${action}'`;
    const code = e instanceof ValueError ? 'VALUE' : 'SPEC_THROW';
    const what = e instanceof ValueError || e instanceof ReadOnlyStateError ? e.message : `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
    return new SpecError(code, `${where}: ${what}`, {
      location,
      cause: thrown,
      hint: e instanceof ValueError ? VALUE_HINT : undefined,
      context: {
        action,
        ...(process ? { process } : {}),
        args,
        property,
        state,
        ...(e instanceof ValueError ? { value: { path: e.path, value: e.value, expected: e.expected } } : {}),
      },
    });
  }

  #propertyLocation(name: string): SourceLocation | undefined {
    const m = this.model;
    return [...m.invariants, ...m.actionInvariants, ...m.covers].find((p) => p.name === name)?.location;
  }
}
