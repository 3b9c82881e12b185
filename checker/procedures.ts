// Procedures lowered to plain process steps, before compile.ts lays out the state: a definition in,
// a definition out, so the search, the store and the traces see nothing new.
//
// A process with a call stack of D frames gets a state variable `stack.<process>` (per instance):
// `{ depth: int(0..D), frames: array({ proc, ret, locals: { <procedure>: ... } }, D) }`. A call step
// pushes a frame (the callee, the return label, the callee's locals) and jumps to the callee's first
// label; a step whose next is 'return' pops it and jumps to its return label. A frame that is not live
// holds zeros (`'-'`, every local at its type's first value), and `proc` is a function of the pc and the
// return labels, so the stack adds exactly the states its live frames hold. `proc` is there for traces,
// which print the stack as a backtrace (checker/traces/stateDiff.ts).
// The procedures a process reaches (its calls, transitively) are instantiated in it, their labels
// added to its pc. The pc and the stack are what a trace shows: the label, then the return labels.
import type { ActionEntry, InterruptEntry, ModelDefinition, ProcedureEntry, ProcessEntry } from '../spec/model.ts';
import { CONTEXT_LEVELS, type ContextLevel } from '../spec/procedure.ts';
import { array, describeType, enumOf, formatDomainValue, int, mapOf, record, type Domain, type Schema, type Type, type Variants } from '../spec/types.ts';
import { ValueError } from './layout.ts';
import { SpecError } from './SpecError.ts';

/** `ctx.call('name'` (or `.call("name"`) in an effect's source: a procedure it may call. */
const CTX_CALL = /\.call\(\s*(['"`])([A-Za-z_][A-Za-z0-9_\-]*)\1/g;

/** The return label of a frame that is not live. */
export const NO_FRAME = '-';

/** The definition with procedures lowered into the processes that call them (unchanged when there are none). */
export function lowerProcedures(def: ModelDefinition): ModelDefinition {
  const procedures = def.procedures ?? [];
  if (procedures.length === 0 && !def.processes.some((p) => p.stack !== undefined)) return def;
  if ('stack' in def.vars) {
    throw new SpecError('SPEC_DEFINITION', "a model with call stacks cannot declare a variable named 'stack' (it holds the call stacks)", { location: def.location });
  }
  const byName = new Map(procedures.map((p) => [p.name, p]));
  const callsOf = (steps: readonly ActionEntry[], where: string): string[] =>
    steps.flatMap((a) => {
      const callees = [...(a.process?.call !== undefined ? [a.process.call] : []), ...(a.process?.calls ?? [])];
      for (const callee of callees) {
        if (!byName.has(callee)) {
          throw new SpecError('SPEC_DEFINITION', `${where}, step '${a.process!.label}': calls '${callee}', which is no procedure declared before it`, { location: a.location });
        }
      }
      // calls made on some branches only (`ctx.call('name', ...)` in the effect), found in its source
      const dynamic = a.effect ? [...String(a.effect).matchAll(CTX_CALL)].map((m) => m[2]!).filter((n) => byName.has(n) && !callees.includes(n)) : [];
      return [...callees, ...dynamic];
    });
  for (const p of procedures) callsOf(p.steps, `procedure '${p.name}'`);

  const stacks: Record<string, Type> = {};
  let actions: ActionEntry[] = [];
  const processes: ProcessEntry[] = [];
  for (const proc of def.processes) {
    const own = def.actions.filter((a) => a.process?.name === proc.name);
    if (proc.stack === undefined) {
      processes.push(proc);
      continue;
    }
    // the procedures this process reaches, in declaration order
    const reached = new Set<string>();
    const visit = (names: string[]) => {
      for (const n of names) if (!reached.has(n)) (reached.add(n), visit(callsOf(byName.get(n)!.steps, `procedure '${n}'`)));
    };
    const handlers = new Map((proc.interrupts ?? []).map((i) => [i.handler, i.level]));
    // the scheduler (preempt's handler) is also called by the steps that sleep; interrupt handlers are not
    const entered = new Set((proc.interrupts ?? []).filter((i) => i.level !== 'task').map((i) => i.handler));
    for (const i of proc.interrupts ?? []) {
      if (!byName.has(i.handler)) throw new SpecError('SPEC_DEFINITION', `process '${proc.name}', interrupt '${i.name}': its handler '${i.handler}' is no procedure declared before the process`, { location: proc.location });
    }
    visit([...callsOf(own, `process '${proc.name}'`), ...handlers.keys()]);
    for (const a of [...own, ...procedures.filter((p) => reached.has(p.name)).flatMap((p) => p.steps)]) {
      const handler = callsOf([a], `process '${proc.name}'`).find((c) => entered.has(c));
      if (handler !== undefined) {
        throw new SpecError('SPEC_DEFINITION', `step '${a.name}' calls '${handler}', the handler of an interrupt of process '${proc.name}': a handler is entered only by its interrupt`, { location: a.location });
      }
    }
    const callees = procedures.filter((p) => reached.has(p.name));
    for (const c of callees) {
      const clash = c.labels.find((l) => proc.labels.includes(l) || callees.some((o) => o !== c && o.labels.includes(l)));
      if (clash) {
        throw new SpecError('SPEC_DEFINITION', `process '${proc.name}': label '${clash}' of procedure '${c.name}' is also a label of the process or of another procedure it calls`, {
          location: c.location,
          hint: 'labels of a process and of the procedures it calls share its pc: name them apart',
        });
      }
      if (c.over && proc.over && !sameDomain(c.over, proc.over)) {
        throw new SpecError('SPEC_DEFINITION', `process '${proc.name}' calls procedure '${c.name}', whose over is ${describeType(c.over)}, not the process's ${describeType(proc.over)}`, { location: c.location });
      }
      if (c.over && !proc.over) throw new SpecError('SPEC_DEFINITION', `process '${proc.name}' (one instance) calls procedure '${c.name}', declared over ${describeType(c.over)}`, { location: c.location });
    }
    const labels = [...proc.labels, ...callees.flatMap((c) => c.labels)];
    const locals: Record<string, Type> = {};
    for (const c of callees) if (Object.keys(c.locals).length > 0) locals[c.name] = record(c.locals);
    const frame: Record<string, Type> = { proc: enumOf(NO_FRAME, ...callees.map((c) => c.name)), ret: enumOf(NO_FRAME, ...labels, 'done') };
    if (Object.keys(locals).length > 0) frame['locals'] = record(locals);
    const stackType = record({ depth: int(0, proc.stack), frames: array(record(frame), proc.stack) });
    stacks[proc.name] = proc.over ? mapOf(proc.over, stackType) : stackType;

    const lower: Lowering = { process: proc, depth: proc.stack, byName: new Map(callees.map((c) => [c.name, c])), pcLabels: [...labels, 'done'] };
    actions = actions.concat(
      // the steps that may call (a call step, `calls`, or ctx.call in the effect); the others stay as they are
      own.map((a) => (callsOf([a], `process '${proc.name}'`).length > 0 ? lowerStep(lower, a, null, a.name) : a)),
      callees.flatMap((c) => c.steps.map((a) => lowerStep(lower, a, c, `${proc.name}.${a.process!.label}`))),
      (proc.interrupts ?? []).flatMap((i) => labels.map((label) => interruptAt(lower, i, handlers, label))),
    );
    processes.push({ ...proc, labels });
  }
  // actions in their declared order, a process's procedure steps after its own
  const out: ActionEntry[] = [];
  for (const a of def.actions) {
    if (!a.process) out.push(a);
    else if (def.actions.find((b) => b.process?.name === a.process!.name) === a) {
      const proc = processes.find((p) => p.name === a.process!.name)!;
      out.push(...(proc.stack === undefined ? def.actions.filter((b) => b.process?.name === proc.name) : actions.filter((b) => b.process!.name === proc.name)));
    }
  }
  return { ...def, vars: { ...def.vars, ...(Object.keys(stacks).length ? { stack: record(stacks) } : {}) }, actions: out, processes };
}

interface Lowering {
  readonly process: ProcessEntry;
  readonly depth: number;
  /** The procedures the process calls. */
  readonly byName: ReadonlyMap<string, ProcedureEntry>;
  readonly pcLabels: readonly string[];
}

const sameDomain = (a: Domain, b: Domain): boolean => describeType(a) === describeType(b) && a.values.length === b.values.length;

/**
 * A step of the process, or of `owner` (a procedure), as a step of the process: its `when`, `effect` and
 * `next` see `locals` (the top frame's), its ctx can `goto` and `call`, its effect pushes or pops a frame
 * and writes the label it goes to into the pc, and `next` reads that label back (no state is kept between
 * the effect and `next`).
 */
function lowerStep(l: Lowering, a: ActionEntry, owner: ProcedureEntry | null, name: string): ActionEntry {
  const step = a.process!;
  const { process: proc, depth, byName, pcLabels } = l;
  const stackOf = (s: any, self: unknown): any => (proc.over ? s.stack[proc.name][self as any] : s.stack[proc.name]);
  const noLocals = Object.freeze({});
  const argsOf = (s: any, args: any): any => {
    if (!owner) return args;
    const st = stackOf(s, args.self);
    return { ...args, locals: st.frames[st.depth - 1].locals?.[owner.name] ?? noLocals };
  };
  const run = frameRun(l, a, owner);
  const effect = (n: any, args: any, ctx: any): unknown => {
    const own = argsOf(n, args);
    run.begin(ctx);
    if (a.effect) {
      const r = a.effect(n, own, run.ctx);
      if (r !== undefined) return r;
    }
    const chosen = run.chosen;
    const label = chosen ?? (typeof step.next === 'function' ? step.next(n, argsOf(n, args), ctx.prev) : step.next);
    const st = stackOf(n, args.self);
    let pc = label;
    const pop = (): string => {
      const frame = st.frames[st.depth - 1];
      const ret = frame.ret;
      const popped = byName.get(frame.proc)!;
      frame.proc = NO_FRAME;
      frame.ret = NO_FRAME;
      if (frame.locals && popped.name in frame.locals) frame.locals[popped.name] = zeroOf(record(popped.locals));
      st.depth = st.depth - 1;
      return ret;
    };
    const c = run.called;
    if (c) {
      const init = c.locals ?? (step.call !== undefined && step.callArgs ? step.callArgs(n, argsOf(n, args)) : undefined);
      let ret = c.ret ?? label;
      // a tail call (`call P; return`): the callee's frame replaces this procedure's, returning where it would have
      if (ret === 'return') {
        if (!owner) throw new TypeError(`${name} calls ${c.callee.name} returning to 'return', but it is a step of a process, not of a procedure`);
        ret = pop();
      }
      if (st.depth === depth) throw stackFull(l, st, args.self, `${a.name} calls ${c.callee.name}`, `${c.callee.name} -> ${ret}`);
      st.depth = st.depth + 1;
      const frame = st.frames[st.depth - 1];
      frame.proc = c.callee.name;
      frame.ret = ret;
      enter(frame, c.callee, init);
      pc = c.callee.labels[0]!;
    } else if (label === 'return') {
      if (!owner) throw new ValueError(`next label of ${name}`, label, `one of ${pcLabels.join(', ')} ('return' is for procedures)`);
      pc = pop();
    }
    if (!pcLabels.includes(pc)) throw new ValueError(`${chosen !== null ? 'ctx.goto' : 'next label'} of ${name}`, pc, `one of ${pcLabels.join(', ')}${owner ? ', return' : ''}`);
    if (proc.over) n.pc[proc.name][args.self] = pc;
    else n.pc[proc.name] = pc;
    return undefined;
  };
  // the label the effect wrote
  const next = (n: any, args: any): string => (proc.over ? n.pc[proc.name][args.self] : n.pc[proc.name]);
  const { call: _call, callArgs: _callArgs, ...rest } = step;
  const lowered: ActionEntry = {
    ...a,
    name,
    when: a.when && owner ? (s: any, args: any) => a.when!(s, argsOf(s, args)) : a.when,
    effect,
    process: { ...rest, name: proc.name, label: step.label, next },
  };
  framed.set(lowered, { kind: 'step', process: proc, depth, owner, user: a, procedures: byName, labels: pcLabels, run });
  return lowered;
}

/**
 * The ctx a step's effect gets, and what a run of it chose: `ctx.goto`'s label and `ctx.call`'s callee.
 * One per step, for every run (runs do not nest): `begin` resets it. The views' wrapper and the compiled
 * step (compiler/frames.ts) both run the effect with it, so calls and gotos are checked in one place.
 */
export interface FrameRun {
  begin(outer: any): void;
  readonly ctx: object;
  readonly chosen: string | null;
  readonly called: { readonly callee: ProcedureEntry; readonly locals?: Record<string, unknown>; readonly ret?: string } | null;
}

function frameRun(l: Lowering, a: ActionEntry, owner: ProcedureEntry | null): FrameRun {
  const step = a.process!;
  const { process: proc, byName, pcLabels } = l;
  let outer: any = null;
  let chosen: string | null = null;
  let called: FrameRun['called'] = null;
  const mine = Object.freeze({
    get prev() {
      return outer.prev;
    },
    choose: (values: readonly unknown[]) => outer.choose(values),
    skip: () => outer.skip(),
    check: (property: string, ok: boolean, message?: string) => outer.check(property, ok, message),
    goto(label: string): void {
      if (!pcLabels.includes(label) && !(owner && label === 'return')) {
        throw new TypeError(`ctx.goto(${JSON.stringify(label)}): no such label; the labels are ${pcLabels.join(', ')}${owner ? ', return' : ''}`);
      }
      chosen = label;
    },
    call(procedure: string, locals?: Record<string, unknown>, ret?: string): void {
      const callee = byName.get(procedure);
      if (!callee) throw new TypeError(`ctx.call('${String(procedure)}'): ${proc.name} calls no procedure of that name (name it as a literal, ctx.call('name', ...), or list it in the step's calls: [...], so the process gets its steps)`);
      if (step.calls !== undefined && !step.calls.includes(procedure)) throw new TypeError(`ctx.call('${procedure}'): ${a.name} lists calls: [${step.calls.join(', ')}], not '${procedure}'`);
      if (called) throw new TypeError(`ctx.call('${procedure}'): this step already calls '${called.callee.name}'; a step calls one procedure`);
      called = { callee, ...(locals !== undefined ? { locals } : {}), ...(ret !== undefined ? { ret } : {}) };
    },
  });
  const first = step.call !== undefined ? { callee: byName.get(step.call)! } : null;
  return {
    begin(ctx: any): void {
      outer = ctx;
      chosen = null;
      called = first;
    },
    ctx: mine,
    get chosen() {
      return chosen;
    },
    get called() {
      return called;
    },
  };
}

/**
 * What a lowered step does to the call stack, for the compiler (compiler/frames.ts), which runs the user's
 * own functions over the slots and then the same frame operations as the wrappers here.
 */
export type FramedStep =
  | {
      readonly kind: 'step';
      readonly process: ProcessEntry;
      /** The stack's frames. */
      readonly depth: number;
      /** The procedure whose step it is (its locals are the top frame's); null: a step of the process. */
      readonly owner: ProcedureEntry | null;
      /** The step as the user wrote it: its when, effect, next, call and callArgs. */
      readonly user: ActionEntry;
      readonly procedures: ReadonlyMap<string, ProcedureEntry>;
      /** The labels the pc may hold ('done' included). */
      readonly labels: readonly string[];
      readonly run: FrameRun;
    }
  | {
      readonly kind: 'interrupt';
      readonly process: ProcessEntry;
      readonly depth: number;
      readonly interrupt: InterruptEntry;
      /** The interrupted label (the handler's frame returns to it). */
      readonly label: string;
      /** Whether a live frame of this procedure keeps the interrupt off (a handler at its level or above). */
      readonly masks: (procedure: string) => boolean;
    };

/** The frame operations of the steps lowered here (keyed by the lowered entry). */
const framed = new WeakMap<ActionEntry, FramedStep>();

/** What a lowered step does to the call stack; undefined for any other action. */
export function framedStep(a: ActionEntry): FramedStep | undefined {
  return framed.get(a);
}

/** A frame entered by `callee`: its locals zero, then set by `init`. */
function enter(frame: any, callee: ProcedureEntry, init: Record<string, unknown> | undefined): void {
  if (init && frame.locals && callee.name in frame.locals) frame.locals[callee.name] = { ...(zeroOf(record(callee.locals)) as object), ...init };
}

/** The error of a push with every frame in use, showing the stack it would have made. */
function stackFull(l: Lowering, st: any, self: unknown, what: string, pushed: string): ValueError {
  const { process: proc, depth } = l;
  const where = `${proc.name}${proc.over ? `[${formatDomainValue(proc.over, self)}]` : ''}`;
  const frames = [pushed];
  for (let i = depth - 1; i >= 0; i--) frames.push(`${st.frames[i].proc} -> ${st.frames[i].ret}`);
  return new ValueError(`stack.${where}`, `[${frames.join(', ')}]`, `a call stack of ${depth} frame${depth === 1 ? '' : 's'}: ${what} with every frame in use; raise .process(..., { stack }) or bound the recursion`);
}

/** Task context (preemption's) is -1, below every interrupt level. */
const rank = (level: ContextLevel | 'task'): number => (level === 'task' ? -1 : CONTEXT_LEVELS.indexOf(level));

/**
 * The interrupt `irq` taken at `label`: enabled where its `when` holds and no live frame is a handler at its level
 * or above; it pushes the handler's frame with `label` as the return label and goes to the handler's first label.
 */
function interruptAt(l: Lowering, irq: InterruptEntry, handlers: ReadonlyMap<string, ContextLevel | 'task'>, label: string): ActionEntry {
  const { process: proc, depth, byName } = l;
  const handler = byName.get(irq.handler)!;
  const stackOf = (s: any, self: unknown): any => (proc.over ? s.stack[proc.name][self as any] : s.stack[proc.name]);
  const mine = rank(irq.level);
  const when = (s: any, args: any): boolean => {
    const st = stackOf(s, args.self);
    for (let i = 0; i < st.depth; i++) {
      const level = handlers.get(st.frames[i].proc);
      if (level !== undefined && rank(level) >= mine) return false;
    }
    return irq.when ? irq.when(s, args) : true;
  };
  const effect = (n: any, args: any): undefined => {
    const st = stackOf(n, args.self);
    if (st.depth === depth) throw stackFull(l, st, args.self, `interrupt ${irq.name} at ${label}`, `${handler.name} -> ${label}`);
    st.depth = st.depth + 1;
    const frame = st.frames[st.depth - 1];
    frame.proc = handler.name;
    frame.ret = label;
    return undefined;
  };
  const lowered: ActionEntry = {
    name: `${proc.name}.${irq.name}@${label}`,
    params: {},
    when,
    effect,
    process: { name: proc.name, label, next: handler.labels[0]! },
    ...(proc.location ? { location: proc.location } : {}),
  };
  const masks = (procedure: string): boolean => {
    const level = handlers.get(procedure);
    return level !== undefined && rank(level) >= mine;
  };
  framed.set(lowered, { kind: 'interrupt', process: proc, depth, interrupt: irq, label, masks });
  return lowered;
}

/** The first value of a type: what its slots hold when they are all zero. */
function zeroOf(t: Type): unknown {
  switch (t.kind) {
    case 'bool':
    case 'int':
    case 'enum':
    case 'scalarset':
      return t.values[0];
    case 'option':
      return null;
    case 'array':
      return Array.from({ length: t.length }, () => zeroOf(t.of));
    case 'map': {
      const out: Record<PropertyKey, unknown> = t.key.kind === 'int' ? ([] as unknown as Record<PropertyKey, unknown>) : {};
      for (const k of (t.key as Domain).values) out[(typeof k === 'boolean' ? String(k) : k) as string] = zeroOf(t.of);
      return out;
    }
    case 'set':
    case 'seq':
      return [];
    case 'record':
      return Object.fromEntries(Object.entries(t.fields as Schema).map(([k, f]) => [k, zeroOf(f)]));
    case 'undefinedOr':
      return undefined;
    case 'union': {
      const [tag, v] = Object.entries(t.variants as Variants)[0]!;
      return v ? { tag, value: zeroOf(v) } : { tag };
    }
  }
}
