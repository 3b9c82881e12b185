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
import type { ActionEntry, ModelDefinition, ProcedureEntry, ProcessEntry } from '../spec/model.ts';
import { array, describeType, enumOf, formatDomainValue, int, mapOf, record, type Domain, type Schema, type Type } from '../spec/types.ts';
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
      const callee = a.process?.call;
      if (callee !== undefined && !byName.has(callee)) {
        throw new SpecError('SPEC_DEFINITION', `${where}, step '${a.process!.label}': calls '${callee}', which is no procedure declared before it`, { location: a.location });
      }
      // calls made on some branches only (`ctx.call('name', ...)` in the effect), found in its source
      const dynamic = a.effect ? [...String(a.effect).matchAll(CTX_CALL)].map((m) => m[2]!).filter((n) => byName.has(n)) : [];
      return [...(callee !== undefined ? [callee] : []), ...dynamic];
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
    visit(callsOf(own, `process '${proc.name}'`));
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
      // every step of the process: any of them may call on some branch (ctx.call)
      own.map((a) => lowerStep(lower, a, null, a.name)),
      callees.flatMap((c) => c.steps.map((a) => lowerStep(lower, a, c, `${proc.name}.${a.process!.label}`))),
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
  const where = (self: unknown) => `${proc.name}${proc.over ? `[${formatDomainValue(proc.over, self)}]` : ''}`;
  const effect = (n: any, args: any, ctx: any): unknown => {
    const own = argsOf(n, args);
    let chosen: string | null = null;
    let called: { callee: ProcedureEntry; locals?: Record<string, unknown>; ret?: string } | null = null;
    if (step.call !== undefined) called = { callee: byName.get(step.call)! };
    const mine = Object.freeze({
      prev: ctx.prev,
      choose: (values: readonly unknown[]) => ctx.choose(values),
      skip: () => ctx.skip(),
      check: (property: string, ok: boolean, message?: string) => ctx.check(property, ok, message),
      goto(label: string): void {
        if (!pcLabels.includes(label) && !(owner && label === 'return')) {
          throw new TypeError(`ctx.goto(${JSON.stringify(label)}): no such label; the labels are ${pcLabels.join(', ')}${owner ? ', return' : ''}`);
        }
        chosen = label;
      },
      call(procedure: string, locals?: Record<string, unknown>, ret?: string): void {
        const callee = byName.get(procedure);
        if (!callee) throw new TypeError(`ctx.call('${String(procedure)}'): ${proc.name} calls no procedure of that name (name it as a literal, ctx.call('name', ...), so the process gets its steps)`);
        if (called) throw new TypeError(`ctx.call('${procedure}'): this step already calls '${called.callee.name}'; a step calls one procedure`);
        called = { callee, ...(locals !== undefined ? { locals } : {}), ...(ret !== undefined ? { ret } : {}) };
      },
    });
    if (a.effect) {
      const r = a.effect(n, own, mine);
      if (r !== undefined) return r;
    }
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
    if (called) {
      const c = called as { callee: ProcedureEntry; locals?: Record<string, unknown>; ret?: string };
      const init = c.locals ?? (step.call !== undefined && step.callArgs ? step.callArgs(n, argsOf(n, args)) : undefined);
      let ret = c.ret ?? label;
      // a tail call (`call P; return`): the callee's frame replaces this procedure's, returning where it would have
      if (ret === 'return') {
        if (!owner) throw new TypeError(`${name} calls ${c.callee.name} returning to 'return', but it is a step of a process, not of a procedure`);
        ret = pop();
      }
      if (st.depth === depth) {
        const frames = [`${c.callee.name} -> ${ret}`];
        for (let i = depth - 1; i >= 0; i--) frames.push(`${st.frames[i].proc} -> ${st.frames[i].ret}`);
        throw new ValueError(
          `stack.${where(args.self)}`,
          `[${frames.join(', ')}]`,
          `a call stack of ${depth} frame${depth === 1 ? '' : 's'}: ${a.name} calls ${c.callee.name} with every frame in use; raise .process(..., { stack }) or bound the recursion`,
        );
      }
      st.depth = st.depth + 1;
      const frame = st.frames[st.depth - 1];
      frame.proc = c.callee.name;
      frame.ret = ret;
      if (init && frame.locals && c.callee.name in frame.locals) frame.locals[c.callee.name] = { ...(zeroOf(record(c.callee.locals)) as object), ...init };
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
  return {
    ...a,
    name,
    when: a.when && owner ? (s: any, args: any) => a.when!(s, argsOf(s, args)) : a.when,
    effect,
    process: { ...rest, name: proc.name, label: step.label, next },
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
  }
}
