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
import { domainIndex, type Domain } from '../../spec/types.ts';
import { slotsOf, type LayoutNode } from '../layout.ts';
import { bail } from '../signals.ts';
import { capturedValues } from './closure.ts';
import { parseFunction, parseFunctionNode, type Fn } from './parse.ts';

/** Why a function cannot be compiled. */
export class Unsupported extends Error {}

const fail = (why: string): never => {
  throw new Unsupported(why);
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
  | { readonly k: 'val'; readonly code: string; readonly pure: boolean; readonly leaf?: Leaf }
  | { readonly k: 'const'; readonly v: unknown }
  /**
   * a place in the state: `off` is added to every slot; `guard` must hold to reach it (the options and
   * sequence elements on the way exist), else the code bails; `own` is when the place itself exists (a
   * sequence element within the length: else it reads as undefined)
   */
  | { readonly k: 'node'; readonly n: LayoutNode; readonly buf: 'c' | 'd'; readonly off: string; readonly guard: string | null; readonly own: string | null }
  /** an object built in the code (a literal, or a snapshot of a record), field by field */
  | { readonly k: 'obj'; readonly fields: ReadonlyMap<string, Abs> }
  | { readonly k: 'ctx' }
  | { readonly k: 'fn'; readonly fn: Fn; readonly scope: Scope };

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

const GLOBALS: Record<string, unknown> = { Math, Number, String, Boolean, Object, Array, JSON, undefined, NaN, Infinity, isNaN, isFinite };
const PURE_MATH = new Set(['max', 'min', 'abs', 'floor', 'ceil', 'trunc', 'sign', 'round']);

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
  #indent = 1;
  /** Whole assignments and sequence changes in the draft so far, in program order, by slot range (null: unknown). */
  readonly #reshaped: ({ lo: number; hi: number } | null)[] = [];
  /** Composite parts of the draft bound to variables: how many reshapes preceded the binding, and their slots. */
  readonly #pinned = new WeakMap<Abs, { at: number; range: { lo: number; hi: number } | null }>();

  constructor(
    readonly root: Extract<LayoutNode, { kind: 'record' }>,
    readonly role: Role,
    /** The labels of the process (for `next`), to return label indices. */
    readonly labels: readonly string[] | null,
  ) {}

  /** Compiles `fn` with its parameters bound to `params` (abstract values). */
  generate(fn: Function, params: readonly Abs[]): Generated {
    const parsed = parseFunction(fn);
    const scope = this.#scopeFor(parsed, fn);
    this.#bindParams(parsed, params, scope);
    const target: ReturnTarget = { label: null, result: null };
    const body = parsed.body as any;
    if (parsed.expression && body.type === 'UnaryExpression' && body.operator === 'void') {
      this.#effectStmt(body.argument, scope);
      this.#emitReturn({ k: 'const', v: undefined }, target);
    } else if (parsed.expression) this.#emitReturn(this.#expr(parsed.body, scope), target);
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

  #captured(v: unknown): Abs {
    if (typeof v === 'function') {
      const parsed = parseFunction(v as Function);
      return { k: 'fn', fn: parsed, scope: this.#scopeFor(parsed, v as Function) };
    }
    return { k: 'const', v };
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
      return { k: 'val', code: name, pure: true };
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

  /** The slots of a place when its offset is known here (null: somewhere in its collection). */
  #range(a: Extract<Abs, { k: 'node' }>): { lo: number; hi: number } | null {
    if (!/^( \+ \d+)*$/.test(a.off)) return null;
    const base = a.off.split(' + ').slice(1).reduce((x, y) => x + Number(y), 0);
    const slots = slotsOf(a.n);
    if (slots.length === 0) return null;
    return { lo: base + Math.min(...slots), hi: base + Math.max(...slots) };
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
      const covers = r === null || q === null || (r.lo <= q.lo && q.hi <= r.hi);
      const self = r !== null && q !== null && r.lo === q.lo && r.hi === q.hi;
      if (covers && !(inPlace && self)) fail(`uses ${a.n.path || 'the state'}, held in a variable, after an assignment or a sequence change replaced it`);
    }
  }

  /** The user value of a raw leaf. */
  #decode(leaf: Leaf): string {
    const { raw, d, opt } = leaf;
    const dec = (r: string) => {
      switch (d.kind) {
        case 'bool':
          return `(${r} === 1)`;
        case 'int':
          return d.lo === 0 ? r : `(${r} + ${d.lo})`;
        default:
          return `${this.#k(d.values)}[${r}]`;
      }
    };
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
    const dec = (r: string) => {
      switch (d.kind) {
        case 'bool':
          return `(${r} === 1)`;
        case 'int':
          return d.lo === 0 ? r : `(${r} + ${d.lo})`;
        default:
          return `${this.#k(d.values)}[${r}]`;
      }
    };
    let code: string;
    if (opt) {
      const x = this.#etmp();
      code = `((${x} = ${raw}) === 0 ? null : ${dec(`${x} - 1`)})`;
    } else code = dec(raw);
    return { k: 'val', code, pure: true, leaf: { raw, d, opt } };
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
    for (const st of body.type === 'BlockStatement' ? body.body : [body]) this.#stmt(st, inner, ret);
  }

  #stmt(st: any, scope: Scope, ret: ReturnTarget): void {
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
        this.#block(st.consequent, scope, ret);
        this.#indent--;
        if (st.alternate) {
          this.#line('} else {');
          this.#indent++;
          this.#block(st.alternate, scope, ret);
          this.#indent--;
        }
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
        return;
      }
      case 'ThrowStatement':
        // a spec's own throw: the views run the branch and report it with its line
        this.#line('bail();');
        return;
      case 'FunctionDeclaration':
        scope.vars.set(st.id.name, { abs: { k: 'fn', fn: parseFunctionNode(st), scope }, mutable: false });
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
      this.#indent--;
      this.#line('}');
    }
    this.#indent--;
    this.#line('}');
    this.#loops.pop();
  }

  /** The elements of a list known at compile time: a constant array, or a fixed-size collection of the state. */
  #elementsOf(list: Abs): Abs[] | null {
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

  // ---- expressions

  #exprIn(e: any, scope: Scope, _declaration = false): Abs {
    return this.#expr(e, scope);
  }

  #truthy(a0: Abs): string {
    const a = this.#value(a0);
    if (a.k === 'node') {
      const { undef, nul } = this.#emptiness(a);
      const empty = [undef, nul].filter(Boolean);
      return empty.length ? this.#reached(a, `!(${empty.join(' || ')})`) : a.guard ? this.#reached(a, 'true') : 'true';
    }
    return this.#code(a);
  }

  #expr(e: any, scope: Scope): Abs {
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
        const key: Abs = e.computed ? this.#expr(e.property, scope) : { k: 'const', v: e.property.name };
        if (e.optional) return fail('uses ?. (optional chaining)');
        return this.#member(obj, key);
      }
      case 'ChainExpression':
        return fail('uses ?. (optional chaining)');
      case 'UnaryExpression':
        return this.#unary(e.operator, this.#expr(e.argument, scope));
      case 'BinaryExpression':
        return this.#binary(e.operator, this.#expr(e.left, scope), this.#expr(e.right, scope));
      case 'LogicalExpression':
        return this.#logical(e, scope);
      case 'ConditionalExpression': {
        const test = this.#expr(e.test, scope);
        if (test.k === 'const') return this.#expr(test.v ? e.consequent : e.alternate, scope);
        const a = this.#capture(() => this.#expr(e.consequent, scope));
        const b = this.#capture(() => this.#expr(e.alternate, scope));
        if (a.lines.length || b.lines.length) {
          // a branch has statements: only the branch taken runs them, after the test
          const t = this.#newVar();
          const result = this.#newVar();
          this.#line(`const ${t} = ${this.#truthy(test)};`);
          this.#line(`let ${result};`);
          this.#line(`if (${t}) {`);
          for (const x of a.lines) this.#lines.push(`  ${x}`);
          this.#line(`  ${result} = ${this.#code(this.#value(a.value))};`);
          this.#line('} else {');
          for (const x of b.lines) this.#lines.push(`  ${x}`);
          this.#line(`  ${result} = ${this.#code(this.#value(b.value))};`);
          this.#line('}');
          return { k: 'val', code: result, pure: true };
        }
        return { k: 'val', code: `(${this.#truthy(test)} ? ${this.#code(a.value)} : ${this.#code(b.value)})`, pure: isPure(test) && isPure(a.value) && isPure(b.value) };
      }
      case 'ObjectExpression': {
        const fields = new Map<string, Abs>();
        for (const p of e.properties) {
          if (p.type !== 'Property' || p.computed || p.kind !== 'init' || p.method) return fail('builds an object with a spread, a computed key or a method');
          const key = p.key.type === 'Identifier' ? p.key.name : String(p.key.value);
          fields.set(key, this.#value(this.#expr(p.value, scope)));
        }
        return { k: 'obj', fields };
      }
      case 'ArrayExpression': {
        const items = e.elements.map((x: any) => (x === null || x.type === 'SpreadElement' ? fail('builds an array with holes or a spread') : this.#value(this.#expr(x, scope))));
        if (items.every((x: Abs) => x.k === 'const')) return { k: 'const', v: Object.freeze(items.map((x: any) => x.v)) };
        return { k: 'val', code: `[${items.map((x: Abs) => this.#code(x)).join(', ')}]`, pure: false };
      }
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return { k: 'fn', fn: parseFunctionNode(e), scope };
      case 'CallExpression':
        if (e.optional) return fail('uses ?. (optional call)');
        return this.#call(e, scope);
      case 'AssignmentExpression':
      case 'UpdateExpression':
        return fail('assigns inside an expression');
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
    if (left.k === 'const') {
      const v = left.v;
      const takeRight = e.operator === '&&' ? Boolean(v) : e.operator === '||' ? !v : v === null || v === undefined;
      return takeRight ? this.#value(this.#expr(e.right, scope)) : left;
    }
    const { value: right, lines } = this.#capture(() => this.#value(this.#expr(e.right, scope)));
    if (lines.length) {
      // the right side has statements (a choice, an inlined helper, a sequence change): they run only when
      // JavaScript evaluates it, after the left side
      const l = left.k === 'node' ? fail('uses a part of the state as a value in && or ||') : this.#code(left);
      const tl = this.#newVar();
      const result = this.#newVar();
      this.#line(`const ${tl} = ${l};`);
      this.#line(`let ${result} = ${tl};`);
      this.#line(`if (${e.operator === '&&' ? tl : e.operator === '||' ? `!${tl}` : `${tl} === null || ${tl} === undefined`}) {`);
      for (const x of lines) this.#lines.push(`  ${x}`);
      this.#line(`  ${result} = ${right.k === 'node' ? fail('uses a part of the state as a value in && or ||') : this.#code(right)};`);
      this.#line('}');
      return { k: 'val', code: result, pure: true };
    }
    if (e.operator === '??') return { k: 'val', code: `(${this.#code(left)} ?? ${this.#code(right)})`, pure: isPure(left) && isPure(right) };
    // a node is truthy when present: `q[0] && q[0].ts`
    const l = left.k === 'node' ? fail('uses a part of the state as a value in && or ||') : this.#code(left);
    const r = right.k === 'node' ? fail('uses a part of the state as a value in && or ||') : this.#code(right);
    return { k: 'val', code: `(${l} ${e.operator} ${r})`, pure: isPure(left) && isPure(right) };
  }

  #unary(op: string, a0: Abs): Abs {
    const a = this.#value(a0);
    if (op === '!' && a.k === 'node') return { k: 'val', code: `!${this.#truthy(a)}`, pure: true };
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
      if (b.v === null) return opt ? { k: 'val', code: `(${raw} === 0)`, pure: true } : { k: 'val', code: `(${raw}, false)`, pure: true };
      const i = indexIn(d, b.v);
      if (i < 0) return { k: 'val', code: `(${raw}, false)`, pure: true };
      return { k: 'val', code: `(${raw} === ${opt ? i + 1 : i})`, pure: true };
    }
    if (a.k === 'val' && b.k === 'val' && a.leaf && b.leaf && a.leaf.d === b.leaf.d && a.leaf.opt === b.leaf.opt && !loose) {
      return { k: 'val', code: `(${a.leaf.raw} === ${b.leaf.raw})`, pure: true };
    }
    if (a.k === 'obj' || b.k === 'obj' || a.k === 'fn' || b.k === 'fn' || a.k === 'ctx' || b.k === 'ctx') return fail('compares an object by identity');
    return { k: 'val', code: `(${this.#code(a)} ${loose ? '==' : '==='} ${this.#code(b)})`, pure: isPure(a) && isPure(b) };
  }

  /** `obj[key]` or `obj.key`. */
  #member(obj: Abs, key: Abs): Abs {
    switch (obj.k) {
      case 'const': {
        if (key.k === 'const') {
          const o = obj.v as any;
          if (o === null || o === undefined) return fail('reads a property of null or undefined');
          const k = key.v as PropertyKey;
          // only data properties of frozen or plain data: a getter could do anything
          const desc = findDescriptor(o, k);
          if (desc && 'get' in desc && desc.get) return fail(`reads the getter '${String(k)}'`);
          return { k: 'const', v: o[k] };
        }
        if (obj.v === null || typeof obj.v !== 'object') return fail('indexes a constant that is not an object');
        return { k: 'val', code: `${this.#k(obj.v)}[${this.#code(this.#value(key))}]`, pure: isPure(key) };
      }
      case 'obj': {
        if (key.k !== 'const') return fail('indexes an object literal with a run-time key');
        return obj.fields.get(String(key.v)) ?? { k: 'const', v: undefined };
      }
      case 'val':
        return { k: 'val', code: `${obj.code}[${this.#code(this.#value(key))}]`, pure: obj.pure && isPure(key) };
      case 'node':
        return this.#nodeMember(obj, key);
      case 'ctx':
        if (key.k === 'const' && key.v === 'prev') return Generator.state('c', this.root);
        return fail(`reads ctx.${String((key as { v?: unknown }).v)} as a value`);
      default:
        return fail('reads a property of a function');
    }
  }

  #child(parent: Extract<Abs, { k: 'node' }>, n: LayoutNode, off = parent.off): Extract<Abs, { k: 'node' }> {
    return { k: 'node', n, buf: parent.buf, off, guard: this.#present(parent), own: null };
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
    if (n.kind === 'set') {
      if (key.k === 'const' && key.v === 'size') {
        const terms = n.of.values.map((_, i) => `${a.buf}[${this.#slot(n.slot + i, a)}]`);
        return { k: 'val', code: this.#guarded(a, terms.length ? `(${terms.join(' + ')})` : '0'), pure: true };
      }
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
    return this.#child(a, elems[0]!, off);
  }

  // ---- calls

  #call(e: any, scope: Scope): Abs {
    const callee = e.callee;
    const args = () => e.arguments.map((x: any) => (x.type === 'SpreadElement' ? fail('calls with a spread') : this.#expr(x, scope)));
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
      if (target.k === 'const' && (Array.isArray(target.v) || isIdList(target.v))) {
        // the list's own method only when it is the array's: a scalarset's ids refuse position methods at run time
        if ((target.v as any)[method] !== (Array.prototype as any)[method]) return fail(`calls ${method} on a list that defines its own`);
        return this.#constListCall(target.v as readonly unknown[], method, e.arguments, scope);
      }
      return fail(`calls the method '${method}'`);
    }
    const f = this.#expr(callee, scope);
    if (f.k === 'fn') return this.#inline(f, args());
    if (f.k === 'const' && typeof f.v === 'function') return fail(`calls the function '${(f.v as Function).name || '(anonymous)'}', which the compiler cannot read`);
    return fail('calls something that is not a function it knows');
  }

  #ctxCall(method: string, args: Abs[]): Abs {
    switch (method) {
      case 'skip':
        this.#line('throw SKIP;');
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
      default:
        return fail(`calls ctx.${method}`);
    }
  }

  /** Inlines a function: its parameters bound to the arguments, its returns into a labelled block. */
  #inline(f: Extract<Abs, { k: 'fn' }>, args: Abs[]): Abs {
    if (f.fn.async || f.fn.generator) return fail('calls an async function or a generator');
    if (this.#depth >= 8) return fail('inlines helpers more than 8 deep (recursion?)');
    this.#depth++;
    const scope = new Scope(f.scope, f.scope.outer);
    f.fn.params.forEach((p, i) => this.#bindPattern(p, args[i] ?? { k: 'const', v: undefined }, scope, false));
    let result: Abs;
    if (f.fn.expression) {
      result = this.#value(this.#expr(f.fn.body, scope));
    } else {
      const label = `r${this.#tmp++}`;
      const out = this.#newVar();
      this.#line(`let ${out};`);
      this.#line(`${label}: {`);
      this.#indent++;
      const loops = this.#loops;
      this.#loops = [];
      this.#block(f.fn.body, scope, { label, result: out });
      this.#loops = loops;
      this.#indent--;
      this.#line('}');
      result = { k: 'val', code: out, pure: true };
    }
    this.#depth--;
    return result;
  }

  /** Methods of a constant array whose callbacks read the state: `procs.every((j) => ...)`. */
  #constListCall(list: readonly unknown[], method: string, rawArgs: any[], scope: Scope): Abs {
    const items = [...list];
    const arg = (i: number) => (rawArgs[i] ? this.#expr(rawArgs[i], scope) : fail(`calls ${method} without an argument`));
    const each = (f: Abs) => (f.k === 'fn' ? items.map((x, i) => this.#value(this.#inline(f, [{ k: 'const', v: x }, { k: 'const', v: i }, { k: 'const', v: list }]))) : fail(`calls ${method} with a callback it cannot read`));
    switch (method) {
      case 'includes': {
        const v = this.#value(arg(0));
        if (v.k === 'const') return { k: 'const', v: items.includes(v.v) };
        return { k: 'val', code: `${this.#k(Object.freeze(items))}.includes(${this.#code(v)})`, pure: isPure(v) };
      }
      case 'every':
      case 'some': {
        const rs = each(arg(0));
        const op = method === 'every' ? '&&' : '||';
        if (rs.length === 0) return { k: 'const', v: method === 'every' };
        return { k: 'val', code: `(${rs.map((r) => `!!${this.#code(r)}`).join(` ${op} `)})`, pure: false };
      }
      case 'find':
      case 'findIndex': {
        const rs = each(arg(0));
        let code = method === 'find' ? 'undefined' : '-1';
        for (let i = rs.length - 1; i >= 0; i--) code = `(${this.#code(rs[i]!)} ? ${method === 'find' ? this.#code({ k: 'const', v: items[i] }) : i} : ${code})`;
        return { k: 'val', code, pure: false };
      }
      case 'filter': {
        const rs = each(arg(0));
        return { k: 'val', code: `${this.#k(Object.freeze(items))}.filter((_, i) => [${rs.map((r) => `!!${this.#code(r)}`).join(', ')}][i])`, pure: false };
      }
      default:
        return fail(`calls ${method} on a constant list`);
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
      const test = this.#expr(e.type === 'LogicalExpression' ? e.left : e.test, scope);
      const then = e.type === 'LogicalExpression' ? e.right : e.consequent;
      const otherwise = e.type === 'LogicalExpression' ? null : e.alternate;
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

  #write(place: Extract<Abs, { k: 'node' }>, v: Abs): void {
    const n = place.n;
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
        if (v.k !== 'obj') return fail(`assigns ${n.path} a value that is not an object literal or null`);
        if (pre) this.#line(pre);
        // the literal is evaluated whole before the option becomes present: `n.o = { y: n.o === null }`
        const whole = this.#evaluate(n.of, v);
        this.#line(`d[${this.#slot(n.slot, place)}] = 1;`);
        this.#write({ ...place, n: n.of, guard: null, own: null }, whole);
        return;
      }
      case 'record': {
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
      default:
        // sets and sequences change in place; whole arrays and maps: the views
        if (n.kind === 'set' || n.kind === 'seq') this.#line('bail();');
        else fail(`assigns ${n.path} (a ${n.kind}) as a whole`);
    }
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
    if (n.kind === 'set') {
      const index = (x: Abs): string => {
        const v = this.#value(x);
        if (v.k === 'const') {
          const i = indexIn(n.of as Domain, v.v);
          return i < 0 ? 'bail()' : String(i);
        }
        return this.#encode(v, (n as { of: Domain }).of, false);
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
          this.#line(`${pre}${n.of.values.map((_, i) => `${slotAt(String(i))} = 0;`).join(' ')}`);
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

