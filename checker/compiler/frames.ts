// Steps of processes with a call stack, compiled. checker/procedures.ts lowers procedures, calls, tail calls,
// interrupts and preemption to plain process steps whose functions are wrappers: they find the top frame's
// locals, run the user's effect with a ctx that records `ctx.goto` and `ctx.call`, then push or pop a frame
// and write the pc. Those wrappers are what the views run (the reference). Here the user's own functions
// are compiled instead, with `locals` a place at a run-time offset (the top frame: `stack.<process>[self]
// .frames[depth - 1].locals.<procedure>`, frames laid out at a fixed stride), the effect run with the same
// recording ctx (FrameRun), and the frame operations done on the slots. Anything unusual at run time (a
// full stack, a label that does not exist, locals that do not fit) bails, and the views run the step.
import { domainIndex, type Domain } from '../../spec/types.ts';
import type { ActionInstance } from '../compile.ts';
import { slotsOf, writeValue, type LayoutNode } from '../layout.ts';
import type { FramedStep } from '../procedures.ts';
import { bail } from '../signals.ts';
import { Generator, type Abs, type Role } from './generate.ts';
import type { InstanceCode } from './index.ts';

/** Compiles one function (index.ts's build): the function, or why not. */
export type Build = (fn: Function, role: Role, labels: readonly string[] | null, params: readonly Abs[]) => Function | string;

type Rec = Extract<LayoutNode, { kind: 'record' }>;
type Leaf = Extract<LayoutNode, { kind: 'leaf' }>;

const field = (n: LayoutNode | undefined, name: string): LayoutNode | undefined => (n?.kind === 'record' ? n.fields.find(([k]) => k === name)?.[1] : undefined);

/** Where one process instance's call stack lives: slots of frame 0, and the distance between frames. */
interface StackSlots {
  readonly depthSlot: number;
  readonly stride: number;
  readonly procSlot: number;
  readonly retSlot: number;
  /** The values of a frame's `proc` and `ret` slots. */
  readonly procNames: readonly string[];
  readonly retLabels: readonly string[];
  /** Each procedure's locals in frame 0 (procedures without locals have none). */
  readonly locals: ReadonlyMap<string, Rec>;
}

function stackSlots(root: Rec, f: FramedStep, self: unknown): StackSlots | string {
  const proc = f.process;
  let node = field(field(root, 'stack'), proc.name);
  if (proc.over && node && (node.kind === 'map' || node.kind === 'array')) node = node.elems[domainIndex(proc.over, self)];
  const depth = field(node, 'depth');
  const frames = field(node, 'frames');
  if (depth?.kind !== 'leaf' || frames?.kind !== 'array' || frames.elems.length !== f.depth) return `its call stack is not laid out as a depth and ${f.depth} frames`;
  const first = slotsOf(frames.elems[0]!);
  const stride = frames.elems.length > 1 ? slotsOf(frames.elems[1]!)[0]! - first[0]! : 0;
  if (frames.elems.some((e) => slotsOf(e).some((s, j) => s !== first[j]! + frames.elems.indexOf(e) * stride))) return 'its call stack has frames that are not evenly laid out';
  const frame0 = frames.elems[0]!;
  const p = field(frame0, 'proc') as Leaf;
  const r = field(frame0, 'ret') as Leaf;
  const locals = new Map<string, Rec>();
  const l = field(frame0, 'locals');
  if (l?.kind === 'record') for (const [name, n] of l.fields) if (n.kind === 'record') locals.set(name, n);
  return {
    depthSlot: depth.slot,
    stride,
    procSlot: p.slot,
    retSlot: r.slot,
    procNames: (p.type as Domain).values as readonly string[],
    retLabels: (r.type as Domain).values as readonly string[],
    locals,
  };
}

/** The compiled guard, effect and next label of a lowered step or interrupt, or why it cannot be compiled. */
export function compileFramed(inst: ActionInstance, f: FramedStep, root: Rec, build: Build): InstanceCode | string {
  const st = stackSlots(root, f, inst.args['self']);
  if (typeof st === 'string') return st;
  return f.kind === 'interrupt' ? interruptCode(inst, f, st, root, build) : stepCode(inst, f, st, root, build);
}

function interruptCode(inst: ActionInstance, f: Extract<FramedStep, { kind: 'interrupt' }>, st: StackSlots, root: Rec, build: Build): InstanceCode | string {
  const { depthSlot, stride, procSlot, retSlot } = st;
  const user = f.interrupt.when ? build(f.interrupt.when, 'guard', null, [Generator.state('c', root), Generator.constant(inst.args)]) : undefined;
  if (typeof user === 'string') return `its guard ${user}`;
  const irqWhen = user as ((c: Int32Array) => unknown) | undefined;
  // by a frame's proc value: whether that frame keeps the interrupt off
  const masked = st.procNames.map((p) => f.masks(p));
  const handler = st.procNames.indexOf(f.interrupt.handler);
  const ret = st.retLabels.indexOf(f.label);
  const frames = f.depth;
  if (handler < 0 || ret < 0) return 'its handler or return label is not in the call stack';
  return {
    when: (c: Int32Array): unknown => {
      const depth = c[depthSlot]!;
      for (let i = 0, s = procSlot; i < depth; i++, s += stride) if (masked[c[s]!]) return false;
      return irqWhen === undefined ? true : irqWhen(c);
    },
    effect: (_c: Int32Array, d: Int32Array): void => {
      const depth = d[depthSlot]!;
      // every frame in use: the views report it with the stack
      if (depth === frames) bail();
      const off = depth * stride;
      d[depthSlot] = depth + 1;
      d[procSlot + off] = handler;
      d[retSlot + off] = ret;
    },
  };
}

function stepCode(inst: ActionInstance, f: Extract<FramedStep, { kind: 'step' }>, st: StackSlots, root: Rec, build: Build): InstanceCode | string {
  const { depthSlot, stride, procSlot, retSlot, procNames, retLabels, locals } = st;
  const G = Generator;
  const user = f.user;
  const step = user.process!;
  const owner = f.owner;
  // the step's args: a procedure's step also gets `locals`, the top frame's (depth read from `depthBuf`)
  const argsIn = (buf: 'c' | 'd', depthBuf: 'c' | 'd'): Abs => {
    if (!owner) return G.constant(inst.args);
    const node = locals.get(owner.name);
    const fields = new Map<string, Abs>(Object.entries(inst.args).map(([k, v]) => [k, G.constant(v)]));
    const depth = `${depthBuf}[${depthSlot}]`;
    // in one of the frames: the span of its places in all of them
    const slots = node ? slotsOf(node) : [];
    const span = { lo: Math.min(...slots), hi: Math.max(...slots) + (f.depth - 1) * stride };
    fields.set('locals', node ? { k: 'node', n: node, buf, off: stride ? ` + ${stride} * (${depth} - 1)` : '', guard: `${depth} > 0`, own: null, span } : G.constant(NO_LOCALS));
    return { k: 'obj', fields };
  };
  const userLabels = [...f.labels, 'return'];
  const part = (fn: Function | undefined, what: string, role: Role, labels: readonly string[] | null, params: readonly Abs[]): Function | undefined | string => {
    if (!fn) return undefined;
    const made = build(fn, role, labels, params);
    return typeof made === 'string' ? `${what} ${made}` : made;
  };
  const when = part(user.when, 'its guard', 'guard', null, [G.state('c', root), argsIn('c', 'c')]);
  // the effect starts on a copy of the state: the top frame is where it is in `c`
  const effect = part(user.effect, 'its effect', 'effect', null, [G.state('d', root), argsIn('d', 'c'), G.ctx]);
  const next = typeof step.next === 'function' ? part(step.next, 'its next label', 'next', userLabels, [G.state('d', root), argsIn('d', 'd'), G.state('c', root)]) : undefined;
  const callArgs = step.call !== undefined ? part(step.callArgs, "its call's args", 'guard', null, [G.state('d', root), argsIn('d', 'd')]) : undefined;
  for (const made of [when, effect, next, callArgs]) if (typeof made === 'string') return made;
  const userWhen = when as ((c: Int32Array) => unknown) | undefined;
  const userEffect = effect as ((c: Int32Array, d: Int32Array, ctx: object) => unknown) | undefined;
  const userNext = next as ((c: Int32Array, d: Int32Array) => number) | undefined;
  const userCallArgs = callArgs as ((c: Int32Array, d: Int32Array) => Record<string, unknown> | undefined) | undefined;
  const staticNext = typeof step.next === 'string' ? step.next : null;

  const run = f.run;
  const mine = run.ctx;
  const frames = f.depth;
  const pcSlot = inst.pcSlot;
  const pcIndex = new Map(inst.labels!.map((l, i) => [l, i]));
  const retIndex = new Map(retLabels.map((l, i) => [l, i]));
  const procIndex = new Map(procNames.map((p, i) => [p, i]));
  // by a frame's proc value: the slots of that procedure's locals in frame 0 (zeroed when it returns)
  const localSlots = procNames.map((p) => (locals.has(p) ? slotsOf(locals.get(p)!) : []));
  const scratch = new Int32Array(Math.max(0, ...localSlots.flat()) + 1);

  /** Pops the top frame (zeroing it), returning its return label's value. */
  const pop = (d: Int32Array): number => {
    const depth = d[depthSlot]!;
    const off = (depth - 1) * stride;
    const proc = d[procSlot + off]!;
    if (depth === 0 || proc === 0) bail();
    const ret = d[retSlot + off]!;
    d[procSlot + off] = 0;
    d[retSlot + off] = 0;
    for (const s of localSlots[proc]!) d[s + off] = 0;
    d[depthSlot] = depth - 1;
    return ret;
  };
  /** A pushed frame's locals: zero, then `init`'s fields (validated as the views' write would be). */
  const enter = (d: Int32Array, callee: string, init: Record<string, unknown>, off: number): void => {
    const node = locals.get(callee)!;
    const slots = localSlots[procIndex.get(callee)!]!;
    for (const k of Object.keys(init)) if (!node.fields.some(([name]) => name === k)) bail();
    for (const s of slots) scratch[s] = 0;
    for (const [name, n] of node.fields) if (name in init) writeValue(n, scratch, init[name], 'user');
    for (const s of slots) d[s + off] = scratch[s]!;
  };

  return {
    ...(userWhen ? { when: userWhen } : {}),
    effect: (c: Int32Array, d: Int32Array, ctx: object): void => {
      run.begin(ctx);
      if (userEffect !== undefined) userEffect(c, d, mine);
      const chosen = run.chosen;
      const label = chosen ?? staticNext ?? userLabels[userNext!(c, d)]!;
      const called = run.called;
      let pc = label;
      if (called !== null) {
        const init = called.locals ?? (userCallArgs !== undefined ? userCallArgs(c, d) : undefined);
        const to = called.ret ?? label;
        let ret: number | undefined;
        // a tail call: the callee's frame replaces this one, returning where it would have
        if (to === 'return') ret = owner ? pop(d) : bail();
        else ret = retIndex.get(to) ?? bail();
        const depth = d[depthSlot]!;
        if (depth === frames) bail();
        const off = depth * stride;
        d[depthSlot] = depth + 1;
        d[procSlot + off] = procIndex.get(called.callee.name)!;
        d[retSlot + off] = ret;
        if (init && locals.has(called.callee.name)) enter(d, called.callee.name, init, off);
        pc = called.callee.labels[0]!;
      } else if (label === 'return') {
        pc = owner ? retLabels[pop(d)]! : bail();
      }
      d[pcSlot] = pcIndex.get(pc) ?? bail();
    },
    // the label the effect wrote
    next: (_c: Int32Array, d: Int32Array): number => d[pcSlot]!,
  };
}

const NO_LOCALS = Object.freeze({});
