// Every type nests in every container. fast-check generates random schemas (each type inside each
// collection, records, options, tagged unions and sets of records at any depth, small enough that state
// spaces stay tiny) and random actions that read and write random paths through them; the engine, which
// runs the actions on read views and drafts over packed slots, must agree exactly with the naive reference search
// (naiveSearch.ts), which runs the same actions on plain values. Every generated value also makes
// the round trip through the layout and through the views.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { Explorer } from '../../checker/Explorer.ts';
import { layoutOf, readValue, writeValue } from '../../checker/layout.ts';
import { instantiate } from '../../checker/loadSpec.ts';
import { draftView, readView } from '../../checker/views.ts';
import { array, bool, defineSpec, enumOf, int, mapOf, model, option, record, scalarset, seq, setOf, union, orUndefined } from '../../spec/index.ts';
import type { Domain, Element, RecordType, Schema, Type, Variants } from '../../spec/index.ts';
import { naiveSearch, type Verdict } from './naiveSearch.ts';

// ---------------------------------------------------------------------------------------------
// Random schemas

const Id = scalarset('Id', 2);
const domains: readonly Domain[] = [bool, int(0, 1), int(1, 2), enumOf('p', 'q'), Id];
const domainArb = fc.constantFrom(...domains);
const leafArb: fc.Arbitrary<Type> = fc.oneof(domainArb, fc.constant(int(0, 2)), fc.constant(enumOf('a', 'b', 'c')));

/** A set of records over two domains (a TLB of `{ a, b }` entries). */
const recordSetArb: fc.Arbitrary<Type> = fc.tuple(domainArb, domainArb).map(([a, b]) => setOf(record({ a, b })));
/** A tagged union of up to three variants: tags alone, leaves, records of leaves, options of leaves (no set or sequence). */
const unionArb = (inner: fc.Arbitrary<Type>): fc.Arbitrary<Type> =>
  fc
    .array(fc.oneof(fc.constant(null), leafArb, inner.filter((t) => !changesInPlace(t))), { minLength: 1, maxLength: 3 })
    .map((vs) => union(Object.fromEntries(vs.map((v, i) => [`v${i}`, v]))));
const changesInPlace = (t: Type): boolean => JSON.stringify(t, (_, x) => (x?.kind === 'set' || x?.kind === 'seq' ? 'IN_PLACE' : x)).includes('IN_PLACE');

/** A type of nesting depth at most `depth`; options never directly inside options (refused by `option`). */
const typeArb = (depth: number, underOption = false): fc.Arbitrary<Type> => {
  if (depth === 0) return fc.oneof(leafArb, domainArb.map((d) => setOf(d)), recordSetArb);
  const inner = (u = false) => typeArb(depth - 1, u);
  const composite: fc.Arbitrary<Type>[] = [
    inner().map((t) => array(t, 2)),
    inner().map((t) => array(t, 1)),
    fc.tuple(domainArb, inner()).map(([k, t]) => mapOf(k, t)),
    domainArb.map((d) => setOf(d)),
    fc.array(inner(), { minLength: 0, maxLength: 2 }).map((ts) => record(Object.fromEntries(ts.map((t, i) => [`f${i}`, t])))),
    fc.tuple(inner(), fc.integer({ min: 0, max: 2 })).map(([t, n]) => seq(t, n)),
    recordSetArb,
    unionArb(inner()),
  ];
  if (!underOption) composite.push(inner(true).map((t) => option(t)));
  composite.push(inner().filter((t) => t.kind !== 'undefinedOr').map((t) => orUndefined(t)));
  return fc.oneof({ weight: 1, arbitrary: leafArb }, ...composite.map((arbitrary) => ({ weight: 2, arbitrary })));
};

/** One or two variables; the second is sometimes of the first's type, so whole values can be copied. */
const schemaArb: fc.Arbitrary<Schema> = fc
  .tuple(typeArb(3), fc.option(typeArb(2), { nil: null }), fc.boolean())
  .map(([a, b, same]): Schema => (same ? { x: a, y: a } : b ? { x: a, y: b } : { x: a }));

// ---------------------------------------------------------------------------------------------
// Values: a plain value of a type, and a canonical form that reads views and plain values alike

const valueArb = (t: Type): fc.Arbitrary<unknown> => {
  switch (t.kind) {
    case 'bool':
    case 'int':
    case 'enum':
    case 'scalarset':
      return fc.constantFrom(...(t.values as unknown[]));
    case 'option':
      return fc.option(valueArb(t.of), { nil: null });
    case 'undefinedOr':
      return fc.option(valueArb(t.of), { nil: undefined });
    case 'array':
      return fc.tuple(...Array.from({ length: t.length }, () => valueArb(t.of)));
    case 'map':
      return fc.tuple(...t.key.values.map(() => valueArb(t.of))).map((vs) => Object.fromEntries(t.key.values.map((k: unknown, i: number) => [keyOf(k), vs[i]])));
    case 'set':
      return fc.subarray(elementsOf(t.of));
    case 'union': {
      const variants = Object.entries(t.variants as Variants);
      return fc.constantFrom(...variants).chain(([tag, vt]) => (vt ? valueArb(vt).map((value) => ({ tag, value })) : fc.constant({ tag })));
    }
    case 'record': {
      const fields = Object.entries(t.fields as Record<string, Type>);
      return fc.tuple(...fields.map(([, f]) => valueArb(f))).map((vs) => Object.fromEntries(fields.map(([k], i) => [k, vs[i]])));
    }
    case 'seq':
      return fc.array(valueArb(t.of), { maxLength: t.max });
  }
};

/** Every possible element of a set, in its bit order (records: the last field varies fastest). */
function elementsOf(of: Element): unknown[] {
  if (of.kind !== 'record') return [...(of.values as unknown[])];
  let out: Record<string, unknown>[] = [{}];
  for (const [k, d] of Object.entries(of.fields)) out = out.flatMap((r) => (d.values as unknown[]).map((v) => ({ ...r, [k]: v })));
  return out;
}

/** Equality of set elements: ids and leaves by identity, records field by field. */
const sameElement = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, x]) => (b as Record<string, unknown>)[k] === x));

/** The property key of a map entry: ids (symbols) are their own keys. */
const keyOf = (k: unknown): PropertyKey => (typeof k === 'symbol' ? k : String(k));

/** A structure equal for equal values, whether `v` is a plain value, a read view or a draft. */
function canon(t: Type, v: any): unknown {
  switch (t.kind) {
    case 'bool':
    case 'int':
    case 'enum':
      return v;
    case 'scalarset':
      return [...t.values].indexOf(v);
    case 'option':
      return v === null ? null : { some: canon(t.of, v) };
    case 'undefinedOr':
      return v === undefined ? 'undefined' : { defined: canon(t.of, v) };
    case 'array':
      return Array.from({ length: t.length }, (_, i) => canon(t.of, v[i]));
    case 'seq':
      if (v.length > t.max) throw new Error(`a sequence longer than its max: ${v.length}`);
      return Array.from({ length: v.length }, (_, i) => canon(t.of, v[i]));
    case 'map':
      return t.key.values.map((k: unknown) => canon(t.of, v[k as PropertyKey]));
    case 'set':
      return elementsOf(t.of).map((k: unknown) => (Array.isArray(v) ? v.some((x) => sameElement(x, k)) : v.has(k)));
    case 'record':
      return Object.entries(t.fields as Record<string, Type>).map(([k, f]) => canon(f, v[k]));
    case 'union': {
      const vt = (t.variants as Variants)[v.tag];
      return vt ? [v.tag, canon(vt, v.value)] : [v.tag];
    }
  }
}

/** A plain copy of a value (sets inside a sequence's elements are set objects, not arrays). */
function plainOf(t: Type, v: any): unknown {
  switch (t.kind) {
    case 'option':
      return v === null ? null : plainOf(t.of, v);
    case 'undefinedOr':
      return v === undefined ? undefined : plainOf(t.of, v);
    case 'array':
    case 'seq':
      return Array.from({ length: v.length }, (_, i) => plainOf(t.of, v[i]));
    case 'map':
      return Object.fromEntries(t.key.values.map((k: unknown) => [keyOf(k), plainOf(t.of, v[k as PropertyKey])]));
    case 'set':
      return [...v];
    case 'record':
      return Object.fromEntries(Object.entries(t.fields as Record<string, Type>).map(([k, f]) => [k, plainOf(f, v[k])]));
    default:
      return v;
  }
}

// ---------------------------------------------------------------------------------------------
// Paths and actions

type Seg = { readonly k: 'field'; readonly name: string } | { readonly k: 'key'; readonly key: unknown } | { readonly k: 'index'; readonly i: number } | { readonly k: 'some' };
interface Path {
  readonly v: string;
  readonly segs: readonly Seg[];
}

/** Segments from a value of type `t` down to some value inside it (or none). */
const segsArb = (t: Type): fc.Arbitrary<Seg[]> => {
  const down: fc.Arbitrary<Seg[]>[] = [];
  const then = (seg: Seg, inner: Type) => down.push(segsArb(inner).map((rest) => [seg, ...rest]));
  switch (t.kind) {
    case 'option':
      then({ k: 'some' }, t.of);
      break;
    case 'array':
      for (let i = 0; i < t.length; i++) then({ k: 'index', i }, t.of);
      break;
    case 'seq':
      for (let i = 0; i < t.max; i++) then({ k: 'index', i }, t.of);
      break;
    case 'map':
      for (const key of t.key.values) then({ k: 'key', key }, t.of);
      break;
    case 'record':
      for (const [name, f] of Object.entries(t.fields as Record<string, Type>)) then({ k: 'field', name }, f);
      break;
    default:
  }
  const stop = fc.constant<Seg[]>([]);
  return down.length === 0 ? stop : fc.oneof(stop, ...down);
};

const pathArb = (schema: Schema): fc.Arbitrary<Path> =>
  fc.constantFrom(...Object.keys(schema)).chain((v) => segsArb(schema[v]!).map((segs) => ({ v, segs })));

function typeAt(schema: Schema, p: Path): Type {
  let t: Type = schema[p.v]!;
  for (const s of p.segs) t = s.k === 'field' ? (t as RecordType).fields[s.name]! : (t as { of: Type }).of;
  return t;
}

/**
 * The holder and key of the value at `p` (and its type), or null when the path does not reach: a
 * `null` option or an index past a sequence's end on the way. Works on views and plain values.
 */
function locate(root: any, schema: Schema, p: Path): { obj: any; key: PropertyKey } | null {
  let obj = root;
  let key: PropertyKey = p.v;
  let t: Type = schema[p.v]!;
  for (const s of p.segs) {
    const cur = obj[key];
    if (s.k === 'some') {
      if (cur === null) return null;
      t = (t as { of: Type }).of;
      continue;
    }
    if (s.k === 'index' && t.kind === 'seq' && s.i >= cur.length) return null;
    obj = cur;
    key = s.k === 'field' ? s.name : s.k === 'key' ? (s.key as PropertyKey) : s.i;
    t = s.k === 'field' ? (t as RecordType).fields[s.name]! : (t as { of: Type }).of;
  }
  return { obj, key };
}

const valueAt = (root: any, schema: Schema, p: Path): { value: unknown } | null => {
  const at = locate(root, schema, p);
  return at ? { value: at.obj[at.key] } : null;
};

type Op =
  | { readonly k: 'assign'; readonly p: Path; readonly value: unknown }
  | { readonly k: 'add' | 'delete'; readonly p: Path; readonly elem: unknown }
  | { readonly k: 'push'; readonly p: Path; readonly value: unknown }
  | { readonly k: 'pop' | 'shift' | 'clear'; readonly p: Path }
  /** Copies the value at `p` of variable `x` (of the next state, or of the previous one) into `y`. */
  | { readonly k: 'copy'; readonly p: Path; readonly fromPrev: boolean };

type Guard =
  | { readonly k: 'true' }
  | { readonly k: 'equals' | 'differs'; readonly p: Path; readonly value: unknown }
  | { readonly k: 'has'; readonly p: Path; readonly elem: unknown }
  | { readonly k: 'shorter'; readonly p: Path; readonly n: number };

interface Action {
  readonly guard: Guard;
  readonly ops: readonly Op[];
}

const opArb = (schema: Schema): fc.Arbitrary<Op> =>
  pathArb(schema).chain((p): fc.Arbitrary<Op> => {
    const t = typeAt(schema, p);
    const ops: fc.Arbitrary<Op>[] = [valueArb(t).map((value) => ({ k: 'assign' as const, p, value }))];
    if (t.kind === 'set') ops.push(fc.tuple(fc.constantFrom('add' as const, 'delete' as const), fc.constantFrom(...elementsOf(t.of))).map(([k, elem]) => ({ k, p, elem })));
    if (t.kind === 'set' || t.kind === 'seq') ops.push(fc.constant({ k: 'clear' as const, p }));
    if (t.kind === 'seq') {
      ops.push(valueArb(t.of).map((value) => ({ k: 'push' as const, p, value })));
      ops.push(fc.constantFrom('pop' as const, 'shift' as const).map((k) => ({ k, p })));
    }
    if (schema['y'] === schema['x'] && p.v === 'x') ops.push(fc.boolean().map((fromPrev) => ({ k: 'copy' as const, p, fromPrev })));
    return fc.oneof(...ops);
  });

const guardArb = (schema: Schema): fc.Arbitrary<Guard> =>
  fc.oneof(
    fc.constant({ k: 'true' as const }),
    pathArb(schema).chain((p): fc.Arbitrary<Guard> => {
      const t = typeAt(schema, p);
      const guards: fc.Arbitrary<Guard>[] = [
        fc.tuple(fc.constantFrom('equals' as const, 'differs' as const), valueArb(t)).map(([k, value]) => ({ k, p, value })),
      ];
      if (t.kind === 'set') guards.push(fc.constantFrom(...elementsOf(t.of)).map((elem) => ({ k: 'has' as const, p, elem })));
      if (t.kind === 'seq') guards.push(fc.integer({ min: 0, max: t.max }).map((n) => ({ k: 'shorter' as const, p, n })));
      return fc.oneof(...guards);
    }),
  );

interface Case {
  readonly schema: Schema;
  readonly init: readonly Record<string, unknown>[];
  readonly actions: readonly Action[];
  /** Violated in a state where every one of these paths holds its value. */
  readonly invariant: readonly { readonly p: Path; readonly value: unknown }[] | null;
  readonly deadlock: boolean;
}

function invariantHolds(c: Case, s: any): boolean {
  return !c.invariant || !c.invariant.every((e) => holds({ k: 'equals', ...e }, s, c.schema));
}

const stateArb = (schema: Schema) =>
  fc.tuple(...Object.entries(schema).map(([, t]) => valueArb(t))).map((vs) => Object.fromEntries(Object.keys(schema).map((k, i) => [k, vs[i]])));

const caseArb: fc.Arbitrary<Case> = schemaArb.chain((schema) =>
  fc.record({
    schema: fc.constant(schema),
    init: fc.array(stateArb(schema), { minLength: 1, maxLength: 2 }),
    actions: fc.array(
      fc.record({
        guard: guardArb(schema),
        // copies come last: a copy of a view and a copy of a plain value differ only in what later writes do
        ops: fc.array(opArb(schema), { minLength: 1, maxLength: 3 }).map((ops) => [...ops.filter((o) => o.k !== 'copy'), ...ops.filter((o) => o.k === 'copy')]),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    invariant: fc.option(
      fc.array(
        pathArb(schema).chain((p) => valueArb(typeAt(schema, p)).map((value) => ({ p, value }))),
        { minLength: 1, maxLength: 2 },
      ),
      { nil: null },
    ),
    deadlock: fc.boolean(),
  }),
).map((c) => (c.init.every((x) => invariantHolds(c, x)) ? c : { ...c, invariant: null })); // violations in the initial states are common and dull

// ---------------------------------------------------------------------------------------------
// The same actions on views (the engine) and on plain values (the reference)

/** A deep copy that keeps ids (symbols), as values and as map keys; structuredClone refuses symbols. */
const clone = <T>(v: T): T => {
  if (Array.isArray(v)) return v.map(clone) as T;
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<PropertyKey, unknown>;
  return Object.fromEntries([...Object.keys(o), ...Object.getOwnPropertySymbols(o)].map((k) => [k, clone(o[k])])) as T;
};

/** Sets are arrays in plain values (kept in domain order) and set objects in views. */
function setOp(set: any, t: Type, op: 'add' | 'delete' | 'clear' | 'has', elem?: unknown): unknown {
  if (!Array.isArray(set)) return op === 'clear' ? set.clear() : set[op](elem);
  const includes = (x: unknown) => set.some((y: unknown) => sameElement(x, y));
  if (op === 'has') return includes(elem);
  const values = elementsOf((t as { of: Element }).of);
  const keep = op === 'clear' ? [] : values.filter((x) => (sameElement(x, elem) ? op === 'add' : includes(x)));
  set.splice(0, set.length, ...keep);
  return undefined;
}

function holds(g: Guard, s: any, schema: Schema): boolean {
  if (g.k === 'true') return true;
  const at = valueAt(s, schema, g.p);
  if (!at) return false;
  const t = typeAt(schema, g.p);
  switch (g.k) {
    case 'equals':
    case 'differs':
      return (JSON.stringify(canon(t, at.value)) === JSON.stringify(canon(t, g.value))) === (g.k === 'equals');
    case 'has':
      return setOp(at.value, t, 'has', g.elem) as boolean;
    case 'shorter':
      return (at.value as unknown[]).length < g.n;
  }
}

function run(op: Op, n: any, prev: any, schema: Schema): void {
  const at = locate(n, schema, op.p);
  if (!at) return;
  const t = typeAt(schema, op.p);
  const here = at.obj[at.key];
  switch (op.k) {
    case 'assign':
      put(at.obj, at.key, t, clone(op.value));
      return;
    case 'add':
    case 'delete':
      setOp(here, t, op.k, op.elem);
      return;
    case 'clear':
      if (t.kind === 'set') setOp(here, t, 'clear');
      else here.length = 0;
      return;
    case 'push':
      if (here.length < (t as { max: number }).max) here.push(clone(op.value));
      return;
    case 'pop':
    case 'shift':
      if (here.length > 0) here[op.k]();
      return;
    case 'copy': {
      const from = valueAt(op.fromPrev ? prev : n, schema, op.p);
      const to = locate(n, schema, { v: 'y', segs: op.p.segs });
      // views are assigned as they are (a draft copies them); plain values are copied
      if (from && to) put(to.obj, to.key, t, isView(from.value) ? from.value : plainOf(t, from.value));
    }
  }
}

/**
 * Writes `value` at `obj[key]`. Sets and sequences are changed in place (a draft refuses their whole
 * assignment, as their types do); anything else is assigned.
 */
function put(obj: any, key: PropertyKey, t: Type, value: any): void {
  const here = obj[key];
  if (t.kind === 'set') {
    const elems = [...(value as Iterable<unknown>)];
    setOp(here, t, 'clear');
    for (const e of elems) setOp(here, t, 'add', e);
  } else if (t.kind === 'seq') {
    const elems = [...(value as Iterable<unknown>)].map((e) => (isView(e) ? plainOf(t.of, e) : clone(e)));
    here.splice(0, here.length, ...elems);
  } else {
    obj[key] = value;
  }
}

const isView = (v: unknown) => typeof v === 'object' && v !== null && (Object.isFrozen(v) || !Object.isExtensible(v));

function naive(c: Case): Verdict {
  const stateType = record(c.schema);
  return naiveSearch<Record<string, unknown>>({
    init: c.init,
    successors: (x) =>
      c.actions.flatMap((a) => {
        if (!holds(a.guard, x, c.schema)) return [];
        const next = clone(x);
        for (const op of a.ops) run(op, next, x, c.schema);
        return [next];
      }),
    invariant: (x) => invariantHolds(c, x),
    deadlock: c.deadlock,
    key: (x) => JSON.stringify(canon(stateType, x)),
  });
}

async function engine(c: Case): Promise<Verdict> {
  const spec = defineSpec({ name: 'nesting' }, () => {
    // the schema is only known at run time: the builder is used untyped
    let m: any = (model as (vars: Schema) => any)(c.schema)
      .init((s: any, { choose }: { choose: <T>(values: readonly T[]) => T }) => {
        const x = choose(c.init);
        for (const k of Object.keys(c.schema)) put(s, k, c.schema[k]!, clone(x[k]));
      })
      .checkDeadlock(c.deadlock);
    c.actions.forEach((a, i) => {
      m = m.action(`a${i}`, {
        when: (s: any) => holds(a.guard, s, c.schema),
        effect: (n: any, _args: unknown, ctx: any) => {
          for (const op of a.ops) run(op, n, ctx.prev, c.schema);
        },
      });
    });
    if (c.invariant) m = m.invariant('inv', (s: any) => invariantHolds(c, s));
    return m;
  });
  const r = await bfs(instantiate(spec, 'nesting.ts').model);
  if (r.result === 'error') throw r.error;
  if (r.result === 'incomplete') throw new Error('incomplete');
  const base = { result: r.result, distinct: r.distinctStates, generated: r.generatedStates, depth: r.depth };
  return r.result === 'violation' ? { ...base, kind: r.violation.kind, length: r.violation.trace.length } : base;
}

// ---------------------------------------------------------------------------------------------

describe('every type nests in every container', () => {
  it('the engine agrees with the naive search on random schemas and actions (distinct, generated, depth, verdict, trace length)', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        expect(await engine(c)).toEqual(naive(c));
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });

  it('every value round-trips through the layout, a read view and a draft', () => {
    const caseValues = schemaArb.chain((schema) => fc.tuple(fc.constant(schema), stateArb(schema), stateArb(schema)));
    fc.assert(
      fc.property(caseValues, ([schema, a, b]) => {
        const layout = layoutOf(schema);
        const stateType = record(schema);
        const buf = new Int32Array(layout.slotCount);
        // layout: plain value in, the same plain value out, in both forms
        writeValue(layout.root, buf, a, 'user');
        expect(readValue(layout.root, buf, 'user')).toEqual(a);
        const json = readValue(layout.root, buf, 'json');
        const again = new Int32Array(layout.slotCount);
        writeValue(layout.root, again, json, 'json');
        expect([...again]).toEqual([...buf]);
        // a read view shows the same value
        const read = readView(layout.root, buf);
        expect(canon(stateType, read.view)).toEqual(canon(stateType, a));
        expect(JSON.parse(JSON.stringify(read.view))).toEqual(json); // views print in JSON form (ids as names)
        // a draft over b's slots: assign a variable by variable, and get a's slots exactly
        const other = new Int32Array(layout.slotCount);
        writeValue(layout.root, other, b, 'user');
        const draft = draftView(layout.root, other);
        draft.begin();
        expect(canon(stateType, draft.view)).toEqual(canon(stateType, b));
        for (const k of Object.keys(schema)) put(draft.view, k, schema[k]!, clone(a[k]));
        draft.flush();
        expect([...other]).toEqual([...buf]);
        // and a draft assigned from a read view (views are copied as values)
        const third = new Int32Array(layout.slotCount);
        const d3 = draftView(layout.root, third);
        d3.begin();
        for (const k of Object.keys(schema)) put(d3.view, k, schema[k]!, read.view[k]);
        d3.flush();
        expect([...third]).toEqual([...buf]);
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });
});

/** The successors of the (first) initial state, in user form. */
function successorsOf(vars: Schema, init: Record<string, unknown>, effects: readonly ((n: any, prev: any) => void)[]): unknown[] {
  const spec = defineSpec({ name: 'one-step' }, () => {
    let m: any = (model as (vars: Schema) => any)(vars).init((s: any) => {
      for (const [k, v] of Object.entries(init)) put(s, k, vars[k]!, v);
    });
    effects.forEach((effect, i) => (m = m.action(`e${i}`, { effect: (n: any, _: unknown, ctx: any) => effect(n, ctx.prev) })));
    return m;
  });
  const compiled = instantiate(spec, 'one-step.ts').model;
  const ex = new Explorer(compiled);
  ex.initial(() => ex.cur.set(ex.draft));
  const out: unknown[] = [];
  ex.expand(() => out.push(readValue(compiled.layout.root, ex.draft, 'user')));
  return out;
}

describe('views of nested types', () => {
  it('an optional record inside a map: 3 states, no crash (was "internal: not a composite")', async () => {
    const spec = defineSpec({ name: 'crash' }, () =>
      model({ m: mapOf(int(0, 1), option(record({ a: bool }))) })
        .action('fill', { when: (s) => s.m[0] === null, effect: (n) => void (n.m[0] = { a: false }) })
        .action('flip', { when: (s) => s.m[0] !== null, effect: (n) => void (n.m[0]!.a = !n.m[0]!.a) })
        .action('clear', { when: (s) => s.m[0] !== null && s.m[0].a, effect: (n) => void (n.m[0] = null) }),
    );
    const r = await bfs(instantiate(spec, 'crash.ts').model);
    expect(r.result).toBe('ok');
    expect(r.result !== 'error' && [r.distinctStates, r.generatedStates]).toEqual([3, 5]);
  });

  it('a view kept from before `null` was assigned writes nothing: a null option has one encoding', async () => {
    const spec = defineSpec({ name: 'stale' }, () =>
      model({ o: option(record({ a: bool })) })
        .init((s) => void (s.o = { a: false }))
        .action('drop', { when: (s) => s.o !== null, effect: (n) => void (n.o = null) })
        .action('dropAndWriteTheOldView', {
          when: (s) => s.o !== null,
          effect: (n) => {
            const r = n.o!;
            n.o = null;
            r.a = true;
          },
        })
        .checkDeadlock(false),
    );
    const r = await bfs(instantiate(spec, 'stale.ts').model);
    expect(r.result !== 'error' && r.distinctStates).toBe(2);
  });

  it('an element replaced as a whole wins over earlier edits through its old view, and is what a copy reads', () => {
    const vars = { x: array(record({ xs: array(int(0, 5), 2) }), 2), y: array(record({ xs: array(int(0, 5), 2) }), 2) };
    const zero = { x: [{ xs: [0, 0] }, { xs: [0, 0] }], y: [{ xs: [0, 0] }, { xs: [0, 0] }] };
    expect(
      successorsOf(vars, zero, [
        (n) => {
          n.x[0].xs[0] = 5;
          n.x[0] = { xs: [1, 2] };
        },
        (n) => {
          n.x[1] = { xs: [3, 4] };
          n.y = n.x;
        },
      ]),
    ).toEqual([
      { ...zero, x: [{ xs: [1, 2] }, { xs: [0, 0] }] },
      { x: [{ xs: [0, 0] }, { xs: [3, 4] }], y: [{ xs: [0, 0] }, { xs: [3, 4] }] },
    ]);
  });

  it('a map over numbers and a record holding a set are assignable from views; a set is filled from one', () => {
    const S = setOf(enumOf('p', 'q'));
    const vars = { m: mapOf(int(1, 2), bool), m2: mapOf(int(1, 2), bool), s: S, t: S, r: array(record({ s: S }), 2) };
    const init = { m: { 1: true, 2: false }, m2: { 1: false, 2: false }, s: ['q'], t: [], r: [{ s: ['p'] }, { s: [] }] };
    expect(
      successorsOf(vars, init, [
        (n, prev) => {
          n.m2 = prev.m;
          for (const e of n.s) n.t.add(e); // a set is changed in place
          n.r[1] = n.r[0];
        },
      ]),
    ).toEqual([{ ...init, m2: { 1: true, 2: false }, t: ['q'], r: [{ s: ['p'] }, { s: ['p'] }] }]);
  });

  it('a set inside a sequence is a set, in a read view and in a draft', () => {
    const vars = { q: seq(record({ s: setOf(int(0, 2)) }), 2), seen: bool };
    const init = { q: [{ s: [1] }], seen: false };
    expect(
      successorsOf(vars, init, [
        (n, prev) => {
          n.seen = prev.q[0].s.has(1) && prev.q[0].s.size === 1 && [...prev.q[0].s].join() === '1';
          n.q[0].s.add(2);
          n.q[0].s.delete(1);
        },
      ]),
    ).toEqual([{ q: [{ s: [2] }], seen: true }]);
  });

  it('refuses an option of an option (null would mean two things)', () => {
    expect(() => option(option(bool))).toThrow('option(option(...)): null would mean two things');
  });
});
