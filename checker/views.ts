// Views over a slot buffer: what user code sees as a state.
//
// Read views: records are objects with getters (named properties are fast in V8). Collections keyed
// by numbers (arrays, sequences, maps over ints or scalarsets) are frozen plain arrays/objects built
// once per state on first access: numeric accessor properties cost ~130 ns a read in V8, a frozen
// array ~1 ns, and freezing makes any write throw. `invalidate()` marks the buffer changed.
//
// Draft views: records write through range-checked setters. A numeric-keyed collection is a sealed
// plain array/object, filled on first access in a run and written back (validated) by `flush()`
// after the effect returns.
//
// One concept, several node kinds: the file is longer than most because records, keyed collections,
// sequences and sets each need a read and a draft form, and they share the generation bookkeeping.
import { describeType, type Domain } from '../spec/types.ts';
import { deepFreeze } from './deepFreeze.ts';
import { ValueError, readValue, writeValue, type LayoutNode } from './layout.ts';

/** An attempt to modify a state that is read-only. */
export class ReadOnlyStateError extends Error {
  constructor(path: string, why = 'this state is read-only; an effect writes its first argument (the next state)') {
    super(`cannot write ${path}: ${why}`);
    this.name = 'ReadOnlyStateError';
  }
}

type Buf = Int32Array;

/** A read-only view of a buffer. */
export interface ReadView {
  readonly view: any;
  /** Call after the buffer changed: collections are rebuilt on next access. */
  invalidate(): void;
  /** Call before the buffer changes: throws ReadOnlyStateError when user code wrote into a collection. */
  verify(): void;
}
/** A writable view of a buffer. */
export interface DraftView {
  readonly view: any;
  /** Call before running an effect on a fresh copy in the buffer. */
  begin(): void;
  /** Call after the effect: writes collections back, validating every value (throws ValueError). */
  flush(): void;
}

interface Touched {
  writeBack(): void;
  refill(): void;
}

interface Shared {
  gen: number;
  readonly writable: boolean;
  /** Read collections built for the current generation (the first `builtCount`): checked for tampering on invalidate. */
  readonly built: (() => void)[];
  builtCount: number;
  touchedCount: number;
  /** Draft collections touched in this run: written back by flush, refilled after a whole assignment. */
  readonly touched: Touched[];
}

/** Builds a read-only view of the whole state over `buf`. */
export function readView(root: LayoutNode, buf: Buf): ReadView {
  const shared: Shared = { gen: 0, writable: false, touched: [], built: [], builtCount: 0, touchedCount: 0 };
  return {
    view: viewOf(root, buf, shared),
    invalidate: () => {
      shared.builtCount = 0;
      shared.gen++;
    },
    verify: () => {
      const b = shared.built;
      const n = shared.builtCount;
      for (let i = 0; i < n; i++) b[i]!();
    },
  };
}

/** Builds a draft view of the whole state over `buf`. */
export function draftView(root: LayoutNode, buf: Buf): DraftView {
  const shared: Shared = { gen: 0, writable: true, touched: [], built: [], builtCount: 0, touchedCount: 0 };
  return {
    view: viewOf(root, buf, shared),
    begin: () => {
      shared.gen++;
      shared.touchedCount = 0;
    },
    flush: () => {
      const t = shared.touched;
      const n = shared.touchedCount;
      shared.touchedCount = 0;
      for (let i = 0; i < n; i++) t[i]!.writeBack();
    },
  };
}

function touch(shared: Shared, t: Touched): void {
  shared.touched[shared.touchedCount++] = t;
}

/** Decodes a value index into the value user code sees. */
function leafDecoder(d: Domain): (index: number) => unknown {
  switch (d.kind) {
    case 'bool':
      return (i) => i === 1;
    case 'int': {
      const lo = d.lo;
      return (i) => i + lo;
    }
    case 'enum': {
      const values = d.values;
      return (i) => values[i];
    }
    case 'scalarset':
      return (i) => i;
  }
}

/** Encodes a value into its index, or -1 when it is outside the domain. */
function leafEncoder(d: Domain): (v: unknown) => number {
  switch (d.kind) {
    case 'bool':
      return (v) => (v === true ? 1 : v === false ? 0 : -1);
    case 'int': {
      const { lo, hi } = d;
      return (v) => (typeof v === 'number' && v >= lo && v <= hi && Number.isInteger(v) ? v - lo : -1);
    }
    case 'enum': {
      const values = d.values as readonly unknown[];
      return (v) => values.indexOf(v);
    }
    case 'scalarset': {
      const n = d.size;
      return (v) => (typeof v === 'number' && v >= 0 && v < n && Number.isInteger(v) ? v : -1);
    }
  }
}

function describe(d: Domain): string {
  return d.kind === 'scalarset' ? `${d.name} (ids 0..${d.size - 1})` : describeType(d);
}

/** A leaf-like node (a leaf, or an option over a leaf) as a single-slot codec. */
interface SlotCodec {
  readonly slot: number;
  readonly get: () => unknown;
  /** Validates and writes; throws ValueError. */
  readonly set: (v: unknown) => void;
}

function slotCodec(node: LayoutNode, buf: Buf): SlotCodec | null {
  if (node.kind === 'leaf') {
    const { slot, path, type } = node;
    const enc = leafEncoder(type);
    let get: () => unknown;
    switch (type.kind) {
      case 'bool':
        get = () => buf[slot] === 1;
        break;
      case 'int': {
        const lo = type.lo;
        get = lo === 0 ? () => buf[slot] : () => buf[slot]! + lo;
        break;
      }
      case 'enum': {
        const values = type.values;
        get = () => values[buf[slot]!];
        break;
      }
      case 'scalarset':
        get = () => buf[slot];
        break;
    }
    const set = (v: unknown) => {
      const i = enc(v);
      if (i < 0) throw new ValueError(path, v, describe(type));
      buf[slot] = i;
    };
    return { slot, get, set };
  }
  if (node.kind === 'option' && node.inline) {
    const { slot, path } = node;
    const type = (node.of as { type: Domain }).type;
    const dec = leafDecoder(type);
    const enc = leafEncoder(type);
    return {
      slot,
      get: () => {
        const raw = buf[slot]!;
        return raw === 0 ? null : dec(raw - 1);
      },
      set: (v) => {
        if (v === null) {
          buf[slot] = 0;
          return;
        }
        const i = enc(v);
        if (i < 0) throw new ValueError(path, v, `option(${describe(type)})`);
        buf[slot] = i + 1;
      },
    };
  }
  return null;
}

const readOnly = (path: string) => () => {
  throw new ReadOnlyStateError(path);
};

/** Defines record member `key` holding `node`. */
function defineMember(obj: object, key: string, node: LayoutNode, buf: Buf, shared: Shared): void {
  const codec = slotCodec(node, buf);
  const assign = shared.writable ? (v: unknown) => writeValue(node, buf, v, 'user') : readOnly(node.path);
  if (codec) {
    Object.defineProperty(obj, key, { get: codec.get, set: shared.writable ? codec.set : readOnly(node.path), enumerable: true });
    return;
  }
  if (node.kind === 'option') {
    const child = member(node.of, buf, shared);
    const slot = node.slot;
    Object.defineProperty(obj, key, { get: () => (buf[slot] === 0 ? null : child()), set: assign, enumerable: true });
    return;
  }
  const get = member(node, buf, shared);
  // assigning a whole composite: land pending collection writes, assign, refresh collection copies
  const set = shared.writable
    ? (v: unknown) => {
        refuseWholeCollection(node);
        const t = shared.touched;
        for (let i = 0; i < shared.touchedCount; i++) t[i]!.writeBack();
        writeValue(node, buf, v, 'user');
        for (let i = 0; i < shared.touchedCount; i++) t[i]!.refill();
      }
    : assign;
  Object.defineProperty(obj, key, { get, set, enumerable: true });
}

/**
 * Sets and sequences are changed in place, never assigned whole: their draft types (`SetDraft`, `SeqDraft`) are not
 * plain arrays, so `tsc` refuses `n.s = [...]`, and the run time refuses it too.
 */
function refuseWholeCollection(node: LayoutNode): void {
  if (node.kind === 'set') throw new ReadOnlyStateError(node.path, 'a set is changed in place (add, delete, clear), not assigned');
  if (node.kind === 'seq') throw new ReadOnlyStateError(node.path, 'a sequence is changed in place (push, pop, shift, splice, clear, element writes), not assigned');
}

/** A function returning the current view of a composite node. */
function member(node: LayoutNode, buf: Buf, shared: Shared): () => unknown {
  switch (node.kind) {
    case 'record': {
      const obj = recordView(node, buf, shared);
      return () => obj;
    }
    case 'set': {
      const obj = setView(node, buf, shared);
      return () => obj;
    }
    case 'array':
    case 'map':
      return keyedView(node, buf, shared);
    case 'seq':
      return seqView(node, buf, shared);
    case 'leaf':
    case 'option':
      throw new Error('internal: not a composite');
  }
}

function recordView(node: Extract<LayoutNode, { kind: 'record' }>, buf: Buf, shared: Shared): object {
  const obj = {};
  for (const [k, f] of node.fields) defineMember(obj, k, f, buf, shared);
  Object.defineProperty(obj, 'toJSON', { value: () => readValue(node, buf, 'user') });
  return Object.preventExtensions(obj);
}

/** The view of the whole state (a record). */
function viewOf(root: LayoutNode, buf: Buf, shared: Shared): any {
  if (root.kind !== 'record') throw new Error('internal: the state is a record');
  return recordView(root, buf, shared);
}

/** Arrays and maps: a plain array (arrays) or object (maps) whose index is the key. */
function keyedView(node: Extract<LayoutNode, { kind: 'array' | 'map' }>, buf: Buf, shared: Shared): () => unknown {
  const keys: readonly unknown[] = node.key ? node.key.values : node.elems.map((_, i) => i);
  const props = keys.map(String);
  const codecs = node.elems.map((e) => slotCodec(e, buf));
  const children = node.elems.map((e, i) => (codecs[i] ? null : member(e, buf, shared)));
  const numeric = !node.key || node.key.kind === 'int' || node.key.kind === 'scalarset';
  if (!numeric) {
    // enum or bool keys: named properties, as fast as a record
    const obj = {};
    node.elems.forEach((e, i) => defineMember(obj, props[i]!, e, buf, shared));
    Object.defineProperty(obj, 'toJSON', { value: () => readValue(node, buf, 'user') });
    Object.preventExtensions(obj);
    return () => obj;
  }
  const arrayLike = keys.every((k) => typeof k === 'number' && k >= 0 && k < 4096);
  const make = (): Record<string, unknown> => (arrayLike ? new Array(keys.length === 0 ? 0 : Math.max(...(keys as number[])) + 1) : {}) as Record<string, unknown>;
  if (codecs.every((c) => c !== null)) return leafCollection(node, keys as (number | string)[], make, buf, shared);
  const fill = (target: Record<string, unknown>) => {
    for (let i = 0; i < props.length; i++) target[props[i]!] = codecs[i] ? codecs[i]!.get() : children[i]!();
  };
  if (!shared.writable) {
    let gen = -1;
    let current: Record<string, unknown> = {};
    return () => {
      if (gen !== shared.gen) {
        current = make();
        fill(current);
        Object.freeze(current);
        gen = shared.gen;
      }
      return current;
    };
  }
  const draft = make();
  fill(draft);
  Object.seal(draft);
  let gen = -1;
  const touched: Touched = {
    writeBack: () => {
      for (let i = 0; i < props.length; i++) {
        const v = draft[props[i]!];
        const c = codecs[i];
        if (c) c.set(v);
        else if (v !== children[i]!()) {
          refuseWholeCollection(node.elems[i]!);
          writeValue(node.elems[i]!, buf, v, 'user');
          draft[props[i]!] = children[i]!();
        }
      }
    },
    refill: () => fill(draft),
  };
  return () => {
    if (gen !== shared.gen) {
      fill(draft);
      gen = shared.gen;
      touch(shared, touched);
    }
    return draft;
  };
}

/**
 * A collection whose elements are leaves (the common case: `mapOf(Proc, int(0, 3))`): one plain
 * array/object reused for every state, filled and checked by generated straight-line code.
 */
function leafCollection(
  node: Extract<LayoutNode, { kind: 'array' | 'map' }>,
  keys: readonly (number | string)[],
  make: () => Record<string, unknown>,
  buf: Buf,
  shared: Shared,
): () => unknown {
  const { fill, differs, store } = leafCollectionCode(node, keys);
  const target = make();
  fill(target, buf);
  // not sealed: writes into sealed arrays take a slow path in V8; tampering is caught by `differs`/`store`
  let gen = -1;
  if (!shared.writable) {
    const verify = () => {
      const bad = differs(target, buf);
      if (bad >= 0) throw new ReadOnlyStateError(node.elems[bad]!.path);
      if (bad === -2) throw new ReadOnlyStateError(`${node.path} (elements added or removed)`);
    };
    return () => {
      if (gen !== shared.gen) {
        fill(target, buf);
        gen = shared.gen;
        shared.built[shared.builtCount++] = verify;
      }
      return target;
    };
  }
  const touched: Touched = {
    writeBack: () => {
      const bad = store(target, buf);
      if (bad === -2) throw new ValueError(node.path, `${(target as unknown as unknown[]).length} elements`, `exactly ${keys.length} elements (a fixed-size collection)`);
      if (bad >= 0) {
        const elem = node.elems[bad]!;
        throw new ValueError(elem.path, target[String(keys[bad])], describeNode(elem));
      }
    },
    refill: () => fill(target, buf),
  };
  return () => {
    if (gen !== shared.gen) {
      fill(target, buf);
      gen = shared.gen;
      touch(shared, touched);
    }
    return target;
  };
}

function describeNode(node: LayoutNode): string {
  if (node.kind === 'leaf') return describe(node.type);
  return node.kind === 'record' && !node.type ? 'state' : describeType(node.type!);
}

interface LeafCollectionCode {
  /** Writes every element's value into `a`. */
  fill(a: Record<string, unknown>, b: Buf): void;
  /** The index of the first element of `a` that differs from the buffer, -2 if its length changed, or -1. */
  differs(a: Record<string, unknown>, b: Buf): number;
  /** Validates and stores every element of `a`; returns the index of the first invalid one, -2 if its length changed, or -1. */
  store(a: Record<string, unknown>, b: Buf): number;
}

/** Generates straight-line fill/differs/store code for a collection of leaves. */
function leafCollectionCode(node: Extract<LayoutNode, { kind: 'array' | 'map' }>, keys: readonly (number | string)[]): LeafCollectionCode {
  const consts: unknown[] = [];
  const constant = (v: unknown) => {
    consts.push(v);
    return `C[${consts.length - 1}]`;
  };
  const fillLines: string[] = [];
  const differLines: string[] = [];
  const storeLines: string[] = [];
  node.elems.forEach((elem, i) => {
    const key = typeof keys[i] === 'number' ? String(keys[i]) : JSON.stringify(keys[i]);
    const inline = elem.kind === 'option';
    const d = (elem.kind === 'leaf' ? elem.type : ((elem as { of: { type: Domain } }).of.type)) as Domain;
    const slot = (elem as { slot: number }).slot;
    const raw = inline ? `(b[${slot}] - 1)` : `b[${slot}]`;
    let dec: string;
    let enc: string; // from variable v to an index or -1
    switch (d.kind) {
      case 'bool':
        dec = `${raw} === 1`;
        enc = `(v === true ? 1 : v === false ? 0 : -1)`;
        break;
      case 'int':
        dec = d.lo === 0 ? raw : `${raw} + ${d.lo}`;
        enc = `(typeof v === 'number' && v >= ${d.lo} && v <= ${d.hi} && Number.isInteger(v) ? v - ${d.lo} : -1)`;
        break;
      case 'enum': {
        const values = constant(d.values);
        dec = `${values}[${raw}]`;
        enc = `${values}.indexOf(v)`;
        break;
      }
      case 'scalarset':
        dec = raw;
        enc = `(typeof v === 'number' && v >= 0 && v < ${d.size} && Number.isInteger(v) ? v : -1)`;
        break;
    }
    const value = inline ? `(b[${slot}] === 0 ? null : ${dec})` : dec;
    fillLines.push(`a[${key}] = ${value};`);
    differLines.push(`if (a[${key}] !== ${value}) return ${i};`);
    storeLines.push(
      inline
        ? `v = a[${key}]; if (v === null) b[${slot}] = 0; else { x = ${enc}; if (x < 0) return ${i}; b[${slot}] = x + 1; }`
        : `v = a[${key}]; x = ${enc}; if (x < 0) return ${i}; b[${slot}] = x;`,
    );
  });
  if (Array.isArray(keys) && keys.every((k) => typeof k === 'number') && node.kind === 'array') {
    differLines.unshift(`if (a.length !== ${keys.length}) return -2;`);
    storeLines.unshift(`if (a.length !== ${keys.length}) return -2;`);
  }
  const make = (params: string, body: string) => new Function('C', `return function (${params}) {\n${body}\n};`)(consts);
  return {
    fill: make('a, b', fillLines.join('\n')),
    differs: make('a, b', `${differLines.join('\n')}\nreturn -1;`),
    store: make('a, b', `let v, x;\n${storeLines.join('\n')}\nreturn -1;`),
  };
}

/**
 * Sequences: a plain array of plain values (frozen when read-only), written back whole, with `max` (and `clear()` in
 * drafts) as own properties. Assigned, not defined: Object.defineProperty (non-enumerable) made a queue-heavy spec
 * ~30% slower, an Array subclass ~2.5x slower; the price is that `Object.keys(s.q)` lists `max`.
 */
function seqView(node: Extract<LayoutNode, { kind: 'seq' }>, buf: Buf, shared: Shared): () => unknown {
  const max = node.max;
  const clear = function (this: unknown[]): void {
    this.length = 0;
  };
  let gen = -1;
  let current: unknown[] = [];
  return () => {
    if (gen !== shared.gen) {
      current = readValue(node, buf, 'user') as unknown[];
      (current as { max?: number }).max = max;
      if (shared.writable) (current as { clear?: () => void }).clear = clear;
      gen = shared.gen;
      if (shared.writable) {
        const draft = current;
        touch(shared, {
          writeBack: () => writeValue(node, buf, draft, 'user'),
          // the array object stays the one user code holds
          refill: () => void draft.splice(0, draft.length, ...(readValue(node, buf, 'user') as unknown[])),
        });
      } else deepFreeze(current);
    }
    return current;
  };
}

function setView(node: Extract<LayoutNode, { kind: 'set' }>, buf: Buf, shared: Shared): object {
  const { of, slot, path } = node;
  const n = of.values.length;
  const enc = leafEncoder(of);
  const index = (v: unknown): number => {
    const i = enc(v);
    if (i < 0) throw new ValueError(`${path} element`, v, describe(of));
    return i;
  };
  const values = () => {
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) if (buf[slot + i] === 1) out.push(of.values[i]);
    return out;
  };
  const view = {
    has: (v: unknown) => buf[slot + index(v)] === 1,
    get size() {
      let c = 0;
      for (let i = 0; i < n; i++) c += buf[slot + i]!;
      return c;
    },
    [Symbol.iterator]: () => values()[Symbol.iterator](),
    toJSON: values,
  };
  // a read view has no mutators at all (SetView declares none); a draft's are SetDraft's
  if (!shared.writable) return Object.freeze(view);
  return Object.preventExtensions(
    Object.assign(view, {
      add: (v: unknown) => void (buf[slot + index(v)] = 1),
      delete: (v: unknown) => void (buf[slot + index(v)] = 0),
      clear: () => {
        for (let i = 0; i < n; i++) buf[slot + i] = 0;
      },
    }),
  );
}
