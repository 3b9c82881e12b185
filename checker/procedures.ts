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
      return callees;
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
    for (const i of proc.interrupts ?? []) {
      if (!byName.has(i.handler)) throw new SpecError('SPEC_DEFINITION', `process '${proc.name}', interrupt '${i.name}': its handler '${i.handler}' is no procedure declared before the process`, { location: proc.location });
    }
    visit([...callsOf(own, `process '${proc.name}'`), ...handlers.keys()]);
    for (const a of [...own, ...procedures.filter((p) => reached.has(p.name)).flatMap((p) => p.steps)]) {
      const handler = [a.process?.call, ...(a.process?.calls ?? [])].find((c) => c !== undefined && handlers.has(c));
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

    const lower: Lowering = { process: proc, depth: proc.stack, byName };
    actions = actions.concat(
      own.map((a) => (a.process!.call !== undefined || a.process!.calls !== undefined ? lowerStep(lower, a, null, a.name) : a)),
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
  readonly byName: ReadonlyMap<string, ProcedureEntry>;
}

const sameDomain = (a: Domain, b: Domain): boolean => describeType(a) === describeType(b) && a.values.length === b.values.length;

/**
 * A call step, or a step of `owner` (a procedure), as a step of the process: its `when`, `effect` and
 * `next` see `locals` (the top frame's), its effect pushes or pops a frame, and its next label is the
 * one that effect chose.
 */
function lowerStep(l: Lowering, a: ActionEntry, owner: ProcedureEntry | null, name: string): ActionEntry {
  const step = a.process!;
  const { process: proc, depth, byName } = l;
  const stackOf = (s: any, self: unknown): any => (proc.over ? s.stack[proc.name][self as any] : s.stack[proc.name]);
  const noLocals = Object.freeze({});
  const argsOf = (s: any, args: any): any => {
    if (!owner) return args;
    const st = stackOf(s, args.self);
    return { self: args.self, locals: st.frames[st.depth - 1].locals?.[owner.name] ?? noLocals };
  };
  const effect = (n: any, args: any, ctx: any): unknown => {
    const own = argsOf(n, args);
    // a step with `calls` picks its callee in the effect (ctx.call); a call step has one
    let callee: ProcedureEntry | null = step.call !== undefined ? byName.get(step.call)! : null;
    let locals: Record<string, unknown> | undefined;
    let returnTo: string | undefined;
    const runCtx = step.calls === undefined ? ctx : {
      prev: ctx.prev,
      choose: ctx.choose,
      skip: ctx.skip,
      check: ctx.check,
      call(procedure: string, init?: Record<string, unknown>, ret?: string): void {
        if (!step.calls!.includes(procedure)) throw new Error(`${a.name} calls '${procedure}', which its calls (${step.calls!.join(', ')}) do not list`);
        if (callee) throw new Error(`${a.name} calls both ${callee.name} and ${procedure} in one run of its effect`);
        callee = byName.get(procedure)!;
        locals = init;
        returnTo = ret;
      },
    };
    if (a.effect) {
      const r = a.effect(n, own, runCtx);
      if (r !== undefined) return r;
    }
    const label = returnTo ?? (typeof step.next === 'function' ? step.next(n, own, ctx.prev) : step.next);
    const st = stackOf(n, args.self);
    if (callee === null) {
      // no call in this run
    } else if (owner && label === 'return') {
      // a tail call (`call p(); return;`): the callee's frame replaces the caller's, keeping its return label
      if (callee === owner) throw new Error(`${a.name}: a tail call of ${owner.name} to itself; loop with a label instead`);
      const frame = st.frames[st.depth - 1];
      if (frame.locals && owner.name in frame.locals) frame.locals[owner.name] = zeroOf(record(owner.locals));
      frame.proc = callee.name;
      enter(frame, callee, step.callArgs ? step.callArgs(n, own) : locals);
    } else {
      const init = step.callArgs ? step.callArgs(n, own) : locals;
      if (st.depth === depth) throw stackFull(l, st, args.self, `${a.name} calls ${callee.name}`, `${callee.name} -> ${label}`);
      st.depth = st.depth + 1;
      const frame = st.frames[st.depth - 1];
      frame.proc = callee.name;
      frame.ret = label;
      enter(frame, callee, init);
    }
    if (callee === null && owner && label === 'return') {
      const frame = st.frames[st.depth - 1];
      frame.proc = NO_FRAME;
      frame.ret = NO_FRAME;
      if (frame.locals && owner.name in frame.locals) frame.locals[owner.name] = zeroOf(record(owner.locals));
      st.depth = st.depth - 1;
    }
    return undefined;
  };
  // the next label from the two states alone (no state kept between effect and next): a push goes to the
  // callee, a pop to the popped frame's return label, a tail call (the top frame now another procedure's)
  // to that procedure, anything else where the step's own `next` says
  const next = (n: any, args: any, prev: any): string => {
    const before = stackOf(prev, args.self);
    const after = stackOf(n, args.self);
    if (after.depth > before.depth) return byName.get(after.frames[after.depth - 1].proc)!.labels[0]!;
    if (after.depth < before.depth) return before.frames[before.depth - 1].ret;
    if (owner && after.depth > 0 && after.frames[after.depth - 1].proc !== owner.name) return byName.get(after.frames[after.depth - 1].proc)!.labels[0]!;
    return typeof step.next === 'function' ? step.next(n, argsOf(n, args), prev) : step.next;
  };
  return {
    ...a,
    name,
    when: a.when && owner ? (s: any, args: any) => a.when!(s, argsOf(s, args)) : a.when,
    effect,
    process: { name: proc.name, label: step.label, next },
  };
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

const rank = (level: ContextLevel): number => CONTEXT_LEVELS.indexOf(level);

/**
 * The interrupt `irq` taken at `label`: enabled where its `when` holds and no live frame is a handler at its level
 * or above; it pushes the handler's frame with `label` as the return label and goes to the handler's first label.
 */
function interruptAt(l: Lowering, irq: InterruptEntry, handlers: ReadonlyMap<string, ContextLevel>, label: string): ActionEntry {
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
  return {
    name: `${proc.name}.${irq.name}@${label}`,
    params: {},
    when,
    effect,
    process: { name: proc.name, label, next: handler.labels[0]! },
    ...(proc.location ? { location: proc.location } : {}),
  };
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
