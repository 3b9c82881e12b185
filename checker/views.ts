// Views over a slot buffer: what user code sees as a state.
//
// Read views: records are objects with getters (named properties are fast in V8). Collections keyed
// by numbers (arrays, sequences, maps over ints or scalarsets) are frozen plain arrays/objects built
// on first access in a state, and kept from state to state while what they hold is unchanged (a
// sequence's slots, a collection's element views): numeric accessor properties cost ~130 ns a read in
// V8, a frozen array ~1 ns, and freezing makes any write throw. `invalidate()` marks the buffer changed.
//
// Draft views: records write through range-checked setters. A numeric-keyed collection is a sealed
// plain array/object, filled on first access in a run and written back (validated) by `flush()`
// after the effect returns. Sequences of leaves or of records of leaves are read and written by
// generated code, and a run gets the last run's array back when nothing in it could have changed.
//
// One concept, several node kinds: the file is longer than most because records, keyed collections,
// sequences and sets each need a read and a draft form, and they share the generation bookkeeping.
import { describeType, type Domain, type SetType } from '../spec/types.ts';
import { deepFreeze } from './deepFreeze.ts';
import { ValueError, readValue, recordElement, recordElementIndex, slotsOf, writeValue, type LayoutNode } from './layout.ts';

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
  /** The collection's slots, lo..hi-1: an assignment elsewhere neither lands nor refills it. */
  readonly lo: number;
  readonly hi: number;
  /** A collection of composites, whose write-back may replace an element as a whole (`shared.replaced`). */
  readonly composite: boolean;
}

/** The slots of a node, lo..hi-1 (layoutOf allocates a node's slots as one range). */
function rangeOf(node: LayoutNode): { lo: number; hi: number } {
  const slots = slotsOf(node);
  if (slots.length === 0) return { lo: 0, hi: 0 };
  let lo = slots[0]!;
  let hi = lo;
  for (const x of slots) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return { lo, hi: hi + 1 };
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
  /** Set when a write-back replaced a composite element of a collection as a whole. */
  replaced: boolean;
}

/** Builds a read-only view of the whole state over `buf`. */
export function readView(root: LayoutNode, buf: Buf): ReadView {
  const shared: Shared = { gen: 0, writable: false, touched: [], built: [], builtCount: 0, touchedCount: 0, replaced: false };
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
  const shared: Shared = { gen: 0, writable: true, touched: [], built: [], builtCount: 0, touchedCount: 0, replaced: false };
  const clearNullPayloads = nullPayloadClearer(root, buf);
  return {
    view: viewOf(root, buf, shared),
    begin: () => {
      shared.gen++;
      shared.touchedCount = 0;
    },
    flush: () => {
      landPending(shared);
      shared.touchedCount = 0;
      if (clearNullPayloads) clearNullPayloads();
    },
  };
}

/**
 * Writes back the collections touched in this run, innermost first: a container is always touched
 * before the collections reached through it, so in reverse order an element the effect replaced
 * as a whole (`n.m[0] = { xs: [] }`) is written after, and wins over, edits made through its old view.
 */
function landPending(shared: Shared): void {
  const t = shared.touched;
  for (let i = shared.touchedCount - 1; i >= 0; i--) t[i]!.writeBack();
  if (shared.replaced) {
    // the copies of collections inside a replaced element show its old value: refresh them
    shared.replaced = false;
    for (let i = 0; i < shared.touchedCount; i++) t[i]!.refill();
  }
}

/**
 * The payload of a `null` option must hold zeros (one encoding per state, or counts go wrong); an
 * effect can still write it through a view it kept from before assigning `null`. Null when the
 * layout has no option over a composite (the common case costs nothing).
 */
function nullPayloadClearer(root: LayoutNode, buf: Buf): (() => void) | null {
  const options: { slot: number; from: number; to: number }[] = [];
  const walk = (node: LayoutNode): void => {
    if ((node.kind === 'option' && !node.inline) || node.kind === 'undefinedOr') {
      const slots = slotsOf(node.of);
      if (slots.length > 0) options.push({ slot: node.slot, from: Math.min(...slots), to: Math.max(...slots) + 1 });
    }
    for (const child of childrenOf(node)) walk(child);
  };
  walk(root);
  if (options.length === 0) return null;
  return () => {
    for (const o of options) if (buf[o.slot] === 0) buf.fill(0, o.from, o.to);
  };
}

function childrenOf(node: LayoutNode): readonly LayoutNode[] {
  switch (node.kind) {
    case 'option':
      return node.inline ? [] : [node.of];
    case 'array':
    case 'map':
    case 'seq':
      return node.elems;
    case 'record':
      return node.fields.map(([, f]) => f);
    case 'undefinedOr':
      return [node.of];
    case 'union':
      return node.variants.filter((v): v is LayoutNode => v !== null);
    case 'leaf':
    case 'set':
    case 'recordSet':
      return [];
  }
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
    case 'scalarset': {
      const ids = d.values;
      return (i) => ids[i];
    }
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
      // a plain copy: the scalarset's own list refuses indexOf (ids have no order for user code)
      const ids: readonly unknown[] = [...d.values];
      return (v) => ids.indexOf(v);
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
      case 'scalarset': {
        const ids = type.values;
        get = () => ids[buf[slot]!];
        break;
      }
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
function defineMember(obj: object, key: PropertyKey, node: LayoutNode, buf: Buf, shared: Shared): void {
  const codec = slotCodec(node, buf);
  if (codec) {
    Object.defineProperty(obj, key, { get: codec.get, set: shared.writable ? codec.set : readOnly(node.path), enumerable: true });
    return;
  }
  // assigning a whole composite (or an option of one): land the pending writes of the collections
  // inside it (or around it), assign, refresh their copies. Collections elsewhere keep their pending
  // writes for flush: their slots are not the assignment's. When one of them is a collection of
  // composites (its write-back may replace an element, and with it collections anywhere inside),
  // every collection is landed and refreshed.
  const { lo, hi } = rangeOf(node);
  const store = wholeStore(node);
  const set = shared.writable
    ? (v: unknown) => {
        refuseWholeCollection(node);
        const t = shared.touched;
        let all = false;
        for (let i = 0; i < shared.touchedCount; i++) if (t[i]!.composite && t[i]!.lo < hi && lo < t[i]!.hi) all = true;
        if (all) landPending(shared);
        else for (let i = shared.touchedCount - 1; i >= 0; i--) if (t[i]!.lo < hi && lo < t[i]!.hi) t[i]!.writeBack();
        if (!store || !store(v, buf)) writeValue(node, buf, v, 'user');
        for (let i = 0; i < shared.touchedCount; i++) if (all || (t[i]!.lo < hi && lo < t[i]!.hi)) t[i]!.refill();
      }
    : readOnly(node.path);
  Object.defineProperty(obj, key, { get: member(node, buf, shared), set, enumerable: true });
}

/**
 * Sets and sequences are changed in place, never assigned whole: their draft types (`SetDraft`, `SeqDraft`) are not
 * plain arrays, so `tsc` refuses `n.s = [...]`, and the run time refuses it too.
 */
function refuseWholeCollection(node: LayoutNode): void {
  if (node.kind === 'set' || node.kind === 'recordSet') throw new ReadOnlyStateError(node.path, 'a set is changed in place (add, delete, clear), not assigned');
  if (node.kind === 'seq') throw new ReadOnlyStateError(node.path, 'a sequence is changed in place (push, pop, shift, splice, clear, element writes), not assigned');
}

/** A function returning the current view of any node: a value for leaves, a view for composites. */
function member(node: LayoutNode, buf: Buf, shared: Shared): () => unknown {
  switch (node.kind) {
    case 'leaf':
      return slotCodec(node, buf)!.get;
    case 'option': {
      if (node.inline) return slotCodec(node, buf)!.get;
      const child = member(node.of, buf, shared);
      const slot = node.slot;
      return () => (buf[slot] === 0 ? null : child());
    }
    case 'record': {
      const obj = recordView(node, buf, shared);
      return () => obj;
    }
    case 'set':
    case 'recordSet': {
      const obj = setView(node, buf, shared);
      return () => obj;
    }
    case 'array':
    case 'map':
      return keyedView(node, buf, shared);
    case 'seq':
      return seqView(node, buf, shared);
    case 'union':
      return unionView(node, buf);
    case 'undefinedOr': {
      const child = member(node.of, buf, shared);
      const slot = node.slot;
      return () => (buf[slot] === 0 ? undefined : child());
    }
  }
}

/**
 * A tagged union reads as a frozen plain value (`{ tag, value }`), kept while its slots are unchanged; it is
 * assigned whole, never changed through its value (which is why a variant holds no set or sequence).
 */
function unionView(node: Extract<LayoutNode, { kind: 'union' }>, buf: Buf): () => unknown {
  const { lo, hi } = rangeOf(node);
  const seen = new Int32Array(hi - lo);
  let current: unknown = null;
  return () => {
    let same = current !== null;
    for (let i = lo; same && i < hi; i++) if (buf[i] !== seen[i - lo]) same = false;
    if (same) return current;
    for (let i = lo; i < hi; i++) seen[i - lo] = buf[i]!;
    current = deepFreeze(readValue(node, buf, 'user'));
    return current;
  };
}

function recordView(node: Extract<LayoutNode, { kind: 'record' }>, buf: Buf, shared: Shared): object {
  const obj = {};
  for (const [k, f] of node.fields) defineMember(obj, k, f, buf, shared);
  Object.defineProperty(obj, 'toJSON', { value: () => readValue(node, buf, 'json') });
  return Object.preventExtensions(obj);
}

/** The view of the whole state (a record). */
function viewOf(root: LayoutNode, buf: Buf, shared: Shared): any {
  if (root.kind !== 'record') throw new Error('internal: the state is a record');
  return recordView(root, buf, shared);
}

/** Arrays and maps: a plain array (arrays) or object (maps) whose index is the key. */
function keyedView(node: Extract<LayoutNode, { kind: 'array' | 'map' }>, buf: Buf, shared: Shared): () => unknown {
  const keys: readonly unknown[] = node.key ? [...node.key.values] : node.elems.map((_, i) => i);
  const props = keys.map((k) => (typeof k === 'symbol' ? k : String(k)));
  const codecs = node.elems.map((e) => slotCodec(e, buf));
  const children = node.elems.map((e, i) => (codecs[i] ? null : member(e, buf, shared)));
  const numeric = !node.key || node.key.kind === 'int';
  if (!numeric) {
    // enum or bool keys, or scalarset ids (symbols): named properties, as fast as a record
    const obj = {};
    node.elems.forEach((e, i) => defineMember(obj, props[i]!, e, buf, shared));
    Object.defineProperty(obj, 'toJSON', { value: () => readValue(node, buf, 'json') });
    Object.preventExtensions(obj);
    return () => obj;
  }
  const arrayLike = keys.every((k) => typeof k === 'number' && k >= 0 && k < 4096);
  const make = (): Record<string, unknown> => (arrayLike ? new Array(keys.length === 0 ? 0 : Math.max(...(keys as number[])) + 1) : {}) as Record<string, unknown>;
  if (codecs.every((c) => c !== null)) return leafCollection(node, keys as (number | string)[], make, buf, shared);
  // numeric keys index the array (or object) directly: a string key on an array is converted on every access
  const at = keys as unknown as string[];
  const n = keys.length;
  const getters = node.elems.map((_, i) => (codecs[i] ? codecs[i]!.get : children[i]!));
  const fill = (target: Record<string, unknown>) => {
    for (let i = 0; i < n; i++) target[at[i]!] = getters[i]!();
  };
  if (!shared.writable) {
    // a frozen collection per state, kept while every element is the one it holds (the records and
    // sets inside are views of their own slots, and unchanged sequences keep their arrays)
    let gen = -1;
    let current: Record<string, unknown> | null = null;
    const scratch: unknown[] = new Array(n);
    return () => {
      if (gen !== shared.gen) {
        gen = shared.gen;
        let same = current !== null;
        for (let i = 0; i < n; i++) {
          const v = getters[i]!();
          scratch[i] = v;
          if (same && current![at[i]!] !== v) same = false;
        }
        if (!same) {
          current = make();
          for (let i = 0; i < n; i++) current[at[i]!] = scratch[i];
          Object.freeze(current);
        }
        scratch.fill(undefined);
      }
      return current;
    };
  }
  const draft = make();
  fill(draft);
  Object.seal(draft);
  let gen = -1;
  const touched: Touched = {
    ...rangeOf(node),
    composite: true,
    writeBack: () => {
      for (let i = 0; i < n; i++) {
        const v = draft[at[i]!];
        const c = codecs[i];
        if (c) c.set(v);
        else if (v !== children[i]!()) {
          refuseWholeCollection(node.elems[i]!);
          writeValue(node.elems[i]!, buf, v, 'user');
          draft[at[i]!] = children[i]!();
          shared.replaced = true;
        }
      }
    },
    refill: () => fill(draft),
  };
  return () => {
    if (gen !== shared.gen) {
      // touched before the elements that filling reaches: flush lands inner collections first
      gen = shared.gen;
      touch(shared, touched);
      fill(draft);
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
    ...rangeOf(node),
    composite: false,
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
  // a draft array user code pushed onto (refused at flush) gets its own length back on the next run
  const length = Array.isArray(target) ? target.length : -1;
  return () => {
    if (gen !== shared.gen) {
      if (length >= 0 && (target as unknown as unknown[]).length !== length) (target as unknown as unknown[]).length = length;
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

/** `values.indexOf(v)` as code: a chain of comparisons for a few values (no call), else the call itself. */
function indexOfCode(values: string, count: number): string {
  if (count > 8) return `${values}.indexOf(v)`;
  let out = '-1';
  for (let i = count - 1; i >= 0; i--) out = `v === ${values}[${i}] ? ${i} : ${out}`;
  return `(${out})`;
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
        enc = indexOfCode(values, d.values.length);
        break;
      }
      case 'scalarset': {
        const ids = constant([...d.values]);
        dec = `${ids}[${raw}]`;
        enc = indexOfCode(ids, d.values.length);
        break;
      }
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
  const make = (name: string, params: string, body: string) => new Function('C', `return function ${name}(${params}) {\n${body}\n};`)(consts);
  return {
    fill: make('fill', 'a, b', fillLines.join('\n')),
    differs: make('differs', 'a, b', `${differLines.join('\n')}\nreturn -1;`),
    store: make('store', 'a, b', `let v, x;\n${storeLines.join('\n')}\nreturn -1;`),
  };
}

/**
 * Sequences: a plain array of plain values (frozen when read-only), written back whole, with `max` (and
 * `clear()` in drafts) as own properties. Assigned, not defined: Object.defineProperty (non-enumerable)
 * made a queue-heavy spec ~30% slower, an Array subclass ~2.5x slower; the price is that
 * `Object.keys(s.q)` lists `max`. Sets inside the elements become set objects (`has`, `size`, and in a
 * draft `add`/`delete`/`clear`), as they are everywhere else.
 *
 * Elements that are leaves, or records of leaves (a channel of messages), are read and written by
 * generated straight-line code (`seqCode`); a read view keeps its frozen array while the sequence's
 * slots are unchanged, so a channel that a step does not touch costs a comparison, not an allocation.
 */
function seqView(node: Extract<LayoutNode, { kind: 'seq' }>, buf: Buf, shared: Shared): () => unknown {
  const elem = node.elems[0];
  const code = seqCode(node);
  const lift = elem && containsSet(elem) ? (v: unknown[]) => v.map((x) => liftSets(elem, x, shared.writable)) : (v: unknown[]) => v;
  const read = code ? () => code.build(buf, false) : () => lift(readValue(node, buf, 'user') as unknown[]);
  const max = node.max;
  const clear = function (this: unknown[]): void {
    this.length = 0;
  };
  let gen = -1;
  let current: unknown[] = [];
  if (!shared.writable) {
    // the slots the frozen array shows: while they are unchanged, the array is still right
    const from = node.slot;
    const to = code ? code.to : from;
    const seen = new Int32Array(to - from);
    let valid = false;
    const changed = () => {
      for (let i = from; i < to; i++) if (buf[i] !== seen[i - from]) return true;
      return false;
    };
    return () => {
      if (gen !== shared.gen) {
        gen = shared.gen;
        if (code) {
          if (valid && !changed()) return current;
          for (let i = from; i < to; i++) seen[i - from] = buf[i]!;
          valid = true;
          current = code.build(buf, true);
          (current as { max?: number }).max = max;
          Object.freeze(current);
        } else {
          current = read();
          (current as { max?: number }).max = max;
          deepFreeze(current);
        }
      }
      return current;
    };
  }
  if (!code) {
    const touched: Touched = {
      ...rangeOf(node),
      composite: false,
      writeBack: () => writeValue(node, buf, current, 'user'),
      // the array object stays the one user code holds
      refill: () => void current.splice(0, current.length, ...read()),
    };
    return () => {
      if (gen !== shared.gen) {
        current = read();
        (current as { max?: number }).max = max;
        (current as { clear?: () => void }).clear = clear;
        gen = shared.gen;
        touch(shared, touched);
      }
      return current;
    };
  }
  // The array handed out in the last run is handed out again when that run wrote it back, it still holds
  // the element objects this view built, in their places (none pushed by user code, which may keep its
  // own objects), and the sequence's slots are the ones it wrote: an effect that reaches a channel
  // without changing it (every channel of a map it indexes) then costs a comparison, not a rebuild.
  const from = node.slot;
  const to = code.to;
  const stored = new Int32Array(to - from);
  const leaves = elem === undefined || elem.kind !== 'record';
  let built: unknown[] = [];
  let reusable = false;
  const touched: Touched = {
    ...rangeOf(node),
    composite: false,
    writeBack: () => {
      if (!code.store(current, buf)) {
        reusable = false;
        writeValue(node, buf, current, 'user');
        return;
      }
      reusable = current.length <= built.length;
      if (reusable && !leaves) for (let i = 0; i < current.length; i++) if (current[i] !== built[i]) reusable = false;
      if (reusable) for (let i = from; i < to; i++) stored[i - from] = buf[i]!;
    },
    refill: () => {
      // after a write-back: the slots it stored may have been replaced since
      reusable = false;
      current.splice(0, current.length, ...read());
      built = current.slice();
    },
  };
  return () => {
    if (gen !== shared.gen) {
      gen = shared.gen;
      touch(shared, touched);
      if (reusable) {
        reusable = false;
        let same = true;
        for (let i = from; i < to; i++) {
          if (buf[i] !== stored[i - from]) {
            same = false;
            break;
          }
        }
        if (same && current.length === buf[from]) {
          (current as { max?: number }).max = max;
          (current as { clear?: () => void }).clear = clear;
          return current;
        }
      }
      current = read();
      built = leaves ? current : current.slice();
      (current as { max?: number }).max = max;
      (current as { clear?: () => void }).clear = clear;
    }
    return current;
  };
}

/**
 * Generated validation and store of a whole record of leaves, or an option of one (`n.cur = { pid, state }`,
 * `n.cur = null`): false when anything is off, and the caller runs writeValue, which stores it or throws
 * the error naming the path. Null for other nodes.
 */
function wholeStore(node: LayoutNode): ((v: unknown, b: Buf) => boolean) | null {
  const consts: unknown[] = [];
  const constant = (v: unknown) => {
    consts.push(v);
    return `C[${consts.length - 1}]`;
  };
  const record = node.kind === 'option' && !node.inline ? node.of : node;
  if (record.kind !== 'record' || record.fields.length === 0) return null;
  const stores: string[] = [];
  const names: string[] = [];
  for (const [k, f] of record.fields) {
    const c = leafCode(f, constant);
    if (!c || k === '__proto__') return null;
    stores.push(`v = o[${JSON.stringify(k)}]; ${c.enc}`);
    names.push(`k !== ${JSON.stringify(k)}`);
  }
  const body = [
    'let v, x;',
    `if (typeof o !== 'object' || o === null || Array.isArray(o)) return false;`,
    `for (const k in o) if (${names.join(' && ')}) return false;`,
    ...stores,
    'return true;',
  ];
  if (node.kind === 'option') {
    const { lo, hi } = rangeOf(node);
    body.unshift(`if (o === null) { for (let i = ${lo}; i < ${hi}; i++) b[i] = 0; return true; }`, `b[${node.slot}] = 1;`);
  }
  return new Function('C', `return function wholeStore(o, b) {\n${body.join('\n')}\n};`)(consts);
}

interface SeqCode {
  /** The end of the sequence's slots (they start at its length slot). */
  readonly to: number;
  /** The elements as a new array of new plain values (each element frozen when `frozen`). */
  build(b: Buf, frozen: boolean): unknown[];
  /**
   * Validates and stores `a`, zeroing the slots past its length; false when anything is off (not an
   * array, too long, an element outside its type, a record with other fields): the caller then runs
   * writeValue, which stores it or throws the error naming the path.
   */
  store(a: unknown, b: Buf): boolean;
}

/** A leaf or an inline option: its decoding from `b` and its encoding of variable `v` into `x` (or a bail-out). */
function leafCode(node: LayoutNode, constant: (v: unknown) => string): { dec: string; enc: string } | null {
  if (node.kind !== 'leaf' && !(node.kind === 'option' && node.inline)) return null;
  const inline = node.kind === 'option';
  const d = (node.kind === 'leaf' ? node.type : (node.of as { type: Domain }).type) as Domain;
  const slot = node.slot;
  const raw = inline ? `(b[${slot}] - 1)` : `b[${slot}]`;
  let dec: string;
  let enc: string;
  switch (d.kind) {
    case 'bool':
      dec = `${raw} === 1`;
      enc = `x = v === true ? 1 : v === false ? 0 : -1;`;
      break;
    case 'int':
      dec = d.lo === 0 ? raw : `(${raw} + ${d.lo})`;
      enc = `x = typeof v === 'number' && v >= ${d.lo} && v <= ${d.hi} && Number.isInteger(v) ? v - ${d.lo} : -1;`;
      break;
    case 'enum': {
      const values = constant(d.values);
      dec = `${values}[${raw}]`;
      enc = `x = ${indexOfCode(values, d.values.length)};`;
      break;
    }
    case 'scalarset': {
      const ids = constant([...d.values]);
      dec = `${ids}[${raw}]`;
      enc = `x = ${indexOfCode(ids, d.values.length)};`;
      break;
    }
  }
  if (inline) return { dec: `(b[${slot}] === 0 ? null : ${dec})`, enc: `if (v === null) b[${slot}] = 0; else { ${enc} if (x < 0) return false; b[${slot}] = x + 1; }` };
  return { dec, enc: `${enc} if (x < 0) return false; b[${slot}] = x;` };
}

/** Generated code for a sequence of leaves or of records of leaves; null for other elements. */
function seqCode(node: Extract<LayoutNode, { kind: 'seq' }>): SeqCode | null {
  const consts: unknown[] = [];
  const constant = (v: unknown) => {
    consts.push(v);
    return `C[${consts.length - 1}]`;
  };
  const elems: { value: string; store: string; from: number }[] = [];
  for (const e of node.elems) {
    const slots = slotsOf(e);
    const from = slots.length === 0 ? node.slot + 1 : Math.min(...slots);
    const leaf = leafCode(e, constant);
    if (leaf) {
      elems.push({ value: leaf.dec, store: `v = a[I]; ${leaf.enc}`, from });
      continue;
    }
    if (e.kind !== 'record' || e.fields.length === 0) return null;
    const fields: string[] = [];
    const stores: string[] = [];
    const names: string[] = [];
    for (const [k, f] of e.fields) {
      const c = leafCode(f, constant);
      if (!c || k === '__proto__') return null;
      fields.push(`${JSON.stringify(k)}: ${c.dec}`);
      stores.push(`v = o[${JSON.stringify(k)}]; ${c.enc}`);
      names.push(`k !== ${JSON.stringify(k)}`);
    }
    elems.push({
      value: `{ ${fields.join(', ')} }`,
      store: `o = a[I]; if (typeof o !== 'object' || o === null || Array.isArray(o)) return false; for (const k in o) if (${names.join(' && ')}) return false; ${stores.join(' ')}`,
      from,
    });
  }
  const all = slotsOf(node);
  const to = Math.max(...all) + 1;
  // the slots must be one range, elements in order (layoutOf allocates them so)
  if (all.length !== to - node.slot) return null;
  const starts = [...elems.map((e) => e.from), to];
  const max = node.max;
  const build: string[] = [`const n = b[${node.slot}]; const a = [];`];
  const store: string[] = [`if (!Array.isArray(a)) return false; const n = a.length; if (n > ${max}) return false; let o, v, x;`];
  elems.forEach((e, i) => {
    build.push(`if (n > ${i}) a.push(${e.value.startsWith('{') ? `f ? Object.freeze(${e.value}) : ${e.value}` : e.value}); else return a;`);
    store.push(`if (n > ${i}) { ${e.store.replaceAll('a[I]', `a[${i}]`)} }`);
  });
  build.push('return a;');
  store.push(`b[${node.slot}] = n;`, `for (let i = S[n]; i < ${to}; i++) b[i] = 0;`, 'return true;');
  const make = (name: string, params: string, body: string[]) => new Function('C', 'S', `return function ${name}(${params}) {\n${body.join('\n')}\n};`)(consts, starts);
  return { to, build: make('seqBuild', 'b, f', build), store: make('seqStore', 'a, b', store) };
}

function containsSet(node: LayoutNode): boolean {
  return node.kind === 'set' || node.kind === 'recordSet' || childrenOf(node).some(containsSet);
}

/** A plain value of `node` with every set (a plain array) replaced by a set object over a copy. */
function liftSets(node: LayoutNode, v: unknown, writable: boolean): unknown {
  if (v === null || !containsSet(node)) return v;
  switch (node.kind) {
    case 'set':
    case 'recordSet':
      return plainSet(node, v as unknown[], writable);
    case 'option':
      return liftSets(node.of, v, writable);
    case 'undefinedOr':
      return v === undefined ? v : liftSets(node.of, v, writable);
    case 'array':
    case 'seq':
      return (v as unknown[]).map((x, i) => liftSets(node.elems[i]!, x, writable));
    case 'map': {
      // ids are symbol keys, which Object.entries skips
      const out: Record<PropertyKey, unknown> = {};
      const o = v as Record<PropertyKey, unknown>;
      for (const k of Reflect.ownKeys(o)) out[k] = liftSets(node.elems[0]!, o[k], writable);
      return out;
    }
    case 'record': {
      const out: Record<string, unknown> = {};
      for (const [k, f] of node.fields) out[k] = liftSets(f, (v as Record<string, unknown>)[k], writable);
      return out;
    }
    case 'leaf':
    case 'union':
      return v;
  }
}

type SetNode = Extract<LayoutNode, { kind: 'set' | 'recordSet' }>;

interface ElementCodec {
  /** Every possible element, in bit order (records frozen, built once). */
  readonly values: readonly unknown[];
  /** The element's bit, or -1 when it is not an element of the set's type (records compare by value). */
  readonly enc: (v: unknown) => number;
  readonly describe: string;
}

const codecs = new WeakMap<SetNode, ElementCodec>();

/** How the elements of a set map to its bits: a domain's values, or records over domains. */
function elementCodec(node: SetNode): ElementCodec {
  const cached = codecs.get(node);
  if (cached) return cached;
  let c: ElementCodec;
  if (node.kind === 'set') {
    c = { values: node.of.values as readonly unknown[], enc: leafEncoder(node.of), describe: describe(node.of) };
  } else {
    const values = Array.from({ length: node.count }, (_, i) => recordElement(node, i, 'user'));
    // a view's own records are found by identity; any other record by its fields
    const own = new Map<unknown, number>(values.map((v, i) => [v, i]));
    c = { values, enc: (v) => own.get(v) ?? recordElementIndex(node, v, 'user'), describe: describeType((node.type as SetType).of) };
  }
  codecs.set(node, c);
  return c;
}

/** A set object over its own membership flags: a set inside a sequence's element. */
function plainSet(node: SetNode, values: readonly unknown[], writable: boolean): object {
  const { path } = node;
  const codec = elementCodec(node);
  const enc = codec.enc;
  const member = codec.values.map(() => false);
  for (const x of values) member[enc(x)] = true;
  const index = (v: unknown): number => {
    const i = enc(v);
    if (i < 0) throw new ValueError(`${path} element`, v, codec.describe);
    return i;
  };
  const mutate = <F extends (...a: any[]) => unknown>(f: F): F => (writable ? f : (readOnly(path) as unknown as F));
  const list = () => codec.values.filter((_, i) => member[i]);
  return Object.preventExtensions({
    has: (v: unknown) => member[index(v)]!,
    get size() {
      return member.filter(Boolean).length;
    },
    add: mutate((v: unknown) => void (member[index(v)] = true)),
    delete: mutate((v: unknown) => void (member[index(v)] = false)),
    clear: mutate(() => void member.fill(false)),
    [Symbol.iterator]: () => list()[Symbol.iterator](),
    toJSON: list,
  });
}

function setView(node: SetNode, buf: Buf, shared: Shared): object {
  const { slot, path } = node;
  const codec = elementCodec(node);
  const all = codec.values;
  const n = all.length;
  const enc = codec.enc;
  const index = (v: unknown): number => {
    const i = enc(v);
    if (i < 0) throw new ValueError(`${path} element`, v, codec.describe);
    return i;
  };
  const values = () => {
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) if (buf[slot + i] === 1) out.push(all[i]);
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
    toJSON: () => readValue(node, buf, 'json'),
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
