// The code generator: a user function (a guard, an effect, a next label, an invariant) specialised to one
// action instance and the slot layout. Partial evaluation over the function's syntax tree: the instance's
// arguments and the captured variables are constants, so paths such as `s.chan[self][j]` resolve to slots
// at compile time, loops over constant arrays unroll, and helpers called with parts of the state inline.
// What remains is straight-line code over the two slot buffers (`c` the state, `d` the draft).
//
// Errors are never compiled: anything unusual at run time (a value outside its type, a read past a
// sequence's length, an option that is null) throws BAIL, and the Explorer runs that branch again through
// the views, which give the exact error and its location. Anything the generator does not know is a
// compile-time Unsupported, and the action falls back to the views with that reason.
import type { Node } from 'acorn';
import { describeType, domainIndex, type Domain } from '../../spec/types.ts';
import { recordElementIndex, slotsOf, type LayoutNode } from '../layout.ts';
import { bail } from '../signals.ts';
import { capturedValues } from './closure.ts';
import { parseFunction, parseFunctionNode, type Fn } from './parse.ts';

/** Thrown inside an optional chain whose object is null or undefined: the chain is undefined. */
const SHORT: object = Object.freeze({ chain: 'short' });

/** Why a function cannot be compiled. */
export class Unsupported extends Error {}

const fail = (why: string): never => {
  const e = new Unsupported(why);
  if (process.env['INTERLEAVE_COMPILE_DEBUG']) console.error(e.stack);
  throw e;
};

/** A leaf read: its raw slot expression and domain (for comparisons and copies without decoding). */
interface Leaf {
  readonly raw: string;
  readonly d: Domain;
  /** An inline option: raw 0 is null, else the value index + 1. */
  readonly opt: boolean;
}

/** What an expression is at compile time. */
export type Abs =
  /** a run-time value in user form; `pure` when evaluating it twice is the same as once */
  | { readonly k: 'val'; readonly code: string; readonly pure: boolean; readonly leaf?: Leaf; readonly oneOf?: readonly unknown[]; readonly boolish?: boolean }
  | { readonly k: 'const'; readonly v: unknown }
  /**
   * a place in the state: `off` is added to every slot; `guard` must hold to reach it (the options and
   * sequence elements on the way exist), else the code bails; `own` is when the place itself exists (a
   * sequence element within the length: else it reads as undefined)
   */
  | {
      readonly k: 'node';
      readonly n: LayoutNode;
      readonly buf: 'c' | 'd';
      readonly off: string;
      readonly guard: string | null;
      readonly own: string | null;
      /** The slots a place at a run-time offset lies within (an element of a collection indexed at run time). */
      readonly span?: Span;
    }
  /** an object built in the code (a literal, or a snapshot of a record), field by field */
  | { readonly k: 'obj'; readonly fields: ReadonlyMap<string, Abs> }
  | { readonly k: 'ctx' }
  /** a method of the effect's context taken as a value (`ctx.choose`) */
  | { readonly k: 'ctxfn'; readonly method: string }
  /** an array built in the code, element by element (`[a, b]`, `devs.map(dev)`) */
  | { readonly k: 'list'; readonly items: readonly Abs[] }
  /** a function: `value` is the real one when it was captured (it can then be called at run time) */
  | { readonly k: 'fn'; readonly fn: Fn; readonly scope: Scope; readonly value?: Function; readonly self?: unknown };

/** A range of slots: exactly a place's, or (not exact) a range it lies somewhere within. */
export interface Span {
  readonly lo: number;
  readonly hi: number;
  readonly exact?: boolean;
}

/** A binding visible to the code: constant, node alias, or a generated variable. */
interface Binding {
  abs: Abs;
  readonly mutable: boolean;
}

class Scope {
  readonly vars = new Map<string, Binding>();
  constructor(
    readonly parent: Scope | null,
    /** Resolves names not bound in the function (captured variables and globals). */
    readonly outer: (name: string) => Abs,
  ) {}
  lookup(name: string): Binding | Abs {
    for (let s: Scope | null = this; s; s = s.parent) {
      const b = s.vars.get(name);
      if (b) return b;
    }
    return this.outer(name);
  }
}

const GLOBALS: Record<string, unknown> = { Math, Number, String, Boolean, Object, Array, JSON, Symbol, Set, undefined, NaN, Infinity, isNaN, isFinite };
/** Methods with a callback, on a list known only at run time (a filter's result, a set of the state spread). */
const RUNTIME_LIST_METHODS = new Set(['map', 'filter', 'every', 'some', 'find', 'findIndex']);
const PURE_MATH = new Set(['max', 'min', 'abs', 'floor', 'ceil', 'trunc', 'sign', 'round']);
/** Built-in functions without effects, called on plain values (messages of checks build strings with them). */
const PURE_STATICS = new Map<unknown, ReadonlySet<string>>([
  [Symbol, new Set(['keyFor', 'for'])],
  [Number, new Set(['isInteger', 'isFinite', 'isNaN'])],
  [Array, new Set(['isArray'])],
  [JSON, new Set(['stringify'])],
  [Object, new Set(['is'])],
]);
const PURE_FUNCTIONS = new Set<unknown>([String, Number, Boolean, isNaN, isFinite]);
/** Methods of plain run-time values (strings, arrays) that change nothing. */
const PURE_METHODS = new Set(['join', 'includes', 'indexOf', 'slice', 'concat', 'toString', 'at', 'startsWith', 'endsWith', 'trim', 'padStart', 'padEnd', 'toFixed', 'charAt', 'repeat']);

/** Where a `return` goes: the function's own, or an inlined helper's result variable and label. */
interface ReturnTarget {
  readonly label: string | null;
  readonly result: string | null;
}

/** The role of the function: decides the buffer its first parameter stands for and what `return` means. */
export type Role = 'guard' | 'effect' | 'next' | 'invariant' | 'actionInvariant';

export interface Generated {
  /** The function's source: `function (c, d, ctx) { ... }`. */
  readonly source: string;
  /** Constants the source refers to as `K[i]`. */
  readonly constants: readonly unknown[];
}

interface LoopTarget {
  readonly breakLabel: string;
  readonly continueLabel: string;
}

export class Generator {
  readonly #constants: unknown[] = [];
  readonly #constIndex = new Map<unknown, number>();
  #tmp = 0;
  #depth = 0;
  #loops: LoopTarget[] = [];
  readonly #lines: string[] = [];
  readonly #exprTemps: string[] = [];
  /** The source of the function being compiled, and the last expression or statement reached: for messages. */
  #src = '';
  #at: any = null;
  /** The statement just compiled always leaves the block (return, break, continue, throw). */
  #exited = false;
  #indent = 1;
  /** Whole assignments and sequence changes in the draft so far, in program order, by slot range (null: unknown). */
  readonly #reshaped: (Span | null)[] = [];
  /** Composite parts of the draft bound to variables: how many reshapes preceded the binding, and their slots. */
  readonly #pinned = new WeakMap<Abs, { at: number; range: Span | null }>();

  constructor(
    readonly root: Extract<LayoutNode, { kind: 'record' }>,
    readonly role: Role,
    /** The labels of the process (for `next`), to return label indices. */
    readonly labels: readonly string[] | null,
  ) {}

  /** Compiles `fn` with its parameters bound to `params` (abstract values). */
  generate(fn: Function, params: readonly Abs[]): Generated {
    try {
      return this.#generate(fn, params);
    } catch (e) {
      if (e instanceof Unsupported && this.#at && !e.message.includes(' at `')) {
        const text = this.#src.slice(this.#at.start, this.#at.end).replace(/\s+/g, ' ');
        e.message += ` at \`${text.length > 70 ? `${text.slice(0, 67)}...` : text}\``;
      }
      throw e;
    }
  }

  #generate(fn: Function, params: readonly Abs[]): Generated {
    const parsed = parseFunction(fn);
    this.#src = parsed.source;
    const scope = this.#scopeFor(parsed, fn);
    this.#bindParams(parsed, params, scope);
    const target: ReturnTarget = { label: null, result: null };
    const body = parsed.body as any;
    if (parsed.expression && body.type === 'UnaryExpression' && body.operator === 'void') {
      this.#effectStmt(body.argument, scope);
      this.#emitReturn({ k: 'const', v: undefined }, target);
    } else if (parsed.expression && this.role === 'next') this.#line(`return ${this.#labelIndex(parsed.body, scope)};`);
    else if (parsed.expression) this.#emitReturn(this.#expr(parsed.body, scope), target);
    else {
      this.#block(parsed.body, scope, target);
      this.#emitReturn({ k: 'const', v: undefined }, target);
    }
    const temps = this.#exprTemps.length ? `  let ${this.#exprTemps.join(', ')};\n` : '';
    return { source: `function (c, d, ctx) {\n${temps}${this.#lines.join('\n')}\n}`, constants: this.#constants };
  }

  // ---- abstract values of the roots

  static state(buf: 'c' | 'd', root: LayoutNode): Abs {
    return { k: 'node', n: root, buf, off: '', guard: null, own: null };
  }
  static constant(v: unknown): Abs {
    return { k: 'const', v };
  }
  static readonly ctx: Abs = { k: 'ctx' };

  // ---- scopes

  #scopeFor(parsed: Fn, fn: Function | null, parent: Scope | null = null): Scope {
    const free = parsed.free;
    let values = new Map<string, unknown>();
    if (fn && free.length > 0) {
      const got = capturedValues(fn, free.filter((n) => !(n in GLOBALS)));
      values = got.values;
    }
    const outer = (name: string): Abs => {
      if (values.has(name)) return this.#captured(values.get(name));
      if (parent) {
        const b = parent.lookup(name);
        return 'abs' in b ? b.abs : b;
      }
      if (name in GLOBALS) return { k: 'const', v: GLOBALS[name] };
      return fail(`reads '${name}', which the compiler cannot resolve`);
    };
    return new Scope(null, outer);
  }

  #captured(v: unknown, self?: unknown): Abs {
    if (typeof v === 'function') {
      const parsed = parseFunction(v as Function);
      return { k: 'fn', fn: parsed, scope: this.#scopeFor(parsed, v as Function), value: v as Function, self };
    }
    return { k: 'const', v };
  }

  /**
   * Calls a function: inlined where the compiler can read it; else, when it receives only plain values
   * (no part of the state, nothing it could change), called as it is at run time, as the views would.
   */
  #callFunction(f: Extract<Abs, { k: 'fn' }>, args: Abs[]): Abs {
    const mark = { lines: this.#lines.length, temps: this.#exprTemps.length, depth: this.#depth, src: this.#src, loops: this.#loops, indent: this.#indent };
    try {
      return this.#inline(f, args);
    } catch (e) {
      const plain = (a: Abs): boolean => a.k === 'const' || a.k === 'val' || (a.k === 'obj' && [...a.fields.values()].every(plain));
      const values = args.map((a) => this.#value(a));
      if (!(e instanceof Unsupported) || !f.value || !values.every(plain)) throw e;
      this.#lines.length = mark.lines;
      this.#exprTemps.length = mark.temps;
      this.#depth = mark.depth;
      this.#src = mark.src;
      this.#loops = mark.loops;
      this.#indent = mark.indent;
      const call = f.self !== undefined ? `${this.#k(f.value)}.call(${this.#k(f.self)}, ${values.map((a) => this.#code(a)).join(', ')})` : `${this.#k(f.value)}(${values.map((a) => this.#code(a)).join(', ')})`;
      return { k: 'val', code: call, pure: false };
    }
  }

  #bindParams(fn: Fn, params: readonly Abs[], scope: Scope): void {
    fn.params.forEach((p, i) => this.#bindPattern(p, params[i] ?? { k: 'const', v: undefined }, scope, false));
  }

  #bindPattern(p: Node, value: Abs, scope: Scope, mutable: boolean): void {
    const node = p as any;
    switch (node.type) {
      case 'Identifier':
        scope.vars.set(node.name, { abs: mutable ? this.#materialise(value) : this.#keep(value), mutable });
        return;
      case 'ObjectPattern':
        for (const prop of node.properties) {
          if (prop.type !== 'Property' || prop.computed) fail('destructures with a rest or computed key');
          const key = prop.key.type === 'Identifier' ? prop.key.name : String(prop.key.value);
          this.#bindPattern(prop.value, this.#member(value, { k: 'const', v: key }), scope, mutable);
        }
        return;
      case 'AssignmentPattern': {
        // a default: applies only when the value is undefined, which is known here only for constants
        if (value.k === 'const') return this.#bindPattern(node.left, value.v === undefined ? this.#exprIn(node.right, scope) : value, scope, mutable);
        if (value.k !== 'val') return this.#bindPattern(node.left, value, scope, mutable);
        const dflt = this.#value(this.#exprIn(node.right, scope));
        if (dflt.k === 'node' || dflt.k === 'obj' || dflt.k === 'fn' || dflt.k === 'ctx') return fail('has a parameter default that is not a plain value');
        const t = this.#newVar();
        this.#line(`const ${t} = ${value.code} === undefined ? ${this.#code(dflt)} : ${value.code};`);
        return this.#bindPattern(node.left, { k: 'val', code: t, pure: true }, scope, mutable);
      }
      default:
        return fail(`binds a ${node.type}`);
    }
  }

  /** `#keep`, into the elements of a list and the fields of an object built in the code. */
  #keepDeep(value: Abs): Abs {
    if (value.k === 'list') return { k: 'list', items: value.items.map((x) => this.#keepDeep(this.#value(x))) };
    if (value.k === 'obj') return { k: 'obj', fields: new Map([...value.fields].map(([k, f]) => [k, this.#keepDeep(this.#value(f))])) };
    return this.#keep(value);
  }

  /** A mutable binding lives in a generated variable (a node alias cannot be reassigned). */
  #materialise(value0: Abs): Abs {
    const value = this.#value(value0);
    if (value.k === 'node' || value.k === 'obj' || value.k === 'fn' || value.k === 'ctx') return this.#keep(value);
    const name = this.#newVar();
    this.#line(`let ${name} = ${this.#code(value)};`);
    return { k: 'val', code: name, pure: true };
  }

  /**
   * What a binding holds: the value now, as JavaScript does. A leaf read or an expression is copied into a
   * variable (a later write to the state must not change it); a record or collection stays a place, as
   * the views are live too; constants stay constants.
   */
  #keep(value: Abs): Abs {
    if (value.k === 'node') {
      const n = value.n;
      return n.kind === 'leaf' || (n.kind === 'option' && n.inline) ? this.#snapshot(value) : this.#pin(value);
    }
    if (value.k === 'obj') {
      const fields = new Map<string, Abs>();
      for (const [k, f] of value.fields) fields.set(k, this.#keep(f));
      return { k: 'obj', fields };
    }
    if (value.k === 'val' && !/^[A-Za-z_$][\w$]*$/.test(value.code)) {
      const name = this.#newVar();
      if (value.leaf) {
        // keep the raw index too, for comparisons and writes without decoding
        const raw = this.#newVar();
        this.#line(`const ${raw} = ${value.leaf.raw};`);
        const leaf = { ...value.leaf, raw };
        this.#line(`const ${name} = ${this.#decode(leaf)};`);
        return { k: 'val', code: name, pure: true, leaf };
      }
      this.#line(`const ${name} = ${value.code};`);
      return { k: 'val', code: name, pure: true, ...(value.oneOf ? { oneOf: value.oneOf } : {}) };
    }
    return value;
  }

  /**
   * A composite part of the state held in a variable. JavaScript evaluates its keys once, where it is bound
   * (`const e = n.m[n.j]; n.j = 1 - n.j; e.c = 2` writes the entry of the old `j`), so the offset and whether
   * the place existed are computed here; whether it still exists (an option on the way) stays a check at
   * each use. A part of the draft is remembered with its slots: used after an assignment or a sequence
   * change that replaces it, the views see the old, detached part and the slots the new one, so the
   * function is not compiled (#checkPinned).
   */
  #pin(a: Extract<Abs, { k: 'node' }>): Abs {
    const range = this.#range(a);
    let { off, guard, own } = a;
    if (!/^( \+ \d+)*$/.test(off)) {
      const t = this.#newVar();
      this.#line(`const ${t} = 0${off};`);
      off = ` + ${t}`;
    }
    if (own !== null && !/^[A-Za-z_$][\w$]*$/.test(own)) {
      const t = this.#newVar();
      this.#line(`const ${t} = ${own};`);
      own = t;
    }
    if (guard !== null) {
      const t = this.#newVar();
      this.#line(`const ${t} = ${guard};`);
      guard = `${t} && ${guard}`;
    }
    const pinned: Abs = { ...a, off, guard, own };
    if (a.buf === 'd' && slotsOf(a.n).length > 0) this.#pinned.set(pinned, { at: this.#reshaped.length, range });
    return pinned;
  }

  /** The slots of a place when its offset is known here; else a range it lies within, or null (unknown). */
  #range(a: Extract<Abs, { k: 'node' }>): Span | null {
    if (!/^( \+ \d+)*$/.test(a.off)) return a.span ?? null;
    const base = a.off.split(' + ').slice(1).reduce((x, y) => x + Number(y), 0);
    const slots = slotsOf(a.n);
    if (slots.length === 0) return null;
    return { lo: base + Math.min(...slots), hi: base + Math.max(...slots), exact: true };
  }

  /** A whole assignment to a place of the draft, or a change of a sequence's elements: logged for #checkPinned. */
  #reshape(a: Extract<Abs, { k: 'node' }>): void {
    if (a.buf === 'd') this.#reshaped.push(this.#range(a));
  }

  /** Refuses a use of a pinned part of the draft that something replaced since it was bound. */
  #checkPinned(a: Abs): void {
    const p = this.#pinned.get(a);
    if (!p || a.k !== 'node') return;
    // a sequence or set held in a variable is changed in place, never replaced: its own changes keep it
    const inPlace = a.n.kind === 'seq' || a.n.kind === 'set';
    for (let i = p.at; i < this.#reshaped.length; i++) {
      const r = this.#reshaped[i]!;
      const q = p.range;
      // a write known only by its span covers the place only if the span does; a place known only by its
      // span may be any part of it: any overlap may be covered
      const covers = r === null || q === null || (q.exact ? r.lo <= q.lo && q.hi <= r.hi : r.lo <= q.hi && q.lo <= r.hi);
      const self = r !== null && q !== null && r.exact === true && q.exact === true && r.lo === q.lo && r.hi === q.hi;
      if (covers && !(inPlace && self)) fail(`uses ${a.n.path || 'the state'}, held in a variable, after an assignment or a sequence change replaced it`);
    }
  }

  /** The user value of value index `r` of domain `d`. */
  #decodeIndex(d: Domain, r: string): string {
    switch (d.kind) {
      case 'bool':
        return `(${r} === 1)`;
      case 'int':
        return d.lo === 0 ? r : `(${r} + ${d.lo})`;
      default:
        return `${this.#k(d.values)}[${r}]`;
    }
  }

  /** The user value of a raw leaf. */
  #decode(leaf: Leaf): string {
    const { raw, d, opt } = leaf;
    const dec = (r: string) => this.#decodeIndex(d, r);
    if (!opt) return dec(raw);
    return `(${raw} === 0 ? null : ${dec(`${raw} - 1`)})`;
  }

  // ---- emission

  #line(s: string): void {
    this.#lines.push('  '.repeat(this.#indent) + s);
  }
  /** Compiles with `f` and takes back the lines it emitted, to be placed under a condition. */
  #capture<T>(f: () => T): { value: T; lines: string[] } {
    const mark = this.#lines.length;
    const value = f();
    return { value, lines: this.#lines.splice(mark) };
  }
  #newVar(): string {
    return `t${this.#tmp++}`;
  }
  #etmpName(): string {
    return this.#etmp();
  }
  /** A temporary for use inside one expression, declared at the top of the function. */
  #etmp(): string {
    const name = `x${this.#tmp++}`;
    this.#exprTemps.push(name);
    return name;
  }
  #k(v: unknown): string {
    let i = this.#constIndex.get(v);
    if (i === undefined) {
      i = this.#constants.length;
      this.#constants.push(v);
      this.#constIndex.set(v, i);
    }
    return `K[${i}]`;
  }

  /** JavaScript for a value in user form. */
  #code(a: Abs): string {
    switch (a.k) {
      case 'val':
        return a.code;
      case 'const': {
        const v = a.v;
        if (v === undefined) return 'undefined';
        if (v === null || typeof v === 'boolean') return String(v);
        if (typeof v === 'number') return Object.is(v, -0) ? '-0' : Number.isFinite(v) ? String(v) : this.#k(v);
        if (typeof v === 'string') return JSON.stringify(v);
        return this.#k(v);
      }
      case 'obj':
        return `{ ${[...a.fields].map(([k, f]) => `${JSON.stringify(k)}: ${this.#code(f)}`).join(', ')} }`;
      case 'list':
        return `[${a.items.map((x) => this.#code(this.#value(x))).join(', ')}]`;
      case 'node':
        return this.#readNode(a);
      default:
        return fail(`uses ${a.k === 'ctx' ? 'ctx' : 'a function'} as a value`);
    }
  }

  #slot(slot: number, a: { off: string }): string {
    return `${slot}${a.off}`;
  }

  /** Reads a leaf (or inline option) node as a value; a composite is refused (views are not built here). */
  #readNode(a: Extract<Abs, { k: 'node' }>): string {
    const n = a.n;
    if (n.kind === 'leaf' || (n.kind === 'option' && n.inline)) {
      const v = this.#leafVal(a);
      return v.code;
    }
    return fail(`uses ${n.path || 'the state'} (a ${n.kind}) as a value`);
  }

  #leafVal(a: Extract<Abs, { k: 'node' }>): Extract<Abs, { k: 'val' }> {
    const n = a.n as Extract<LayoutNode, { kind: 'leaf' | 'option' }>;
    const opt = n.kind === 'option';
    const d = opt ? (n.of as { type: Domain }).type : (n as { type: Domain }).type;
    const raw0 = `${a.buf}[${this.#slot(n.slot, a)}]`;
    const present = this.#present(a);
    const raw = present ? `(${present} ? ${raw0} : bail())` : raw0;
    const dec = (r: string) => this.#decodeIndex(d, r);
    let code: string;
    if (opt) {
      const x = this.#etmp();
      code = `((${x} = ${raw}) === 0 ? null : ${dec(`${x} - 1`)})`;
    } else code = dec(raw);
    return { k: 'val', code, pure: true, leaf: { raw, d, opt } };
  }

  /**
   * The bit of a record in a set of records: the sum of its fields' indexes times their strides. The record is
   * a constant, a literal or a record place; its fields are read in the set's order, so they must be pure.
   */
  #recordIndex(set: Extract<LayoutNode, { kind: 'recordSet' }>, v: Abs): string {
    if (v.k === 'const') {
      const i = recordElementIndex(set, v.v, 'user');
      return i < 0 ? 'bail()' : String(i);
    }
    let fields: ReadonlyMap<string, Abs>;
    if (v.k === 'obj') fields = v.fields;
    else if (v.k === 'node' && v.n.kind === 'record') fields = new Map(v.n.fields.map(([k, f]) => [k, this.#child(v, f)]));
    else return fail(`looks up a run-time value in the set of records ${set.path}`);
    if (fields.size !== set.fields.length) return 'bail()';
    const terms: string[] = [];
    set.fields.forEach(([k, d], f) => {
      const x = fields.get(k);
      if (!x) return void terms.push('bail()');
      const value = this.#value(x);
      if (!isPure(value)) fail(`looks up a record with a field computed by a call in ${set.path}`);
      const code = this.#encode(value, d, false);
      terms.push(set.strides[f] === 1 ? code : `${code} * ${set.strides[f]}`);
    });
    return terms.length ? `(${terms.join(' + ')})` : '0';
  }

  /** The raw index of a value for domain `d`, or the code that bails when the value is outside. */
  #encode(v: Abs, d: Domain, opt: boolean): string {
    if (v.k === 'const') {
      if (v.v === null) return opt ? '0' : 'bail()';
      const i = indexIn(d, v.v);
      return i < 0 ? 'bail()' : String(opt ? i + 1 : i);
    }
    if (v.k === 'val' && v.leaf && v.leaf.d === d) {
      if (v.leaf.opt === opt) return v.leaf.raw;
      const x = this.#etmp();
      if (!opt) return `((${x} = ${v.leaf.raw}) === 0 ? bail() : ${x} - 1)`;
      return `(${v.leaf.raw} + 1)`;
    }
    const code = this.#code(v);
    const enc = this.#encoderOf(d);
    if (!opt) return `${enc}(${code})`;
    const x = this.#etmp();
    return `((${x} = ${code}) === null ? 0 : ${enc}(${x}) + 1)`;
  }

  /** A constant function: value to index, bailing outside the domain. */
  #encoderOf(d: Domain): string {
    let f: (v: unknown) => number;
    switch (d.kind) {
      case 'bool':
        f = (v) => (v === true ? 1 : v === false ? 0 : bail());
        break;
      case 'int': {
        const { lo, hi } = d;
        f = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi ? v - lo : bail());
        break;
      }
      default: {
        const index = new Map<unknown, number>(d.values.map((x, i) => [x, i]));
        f = (v) => index.get(v) ?? bail();
      }
    }
    return this.#k(f);
  }

  // ---- statements

  #block(body: any, scope: Scope, ret: ReturnTarget): void {
    const inner = new Scope(scope, scope.outer);
    for (const st of body.type === 'BlockStatement' ? body.body : [body]) {
      this.#stmt(st, inner, ret);
      // what follows a return, break or throw that always runs is dead: not compiled (it may not even type)
      if (this.#exited) break;
    }
  }

  #stmt(st: any, scope: Scope, ret: ReturnTarget): void {
    this.#at = st;
    switch (st.type) {
      case 'BlockStatement':
        this.#line('{');
        this.#indent++;
        this.#block(st, scope, ret);
        this.#indent--;
        this.#line('}');
        return;
      case 'EmptyStatement':
        return;
      case 'ExpressionStatement':
        return this.#effectStmt(st.expression, scope);
      case 'VariableDeclaration': {
        for (const decl of st.declarations) {
          const init = decl.init ? this.#exprIn(decl.init, scope, true) : ({ k: 'const', v: undefined } as Abs);
          this.#bindPattern(decl.id, init, scope, st.kind !== 'const');
        }
        return;
      }
      case 'ReturnStatement':
        this.#exited = true;
        if (this.role === 'next' && ret.result === null && st.argument) return this.#line(`return ${this.#labelIndex(st.argument, scope)};`);
        return this.#emitReturn(st.argument ? this.#exprIn(st.argument, scope) : { k: 'const', v: undefined }, ret);
      case 'IfStatement': {
        const test = this.#exprIn(st.test, scope);
        if (test.k === 'const') {
          if (test.v) this.#stmt(st.consequent, new Scope(scope, scope.outer), ret);
          else if (st.alternate) this.#stmt(st.alternate, new Scope(scope, scope.outer), ret);
          return;
        }
        this.#line(`if (${this.#truthy(test)}) {`);
        this.#indent++;
        // what one branch replaces, the other does not see (#checkPinned); after both, either may have
        const mark = this.#reshaped.length;
        this.#block(st.consequent, scope, ret);
        const thenExits = this.#exited;
        this.#exited = false;
        this.#indent--;
        const thenReshaped = this.#reshaped.splice(mark);
        if (st.alternate) {
          this.#line('} else {');
          this.#indent++;
          this.#block(st.alternate, scope, ret);
          this.#indent--;
        }
        this.#reshaped.push(...thenReshaped);
        this.#exited = thenExits && st.alternate !== null && this.#exited;
        this.#line('}');
        return;
      }
      case 'ForOfStatement':
        return this.#forOf(st, scope, ret);
      case 'BreakStatement':
      case 'ContinueStatement': {
        if (st.label) return fail('uses a labelled break or continue');
        const loop = this.#loops[this.#loops.length - 1] ?? fail(`uses ${st.type === 'BreakStatement' ? 'break' : 'continue'} outside a loop it can unroll`);
        this.#line(`break ${st.type === 'BreakStatement' ? loop.breakLabel : loop.continueLabel};`);
        this.#exited = true;
        return;
      }
      case 'ThrowStatement':
        // a spec's own throw: the views run the branch and report it with its line
        this.#line('bail();');
        this.#exited = true;
        return;
      case 'FunctionDeclaration':
        scope.vars.set(st.id.name, { abs: { k: 'fn', fn: parseFunctionNode(st, this.#src), scope }, mutable: false });
        return;
      default:
        return fail(`uses a ${st.type}`);
    }
  }

  /** `for (const x of xs)` over a constant list (or a list of state places): unrolled. */
  #forOf(st: any, scope: Scope, ret: ReturnTarget): void {
    if (st.await) fail('uses for await');
    const list = this.#exprIn(st.right, scope);
    const items = this.#elementsOf(list) ?? fail('loops over a list that is not known before the search (unrolling needs it)');
    if (st.left.type !== 'VariableDeclaration') fail('loops with an existing variable');
    const loop: LoopTarget = { breakLabel: `b${this.#tmp++}`, continueLabel: `n${this.#tmp++}` };
    this.#loops.push(loop);
    this.#line(`${loop.breakLabel}: {`);
    this.#indent++;
    for (const item of items) {
      const inner = new Scope(scope, scope.outer);
      this.#bindPattern(st.left.declarations[0].id, item, inner, st.left.kind !== 'const');
      this.#line(`${loop.continueLabel}: {`);
      this.#indent++;
      this.#block(st.body, inner, ret);
      this.#exited = false;
      this.#indent--;
      this.#line('}');
    }
    this.#indent--;
    this.#line('}');
    this.#loops.pop();
  }

  /** The elements of a list known at compile time: a constant array, or a fixed-size collection of the state. */
  #elementsOf(list: Abs): Abs[] | null {
    if (list.k === 'list') return [...list.items];
    if (list.k === 'const' && Array.isArray(list.v)) return list.v.map((v) => ({ k: 'const', v }) as Abs);
    if (list.k === 'const' && isIdList(list.v)) return [...(list.v as Iterable<unknown>)].map((v) => ({ k: 'const', v }) as Abs);
    if (list.k === 'node' && list.n.kind === 'array' && !this.#present(list)) return list.n.elems.map((e) => this.#child(list, e));
    return null;
  }

  #emitReturn(value: Abs, ret: ReturnTarget): void {
    if (ret.result !== null) {
      if (value.k !== 'const' || value.v !== undefined) this.#line(`${ret.result} = ${this.#code(value)};`);
      this.#line(`break ${ret.label};`);
      return;
    }
    if (this.role === 'next') {
      // a label index, not the label
      if (value.k === 'const') {
        const i = this.labels!.indexOf(value.v as string);
        this.#line(`return ${i < 0 ? 'bail()' : i};`);
      } else {
        const x = this.#etmp();
        this.#line(`return (${x} = ${this.#k(this.labels)}.indexOf(${this.#code(value)})) < 0 ? bail() : ${x};`);
      }
      return;
    }
    if (this.role === 'effect') {
      if (value.k === 'const' && value.v === undefined) this.#line('return;');
      else this.#line(`if (${this.#code(value)} !== undefined) bail(); return;`);
      return;
    }
    this.#line(`return ${this.#code(value)};`);
  }

  /**
   * Evaluates `exprs` left to right. When a later one emits statements (a helper inlined, an assignment), an
   * earlier value that reads the state is copied into a variable before them: JavaScript has evaluated it
   * by then, and the statements may change what it reads.
   */
  #inOrder(exprs: readonly any[], scope: Scope, compile: (e: any) => Abs = (e) => this.#expr(e, scope)): Abs[] {
    const out: Abs[] = [];
    const marks: number[] = [];
    for (const e of exprs) {
      marks.push(this.#lines.length);
      out.push(compile(e));
    }
    for (let i = out.length - 2; i >= 0; i--) {
      // statements emitted after out[i] was compiled: pin it at its own end
      if (this.#lines.length > marks[i + 1]!) out[i] = this.#pinAt(marks[i + 1]!, out[i]!);
    }
    return out;
  }

  /** `a` copied into a variable declared at line `at` (if it reads anything that statements could change). */
  #pinAt(at: number, a: Abs): Abs {
    const v = a.k === 'node' && isLeafNode(a.n) ? this.#leafVal(a) : a;
    if (v.k !== 'val' || /^[A-Za-z_$][\w$]*$/.test(v.code)) return v;
    const name = this.#newVar();
    this.#lines.splice(at, 0, `${'  '.repeat(this.#indent)}const ${name} = ${v.code};`);
    return { k: 'val', code: name, pure: true, ...(v.oneOf ? { oneOf: v.oneOf } : {}) };
  }

  /** A next label as its index: `c ? 'a' : 'b'` becomes `c ? 1 : 2`, a label unknown before the search is looked up. */
  #labelIndex(e: any, scope: Scope): string {
    this.#at = e;
    if (e.type === 'ConditionalExpression') {
      const test = this.#expr(e.test, scope);
      if (test.k === 'const') return this.#labelIndex(test.v ? e.consequent : e.alternate, scope);
      return `(${this.#truthy(test)} ? ${this.#labelIndex(e.consequent, scope)} : ${this.#labelIndex(e.alternate, scope)})`;
    }
    const v = this.#value(this.#expr(e, scope));
    if (v.k === 'const') {
      const i = this.labels!.indexOf(v.v as string);
      return i < 0 ? 'bail()' : String(i);
    }
    const x = this.#etmp();
    return `((${x} = ${this.#k(this.labels)}.indexOf(${this.#code(v)})) < 0 ? bail() : ${x})`;
  }

  // ---- expressions

  #exprIn(e: any, scope: Scope, _declaration = false): Abs {
    return this.#expr(e, scope);
  }

  #truthy(a0: Abs): string {
    const a = this.#value(a0);
    if (a.k === 'fn' || a.k === 'obj' || a.k === 'ctx' || a.k === 'list' || a.k === 'ctxfn') return 'true';
    if (a.k === 'node') {
      const { undef, nul } = this.#emptiness(a);
      const empty = [undef, nul].filter(Boolean);
      return empty.length ? this.#reached(a, `!(${empty.join(' || ')})`) : a.guard ? this.#reached(a, 'true') : 'true';
    }
    return this.#code(a);
  }

  #expr(e: any, scope: Scope): Abs {
    this.#at = e;
    switch (e.type) {
      case 'Literal':
        if (e.regex || typeof e.value === 'bigint') return fail('uses a regular expression or bigint');
        return { k: 'const', v: e.value };
      case 'Identifier': {
        const b = scope.lookup(e.name);
        return 'mutable' in b ? b.abs : b;
      }
      case 'ParenthesizedExpression':
        return this.#expr(e.expression, scope);
      case 'MemberExpression': {
        const obj = this.#expr(e.object, scope);
        if (e.optional) {
          // `a?.b`: null or undefined ends the whole chain with undefined; a place of the state is never either
          const v = this.#value(obj);
          if (v.k === 'const' && (v.v === null || v.v === undefined)) throw SHORT;
          if (v.k === 'node' && (v.own || v.n.kind === 'option')) return fail('uses ?. on a part of the state that may be absent');
          if (v.k === 'val') return fail('uses ?. on a value known only at run time');
        }
        const key: Abs = e.computed ? this.#expr(e.property, scope) : { k: 'const', v: e.property.name };
        return this.#member(obj, key);
      }
      case 'ChainExpression': {
        const mark = this.#lines.length;
        try {
          return this.#expr(e.expression, scope);
        } catch (x) {
          if (x !== SHORT) throw x;
          this.#lines.length = mark;
          return { k: 'const', v: undefined };
        }
      }
      case 'UnaryExpression':
        return this.#unary(e.operator, this.#expr(e.argument, scope));
      case 'BinaryExpression': {
        const [l, r] = this.#inOrder([e.left, e.right], scope);
        return this.#binary(e.operator, l!, r!);
      }
      case 'LogicalExpression':
        return this.#logical(e, scope);
      case 'ConditionalExpression': {
        const test = this.#expr(e.test, scope);
        if (test.k === 'const') return this.#expr(test.v ? e.consequent : e.alternate, scope);
        const cond = this.#truthy(test);
        const markA = this.#lines.length;
        const a = this.#expr(e.consequent, scope);
        const linesA = this.#lines.splice(markA);
        const b = this.#expr(e.alternate, scope);
        const linesB = this.#lines.splice(markA);
        if (linesA.length || linesB.length) {
          // a branch emitted statements: each runs only on its side
          const out = this.#newVar();
          this.#line(`let ${out};`);
          this.#line(`if (${cond}) {`);
          this.#lines.push(...linesA);
          this.#line(`  ${out} = ${this.#code(this.#value(a))};`);
          this.#line('} else {');
          this.#lines.push(...linesB);
          this.#line(`  ${out} = ${this.#code(this.#value(b))};`);
          this.#line('}');
          return { k: 'val', code: out, pure: true };
        }
        if (a.k === 'node' && b.k === 'node' && !isLeafNode(a.n)) return this.#choosePlace(cond, a, b);
        // a choice between two lists built in the code, of one length (`c ? [...x] : [y, null]`): a list of choices
        if (a.k === 'list' || b.k === 'list') {
          const [la, lb] = [this.#elementsOf(a), this.#elementsOf(b)].map((l) => l?.map((x) => this.#value(x)));
          const plain = (l: Abs[] | undefined): l is Abs[] => l !== undefined && l.every((x) => x.k === 'val' || x.k === 'const');
          if (plain(la) && plain(lb) && la.length === lb.length) {
            const c = this.#newVar();
            this.#line(`const ${c} = ${cond};`);
            return { k: 'list', items: la.map((x, i) => ({ k: 'val', code: `(${c} ? ${this.#code(x)} : ${this.#code(lb[i]!)})`, pure: true })) };
          }
        }
        const va = this.#value(a);
        const vb = this.#value(b);
        // the values it can take, when each side is a constant (or such a choice): `x ? 'S1' : y ? 'S0' : null`
        const options = (x: Abs) => (x.k === 'const' ? [x.v] : x.k === 'val' ? x.oneOf : undefined);
        const oa = options(va);
        const ob = options(vb);
        return { k: 'val', code: `(${cond} ? ${this.#code(va)} : ${this.#code(vb)})`, pure: isPure(test) && isPure(a) && isPure(b), ...(oa && ob ? { oneOf: [...oa, ...ob] } : {}) };
      }
      case 'ObjectExpression': {
        const fields = new Map<string, Abs>();
        const parts = this.#inOrder(e.properties, scope, (p: any) => {
          if (p.type === 'SpreadElement') return this.#expr(p.argument, scope);
          if (p.type !== 'Property' || p.computed || p.kind !== 'init') return fail('builds an object with a computed key or a getter');
          // a method is a function like an arrow (one that uses `this` is refused when it is called)
          if (p.method) return { k: 'fn', fn: parseFunctionNode(p.value, this.#src), scope } as Abs;
          return this.#value(this.#expr(p.value, scope));
        });
        e.properties.forEach((p: any, i: number) => {
          const part = parts[i]!;
          if (p.type !== 'SpreadElement') {
            fields.set(p.key.type === 'Identifier' ? p.key.name : String(p.key.value), part);
            return;
          }
          // a spread copies own fields, in order: of an object built here, or of a constant plain object
          if (part.k === 'obj') for (const [k, f] of part.fields) fields.set(k, f);
          else if (part.k === 'const' && part.v !== null && typeof part.v === 'object' && Object.getPrototypeOf(part.v) === Object.prototype && Object.getOwnPropertySymbols(part.v).length === 0) {
            for (const [k, v] of Object.entries(part.v)) fields.set(k, { k: 'const', v });
          } else if (part.k === 'const' && (part.v === null || part.v === undefined)) {
            // spreads nothing
          } else fail('spreads into an object something that is not an object it knows');
        });
        return { k: 'obj', fields };
      }
      case 'ArrayExpression': {
        const items: Abs[] = [];
        // a set of the state spread (`[...n.runqueue, null]`): its members known only at run time
        const members: { at: number; code: string }[] = [];
        for (const x of e.elements) {
          if (x === null) return fail('builds an array with holes');
          if (x.type === 'SpreadElement') {
            const arg = this.#expr(x.argument, scope);
            const spread = this.#elementsOf(arg);
            if (spread) items.push(...spread);
            else if (arg.k === 'node' && arg.n.kind === 'set' && !this.#present(arg)) {
              const t = this.#newVar();
              this.#line(`const ${t} = ${this.#k(arg.n.of.values)}.filter((_, i) => ${arg.buf}[${arg.n.slot}${arg.off} + i] === 1);`);
              members.push({ at: items.length, code: t });
            } else return fail('spreads a list not known before the search');
          } else items.push(this.#value(this.#expr(x, scope)));
        }
        if (members.length > 0) {
          const parts = items.map((x) => this.#code(x));
          for (const m of [...members].reverse()) parts.splice(m.at, 0, `...${m.code}`);
          const t = this.#newVar();
          this.#line(`const ${t} = [${parts.join(', ')}];`);
          return { k: 'val', code: t, pure: true };
        }
        if (items.every((x: Abs) => x.k === 'const')) return { k: 'const', v: Object.freeze(items.map((x: any) => x.v)) };
        return { k: 'list', items };
      }
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return { k: 'fn', fn: parseFunctionNode(e, this.#src), scope };
      case 'NewExpression': {
        // `new Set(values)`, for its size or membership: a set of plain values, as the views make it
        const ctor = this.#value(this.#expr(e.callee, scope));
        if (ctor.k !== 'const' || ctor.v !== Set || e.arguments.length > 1 || e.arguments[0]?.type === 'SpreadElement') return fail('uses a NewExpression');
        const arg = e.arguments[0] ? this.#value(this.#expr(e.arguments[0], scope)) : { k: 'const', v: undefined } as Abs;
        const t = this.#newVar();
        this.#line(`const ${t} = new Set(${this.#code(arg)});`);
        return { k: 'val', code: t, pure: true };
      }
      case 'CallExpression':
        if (e.optional) {
          const f = this.#value(this.#expr(e.callee, scope));
          if (f.k === 'const' && (f.v === null || f.v === undefined)) throw SHORT;
          if (f.k !== 'fn') return fail('uses ?.() on something it does not know');
        }
        return this.#call(e, scope);
      case 'AssignmentExpression': {
        // `x = v` as a value: the write is a statement before the enclosing expression, then v
        if (e.operator !== '=') return fail('uses a compound assignment as a value');
        // a literal (`a = b = [x, null]`) is one value both writes copy: its parts are kept before the first
        const v = this.#keepDeep(this.#value(this.#expr(e.right, scope)));
        if (v.k === 'node') return fail('uses an assignment of an object as a value');
        this.#effectStmt({ type: 'AssignmentExpression', operator: '=', left: e.left, right: { type: '__abs', abs: v } }, scope);
        return v;
      }
      case '__abs':
        return e.abs;
      case 'UpdateExpression': {
        // `--x` / `x++` as a value: read, write, then the new or the old value
        const old = this.#keep(this.#value(this.#expr(e.argument, scope)));
        if (old.k !== 'val' && old.k !== 'const') return fail('updates something that is not a number');
        const next = this.#keep(this.#binary(e.operator === '++' ? '+' : '-', old, { k: 'const', v: 1 }));
        this.#effectStmt({ type: 'AssignmentExpression', operator: '=', left: e.argument, right: { type: '__abs', abs: next } }, scope);
        return e.prefix ? next : old;
      }
      case 'SequenceExpression': {
        let last: Abs = { k: 'const', v: undefined };
        for (const x of e.expressions) last = this.#expr(x, scope);
        return last;
      }
      case 'TemplateLiteral': {
        const parts: Abs[] = e.expressions.map((x: any) => this.#value(this.#expr(x, scope)));
        if (parts.every((x) => x.k === 'const')) return { k: 'const', v: e.quasis.map((q: any, i: number) => q.value.cooked + (i < parts.length ? String((parts[i] as { v: unknown }).v) : '')).join('') };
        const code = e.quasis.map((q: any, i: number) => JSON.stringify(q.value.cooked) + (i < parts.length ? ` + String(${this.#code(parts[i]!)})` : '')).join(' + ');
        return { k: 'val', code: `(${code})`, pure: parts.every(isPure) };
      }
      default:
        return fail(`uses a ${e.type}`);
    }
  }

  /** A value that can be kept (copied): a leaf node becomes its value; a composite stays a place. */
  #value(a: Abs): Abs {
    if (a.k === 'node' && (a.n.kind === 'leaf' || (a.n.kind === 'option' && a.n.inline))) return this.#leafVal(a);
    return a;
  }

  #logical(e: any, scope: Scope): Abs {
    const left = this.#value(this.#expr(e.left, scope));
    // a function or an object is truthy (and neither null nor undefined)
    // a record of the state that is always there is truthy too
    const alwaysThere = left.k === 'node' && (left.n.kind === 'record' || left.n.kind === 'array' || left.n.kind === 'map' || left.n.kind === 'set' || left.n.kind === 'seq') && !left.own;
    // reaching it at all may depend on options and elements on the way: where they are absent, the views throw
    if (alwaysThere && left.guard) this.#line(`if (!(${left.guard})) bail();`);
    if (left.k === 'fn' || left.k === 'obj' || left.k === 'ctx' || left.k === 'list' || left.k === 'ctxfn' || alwaysThere) return e.operator === '&&' ? this.#value(this.#expr(e.right, scope)) : e.operator === '??' ? left : left;
    if (left.k === 'const') {
      const v = left.v;
      const takeRight = e.operator === '&&' ? Boolean(v) : e.operator === '||' ? !v : v === null || v === undefined;
      return takeRight ? this.#value(this.#expr(e.right, scope)) : left;
    }
    const mark = this.#lines.length;
    const right = this.#value(this.#expr(e.right, scope));
    if (this.#lines.length > mark) {
      // the right side emitted statements (an inlined helper): they run only when the left does not decide
      const lines = this.#lines.splice(mark);
      if (left.k === 'node' || right.k === 'node') return fail('uses a part of the state as a value in && or ||');
      const out = this.#newVar();
      this.#line(`let ${out} = ${this.#code(left)};`);
      const when = e.operator === '&&' ? out : e.operator === '||' ? `!${out}` : `${out} === null || ${out} === undefined`;
      this.#line(`if (${when}) {`);
      this.#lines.push(...lines);
      this.#line(`  ${out} = ${this.#code(right)};`);
      this.#line('}');
      return { k: 'val', code: out, pure: true };
    }
    if (e.operator === '??') return { k: 'val', code: `(${this.#code(left)} ?? ${this.#code(right)})`, pure: isPure(left) && isPure(right) };
    // `x && frame.locals`: a record that is always there is truthy; the result stands only for its truth
    // (`boolish`: reading through it falls back)
    if (e.operator === '&&' && right.k === 'node' && left.k === 'val' && !isLeafNode(right.n) && right.n.kind !== 'option' && !right.own) {
      return { k: 'val', code: `(${this.#code(left)} && ${this.#truthy(right)})`, pure: isPure(left), boolish: true };
    }
    const l = left.k === 'node' ? fail('uses a part of the state as a value in && or ||') : this.#code(left);
    const r = right.k === 'node' ? fail('uses a part of the state as a value in && or ||') : this.#code(right);
    return { k: 'val', code: `(${l} ${e.operator} ${r})`, pure: isPure(left) && isPure(right) };
  }

  #unary(op: string, a0: Abs): Abs {
    const a = this.#value(a0);
    if (op === '!' && (a.k === 'fn' || a.k === 'obj' || a.k === 'ctx' || a.k === 'list' || a.k === 'ctxfn')) return { k: 'const', v: false };
    if (op === '!' && a.k === 'node') return { k: 'val', code: `!${this.#truthy(a)}`, pure: true };
    if (a.k === 'const' && op === 'typeof') return { k: 'const', v: typeof a.v };
    if (a.k === 'const' && op !== 'delete' && op !== 'typeof' && typeof a.v !== 'symbol' && typeof a.v !== 'object') {
      const v = a.v as any;
      switch (op) {
        case '!':
          return { k: 'const', v: !v };
        case '-':
          return { k: 'const', v: -v };
        case '+':
          return { k: 'const', v: +v };
        case '~':
          return { k: 'const', v: ~v };
        case 'void':
          return { k: 'const', v: undefined };
      }
    }
    if (op === 'delete') return fail('deletes a property');
    if (op === 'typeof' && a.k !== 'val' && a.k !== 'const') return fail('takes the typeof of an object');
    return { k: 'val', code: `(${op === 'typeof' || op === 'void' ? `${op} ` : op}${this.#code(a)})`, pure: isPure(a) };
  }

  #binary(op: string, a0: Abs, b0: Abs): Abs {
    const a = this.#nodeOrValue(a0);
    const b = this.#nodeOrValue(b0);
    if (op === '===' || op === '!==' || op === '==' || op === '!=') {
      const eq = this.#equality(a, b, op === '==' || op === '!=');
      const negate = op.startsWith('!');
      if (eq.k === 'const') return { k: 'const', v: negate ? !eq.v : eq.v };
      return negate ? { k: 'val', code: `!${(eq as { code: string }).code}`, pure: isPure(eq) } : eq;
    }
    if (a.k === 'const' && b.k === 'const' && op !== 'in' && op !== 'instanceof') {
      // folded only when it evaluates: `id < id` throws at run time, where the views report it at its line
      try {
        return { k: 'const', v: constBinary(op, a.v, b.v) };
      } catch (e) {
        if (e instanceof Unsupported) throw e;
      }
    }
    if (op === 'in' && (a.k === 'const' || a.k === 'val') && ((b.k === 'node' && b.n.kind === 'record') || b.k === 'obj')) {
      // `k in frame.locals`: an object with the same own keys (a record view also has toJSON) and prototype answers
      const names = b.k === 'obj' ? [...b.fields.keys()] : [...(b as { n: Extract<LayoutNode, { kind: 'record' }> }).n.fields.map(([k]) => k), 'toJSON'];
      const template = Object.freeze(Object.fromEntries(names.map((k) => [k, true])));
      if (a.k === 'const') {
        try {
          return { k: 'const', v: (a.v as PropertyKey) in template };
        } catch {
          // `in` with a key that is not a property key: thrown at run time, where the views report it
        }
      }
      return { k: 'val', code: `(${this.#code(a)} in ${this.#k(template)})`, pure: isPure(a) };
    }
    if (op === 'in' || op === 'instanceof') return fail(`uses '${op}'`);
    return { k: 'val', code: `(${this.#code(a)} ${op} ${this.#code(b)})`, pure: isPure(a) && isPure(b) };
  }

  /** Keeps composite nodes (for identity-free comparisons with null/undefined); leaves become values. */
  #nodeOrValue(a: Abs): Abs {
    return a.k === 'node' && !a.own && (a.n.kind === 'leaf' || (a.n.kind === 'option' && a.n.inline)) ? this.#leafVal(a) : a;
  }

  #equality(a: Abs, b: Abs, loose: boolean): Abs {
    if (a.k === 'const' && b.k === 'const') return { k: 'const', v: loose ? a.v == b.v : a.v === b.v };
    if (b.k === 'node' || (a.k !== 'node' && a.k === 'const')) [a, b] = [b, a];
    // a sequence element of a leaf type compared with a value (not with null or undefined): its value
    const isLeaf = (x: Abs) => x.k === 'node' && (x.n.kind === 'leaf' || (x.n.kind === 'option' && x.n.inline));
    if (isLeaf(a) && !(b.k === 'const' && (b.v === null || b.v === undefined))) a = this.#leafVal(a as Extract<Abs, { k: 'node' }>);
    if (isLeaf(b)) b = this.#leafVal(b as Extract<Abs, { k: 'node' }>);
    // a composite place against null/undefined: its presence
    if (a.k === 'node') {
      if (b.k !== 'const' || (b.v !== null && b.v !== undefined)) return fail('compares a part of the state (a view) by identity');
      // an element past the length is undefined, an option null: `===` tells them apart, `==` does not
      const { undef, nul } = this.#emptiness(a);
      const conds = (loose ? [undef, nul] : [b.v === undefined ? undef : nul]).filter(Boolean);
      if (conds.length === 0) return a.guard ? { k: 'val', code: this.#reached(a, 'false'), pure: true } : { k: 'const', v: false };
      return { k: 'val', code: this.#reached(a, `(${conds.join(' || ')})`), pure: true };
    }
    if (a.k === 'val' && a.leaf && b.k === 'const' && !loose) {
      const { raw, d, opt } = a.leaf;
      // a value outside the domain is never equal: constant, unless reading the leaf may bail
      const never: Abs = raw.includes('bail(') ? { k: 'val', code: `(${raw}, false)`, pure: true } : { k: 'const', v: false };
      if (b.v === null) return opt ? { k: 'val', code: `(${raw} === 0)`, pure: true } : never;
      const i = indexIn(d, b.v);
      if (i < 0) return never;
      return { k: 'val', code: `(${raw} === ${opt ? i + 1 : i})`, pure: true };
    }
    if (a.k === 'val' && a.oneOf && a.pure && b.k === 'const' && !loose && !a.oneOf.includes(b.v)) return { k: 'const', v: false };
    if (a.k === 'val' && b.k === 'val' && a.leaf && b.leaf && a.leaf.d === b.leaf.d && a.leaf.opt === b.leaf.opt && !loose) {
      return { k: 'val', code: `(${a.leaf.raw} === ${b.leaf.raw})`, pure: true };
    }
    if (a.k === 'obj' || b.k === 'obj' || a.k === 'fn' || b.k === 'fn' || a.k === 'ctx' || b.k === 'ctx') return fail('compares an object by identity');
    return { k: 'val', code: `(${this.#code(a)} ${loose ? '==' : '==='} ${this.#code(b)})`, pure: isPure(a) && isPure(b) };
  }

  /** `cond ? placeA : placeB` over two places of one shape: the first, moved by the distance to the second. */
  #choosePlace(cond: string, a: Extract<Abs, { k: 'node' }>, b: Extract<Abs, { k: 'node' }>): Abs {
    if (a.buf !== b.buf || a.guard || a.own || b.guard || b.own) return fail('chooses between parts of the state that may be absent');
    if (shapeOf(a.n) !== shapeOf(b.n)) return fail(`chooses between ${a.n.path} and ${b.n.path}, which differ in shape`);
    const dist = slotsOf(b.n)[0]! - slotsOf(a.n)[0]!;
    return { ...a, off: ` + (${cond} ? 0${a.off} : ${dist}${b.off})` };
  }

  /** `obj[key]` or `obj.key`. */
  #member(obj: Abs, key: Abs): Abs {
    switch (obj.k) {
      case 'const': {
        if (key.k === 'const') {
          const o = obj.v as any;
          // reading a property of null throws: if the code gets here, the views run it and report that
          if (o === null || o === undefined) return { k: 'val', code: 'bail()', pure: true };
          const k = key.v as PropertyKey;
          // only data properties of frozen or plain data: a getter could do anything
          const desc = findDescriptor(o, k);
          // a getter could do anything; the exports of a module (a namespace, or the import object a bundler
          // such as vitest makes, whose getters are live bindings) are read once, like any captured constant
          if (desc && 'get' in desc && desc.get && !isModuleObject(o)) return fail(`reads the getter '${String(k)}'`);
          const v = o[k];
          // a function read from a constant object (`(0, mod.helper)(...)`, as bundlers write calls): one the compiler can read
          if (typeof v === 'function' && !isNative(v)) return this.#captured(v);
          return { k: 'const', v };
        }
        if (obj.v === null || typeof obj.v !== 'object') return fail('indexes a constant that is not an object');
        return { k: 'val', code: `${this.#k(obj.v)}[${this.#code(this.#value(key))}]`, pure: isPure(key) };
      }
      case 'list': {
        if (key.k === 'const' && key.v === 'length') return { k: 'const', v: obj.items.length };
        if (key.k === 'const' && typeof key.v === 'number') return obj.items[key.v] ?? { k: 'const', v: undefined };
        return fail('indexes a list it built with a run-time index');
      }
      case 'obj': {
        if (key.k !== 'const') {
          // a table of constants (`({ none: 'done', hole: 'alloc' })[m.src]`): a constant object
          if ([...obj.fields.values()].every((f) => f.k === 'const')) {
            const table = Object.freeze(Object.fromEntries([...obj.fields].map(([k, f]) => [k, (f as { v: unknown }).v])));
            return { k: 'val', code: `(Object.hasOwn(${this.#k(table)}, x = ${this.#code(this.#value(key))}) ? ${this.#k(table)}[x] : bail())`.replace(/\bx\b/g, this.#etmpName()), pure: isPure(key) };
          }
          return fail('indexes an object literal with a run-time key');
        }
        return obj.fields.get(String(key.v)) ?? { k: 'const', v: undefined };
      }
      case 'val':
        if (obj.boolish) return fail('reads a member of `a && part-of-the-state`');
        return { k: 'val', code: `${obj.code}[${this.#code(this.#value(key))}]`, pure: obj.pure && isPure(key) };
      case 'node':
        return this.#nodeMember(obj, key);
      case 'ctx':
        if (key.k === 'const' && key.v === 'prev') return Generator.state('c', this.root);
        // `choose: ctx.choose` (a context passed on): a function that is the context's method
        if (key.k === 'const' && (key.v === 'choose' || key.v === 'skip' || key.v === 'check')) return { k: 'ctxfn', method: key.v };
        return fail(`reads ctx.${String((key as { v?: unknown }).v)} as a value`);
      default:
        return fail('reads a property of a function');
    }
  }

  #child(parent: Extract<Abs, { k: 'node' }>, n: LayoutNode, off = parent.off): Extract<Abs, { k: 'node' }> {
    return { k: 'node', n, buf: parent.buf, off, guard: this.#present(parent), own: null, ...(parent.span ? { span: parent.span } : {}) };
  }

  /** Everything that must hold to read inside a place. */
  #present(a: { guard: string | null; own: string | null }): string | null {
    return a.guard && a.own ? `${a.guard} && ${a.own}` : (a.guard ?? a.own);
  }

  #nodeMember(a: Extract<Abs, { k: 'node' }>, key: Abs): Abs {
    this.#checkPinned(a);
    const n = a.n;
    // a non-inline option reads through to its payload (TypeScript's `!` is erased): present when the flag is set
    if (n.kind === 'option' && !n.inline) {
      const flag = `${a.buf}[${this.#slot(n.slot, a)}] !== 0`;
      const present = this.#present(a);
      const inner: Extract<Abs, { k: 'node' }> = { ...this.#child(a, n.of), guard: present ? `${present} && ${flag}` : flag };
      return this.#nodeMember(inner, key);
    }
    if (n.kind === 'record') {
      if (key.k === 'val' && key.code === 'bail()') return key;
      if (key.k !== 'const') return fail('reads a record field by a run-time name');
      const f = n.fields.find(([k]) => k === key.v);
      if (!f) return key.v === 'toJSON' ? fail('calls toJSON') : { k: 'const', v: undefined };
      return this.#child(a, f[1]);
    }
    if (n.kind === 'array' || n.kind === 'map') {
      if (key.k === 'const' && key.v === 'length' && n.kind === 'array') return { k: 'const', v: n.elems.length };
      const d: Domain | null = n.key;
      if (key.k === 'const') {
        const i = d ? indexIn(d, key.v) : typeof key.v === 'number' && Number.isInteger(key.v) && key.v >= 0 && key.v < n.elems.length ? key.v : -1;
        if (i < 0) return typeof key.v === 'string' && key.v in Array.prototype ? fail(`calls ${String(key.v)} on ${n.path}`) : { k: 'const', v: undefined };
        return this.#child(a, n.elems[i]!);
      }
      return this.#dynamicElement(a, n.elems, d, n.elems.length, key, null);
    }
    if (n.kind === 'seq') {
      const len = `${a.buf}[${this.#slot(n.slot, a)}]`;
      if (key.k === 'const') {
        if (key.v === 'length') return { k: 'val', code: this.#guarded(a, len), pure: true };
        if (key.v === 'max') return { k: 'const', v: n.max };
        if (typeof key.v === 'number' && Number.isInteger(key.v) && key.v >= 0) {
          if (key.v >= n.max) return { k: 'const', v: undefined };
          const cond = `${len} > ${key.v}`;
          return { ...this.#child(a, n.elems[key.v]!), own: cond };
        }
        return fail(`uses the sequence method or property '${String(key.v)}' as a value`);
      }
      return this.#dynamicElement(a, n.elems, null, n.max, key, len);
    }
    if (n.kind === 'set' || n.kind === 'recordSet') {
      if (key.k === 'const' && key.v === 'size') {
        const terms = Array.from({ length: setSize(n) }, (_, i) => `${a.buf}[${this.#slot(n.slot + i, a)}]`);
        return { k: 'val', code: this.#guarded(a, terms.length ? `(${terms.join(' + ')})` : '0'), pure: true };
      }
      // `r.add` as a value: a draft's set has the mutators (a function: truthy), a read view none
      if (key.k === 'const' && (key.v === 'add' || key.v === 'delete' || key.v === 'clear')) return this.#writable(a) ? { k: 'obj', fields: new Map() } : { k: 'const', v: undefined };
      return fail(`uses the set property '${String((key as { v?: unknown }).v)}' as a value`);
    }
    if (n.kind === 'leaf' || n.kind === 'option') return this.#member(this.#leafVal(a), key);
    return fail('reads a member of a value it does not know');
  }

  #guarded(a: { guard: string | null; own: string | null }, code: string): string {
    const present = this.#present(a);
    return present ? `(${present} ? ${code} : bail())` : code;
  }

  /** `xs[i]` with `i` known only at run time: elements have a common stride; out of range bails. */
  #dynamicElement(a: Extract<Abs, { k: 'node' }>, elems: readonly LayoutNode[], d: Domain | null, count: number, key: Abs, len: string | null): Abs {
    if (elems.length === 0) return { k: 'const', v: undefined };
    if (!isPure(key)) return fail('indexes the state with an expression that has effects');
    const first = slotsOf(elems[0]!);
    const stride = first.length;
    if (elems.some((e, i) => slotsOf(e)[0] !== first[0]! + i * stride)) return fail('indexes a collection whose elements are not evenly laid out');
    const k = this.#code(this.#value(key));
    let index: string;
    if (d) index = `${this.#encoderOf(d)}(${k})`;
    else {
      const x = this.#etmp();
      index = `((${x} = ${k}) >= 0 && ${x} < ${len ?? count} && (${x} | 0) === ${x} ? ${x} : bail())`;
    }
    const off = `${a.off} + ${stride === 1 ? index : `${stride} * ${index}`}`;
    // the element is one of these: their slots, for #checkPinned
    const whole = this.#range(a);
    const all = elems.flatMap((e) => slotsOf(e));
    const base = whole?.exact ? whole.lo - Math.min(...slotsOf(a.n)) : null;
    const span = base !== null ? { lo: base + Math.min(...all), hi: base + Math.max(...all) } : (a.span ?? null);
    return { ...this.#child(a, elems[0]!, off), ...(span ? { span } : {}) };
  }

  // ---- calls

  #call(e: any, scope: Scope): Abs {
    const callee = e.callee;
    const args = () => this.#inOrder(e.arguments, scope, (x: any) => (x.type === 'SpreadElement' ? fail('calls with a spread') : this.#expr(x, scope)));
    if (callee.type === 'MemberExpression' && !callee.computed) {
      const method = callee.property.name as string;
      const target = this.#expr(callee.object, scope);
      if (target.k === 'ctx') return this.#ctxCall(method, args());
      if (target.k === 'node') return this.#nodeCall(target, method, args(), scope);
      if (target.k === 'const' && target.v === Math && PURE_MATH.has(method)) {
        const xs: Abs[] = args().map((x: Abs) => this.#value(x));
        if (xs.every((x) => x.k === 'const')) return { k: 'const', v: (Math as any)[method](...xs.map((x: any) => x.v)) };
        return { k: 'val', code: `Math.${method}(${xs.map((x) => this.#code(x)).join(', ')})`, pure: xs.every(isPure) };
      }
      if (target.k === 'obj') {
        const f = target.fields.get(method);
        if (f && f.k === 'ctxfn') return this.#ctxCall(f.method, args());
        if (f && f.k === 'fn') return this.#callFunction(f, args());
        return fail(`calls the method '${method}' of an object it built`);
      }
      if (target.k === 'const' && PURE_STATICS.get(target.v)?.has(method)) {
        const xs: Abs[] = args().map((x: Abs) => this.#value(x));
        const f = (target.v as any)[method] as Function;
        if (xs.every((x) => x.k === 'const')) {
          try {
            return { k: 'const', v: f.apply(target.v, xs.map((x: any) => x.v)) };
          } catch {
            // thrown at run time, where the views report it
          }
        }
        return { k: 'val', code: `${this.#k(target.v)}.${method}(${xs.map((x) => this.#code(x)).join(', ')})`, pure: xs.every(isPure) };
      }
      if (target.k === 'const' && target.v === Object && (method === 'keys' || method === 'values' || method === 'entries')) {
        const [o] = args();
        if (o?.k === 'obj') {
          const keys = [...o.fields.keys()];
          if (method === 'keys') return { k: 'const', v: Object.freeze(keys) };
          if ([...o.fields.values()].every((f) => f.k === 'const')) {
            const vals = [...o.fields.values()].map((f) => (f as { v: unknown }).v);
            return { k: 'const', v: Object.freeze(method === 'values' ? vals : keys.map((k, i) => Object.freeze([k, vals[i]]))) };
          }
        }
        if (o?.k === 'const' && o.v !== null && typeof o.v === 'object') return { k: 'const', v: Object.freeze((Object as any)[method](o.v)) };
        return fail(`calls Object.${method} on something it does not know before the search`);
      }
      // a callback over a list known only at run time, in code that writes nothing (the writes' order in a loop is not followed)
      if (target.k === 'val' && RUNTIME_LIST_METHODS.has(method) && this.role !== 'effect') return this.#runtimeListCall(target, method, e.arguments, scope);
      if (target.k === 'val' && PURE_METHODS.has(method)) {
        const xs: Abs[] = args().map((x: Abs) => this.#value(x));
        return { k: 'val', code: `${target.code}.${method}(${xs.map((x) => this.#code(x)).join(', ')})`, pure: target.pure && xs.every(isPure) };
      }
      if (target.k === 'const' && (typeof target.v === 'string' || Array.isArray(target.v)) && PURE_METHODS.has(method)) {
        const xs: Abs[] = args().map((x: Abs) => this.#value(x));
        return { k: 'val', code: `${this.#code(target)}.${method}(${xs.map((x) => this.#code(x)).join(', ')})`, pure: xs.every(isPure) };
      }
      if (target.k === 'const' && (target.v instanceof Map || target.v instanceof Set) && (method === 'get' || method === 'has')) {
        // a constant table; the spec must not change it during the search (it would be nondeterministic)
        const k = this.#value(args()[0] ?? { k: 'const', v: undefined });
        if (k.k === 'const') return { k: 'const', v: (target.v as Map<unknown, unknown>)[method](k.v) };
        return { k: 'val', code: `${this.#k(target.v)}.${method}(${this.#code(k)})`, pure: isPure(k) };
      }
      if (target.k === 'const' && target.v !== null && typeof target.v === 'object' && !Array.isArray(target.v) && typeof (target.v as any)[method] === 'function') {
        const fn = (target.v as any)[method] as Function;
        if (isNative(fn)) return fail(`calls the built-in method '${method}'`);
        return this.#callFunction(this.#captured(fn, target.v) as Extract<Abs, { k: 'fn' }>, args());
      }
      if (target.k === 'const' && (Array.isArray(target.v) || isIdList(target.v))) {
        // the list's own method only when it is the array's: a scalarset's ids refuse position methods at run time
        if ((target.v as any)[method] !== (Array.prototype as any)[method]) return fail(`calls ${method} on a list that defines its own`);
        return this.#listCall([...(target.v as readonly unknown[])].map((v) => ({ k: 'const', v }) as Abs), target, method, e.arguments, scope);
      }
      if (target.k === 'list') return this.#listCall([...target.items], target, method, e.arguments, scope);
      return fail(`calls the method '${method}'`);
    }
    // esbuild's keepNames wraps local functions as `__name(fn, "name")`: the function itself
    if (callee.type === 'Identifier' && callee.name === '__name' && e.arguments.length === 2) return this.#expr(e.arguments[0], scope);
    const f = this.#expr(callee, scope);
    if (f.k === 'ctxfn') return this.#ctxCall(f.method, args());
    if (f.k === 'fn') return this.#callFunction(f, args());
    if (f.k === 'const' && PURE_FUNCTIONS.has(f.v)) {
      const xs: Abs[] = args().map((x: Abs) => this.#value(x));
      return { k: 'val', code: `${this.#k(f.v)}(${xs.map((x) => this.#code(x)).join(', ')})`, pure: xs.every(isPure) };
    }
    if (f.k === 'const' && typeof f.v === 'function') return fail(`calls the function '${(f.v as Function).name || '(anonymous)'}', which the compiler cannot read`);
    return fail('calls something that is not a function it knows');
  }

  #ctxCall(method: string, args: Abs[]): Abs {
    switch (method) {
      case 'skip':
        this.#line('throw SKIP;');
        this.#exited = true;
        return { k: 'const', v: undefined };
      case 'choose': {
        const list = this.#value(args[0] ?? fail('calls ctx.choose without a list'));
        const name = this.#newVar();
        this.#line(`const ${name} = ctx.choose(${this.#code(list)});`);
        return { k: 'val', code: name, pure: true };
      }
      case 'check': {
        const [p, ok, msg] = args.map((x) => this.#value(x));
        this.#line(`ctx.check(${this.#code(p!)}, ${this.#code(ok!)}${msg ? `, ${this.#code(msg)}` : ''});`);
        return { k: 'const', v: undefined };
      }
      case 'goto': {
        // a constant label only: a label computed from the state would be an enum's index here
        const label = args[0];
        if (!label || label.k !== 'const' || typeof label.v !== 'string') return fail('calls ctx.goto with a label that is not a constant');
        this.#line(`ctx.goto(${JSON.stringify(label.v)});`);
        return { k: 'const', v: undefined };
      }
      case 'call': {
        // a procedure step's ctx (checker/procedures.ts) records the call; the frame epilogue makes it
        const [procedure, locals, ret] = args.map((x) => this.#value(x));
        if (!procedure || procedure.k !== 'const' || typeof procedure.v !== 'string') return fail('calls ctx.call with a procedure that is not a constant');
        if (ret && (ret.k !== 'const' || (ret.v !== undefined && typeof ret.v !== 'string'))) return fail('calls ctx.call with a return label that is not a constant');
        if (locals && locals.k !== 'obj' && !(locals.k === 'const' && (locals.v === undefined || typeof locals.v === 'object'))) return fail('calls ctx.call with locals that are not an object literal');
        const rest = [locals ? this.#code(locals) : 'undefined', ...(ret ? [this.#code(ret)] : [])];
        this.#line(`ctx.call(${JSON.stringify(procedure.v)}, ${rest.join(', ')});`);
        return { k: 'const', v: undefined };
      }
      default:
        return fail(`calls ctx.${method}`);
    }
  }

  /** Inlines a function: its parameters bound to the arguments, its returns into a labelled block. */
  #inline(f: Extract<Abs, { k: 'fn' }>, args: Abs[]): Abs {
    if (f.fn.async || f.fn.generator) return fail('calls an async function or a generator');
    if (this.#depth >= 8) return fail('inlines helpers more than 8 deep (recursion?)');
    this.#depth++;
    const outerSrc = this.#src;
    this.#src = f.fn.source;
    const scope = new Scope(f.scope, f.scope.outer);
    f.fn.params.forEach((p, i) => this.#bindPattern(p, args[i] ?? { k: 'const', v: undefined }, scope, false));
    let result: Abs;
    const body = f.fn.body as any;
    const last = !f.fn.expression ? body.body[body.body.length - 1] : null;
    if (f.fn.expression && body.type === 'UnaryExpression' && body.operator === 'void') {
      this.#effectStmt(body.argument, scope);
      result = { k: 'const', v: undefined };
    } else if (f.fn.expression) {
      result = this.#expr(f.fn.body, scope);
    } else if (last?.type === 'ReturnStatement' && countReturns(body) === 1) {
      // the only return is the last statement: its value (a place too) is the call's, no label needed
      const inner = new Scope(scope, scope.outer);
      const loops = this.#loops;
      this.#loops = [];
      for (const st of body.body.slice(0, -1)) this.#stmt(st, inner, { label: null, result: null });
      this.#loops = loops;
      result = last.argument ? this.#expr(last.argument, inner) : { k: 'const', v: undefined };
    } else if (countReturns(body) === 0) {
      const inner = new Scope(scope, scope.outer);
      const loops = this.#loops;
      this.#loops = [];
      for (const st of body.body) this.#stmt(st, inner, { label: null, result: null });
      this.#loops = loops;
      result = { k: 'const', v: undefined };
    } else {
      const label = `r${this.#tmp++}`;
      const out = this.#newVar();
      this.#line(`let ${out};`);
      this.#line(`${label}: {`);
      this.#indent++;
      const loops = this.#loops;
      this.#loops = [];
      this.#block(f.fn.body, scope, { label, result: out });
      this.#exited = false;
      this.#loops = loops;
      this.#indent--;
      this.#line('}');
      result = { k: 'val', code: out, pure: true };
    }
    this.#depth--;
    this.#src = outerSrc;
    return result;
  }

  /** `xs.every((x) => ...)` with `xs` an array known only at run time: a loop, the callback inlined in its body. */
  #runtimeListCall(list: Extract<Abs, { k: 'val' }>, method: string, rawArgs: any[], scope: Scope): Abs {
    if (rawArgs.length !== 1 || rawArgs[0].type === 'SpreadElement') return fail(`calls ${method} with other than one callback`);
    const f = this.#expr(rawArgs[0], scope);
    if (f.k !== 'fn') return fail(`calls ${method} with a callback it cannot read`);
    const arr = this.#newVar();
    this.#line(`const ${arr} = ${list.code};`);
    this.#line(`if (!Array.isArray(${arr})) bail();`);
    const out = this.#newVar();
    const i = this.#newVar();
    const label = `l${this.#tmp++}`;
    const initial = method === 'map' || method === 'filter' ? '[]' : method === 'every' ? 'true' : method === 'some' ? 'false' : method === 'find' ? 'undefined' : '-1';
    this.#line(`let ${out} = ${initial};`);
    this.#line(`${label}: for (let ${i} = 0; ${i} < ${arr}.length; ${i}++) {`);
    this.#indent++;
    const loops = this.#loops;
    this.#loops = [];
    const elem: Abs = { k: 'val', code: `${arr}[${i}]`, pure: true };
    const r = this.#value(this.#callFunction(f, [elem, { k: 'val', code: i, pure: true }, { k: 'val', code: arr, pure: true }]));
    this.#loops = loops;
    if (method === 'map') this.#line(`${out}.push(${this.#code(r)});`);
    else {
      const t = this.#truthy(r);
      if (method === 'filter') this.#line(`if (${t}) ${out}.push(${arr}[${i}]);`);
      else if (method === 'every') this.#line(`if (!${t}) { ${out} = false; break ${label}; }`);
      else if (method === 'some') this.#line(`if (${t}) { ${out} = true; break ${label}; }`);
      else if (method === 'find') this.#line(`if (${t}) { ${out} = ${arr}[${i}]; break ${label}; }`);
      else this.#line(`if (${t}) { ${out} = ${i}; break ${label}; }`);
    }
    this.#indent--;
    this.#line('}');
    return { k: 'val', code: out, pure: true };
  }

  /** Methods of a constant array whose callbacks read the state: `procs.every((j) => ...)`. */
  /**
   * Methods of a list known element by element (a constant array, or one the code built), callbacks inlined
   * per element. every/some/find keep JavaScript's short circuit: an element's code runs only when the
   * elements before it did not decide.
   */
  #listCall(items: Abs[], list: Abs, method: string, rawArgs: any[], scope: Scope): Abs {
    const arg = (i: number) => (rawArgs[i] ? this.#expr(rawArgs[i], scope) : fail(`calls ${method} without an argument`));
    const callback = () => {
      const f = arg(0);
      return f.k === 'fn' ? f : fail(`calls ${method} with a callback it cannot read`);
    };
    const call = (f: Extract<Abs, { k: 'fn' }>, i: number) => this.#value(this.#callFunction(f, [items[i]!, { k: 'const', v: i }, list]));
    switch (method) {
      case 'includes': {
        const v = this.#value(arg(0));
        if (v.k === 'const' && items.every((x) => x.k === 'const')) return { k: 'const', v: items.some((x) => (x as { v: unknown }).v === v.v || (Number.isNaN(v.v) && Number.isNaN((x as { v: unknown }).v))) };
        return { k: 'val', code: `${this.#code(list)}.includes(${this.#code(v)})`, pure: isPure(v) };
      }
      case 'map': {
        const f = callback();
        return { k: 'list', items: items.map((_, i) => this.#keep(call(f, i))) };
      }
      case 'every':
      case 'some':
      case 'find':
      case 'findIndex': {
        const f = callback();
        const decides = (truthy: boolean) => (method === 'every' ? !truthy : truthy);
        const decided = (i: number): Abs => (method === 'every' ? { k: 'const', v: false } : method === 'some' ? { k: 'const', v: true } : method === 'find' ? this.#value(items[i]!) : { k: 'const', v: i });
        const initial: Abs = { k: 'const', v: method === 'every' ? true : method === 'some' ? false : method === 'find' ? undefined : -1 };
        // elements whose callback is a constant decide (or not) at compile time, as long as nothing ran before
        let first = 0;
        const loops = this.#loops;
        this.#loops = [];
        for (; first < items.length; first++) {
          const mark = this.#lines.length;
          const r = call(f, first);
          if (this.#lines.length !== mark || r.k !== 'const') {
            this.#lines.length = mark;
            break;
          }
          if (decides(Boolean(r.v))) {
            this.#loops = loops;
            return decided(first);
          }
        }
        if (first === items.length) {
          this.#loops = loops;
          return initial;
        }
        const out = this.#newVar();
        const label = `l${this.#tmp++}`;
        this.#line(`let ${out} = ${this.#code(initial)};`);
        this.#line(`${label}: {`);
        this.#indent++;
        for (let i = first; i < items.length; i++) {
          const r = this.#truthy(call(f, i));
          this.#line(`if (${method === 'every' ? `!${r}` : r}) { ${out} = ${this.#code(decided(i))}; break ${label}; }`);
        }
        this.#loops = loops;
        this.#indent--;
        this.#line('}');
        return { k: 'val', code: out, pure: true };
      }
      case 'filter': {
        const f = callback();
        const out = this.#newVar();
        this.#line(`const ${out} = [];`);
        items.forEach((item, i) => this.#line(`if (${this.#truthy(call(f, i))}) ${out}.push(${this.#code(this.#value(item))});`));
        return { k: 'val', code: out, pure: true };
      }
      default:
        return fail(`calls ${method} on a list`);
    }
  }

  // ---- writes

  #effectStmt(e: any, scope: Scope): void {
    if (e.type === 'UnaryExpression' && e.operator === 'void') return this.#effectStmt(e.argument, scope);
    if (e.type === 'SequenceExpression') {
      for (const x of e.expressions) this.#effectStmt(x, scope);
      return;
    }
    if (e.type === 'AssignmentExpression') return this.#assign(e, scope);
    if (e.type === 'UpdateExpression' && e.argument.type === 'Identifier') {
      return this.#assign({ type: 'AssignmentExpression', operator: e.operator === '++' ? '+=' : '-=', left: e.argument, right: { type: 'Literal', value: 1 } }, scope);
    }
    if (e.type === 'UpdateExpression') {
      const place = this.#expr(e.argument, scope);
      const one: Abs = { k: 'const', v: 1 };
      return this.#store(place, this.#binary(e.operator === '++' ? '+' : '-', place, one), e.argument, scope);
    }
    if (e.type === 'LogicalExpression' || e.type === 'ConditionalExpression') {
      // `a && b()` / `c ? f() : g()` as statements: an if
      const test = this.#value(this.#expr(e.type === 'LogicalExpression' ? e.left : e.test, scope));
      const then = e.type === 'LogicalExpression' ? e.right : e.consequent;
      const otherwise = e.type === 'LogicalExpression' ? null : e.alternate;
      if (test.k === 'const') {
        // decided at compile time: only the branch taken is compiled (the other may not even type)
        const run = e.type === 'ConditionalExpression' ? (test.v ? then : otherwise) : e.operator === '&&' ? (test.v ? then : null) : e.operator === '||' ? (test.v ? null : then) : test.v === null || test.v === undefined ? then : null;
        if (run) this.#effectStmt(run, new Scope(scope, scope.outer));
        return;
      }
      const cond = e.type === 'LogicalExpression' && e.operator !== '&&' ? (e.operator === '||' ? `!(${this.#truthy(test)})` : fail('uses ?? as a statement')) : this.#truthy(test);
      this.#line(`if (${cond}) {`);
      this.#indent++;
      this.#effectStmt(then, new Scope(scope, scope.outer));
      this.#indent--;
      if (otherwise) {
        this.#line('} else {');
        this.#indent++;
        this.#effectStmt(otherwise, new Scope(scope, scope.outer));
        this.#indent--;
      }
      this.#line('}');
      return;
    }
    const v = this.#expr(e, scope);
    if (v.k === 'val' && !v.pure) this.#line(`${v.code};`);
  }

  #assign(e: any, scope: Scope): void {
    if (e.left.type === 'Identifier') {
      const b = scope.lookup(e.left.name);
      if (!('mutable' in b) || !b.mutable) return fail(`assigns to '${e.left.name}', which is not a local variable`);
      const cur = b.abs;
      if (cur.k !== 'val') return fail(`reassigns '${e.left.name}', which holds a part of the state`);
      const rhs = this.#value(this.#expr(e.right, scope));
      const v = e.operator === '=' ? rhs : this.#binary(e.operator.slice(0, -1), cur, rhs);
      this.#line(`${cur.code} = ${this.#code(v)};`);
      return;
    }
    const place = this.#expr(e.left, scope);
    const rhs = this.#expr(e.right, scope);
    const v = e.operator === '=' ? rhs : this.#binary(e.operator.slice(0, -1), place, rhs);
    this.#store(place, v, e.left, scope);
  }

  /** Writes `v` into a place of the draft. */
  #store(place: Abs, v0: Abs, _at: unknown, _scope: Scope): void {
    if (place.k !== 'node') return fail('assigns to something that is not a part of the state');
    if (!this.#writable(place)) {
      // a write to the read-only state: the views report it
      this.#line('bail();');
      return;
    }
    const v = this.#value(v0);
    this.#write(place, v);
    if (!(place.n.kind === 'leaf' || (place.n.kind === 'option' && place.n.inline))) this.#reshape(place);
  }

  #write(place: Extract<Abs, { k: 'node' }>, v0: Abs): void {
    const n = place.n;
    // a constant record (`const NULL = { kind: 'null', m: null }`) is written field by field
    const v: Abs =
      v0.k === 'const' && v0.v !== null && typeof v0.v === 'object' && !Array.isArray(v0.v) && Object.getPrototypeOf(v0.v) === Object.prototype
        ? { k: 'obj', fields: new Map(Object.entries(v0.v).map(([k, x]) => [k, { k: 'const', v: x } as Abs])) }
        : v0;
    const present = this.#present(place);
    const pre = present ? `if (!(${present})) bail(); ` : '';
    switch (n.kind) {
      case 'leaf':
        this.#line(`${pre}d[${this.#slot(n.slot, place)}] = ${this.#encode(v, n.type, false)};`);
        return;
      case 'option': {
        if (n.inline) {
          this.#line(`${pre}d[${this.#slot(n.slot, place)}] = ${this.#encode(v, (n.of as { type: Domain }).type, true)};`);
          return;
        }
        if (v.k === 'const' && v.v === null) {
          if (pre) this.#line(pre);
          for (const s of slotsOf(n)) this.#line(`d[${this.#slot(s, place)}] = 0;`);
          return;
        }
        if (v.k === 'node') return this.#copyPlace(place, v);
        if (v.k !== 'obj') return fail(`assigns ${n.path} a value that is not an object literal or null`);
        if (pre) this.#line(pre);
        // the literal is evaluated whole before the option becomes present: `n.o = { y: n.o === null }`
        const whole = this.#evaluate(n.of, v);
        this.#line(`d[${this.#slot(n.slot, place)}] = 1;`);
        this.#write({ ...place, n: n.of, guard: null, own: null }, whole);
        return;
      }
      case 'record': {
        if (v.k === 'node') return this.#copyPlace(place, v);
        if (v.k !== 'obj') return fail(`assigns ${n.path || 'the state'} a value that is not an object literal`);
        const names = n.fields.map(([k]) => k);
        if ([...v.fields.keys()].some((k) => !names.includes(k)) || names.some((k) => !v.fields.has(k))) {
          this.#line('bail();');
          return;
        }
        if (pre) this.#line(pre);
        // values first, then writes: `s.r = { a: s.r.b, b: s.r.a }` reads both before either changes
        const vals = (this.#evaluate(n, v) as Extract<Abs, { k: 'obj' }>).fields;
        for (const [k, f] of n.fields) {
          const x = vals.get(k)!;
          const child = { ...place, n: f, guard: null, own: null };
          if (this.#encoded.has(x)) this.#line(`d[${this.#slot((f as { slot: number }).slot, place)}] = ${(x as { code: string }).code};`);
          else this.#write(child, x);
        }
        return;
      }
      case 'array': {
        if (v.k === 'node') return this.#copyPlace(place, v);
        const items = v.k === 'list' ? v.items : v.k === 'const' && Array.isArray(v.v) ? v.v.map((x) => ({ k: 'const', v: x }) as Abs) : fail(`assigns ${n.path} (an array) a value it does not know element by element`);
        if (items.length !== n.elems.length) {
          this.#line('bail();');
          return;
        }
        // every element's value first: `a = [a[1], a[0]]` reads both before either changes
        const kept = items.map((x) => this.#keep(this.#value(x)));
        if (pre) this.#line(pre);
        n.elems.forEach((e, i) => this.#write({ ...place, n: e, guard: null, own: null }, kept[i]!));
        return;
      }
      default:
        // sets and sequences change in place; whole arrays and maps: the views
        if (n.kind === 'set' || n.kind === 'recordSet' || n.kind === 'seq') this.#line('bail();');
        else fail(`assigns ${n.path} (a ${n.kind}) as a whole`);
    }
  }

  /**
   * `place = from` where `from` is a part of the state of the same shape (a record view, an option of one):
   * its slots, all read before any is written.
   */
  #copyPlace(place: Extract<Abs, { k: 'node' }>, from: Extract<Abs, { k: 'node' }>): void {
    if (shapeOf(place.n) !== shapeOf(from.n)) return fail(`assigns ${place.n.path} from ${from.n.path}, which differs in shape`);
    if (from.own) return fail(`assigns ${place.n.path} from a sequence element that may be absent`);
    const src = slotsOf(from.n);
    const dst = slotsOf(place.n);
    const present = this.#present(place);
    if (present) this.#line(`if (!(${present})) bail();`);
    const temps = src.map((slot) => {
      const t = this.#newVar();
      this.#line(`const ${t} = ${this.#guarded(from, `${from.buf}[${slot}${from.off}]`)};`);
      return t;
    });
    dst.forEach((slot, i) => this.#line(`d[${slot}${place.off}] = ${temps[i]};`));
  }

  /** Temporaries that hold a leaf's encoded value (made by #evaluate): written to their slot as they are. */
  readonly #encoded = new WeakSet<Abs>();

  /**
   * An object literal to be written at `n`, with every run-time leaf value computed into a temporary
   * first, at every depth: JavaScript evaluates the whole literal before the assignment changes anything.
   */
  #evaluate(n: LayoutNode, v: Abs): Abs {
    if (v.k !== 'obj') return v;
    const rec = n.kind === 'option' && !n.inline ? n.of : n;
    if (rec.kind !== 'record') return v;
    const fields = new Map<string, Abs>();
    for (const [k, x] of v.fields) {
      const f = rec.fields.find(([name]) => name === k)?.[1];
      if (!f || this.#encoded.has(x)) fields.set(k, x);
      else if (x.k === 'val') {
        if (!(f.kind === 'leaf' || (f.kind === 'option' && f.inline))) return fail(`assigns ${f.path} a run-time object`);
        const t = this.#newVar();
        this.#line(`const ${t} = ${this.#encode(x, f.kind === 'leaf' ? f.type : ((f as { of: { type: Domain } }).of.type), f.kind === 'option')};`);
        const temp: Abs = { k: 'val', code: t, pure: true, leaf: undefined };
        this.#encoded.add(temp);
        fields.set(k, temp);
      } else fields.set(k, this.#evaluate(f, x));
    }
    return { k: 'obj', fields };
  }

  /** Methods of sets and sequences. */
  #nodeCall(a: Extract<Abs, { k: 'node' }>, method: string, args: Abs[], _scope: Scope): Abs {
    this.#checkPinned(a);
    let n = a.n;
    if (n.kind === 'option' && !n.inline) {
      const inner = this.#nodeMember(a, { k: 'const', v: '__payload__' });
      void inner;
      return fail('calls a method through an option');
    }
    const present = this.#present(a);
    const pre = present ? `if (!(${present})) bail(); ` : '';
    if (n.kind === 'set' || n.kind === 'recordSet') {
      const set = n;
      const index = (x: Abs): string => {
        const v = this.#value(x);
        if (set.kind === 'recordSet') return this.#recordIndex(set, v);
        if (v.k === 'const') {
          const i = indexIn(set.of, v.v);
          return i < 0 ? 'bail()' : String(i);
        }
        return this.#encode(v, set.of, false);
      };
      const slotAt = (i: string) => (/^\d+$/.test(i) ? `${a.buf}[${this.#slot((n as { slot: number }).slot + Number(i), a)}]` : `${a.buf}[${this.#slot((n as { slot: number }).slot, a)} + ${i}]`);
      switch (method) {
        case 'has':
          return { k: 'val', code: this.#guarded(a, `(${slotAt(index(args[0]!))} === 1)`), pure: true };
        case 'add':
        case 'delete':
          if (!this.#writable(a)) return this.#bailing();
          this.#line(`${pre}${slotAt(index(args[0]!))} = ${method === 'add' ? 1 : 0};`);
          return { k: 'const', v: undefined };
        case 'clear':
          if (!this.#writable(a)) return this.#bailing();
          this.#line(`${pre}${Array.from({ length: setSize(n) }, (_, i) => `${slotAt(String(i))} = 0;`).join(' ')}`);
          return { k: 'const', v: undefined };
        default:
          return fail(`calls the set method '${method}'`);
      }
    }
    if (n.kind === 'seq') {
      const seq = n;
      const len = `${a.buf}[${this.#slot(seq.slot, a)}]`;
      const stride = slotsOf(seq.elems[0] ?? seq).length - (seq.elems.length ? 0 : 1);
      const base = seq.slot + 1;
      const writable = this.#writable(a);
      switch (method) {
        case 'push': {
          if (!writable) return this.#bailing();
          if (args.length !== 1) return fail('pushes several values at once');
          const v = this.#value(args[0]!);
          const at = this.#newVar();
          this.#line(`${pre}const ${at} = ${len};`);
          this.#line(`if (${at} >= ${seq.max}) bail();`);
          if (seq.max === 0) return { k: 'const', v: 0 };
          const elem = { ...this.#child(a, seq.elems[0]!, `${a.off} + ${stride === 1 ? at : `${stride} * ${at}`}`), guard: null };
          this.#write(elem, v);
          // no reshape: a push leaves the elements before it in place (a variable holding one still holds it)
          this.#line(`${len} = ${at} + 1;`);
          return { k: 'val', code: `(${at} + 1)`, pure: true };
        }
        case 'shift':
        case 'pop': {
          if (!writable) return this.#bailing();
          if (seq.max === 0) return { k: 'const', v: undefined };
          const at = this.#newVar();
          this.#line(`${pre}const ${at} = ${len};`);
          this.#line(`if (${at} === 0) bail();`);
          const index = method === 'shift' ? '0' : `${at} - 1`;
          const elem = { ...this.#child(a, seq.elems[0]!, method === 'shift' ? a.off : `${a.off} + ${stride === 1 ? `(${index})` : `${stride} * (${index})`}`), guard: null };
          const snap = this.#snapshot(elem);
          const from = `${base}${a.off}`;
          if (method === 'shift') this.#line(`d.copyWithin(${from}, ${from} + ${stride}, ${from} + ${stride} * ${at});`);
          this.#line(`d.fill(0, ${from} + ${stride} * (${at} - 1), ${from} + ${stride} * ${at});`);
          this.#line(`${len} = ${at} - 1;`);
          this.#reshape(a);
          return snap;
        }
        case 'clear':
          if (!writable) return this.#bailing();
          this.#line(`${pre}d.fill(0, ${seq.slot}${a.off}, ${seq.slot + 1 + stride * seq.max}${a.off});`);
          this.#reshape(a);
          return { k: 'const', v: undefined };
        default:
          return fail(`calls the sequence method '${method}'`);
      }
    }
    return fail(`calls the method '${method}' on ${n.path || 'the state'} (a ${n.kind})`);
  }

  /**
   * Whether a place is undefined (a sequence element past the length) or null (an option): JavaScript
   * conditions, valid where the place's guard holds.
   */
  #emptiness(a: Extract<Abs, { k: 'node' }>): { undef: string | null; nul: string | null } {
    this.#checkPinned(a);
    const n = a.n;
    // `undefined` or a value: its truthiness and `=== undefined` depend on the value too; the views answer
    if (n.kind === 'undefinedOr') return fail(`tests ${n.path}, which may be undefined`);
    const undef = a.own ? `!(${a.own})` : null;
    let nul: string | null = null;
    if (n.kind === 'option') {
      const flag = `${a.buf}[${this.#slot(n.slot, a)}] === 0`;
      nul = a.own ? `(${a.own} && ${flag})` : flag;
    }
    return { undef, nul };
  }

  /** `cond` where the place can be reached; bails where it cannot (the views then throw). */
  #reached(a: Extract<Abs, { k: 'node' }>, cond: string): string {
    return a.guard ? `(${a.guard} ? ${cond} : bail())` : cond;
  }

  #writable(a: { buf: 'c' | 'd' }): boolean {
    return this.role === 'effect' && a.buf === 'd';
  }

  #bailing(): Abs {
    this.#line('bail();');
    return { k: 'const', v: undefined };
  }

  /** The value of a place copied into variables (what a shifted element is: a plain value). */
  #snapshot(place: Extract<Abs, { k: 'node' }>): Abs {
    this.#checkPinned(place);
    const n = place.n;
    if (n.kind === 'leaf' || (n.kind === 'option' && n.inline)) return this.#keep(this.#leafVal(place));
    if (n.kind === 'record') {
      const fields = new Map<string, Abs>();
      for (const [k, f] of n.fields) fields.set(k, this.#snapshot(this.#child(place, f)));
      return { k: 'obj', fields };
    }
    return fail(`takes ${n.path} (a ${n.kind}) out of a sequence`);
  }
}


/** The return statements of a function body, not counting nested functions'. */
function countReturns(node: any): number {
  if (!node || typeof node.type !== 'string') return 0;
  if (node.type === 'ReturnStatement') return 1;
  if (node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression' || node.type === 'FunctionDeclaration') return 0;
  let n = 0;
  for (const key of Object.keys(node)) {
    const v = node[key];
    if (Array.isArray(v)) for (const x of v) n += countReturns(x);
    else if (v && typeof v === 'object' && typeof v.type === 'string') n += countReturns(v);
  }
  return n;
}

function isLeafNode(n: LayoutNode): boolean {
  return n.kind === 'leaf' || (n.kind === 'option' && n.inline);
}

const shapes = new WeakMap<LayoutNode, string>();
/** A node's type structure: two places of one shape have the same slots relative to their first. */
function shapeOf(n: LayoutNode): string {
  let s = shapes.get(n);
  if (s !== undefined) return s;
  switch (n.kind) {
    case 'leaf':
      s = `L(${describeType(n.type)})`;
      break;
    case 'option':
      s = `O${n.inline ? 'i' : ''}(${shapeOf(n.of)})`;
      break;
    case 'set':
      s = `T(${describeType(n.of)})`;
      break;
    case 'recordSet':
      s = `TR(${describeType(n.type)})`;
      break;
    case 'undefinedOr':
      s = `V(${shapeOf(n.of)})`;
      break;
    case 'union':
      s = `U(${n.tags.map((t, i) => `${t}:${n.variants[i] ? shapeOf(n.variants[i]) : ''}`).join('|')})`;
      break;
    case 'record':
      s = `R{${n.fields.map(([k, f]) => `${k}:${shapeOf(f)}`).join(',')}}`;
      break;
    case 'seq':
      s = `S${n.max}(${n.elems[0] ? shapeOf(n.elems[0]) : ''})`;
      break;
    default:
      s = `A${n.kind}${n.key ? describeType(n.key) : ''}[${n.elems.length}](${n.elems[0] ? shapeOf(n.elems[0]) : ''})`;
  }
  shapes.set(n, s);
  return s;
}

/** A module namespace, or a plain object of enumerable getters (a bundler's import object). */
function isModuleObject(o: object): boolean {
  if (Object.prototype.toString.call(o) === '[object Module]') return true;
  const proto = Object.getPrototypeOf(o);
  if (proto !== null && proto !== Object.prototype) return false;
  return Object.values(Object.getOwnPropertyDescriptors(o)).every((d) => d.enumerable);
}

/** How many bits a set has: its domain's values, or its possible records. */
function setSize(n: Extract<LayoutNode, { kind: 'set' | 'recordSet' }>): number {
  return n.kind === 'set' ? n.of.values.length : n.count;
}

function isNative(fn: Function): boolean {
  return /\{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(fn));
}

function isPure(a: Abs): boolean {
  return a.k !== 'val' || a.pure;
}

const indexIn = domainIndex;

function isIdList(v: unknown): boolean {
  return typeof v === 'object' && v !== null && Object.isFrozen(v) && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function' && 'length' in v;
}

function findDescriptor(o: object, k: PropertyKey): PropertyDescriptor | undefined {
  for (let p: object | null = Object(o); p; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, k);
    if (d) return d;
  }
  return undefined;
}

function constBinary(op: string, a: any, b: any): unknown {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    case '**':
      return a ** b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '&':
      return a & b;
    case '|':
      return a | b;
    case '^':
      return a ^ b;
    case '<<':
      return a << b;
    case '>>':
      return a >> b;
    case '>>>':
      return a >>> b;
    default:
      return fail(`uses the operator '${op}'`);
  }
}

