// The spec compiler: each action instance's guard, effect and next label, and each invariant, turned into
// code over the slot buffers (generate.ts). What it cannot compile runs through the views, and the report
// says which and why. Compiled once per model; every Explorer of the model shares the code.
import type { CompiledModel } from '../compile.ts';
import { framedStep } from '../procedures.ts';
import { bail, SKIP } from '../signals.ts';
import { compileFramed } from './frames.ts';
import { Generator, Unsupported, type Abs, type Role } from './generate.ts';

/** Compiled code of one action instance; a missing member runs through the views. */
export interface InstanceCode {
  readonly when?: (c: Int32Array) => unknown;
  readonly effect?: (c: Int32Array, d: Int32Array, ctx: object) => unknown;
  /** The index of the next label. */
  readonly next?: (c: Int32Array, d: Int32Array) => number;
  /** The model's action invariants on a step of this instance (by position; undefined: through the views). */
  readonly actionInvariants?: readonly (((c: Int32Array, d: Int32Array) => unknown) | undefined)[];
}

/** What was compiled, per action (all its instances and parts) and per invariant. */
export interface CompileReport {
  readonly actions: readonly { readonly name: string; readonly process?: string; readonly compiled: boolean; readonly reason?: string }[];
  readonly invariants: readonly { readonly name: string; readonly compiled: boolean; readonly reason?: string }[];
  /** How long compiling took (part of the search's time: it runs when the search starts). */
  readonly ms: number;
}

export interface ModelCode {
  /** By instance (the objects of `model.instances`, which copies of the model share). */
  readonly instances: ReadonlyMap<object, InstanceCode>;
  /** By invariant entry: a test over the draft buffer. */
  readonly invariants: ReadonlyMap<object, (c: Int32Array, d: Int32Array) => unknown>;
  readonly report: CompileReport;
}

/** More instances than this and the model runs through the views: compiling each one would cost more than it saves. */
const MAX_COMPILED_INSTANCES = 4096;

/** How often compiled code bailed to the views, in this process: a diagnostic for tests and benchmarks. */
export const compileStats = { bails: 0 };

// keyed by the layout: copies of a model (`{ ...model, instances: [one] }`) share it
const cache = new WeakMap<object, ModelCode>();
const interpreted = new WeakSet<object>();

/** The compiled code of a model (cached); none when the model runs interpreted. */
export function codeFor(model: CompiledModel): ModelCode {
  if (interpreted.has(model.layout)) return NONE;
  let code = cache.get(model.layout);
  if (!code) cache.set(model.layout, (code = compileModel(model)));
  return code;
}

/** Runs a model (and its copies) through the views only: `--no-compile`, and the compiled/interpreted differential test. */
export function interpretOnly(model: CompiledModel): void {
  interpreted.add(model.layout);
}

/** Whether a model runs through the views only. */
export function isInterpreted(model: CompiledModel): boolean {
  return interpreted.has(model.layout);
}

/** One line for the text report: "compiled 38 of 40 actions and 2 of 2 invariants", and why the others are not. */
export function describeCompilation(report: CompileReport): string[] {
  const { actions, invariants } = report;
  const ok = (xs: readonly { compiled: boolean }[]) => xs.filter((x) => x.compiled).length;
  const lines = [`compiled ${ok(actions)} of ${actions.length} actions and ${ok(invariants)} of ${invariants.length} invariants to code over the packed state`];
  const through = [...actions.filter((a) => !a.compiled).map((a) => ({ name: a.process && !a.name.startsWith(`${a.process}.`) ? `${a.process}.${a.name}` : a.name, reason: a.reason })), ...invariants.filter((i) => !i.compiled).map((i) => ({ name: `invariant ${i.name}`, reason: i.reason }))];
  for (const t of through.slice(0, 5)) lines.push(`  through the views: ${t.name}: ${t.reason}`);
  if (through.length > 5) lines.push(`  through the views: ${through.length - 5} more (--json lists them all)`);
  return lines;
}

const NONE: ModelCode = { instances: new Map(), invariants: new Map(), report: { actions: [], invariants: [], ms: 0 } };

function compileModel(model: CompiledModel): ModelCode {
  const started = performance.now();
  const root = model.layout.root;
  const reasons = new Map<number, string>();
  const tooMany = model.instances.length > MAX_COMPILED_INSTANCES;
  const instances = model.instances.map((inst): InstanceCode => {
    if (tooMany) {
      reasons.set(inst.action, `the model has ${model.instances.length} action instances, more than the ${MAX_COMPILED_INSTANCES} the compiler specialises`);
      return {};
    }
    // an action invariant is specialised to each instance (its step is a constant); one that does not
    // compile runs through the views, for this instance only
    const actionInvariants = model.actionInvariants.map((p) => {
      const made = build(p.test as Function, 'actionInvariant', root, null, [Generator.state('c', root), Generator.state('d', root), Generator.constant(inst.step)]);
      return typeof made === 'string' ? undefined : (made as (c: Int32Array, d: Int32Array) => unknown);
    });
    // a step of a process with a call stack: the user's functions and the frame operations (frames.ts)
    const framed = framedStep(model.actions[inst.action]!);
    if (framed) {
      if (reasons.has(inst.action)) return { actionInvariants };
      const made = compileFramed(inst, framed, root, (fn, role, labels, params) => build(fn, role, root, labels, params));
      if (typeof made === 'string') {
        reasons.set(inst.action, made);
        return { actionInvariants };
      }
      return { ...made, actionInvariants };
    }
    const part = <F>(fn: Function | undefined, role: Role, params: (g: typeof Generator) => Abs[]): F | undefined => {
      if (!fn || reasons.has(inst.action)) return undefined;
      const why = `${role === 'guard' ? 'its guard' : role === 'effect' ? 'its effect' : 'its next label'}`;
      const made = build(fn, role, root, role === 'next' ? inst.labels! : null, params(Generator));
      if (typeof made === 'string') {
        reasons.set(inst.action, `${why} ${made}`);
        return undefined;
      }
      return made as F;
    };
    const when = part<InstanceCode['when']>(inst.when, 'guard', (G) => [G.state('c', root), G.constant(inst.args)]);
    const effect = part<InstanceCode['effect']>(inst.effect, 'effect', (G) => [G.state('d', root), G.constant(inst.args), G.ctx]);
    const next = part<InstanceCode['next']>(inst.nextLabel, 'next', (G) => [G.state('d', root), G.constant(inst.args), G.state('c', root)]);
    // an action is compiled whole or not at all: its report is one line
    return reasons.has(inst.action) ? { actionInvariants } : { when, effect, next, actionInvariants };
  });
  // an instance compiled before a later instance of its action failed: drop it too
  const code = new Map<object, InstanceCode>();
  instances.forEach((c, i) => {
    const inst = model.instances[i]!;
    code.set(inst, reasons.has(inst.action) ? { actionInvariants: c.actionInvariants } : c);
  });
  const invariantReasons: (string | undefined)[] = [];
  const invariants = new Map<object, (c: Int32Array, d: Int32Array) => unknown>();
  model.invariants.forEach((p, i) => {
    const made = build(p.test, 'invariant', root, null, [Generator.state('d', root)]);
    if (typeof made === 'string') invariantReasons[i] = made;
    else invariants.set(p, made as (c: Int32Array, d: Int32Array) => unknown);
  });
  return {
    instances: code,
    invariants,
    report: {
      actions: model.actions.map((a, i) => ({ name: a.name, ...(a.process ? { process: a.process.name } : {}), compiled: !reasons.has(i), ...(reasons.has(i) ? { reason: reasons.get(i) } : {}) })),
      invariants: model.invariants.map((p, i) => ({ name: p.name, compiled: !invariantReasons[i], ...(invariantReasons[i] ? { reason: invariantReasons[i] } : {}) })),
      ms: Math.round(performance.now() - started),
    },
  };
}

/** Compiles one function, or says why not. */
function build(fn: Function, role: Role, root: CompiledModel['layout']['root'], labels: readonly string[] | null, params: readonly Abs[]): Function | string {
  try {
    const g = new Generator(root, role, labels).generate(fn, params);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    return new Function('K', 'bail', 'SKIP', `'use strict';\nreturn ${g.source};`)(g.constants, bail, SKIP) as Function;
  } catch (e) {
    if (e instanceof Unsupported) return e.message;
    if (e instanceof SyntaxError) return e.message;
    throw e;
  }
}
