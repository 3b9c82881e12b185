// Random specs as source text, for the compiled-vs-interpreted differential test. Every guard, effect, next
// label and invariant is JavaScript text evaluated with `new Function`, so the compiler reads real source
// with real captured variables (a constant table, the scalarset's ids, a helper function), over random
// schemas: leaves, records, options (inline and of records), maps over int/enum/scalarset keys, arrays,
// sequences of leaves and of records, sets. Values sometimes leave their type, reads sometimes go past a
// sequence's end or through a null option: the errors must agree too.
import * as T from '../../spec/index.ts';
import { defineSpec, type Spec } from '../../spec/index.ts';

/** A small deterministic PRNG (mulberry32): the spec is a function of its seed. */
export class Rand {
  #s: number;
  constructor(seed: number) {
    this.#s = seed >>> 0;
  }
  next(): number {
    let t = (this.#s = (this.#s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<X>(xs: readonly X[]): X {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

type Dom = 'I' | 'E' | 'D'; // int(0, 1), enum a|b|c, scalarset Dev of 2
type Ty = { k: 'bool' } | { k: 'int'; lo: number; hi: number } | { k: 'enum' } | { k: 'id' } | { k: 'opt'; lo: number; hi: number };

/** Where code runs: the names it may use. */
interface Ctx {
  /** Roots to read the state from (`s`; in effects `n` and `ctx.prev`). */
  readonly reads: readonly string[];
  /** The draft, in effects. */
  readonly draft: string | null;
  /** Bound keys: the action's parameter, `self`, loop variables. */
  readonly keys: readonly { readonly name: string; readonly dom: Dom }[];
  readonly inEffect: boolean;
}

/** A leaf place of the state: `path(root, ctx)` is its expression; `write` when it can be assigned. */
interface Place {
  readonly path: (root: string, c: Ctx) => string;
  readonly ty: Ty;
  readonly write: boolean;
  /** What must hold for the place to exist (a sequence element, a record in an option): usually tested first. */
  readonly guard?: (root: string) => string;
}

interface Var {
  readonly name: string;
  readonly type: string;
  readonly places: readonly Place[];
  /** Boolean reads beyond leaf comparisons (set membership, lengths, helpers). */
  readonly conds: readonly ((root: string, c: Ctx) => string)[];
  /** Statements beyond leaf assignments (seq and set methods, whole-record writes). */
  readonly stmts: readonly ((c: Ctx) => string)[];
}

export interface RandomSpec {
  readonly seed: number;
  readonly source: string;
  readonly spec: Spec;
  /** Actions declared (process steps included), for the compiled share. */
  readonly actions: number;
}

const ENUM = ["'a'", "'b'", "'c'"];

/** `vars`: how many variables (drawn in this range); `actions`: how many plain actions. */
export function randomSpec(seed: number, size: { vars?: readonly [number, number]; actions?: readonly [number, number] } = {}): RandomSpec {
  const r = new Rand(seed);
  const intTy = (): { k: 'int'; lo: number; hi: number } => {
    const lo = r.pick([-2, -1, 1, 3]);
    return { k: 'int', lo, hi: lo + r.int(1, 2) };
  };
  const tyType = (t: Ty): string =>
    t.k === 'bool' ? 'bool' : t.k === 'int' ? `int(${t.lo}, ${t.hi})` : t.k === 'enum' ? 'E' : t.k === 'id' ? 'ref(Dev)' : `option(int(${t.lo}, ${t.hi}))`;

  /** A key of a domain: a constant, or a bound key of that domain. */
  const key = (dom: Dom, c: Ctx): string => {
    const bound = c.keys.filter((k) => k.dom === dom);
    if (bound.length && r.chance(0.6)) return r.pick(bound).name;
    if (dom === 'I' && chosen.has('i') && r.chance(0.15)) return `(${r.pick(c.reads)}.i & 1)`;
    return dom === 'I' ? r.pick(['0', '1']) : dom === 'E' ? r.pick(ENUM) : r.pick(['D[0]', 'D[1]']);
  };
  /** Index expression for a map over enum keys: `.a` or `[k]`. */
  const idx = (dom: Dom, c: Ctx): string => {
    const k = key(dom, c);
    return dom === 'E' && k.startsWith("'") && r.chance(0.5) ? `.${k.slice(1, -1)}` : `[${k}]`;
  };

  // ---- the schema
  const kinds = ['b', 'i', 'e', 'r', 'rec', 'o', 'or', 'mi', 'me', 'md', 'a', 'ar', 'q', 'qr', 'st', 'sd', 'ch', 'pr', 'rs', 'mo'];
  const chosen = new Set<string>();
  const nvars = r.int(...(size.vars ?? [2, 4]));
  while (chosen.size < nvars) chosen.add(r.pick(kinds));
  const vars: Var[] = [];
  let helper = 'const helper = (x) => x;';
  for (const k of kinds.filter((x) => chosen.has(x))) {
    const leaf = (ty: Ty): Var => ({ name: k, type: tyType(ty), places: [{ path: (root) => `${root}.${k}`, ty, write: true }], conds: [], stmts: [] });
    switch (k) {
      case 'b': {
        const v = leaf({ k: 'bool' });
        vars.push({ ...v, stmts: [(c) => `ctx.check('stepB', !(ctx.prev.b && ${c.draft}.b && ${cond(c, 0)}), 'b stayed');`] });
        break;
      }
      case 'i': {
        const t = intTy();
        const v = leaf(t);
        vars.push({
          ...v,
          conds: [(root) => `${root}.i % 2 === ${r.pick([0, 1, -1])}`, (root) => `Math.abs(${root}.i) >= ${Math.abs(t.lo)}`],
          stmts: [
            (c) => `if (${c.draft}.i < ${t.hi}) ${c.draft}.i++; else ${c.draft}.i = ${t.lo};`,
            (c) => `${c.draft}.i ${r.pick(['+=', '-='])} ${r.int(0, 1)};`,
            (c) => `{ let t = ${c.draft}.i; if (${cond(c, 0)}) t = ${t.lo}; else t = ${t.hi}; ${c.draft}.i = t; }`,
          ],
        });
        break;
      }
      case 'e':
        vars.push(leaf({ k: 'enum' }));
        break;
      case 'r':
        vars.push(leaf({ k: 'id' }));
        break;
      case 'o': {
        const t = intTy();
        const v = leaf({ k: 'opt', lo: t.lo, hi: t.hi });
        vars.push({ ...v, conds: [(root) => `(${root}.o ?? ${t.lo}) > ${r.int(t.lo, t.hi)}`], stmts: [(c) => `${c.draft}.o = ${c.draft}.o === null ? ${t.hi} : null;`, (c) => `if (${c.draft}.o !== null && ${c.draft}.o < ${t.hi}) ${c.draft}.o += 1;`] });
        break;
      }
      case 'rec': {
        const g = intTy();
        const c = r.int(g.lo, g.hi);
        helper = r.pick([`const helper = (x) => x.f || x.g === ${c};`, `function helper(x) { if (x.f) return x.g > ${c}; return !x.f && x.g !== ${c}; }`]);
        vars.push({
          name: k,
          type: `record({ f: bool, g: ${tyType(g)} })`,
          places: [
            { path: (root) => `${root}.rec.f`, ty: { k: 'bool' }, write: true },
            { path: (root) => `${root}.rec.g`, ty: g, write: true },
          ],
          conds: [(root) => `helper(${root}.rec)`],
          stmts: [
            (c) => `${c.draft}.rec = { f: ${value({ k: 'bool' }, c)}, g: ${value(g, c)} };`,
            (c) => `flip(${c.draft}.rec);`,
            (c) => `{ const { f, g } = ${r.pick(c.reads)}.rec; ${c.draft}.rec.f = ${r.pick(['!f', `g === ${g.lo}`, 'f && g > K.c'])}; }`,
          ],
        });
        break;
      }
      case 'or': {
        const x = intTy();
        vars.push({
          name: k,
          type: `option(record({ x: ${tyType(x)}, y: bool }))`,
          places: [
            { path: (root) => `${root}.or.x`, ty: x, write: true, guard: (root) => `${root}.or !== null` },
            { path: (root) => `${root}.or.y`, ty: { k: 'bool' }, write: true, guard: (root) => `${root}.or !== null` },
          ],
          conds: [(root) => `${root}.or === null`, (root) => `${root}.or !== null`, (root) => `(${root}.or !== null && ${root}.or.x === ${r.int(x.lo, x.hi)})`, (root) => `(${root}.or === null || ${root}.or.y)`],
          stmts: [(c) => `${c.draft}.or = null;`, (c) => `${c.draft}.or = { x: ${value(x, c)}, y: ${value({ k: 'bool' }, c)} };`, (c) => `if (${c.draft}.or !== null) ${c.draft}.or.x = ${value(x, c)};`, (c) => `{ const o = ${c.draft}.or; ${stmts(c, 1, 0).join(' ')} if (o !== null) o.y = !o.y; }`],
        });
        break;
      }
      case 'mi':
      case 'md':
      case 'me': {
        const dom: Dom = k === 'mi' ? 'I' : k === 'me' ? 'E' : 'D';
        const ty: Ty = k === 'me' ? { k: 'bool' } : intTy();
        vars.push({
          name: k,
          type: `mapOf(${dom === 'I' ? 'int(0, 1)' : dom === 'E' ? 'E' : 'Dev'}, ${tyType(ty)})`,
          places: [{ path: (root, c) => `${root}.${k}${idx(dom, c)}`, ty, write: true }],
          conds: [],
          stmts: [],
        });
        break;
      }
      case 'a': {
        const ty = intTy();
        vars.push({ name: k, type: `array(${tyType(ty)}, 2)`, places: [{ path: (root, c) => `${root}.a[${key('I', c)}]`, ty, write: true }], conds: [], stmts: [] });
        break;
      }
      case 'ar': {
        const g = intTy();
        vars.push({
          name: k,
          type: `array(record({ f: bool, g: ${tyType(g)} }), 2)`,
          places: [
            { path: (root, c) => `${root}.ar[${key('I', c)}].f`, ty: { k: 'bool' }, write: true },
            { path: (root, c) => `${root}.ar[${key('I', c)}].g`, ty: g, write: true },
          ],
          conds: [(root) => `K.ints.some((j) => ${root}.ar[j].f)`, (root) => `K.ints.every((j) => ${root}.ar[j].g > ${g.lo})`],
          stmts: [
            (c) => `${c.draft}.ar[0] = { f: ${c.draft}.ar[1].f, g: ${c.draft}.ar[1].g }; ${c.draft}.ar[1] = { f: ctx.prev.ar[0].f, g: ctx.prev.ar[0].g };`,
            (c) => `{ const x = ${c.draft}.ar[${key('I', c)}]; x.f = !x.f; }`,
            (c) => `{ const x = ${c.draft}.ar[${key('I', c)}]; ${stmts(c, 1, 0).join(' ')} x.g = ${value(g, c)}; n.ar[1].f = x.f; }`,
            (c) => `flip(${c.draft}.ar[${key('I', c)}]);`,
          ],
        });
        break;
      }
      case 'q': {
        const ty = intTy();
        const len: Ty = { k: 'int', lo: 0, hi: 2 };
        vars.push({
          name: k,
          type: `seq(${tyType(ty)}, 2)`,
          places: [
            { path: (root) => `${root}.q[0]`, ty, write: true, guard: (root) => `${root}.q.length > 0` },
            { path: (root, c) => `${root}.q[${key('I', c)}]`, ty, write: false },
            { path: (root) => `${root}.q.length`, ty: len, write: false },
          ],
          conds: [(root) => `${root}.q.includes(${r.int(ty.lo, ty.hi)})`, (root) => `${root}.q.length < 2`, (root) => `${root}.q.length > 0`, (root) => `${root}.q[1] === undefined`, (root) => `(${root}.q.length > 0 && ${root}.q[0] === ${r.int(ty.lo, ty.hi)})`],
          stmts: [
            (c) => `${c.draft}.q.push(${value(ty, c)});`,
            (c) => `if (${c.draft}.q.length < 2) ${c.draft}.q.push(${value(ty, c)});`,
            (c) => `${c.draft}.q.shift();`,
            (c) => `${c.draft}.q.pop();`,
            (c) => `${c.draft}.q.clear();`,
            (c) => `if (${c.draft}.q.length > 0) ${c.draft}.q[0] = ${value(ty, c)};`,
            (c) => `{ const h = ${c.draft}.q.shift(); if (h !== undefined && h > ${ty.lo}) ${c.draft}.q.push(h - 1); }`,
            (c) => `if (${c.draft}.q.length < 2) ${c.draft}.q.push(${c.draft}.q.length + ${ty.lo});`,
          ],
        });
        break;
      }
      case 'qr': {
        const t: Ty = { k: 'int', lo: 0, hi: 2 };
        vars.push({
          name: k,
          type: 'seq(record({ t: int(0, 2), ack: bool }), 2)',
          places: [
            { path: (root) => `${root}.qr[0].t`, ty: t, write: true, guard: (root) => `${root}.qr.length > 0` },
            { path: (root) => `${root}.qr[0].ack`, ty: { k: 'bool' }, write: true, guard: (root) => `${root}.qr.length > 0` },
            { path: (root) => `${root}.qr.length`, ty: t, write: false },
          ],
          conds: [(root) => `${root}.qr.length < 2`, (root) => `${root}.qr.length === 0`, (root) => `(${root}.qr.length > 0 && ${root}.qr[0].ack)`, (root) => `(${root}.qr.length === 2 && ${root}.qr[1].t > ${r.int(0, 2)})`],
          stmts: [
            (c) => `${c.draft}.qr.push({ t: ${value(t, c)}, ack: ${value({ k: 'bool' }, c)} });`,
            (c) => `if (${c.draft}.qr.length < 2) ${c.draft}.qr.push({ t: ${value(t, c)}, ack: false });`,
            (c) => `${c.draft}.qr.shift();`,
            (c) => `${c.draft}.qr.pop();`,
            (c) => `${c.draft}.qr.clear();`,
            (c) => `if (${c.draft}.qr.length > 0) ${c.draft}.qr[0].ack = ${value({ k: 'bool' }, c)};`,
            (c) => `if (${c.draft}.qr.length < 2) ${c.draft}.qr.push({ t: ${c.draft}.qr.length, ack: ${c.draft}.qr.length > 0 && ${c.draft}.qr[0].ack });`,
            (c) => `{ const m = ${c.draft}.qr[${r.pick(['0', '1'])}]; if (m !== undefined) m.ack = !m.ack; }`,
            (c) => `{ const m = ${c.draft}.qr[${r.pick(['0', '1'])}]; ${stmts(c, 1, 0).join(' ')} if (m !== undefined) { m.ack = ${value({ k: 'bool' }, c)}; if (m.t < 2) m.t += 1; } }`,
            (c) => `{ const q = ${c.draft}.qr; ${stmts(c, 1, 0).join(' ')} if (q.length > 0 && q[0].ack) q.shift(); }`,
          ],
        });
        break;
      }
      case 'ch': {
        // channels: a FIFO of records per scalarset id
        const t: Ty = { k: 'int', lo: 0, hi: 2 };
        const ch = (root: string, c: Ctx) => `${root}.ch[${key('D', c)}]`;
        vars.push({
          name: k,
          type: 'mapOf(Dev, seq(record({ t: int(0, 2), ack: bool }), 2))',
          places: [
            { path: (root, c) => `${ch(root, c)}[0].t`, ty: t, write: true, guard: (root) => `${root}.ch[D[0]].length > 0` },
            { path: (root, c) => `${ch(root, c)}.length`, ty: t, write: false },
          ],
          conds: [(root, c) => `${ch(root, c)}.length < 2`, (root, c) => `(${ch(root, c)}.length > 0 && ${ch(root, c)}[0].ack)`],
          stmts: [
            (c) => `{ const q = ${ch(c.draft!, c)}; if (q.length < 2) q.push({ t: ${value(t, c)}, ack: ${value({ k: 'bool' }, c)} }); }`,
            (c) => `${ch(c.draft!, c)}.shift();`,
            (c) => `{ const q = ${ch(c.draft!, c)}; if (q.length > 0) { const m = q[0]; m.ack = !m.ack; } }`,
            (c) => `{ const from = ${ch(c.draft!, c)}; const to = ${ch(c.draft!, c)}; if (from.length > 0 && to.length < 2) { const m = from.shift(); to.push({ t: m.t, ack: true }); } }`,
            (c) => `for (const d of D) { if (${c.draft}.ch[d].length > 0 && ${c.draft}.ch[d][0].ack) ${c.draft}.ch[d].shift(); }`,
          ],
        });
        break;
      }
      case 'pr': {
        vars.push({
          name: k,
          type: 'array(option(int(0, 2)), 2)',
          places: [{ path: (root, c) => `${root}.pr[${key('I', c)}]`, ty: { k: 'opt', lo: 0, hi: 2 }, write: true }],
          conds: [(root, c) => `${root}.pr[${key('I', c)}] === null`, (root) => `K.ints.some((j) => ${root}.pr[j] !== null)`],
          stmts: [],
        });
        break;
      }
      case 'rs': {
        const el = (c: Ctx) => key('D', c);
        vars.push({
          name: k,
          type: 'record({ s: setOf(Dev), c: int(0, 2) })',
          places: [
            { path: (root) => `${root}.rs.c`, ty: { k: 'int', lo: 0, hi: 2 }, write: true },
            { path: (root) => `${root}.rs.s.size`, ty: { k: 'int', lo: 0, hi: 2 }, write: false },
          ],
          conds: [(root, c) => `${root}.rs.s.has(${el(c)})`],
          stmts: [
            (c) => `${c.draft}.rs.s.add(${el(c)});`,
            (c) => `{ const x = ${c.draft}.rs; x.s.delete(${el(c)}); x.c = x.s.size; }`,
            (c) => `${c.draft}.rs.s.clear();`,
          ],
        });
        break;
      }
      case 'mo': {
        const slot = (root: string, c: Ctx) => `${root}.mo[${key('D', c)}]`;
        vars.push({
          name: k,
          type: 'mapOf(Dev, option(record({ v: int(0, 1) })))',
          places: [{ path: (root) => `${root}.mo[D[0]].v`, ty: { k: 'int', lo: 0, hi: 1 }, write: true, guard: (root) => `${root}.mo[D[0]] !== null` }],
          conds: [(root, c) => `${slot(root, c)} === null`, (root, c) => `(${slot(root, c)} !== null && ${slot(root, c)}.v === 1)`],
          stmts: [
            (c) => `${slot(c.draft!, c)} = ${r.pick(['null', '{ v: 0 }', '{ v: 1 }'])};`,
            (c) => `{ const o = ${slot(c.draft!, c)}; if (o !== null) o.v = 1 - o.v; }`,
            (c) => `${slot(c.draft!, c)} = ${slot(c.draft!, c)} === null ? { v: ${value({ k: 'int', lo: 0, hi: 1 }, c)} } : null;`,
          ],
        });
        break;
      }
      case 'st':
      case 'sd': {
        const dom: Dom = k === 'st' ? 'I' : 'D';
        const el = (c: Ctx) => (dom === 'I' && r.chance(0.2) ? '2' : key(dom, c));
        vars.push({
          name: k,
          type: dom === 'I' ? 'setOf(int(0, 2))' : 'setOf(Dev)',
          places: [{ path: (root) => `${root}.${k}.size`, ty: { k: 'int', lo: 0, hi: 3 }, write: false }],
          conds: [(root, c) => `${root}.${k}.has(${el(c)})`, (root, c) => `!${root}.${k}.has(${el(c)})`],
          stmts: [(c) => `${c.draft}.${k}.add(${el(c)});`, (c) => `${c.draft}.${k}.delete(${el(c)});`, (c) => `${c.draft}.${k}.clear();`],
        });
        break;
      }
    }
  }
  const places = vars.flatMap((v) => v.places);
  const sameTy = (a: Ty, b: Ty) => a.k === b.k;

  // ---- expressions
  /** A value of type `ty` (sometimes outside it, so that VALUE errors are exercised). */
  function value(ty: Ty, c: Ctx, self?: string): string {
    if (self !== undefined && r.chance(0.45)) {
      // a function of the place's own value: keeps the search moving
      if (ty.k === 'bool') return `!${self}`;
      if (ty.k === 'int') return r.chance(0.95) ? r.pick([`(${self} < ${ty.hi} ? ${self} + 1 : ${ty.lo})`, `(${self} > ${ty.lo} ? ${self} - 1 : ${ty.hi})`]) : `${self} + 1`;
      if (ty.k === 'opt') return r.pick([`(${self} === null ? ${ty.lo} : ${self} < ${ty.hi} ? ${self} + 1 : null)`, `(${self} === null ? ${ty.hi} : null)`, `${self} + 1`]);
      if (ty.k === 'enum') return `(${self} === 'a' ? 'b' : ${self} === 'b' ? 'c' : 'a')`;
      return `(${self} === D[0] ? D[1] : D[0])`;
    }
    const reads = places.filter((p) => sameTy(p.ty, ty) || (ty.k === 'int' && p.ty.k === 'opt') || (ty.k === 'opt' && p.ty.k === 'int'));
    const read = () => {
      const p = r.pick(reads);
      const root = r.pick(c.reads);
      return p.guard && r.chance(0.95) ? `(${p.guard(root)} ? ${p.path(root, c)} : ${constant(ty)})` : p.path(root, c);
    };
    const roll = r.next();
    if (reads.length && roll < 0.3) {
      if (ty.k === 'int' && r.chance(0.7)) {
        const x = read();
        return r.pick([`(${x} < ${ty.hi} ? ${x} + 1 : ${ty.lo})`, `(${x} > ${ty.lo} ? ${x} - 1 : ${ty.hi})`]);
      }
      if ((ty.k === 'int' || ty.k === 'opt') && r.chance(0.15)) return r.pick([`${read()} + 1`, `${read()} - 1`, `Math.max(${read()}, ${ty.lo})`, `Math.min(${read()} + K.c, ${ty.hi})`]);
      if (ty.k === 'bool' && r.chance(0.5)) return `!${read()}`;
      return read();
    }
    if (roll < 0.4 && c.inEffect) {
      const alts = [...new Set([constant(ty), constant(ty), constant(ty)])];
      // a choice under a condition: only evaluated when the condition lets JavaScript reach it
      if (r.chance(0.25)) return `(${cond(c, 0)} ? ctx.choose([${alts.join(', ')}]) : ${constant(ty)})`;
      if (ty.k === 'bool' && r.chance(0.3)) return `(${cond(c, 0)} ${r.pick(['&&', '||'])} ctx.choose([true, false]))`;
      return r.chance(0.5) ? `ctx.choose([${alts.join(', ')}])` : `(() => { const v = ctx.choose([${alts.join(', ')}]); return v; })()`;
    }
    if (roll < 0.55) {
      const k = c.keys.find((x) => (x.dom === 'E' && ty.k === 'enum') || (x.dom === 'D' && ty.k === 'id') || (x.dom === 'I' && (ty.k === 'int' || ty.k === 'opt')));
      if (k) return k.name;
    }
    if (roll < 0.65 && ty.k === 'bool') return cond(c, 1);
    return constant(ty);
  }
  function constant(ty: Ty): string {
    switch (ty.k) {
      case 'bool':
        return r.pick(['true', 'false']);
      case 'int':
        return String(r.chance(0.02) ? ty.hi + 1 : r.int(ty.lo, ty.hi));
      case 'opt':
        return r.chance(0.3) ? 'null' : String(r.chance(0.02) ? ty.lo - 1 : r.int(ty.lo, ty.hi));
      case 'enum':
        return r.pick(ENUM);
      case 'id':
        return r.pick(['D[0]', 'D[1]']);
    }
  }
  /** A boolean condition. */
  function cond(c: Ctx, depth: number): string {
    const roll = r.next();
    if (depth > 0 && roll < 0.2) return `(${cond(c, depth - 1)} ${r.pick(['&&', '||'])} ${cond(c, depth - 1)})`;
    if (depth > 0 && roll < 0.25) return `!(${cond(c, depth - 1)})`;
    const root = r.pick(c.reads);
    const extra = vars.flatMap((v) => v.conds);
    if (extra.length && roll < 0.45) return r.pick(extra)(root, c);
    const p = r.pick(places);
    const x = p.path(root, c);
    if (p.guard && r.chance(0.95)) {
      const g = p.guard(root);
      return `(${g} && ${leafCond(p, x, c, root)})`;
    }
    return leafCond(p, x, c, root);
  }
  function leafCond(p: Place, x: string, c: Ctx, root: string): string {
    const other = places.filter((q) => q !== p && !q.guard && sameTy(q.ty, p.ty));
    if (other.length && r.chance(0.2)) return `${x} ${r.pick(['===', '!=='])} ${r.pick(other).path(root, c)}`;
    switch (p.ty.k) {
      case 'bool':
        return r.pick([x, `!${x}`, `${x} === true`]);
      case 'int':
        return `${x} ${r.pick(['===', '!==', '<', '<=', '>'])} ${r.chance(0.2) ? 'K.c' : r.int(p.ty.lo - (r.chance(0.1) ? 1 : 0), p.ty.hi)}`;
      case 'opt':
        return r.pick([`${x} === null`, `${x} !== null`, `${x} === ${r.int(p.ty.lo, p.ty.hi)}`, `${x} >= ${p.ty.lo}`]);
      case 'enum':
        return `${x} ${r.pick(['===', '!=='])} ${key('E', c)}`;
      case 'id':
        return `${x} ${r.pick(['===', '!=='])} ${key('D', c)}`;
    }
  }
  /** Statements of an effect. */
  function stmts(c: Ctx, n: number, depth: number, mover = false): string[] {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      // a mover: its first statement assigns a place a function of itself, or changes a collection
      const roll = mover && i === 0 ? 0.3 + r.next() * 0.7 : r.next();
      const writable = places.filter((p) => p.write);
      const extra = vars.flatMap((v) => v.stmts);
      if (depth > 0 && roll < 0.12) {
        out.push(`if (${cond(c, 1)}) { ${stmts(c, r.int(1, 2), depth - 1).join(' ')} }${r.chance(0.5) ? ` else { ${stmts(c, 1, depth - 1).join(' ')} }` : ''}`);
      } else if (roll < 0.18) {
        out.push(`if (${cond(c, 0)}) return ctx.skip();`);
      } else if (depth > 0 && roll < 0.28) {
        const [list, dom] = r.pick([['K.ints', 'I'], ['K.enums', 'E'], ['D', 'D']] as const);
        const j = `j${depth}`;
        const inner: Ctx = { ...c, keys: [...c.keys, { name: j, dom }] };
        out.push(`for (const ${j} of ${list}) { ${stmts(inner, 1, depth - 1).join(' ')} }`);
      } else if (roll < 0.5 && extra.length) {
        out.push(r.pick(extra)(c));
      } else if (writable.length) {
        const p = r.pick(writable);
        const place = p.path(c.draft!, c);
        const write = `${place} = ${value(p.ty, c, place)};`;
        out.push(p.guard && r.chance(0.95) ? `if (${p.guard(c.draft!)}) ${write}` : write);
      }
    }
    return out;
  }

  // ---- actions, processes, invariants
  const paramOf = (): { decl: string; keys: { name: string; dom: Dom }[] } => {
    const dom = r.pick([null, null, 'I', 'E', 'D'] as const);
    if (!dom) return { decl: '', keys: [] };
    return { decl: `{ p: ${dom === 'I' ? 'int(0, 1)' : dom === 'E' ? 'E' : 'Dev'} }, `, keys: [{ name: 'p', dom }] };
  };
  const guardCtx = (keys: Ctx['keys']): Ctx => ({ reads: ['s'], draft: null, keys, inEffect: false });
  const effectCtx = (keys: Ctx['keys']): Ctx => ({ reads: ['n', 'n', 'ctx.prev'], draft: 'n', keys, inEffect: true });
  const argsPattern = (keys: Ctx['keys']) => (keys.length ? `{ ${keys.map((k) => k.name).join(', ')} }` : '_a');
  const lines: string[] = [];
  let actions = 0;
  const nActions = r.int(...(size.actions ?? [2, 5]));
  for (let i = 0; i < nActions; i++) {
    const { decl, keys } = paramOf();
    const guardBody = () => (r.chance(0.2) ? `{ if (${cond(guardCtx(keys), 0)}) return ${cond(guardCtx(keys), 0)}; return ${cond(guardCtx(keys), 1)}; }` : cond(guardCtx(keys), r.int(0, 2)));
    const guard = i > 0 && r.chance(0.8) ? `when: (s, ${argsPattern(keys)}) => ${guardBody()}, ` : '';
    const body = stmts(effectCtx(keys), r.int(1, 4), 2, i === 0).join(' ');
    lines.push(`.action('a${i}', ${decl}{ ${guard}effect: (n, ${argsPattern(keys)}, ctx) => { ${body} } })`);
    actions++;
  }
  if (r.chance(0.4)) {
    const over = r.chance(0.5);
    const keys: Ctx['keys'] = over ? [{ name: 'self', dom: 'D' }] : [];
    const pat = over ? '{ self }' : '_a';
    const step = (label: string, next: string) => {
      const guard = r.chance(0.6) ? `when: (s, ${pat}) => ${cond(guardCtx(keys), 1)}, ` : '';
      return `${label}: { ${guard}effect: (n, ${pat}, ctx) => { ${stmts(effectCtx(keys), r.int(1, 2), 1).join(' ')} }, next: ${next} }`;
    };
    const nc: Ctx = { reads: ['n', 'prev'], draft: null, keys, inEffect: false };
    const nextFn = r.chance(0.3)
      ? `(n, ${pat}, prev) => { if (${cond(nc, 0)}) return 'l1'; return ${cond(nc, 0)} ? 'l0' : 'done'; }`
      : `(n, ${pat}, prev) => (${cond(nc, 1)} ? 'l0' : ${r.pick(["'done'", "'l1'"])})`;
    lines.push(`.process('P', ${over ? 'Dev, ' : ''}{ ${step('l0', "'l1'")}, ${step('l1', nextFn)} })`);
    actions += 2;
  }
  const nInv = r.int(0, 2);
  for (let i = 0; i < nInv; i++) lines.push(`.invariant('inv${i}', (s) => ${r.chance(0.7) ? `${cond(guardCtx([]), 1)} || ${cond(guardCtx([]), 1)} || ${cond(guardCtx([]), 1)}` : `!(${cond(guardCtx([]), 1)} && ${cond(guardCtx([]), 1)})`})`);
  const initPlaces = places.filter((x) => x.write && !x.guard);
  if (initPlaces.length && r.chance(0.3)) {
    const p = r.pick(initPlaces);
    lines.push(`.init((s, { choose }) => { ${p.path('s', guardCtx([]))} = choose([${constant(p.ty)}, ${constant(p.ty)}]); })`);
  }
  lines.push(`.checkDeadlock(${r.chance(0.5)})`);

  const source = [
    'const { model, bool, int, enumOf, scalarset, ref, option, record, mapOf, setOf, array, seq } = T;',
    "const Dev = scalarset('Dev', 2);",
    'const D = Dev.values;',
    "const E = enumOf('a', 'b', 'c');",
    `const K = { ints: [0, 1], enums: ['a', 'b', 'c'], c: ${r.int(0, 2)} };`,
    helper,
    r.pick(['const flip = (x) => { x.f = !x.f; };', 'function flip(x) { if (x.f) { x.f = false; return; } x.f = true; }']),
    `return model({ ${vars.map((v) => `${v.name}: ${v.type}`).join(', ')} })`,
    ...lines.map((l) => `  ${l}`),
    ';',
  ].join('\n');
  const spec = defineSpec({ name: `random${seed}` }, () => new Function('T', source)(T));
  return { seed, source, spec, actions };
}
