// The slot layout of a schema: every leaf of every variable gets one integer slot holding the index
// of its value (so the all-zero layout is the state where every variable has its type's first value).
// Converts between slots and plain values, in user form (ids as numbers) or JSON form (ids as names).
import { describeType, domainIndex, formatDomainValue, idInfo, type Domain, type RecordDomain, type Schema, type Type, type Variants } from '../spec/types.ts';

/** A node of the layout tree: where a value of some type lives in the slot array. */
export type LayoutNode =
  | { readonly kind: 'leaf'; readonly type: Domain; readonly slot: number; readonly path: string }
  | { readonly kind: 'option'; readonly type: Type; readonly slot: number; readonly of: LayoutNode; readonly inline: boolean; readonly path: string }
  | { readonly kind: 'array' | 'map'; readonly type: Type; readonly key: Domain | null; readonly elems: readonly LayoutNode[]; readonly path: string }
  | { readonly kind: 'set'; readonly type: Type; readonly of: Domain; readonly slot: number; readonly path: string }
  /** `undefined` or a value: a flag in `slot` (0: undefined), then the value's slots (zero while undefined). */
  | { readonly kind: 'undefinedOr'; readonly type: Type; readonly slot: number; readonly of: LayoutNode; readonly path: string }
  /**
   * A tagged union: the tag's index in `slot`, then each variant's value in its own slots (zero unless it is the
   * variant held), so a slot means one thing in every state (symmetry reads it only under its tag).
   */
  | {
      readonly kind: 'union';
      readonly type: Type;
      readonly slot: number;
      readonly tags: readonly string[];
      readonly variants: readonly (LayoutNode | null)[];
      readonly path: string;
    }
  /**
   * A set of records over domains: one bit per possible record, at `slot + Σ index(field) * stride` (the
   * last field varies fastest), so a record's bit moves with the ids it holds like a map entry's slot.
   */
  | {
      readonly kind: 'recordSet';
      readonly type: Type;
      readonly fields: readonly (readonly [string, Domain])[];
      readonly strides: readonly number[];
      readonly count: number;
      readonly slot: number;
      readonly path: string;
    }
  | { readonly kind: 'record'; readonly type: Type | null; readonly fields: readonly (readonly [string, LayoutNode])[]; readonly path: string }
  | { readonly kind: 'seq'; readonly type: Type; readonly slot: number; readonly max: number; readonly elems: readonly LayoutNode[]; readonly path: string };

/** The whole state's layout. */
export interface Layout {
  readonly root: Extract<LayoutNode, { kind: 'record' }>;
  /** Number of values each slot can hold. */
  readonly cards: readonly number[];
  /** A readable path per slot (e.g. `mirror[Dev1]`), for error messages. */
  readonly paths: readonly string[];
  readonly slotCount: number;
}

/** A value that does not fit its declared type. */
export class ValueError extends Error {
  /** The value; an object or array in JSON form (ids inside it as names, as in traces). */
  readonly value: unknown;
  constructor(
    readonly path: string,
    value: unknown,
    readonly expected: string,
  ) {
    super(`${path} = ${show(value)} is outside its type ${expected}`);
    this.name = 'ValueError';
    this.value = typeof value === 'object' && value !== null ? jsonOf(value) : value;
  }
}

/** Ids as their names, in and out of objects (a record with an id is `{"asid":"Asid0"}`, not `{}`). */
const named = (_: string, x: unknown): unknown => {
  const id = idInfo(x);
  return id ? `${id.set}${id.index}` : x;
};

function jsonOf(v: object): unknown {
  try {
    return JSON.parse(JSON.stringify(v, named) ?? 'null');
  } catch {
    return String(v);
  }
}

const show = (v: unknown): string => {
  const id = idInfo(v);
  if (id) return `${id.set}${id.index}`;
  try {
    return v === undefined ? 'undefined' : JSON.stringify(v, named) ?? String(v);
  } catch {
    return String(v);
  }
};

const domainSize = (d: Domain): number => d.values.length;

/** Lays out a schema (the state's variables, in declaration order). */
export function layoutOf(vars: Schema): Layout {
  const cards: number[] = [];
  const paths: string[] = [];
  const alloc = (card: number, path: string): number => {
    cards.push(card);
    paths.push(path);
    return cards.length - 1;
  };
  const build = (t: Type, path: string): LayoutNode => {
    switch (t.kind) {
      case 'bool':
      case 'int':
      case 'enum':
      case 'scalarset':
        return { kind: 'leaf', type: t, slot: alloc(domainSize(t), path), path };
      case 'option': {
        const of = t.of as Type;
        if (of.kind === 'bool' || of.kind === 'int' || of.kind === 'enum' || of.kind === 'scalarset') {
          const slot = alloc(domainSize(of) + 1, path);
          return { kind: 'option', type: t, slot, of: { kind: 'leaf', type: of, slot, path }, inline: true, path };
        }
        const slot = alloc(2, `${path}?`);
        return { kind: 'option', type: t, slot, of: build(of, path), inline: false, path };
      }
      case 'array':
        return { kind: 'array', type: t, key: null, elems: Array.from({ length: t.length }, (_, i) => build(t.of, `${path}[${i}]`)), path };
      case 'map': {
        const key = t.key as Domain;
        return { kind: 'map', type: t, key, elems: key.values.map((k) => build(t.of, `${path}[${formatDomainValue(key, k)}]`)), path };
      }
      case 'set': {
        if ((t.of as Type).kind === 'record') return recordSetNode(t, t.of as RecordDomain, path, alloc);
        const of = t.of as Domain;
        let first = -1;
        for (const v of of.values) {
          const s = alloc(2, `${path}∋${formatDomainValue(of, v)}`);
          if (first < 0) first = s;
        }
        return { kind: 'set', type: t, of, slot: first < 0 ? cards.length : first, path };
      }
      case 'record':
        return {
          kind: 'record',
          type: t,
          fields: Object.entries(t.fields as Record<string, Type>).map(([k, ft]) => [k, build(ft, path ? `${path}.${k}` : k)] as const),
          path,
        };
      case 'undefinedOr': {
        const slot = alloc(2, `${path}≠undefined`);
        return { kind: 'undefinedOr', type: t, slot, of: build(t.of, path), path };
      }
      case 'union': {
        const tags = Object.keys(t.variants as Variants);
        const slot = alloc(tags.length, `${path}.tag`);
        const variants = tags.map((tag) => {
          const v = (t.variants as Variants)[tag]!;
          return v === null ? null : build(v, `${path}(${tag})`);
        });
        return { kind: 'union', type: t, slot, tags, variants, path };
      }
      case 'seq': {
        const slot = alloc(t.max + 1, `${path}.length`);
        return { kind: 'seq', type: t, slot, max: t.max, elems: Array.from({ length: t.max }, (_, i) => build(t.of, `${path}[${i}]`)), path };
      }
    }
  };
  const fields = Object.entries(vars).map(([k, t]) => [k, build(t, k)] as const);
  return { root: { kind: 'record', type: null, fields, path: '' }, cards, paths, slotCount: cards.length };
}

/** How values appear outside the hot path: `user` (ids are numbers) or `json` (ids are names like `Dev0`). */
export type ValueForm = 'user' | 'json';

function leafValue(d: Domain, index: number, form: ValueForm): unknown {
  const v = d.values[index];
  return form === 'json' && d.kind === 'scalarset' ? formatDomainValue(d, v) : v;
}

function leafIndex(d: Domain, v: unknown, form: ValueForm): number {
  if (form === 'json' && d.kind === 'scalarset') {
    if (typeof v !== 'string' || !v.startsWith(d.name)) return -1;
    const rest = v.slice(d.name.length);
    return /^\d+$/.test(rest) && Number(rest) < d.size ? Number(rest) : -1;
  }
  return domainIndex(d, v);
}

/** The property key of a map entry: in user form an id is its own key (a symbol). */
function keyName(d: Domain, v: unknown, form: ValueForm): string | symbol {
  return form === 'json' ? formatDomainValue(d, v) : typeof v === 'symbol' ? v : String(v);
}

/** Reads the value of `node` from slots. */
export function readValue(node: LayoutNode, buf: ArrayLike<number>, form: ValueForm): unknown {
  switch (node.kind) {
    case 'leaf':
      return leafValue(node.type, buf[node.slot]!, form);
    case 'option':
      if (node.inline) return buf[node.slot] === 0 ? null : leafValue((node.of as { type: Domain }).type, buf[node.slot]! - 1, form);
      return buf[node.slot] === 0 ? null : readValue(node.of, buf, form);
    case 'array':
      return node.elems.map((e) => readValue(e, buf, form));
    case 'map': {
      const out: Record<string | symbol, unknown> = {};
      node.key!.values.forEach((k, i) => (out[keyName(node.key!, k, form)] = readValue(node.elems[i]!, buf, form)));
      return out;
    }
    case 'set': {
      const out: unknown[] = [];
      node.of.values.forEach((_, i) => {
        if (buf[node.slot + i] === 1) out.push(leafValue(node.of, i, form));
      });
      return out;
    }
    case 'undefinedOr':
      return buf[node.slot] === 0 ? (form === 'json' ? 'undefined' : undefined) : readValue(node.of, buf, form);
    case 'union': {
      const i = buf[node.slot]!;
      const v = node.variants[i];
      return v ? { tag: node.tags[i], value: readValue(v, buf, form) } : { tag: node.tags[i] };
    }
    case 'recordSet': {
      const out: unknown[] = [];
      for (let i = 0; i < node.count; i++) if (buf[node.slot + i] === 1) out.push(recordElement(node, i, form));
      return out;
    }
    case 'record': {
      const out: Record<string, unknown> = {};
      for (const [k, f] of node.fields) out[k] = readValue(f, buf, form);
      return out;
    }
    case 'seq':
      return node.elems.slice(0, buf[node.slot]).map((e) => readValue(e, buf, form));
  }
}

type RecordSetNode = Extract<LayoutNode, { kind: 'recordSet' }>;

function recordSetNode(t: Type, of: RecordDomain, path: string, alloc: (card: number, path: string) => number): RecordSetNode {
  const fields = Object.entries(of.fields);
  const strides: number[] = new Array(fields.length);
  let count = 1;
  for (let f = fields.length - 1; f >= 0; f--) {
    strides[f] = count;
    count *= fields[f]![1].values.length;
  }
  const node: RecordSetNode = { kind: 'recordSet', type: t, fields, strides, count, slot: cards(count), path };
  function cards(n: number): number {
    let first = -1;
    for (let i = 0; i < n; i++) {
      const shown = fields.map(([k, d], f) => `${k}: ${formatDomainValue(d, d.values[Math.floor(i / strides[f]!) % d.values.length])}`).join(', ');
      const s = alloc(2, `${path}∋{ ${shown} }`);
      if (first < 0) first = s;
    }
    return first;
  }
  return node;
}

/** The record of element `i` of a set of records: frozen, with ids as ids (`user`) or names (`json`). */
export function recordElement(node: RecordSetNode, i: number, form: ValueForm): Readonly<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  node.fields.forEach(([k, d], f) => (out[k] = leafValue(d, Math.floor(i / node.strides[f]!) % d.values.length, form)));
  return Object.freeze(out);
}

/** The element index of record `v` in a set of records, or -1 when it is not a record of exactly those fields and domains. */
export function recordElementIndex(node: RecordSetNode, v: unknown, form: ValueForm): number {
  if (!isPlainObject(v)) return -1;
  let i = 0;
  let seen = 0;
  for (const [k, d] of node.fields) {
    if (!Object.hasOwn(v, k)) return -1;
    const x = leafIndex(d, v[k], form);
    if (x < 0) return -1;
    i = i * d.values.length + x;
    seen++;
  }
  return Object.keys(v).length === seen ? i : -1;
}

function zero(node: LayoutNode, buf: { [i: number]: number }): void {
  const slots = slotsOf(node);
  for (let i = 0; i < slots.length; i++) buf[slots[i]!] = 0;
}

const slotCache = new WeakMap<LayoutNode, readonly number[]>();

/**
 * Every slot a node occupies. Cached per node (layouts never change): sequences are written back whole,
 * zeroing their slots each time, and building the list every time cost a channel spec a third of its search.
 */
export function slotsOf(node: LayoutNode): readonly number[] {
  let slots = slotCache.get(node);
  if (!slots) slotCache.set(node, (slots = Object.freeze(computeSlots(node))));
  return slots;
}

function computeSlots(node: LayoutNode): number[] {
  switch (node.kind) {
    case 'leaf':
      return [node.slot];
    case 'option':
      return node.inline ? [node.slot] : [node.slot, ...slotsOf(node.of)];
    case 'array':
    case 'map':
      return node.elems.flatMap(slotsOf);
    case 'set':
      return node.of.values.map((_, i) => node.slot + i);
    case 'recordSet':
      return Array.from({ length: node.count }, (_, i) => node.slot + i);
    case 'undefinedOr':
      return [node.slot, ...slotsOf(node.of)];
    case 'union':
      return [node.slot, ...node.variants.flatMap((v) => (v ? slotsOf(v) : []))];
    case 'record':
      return node.fields.flatMap(([, f]) => slotsOf(f));
    case 'seq':
      return [node.slot, ...node.elems.flatMap(slotsOf)];
  }
}

/** Own enumerable keys, ids (symbols) included: the entries of a map value or view. */
const enumerableKeys = (obj: object): (string | symbol)[] => [
  ...Object.keys(obj),
  ...Object.getOwnPropertySymbols(obj).filter((k) => Object.prototype.propertyIsEnumerable.call(obj, k)),
];

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function failWrite(node: LayoutNode, value: unknown, path: string): never {
  throw new ValueError(path, value, node.kind === 'record' && !node.type ? 'state' : describeType(node.type!));
}

/** Writes `value` into the slots of `node`, validating it; throws ValueError naming the path. */
export function writeValue(node: LayoutNode, buf: { [i: number]: number }, value: unknown, form: ValueForm, path = node.path): void {
  switch (node.kind) {
    case 'leaf': {
      const i = leafIndex(node.type, value, form);
      if (i < 0) failWrite(node, value, path);
      buf[node.slot] = i;
      return;
    }
    case 'option':
      if (value === null) {
        zero(node, buf);
      } else if (node.inline) {
        const i = leafIndex((node.of as { type: Domain }).type, value, form);
        if (i < 0) failWrite(node, value, path);
        buf[node.slot] = i + 1;
      } else {
        buf[node.slot] = 1;
        writeValue(node.of, buf, value, form, path);
      }
      return;
    case 'array':
    case 'seq': {
      if (!Array.isArray(value) || (node.kind === 'array' ? value.length !== node.elems.length : value.length > (node as { max: number }).max)) failWrite(node, value, path);
      const arr = value as unknown[];
      if (node.kind === 'seq') {
        zero(node, buf);
        buf[node.slot] = arr.length;
      }
      arr.forEach((v, i) => writeValue(node.elems[i]!, buf, v, form, `${path}[${i}]`));
      return;
    }
    case 'map': {
      // a plain object, or the array a view of a map over numbers is
      if (typeof value !== 'object' || value === null) failWrite(node, value, path);
      const obj = value as Record<string | symbol, unknown>;
      const names = node.key!.values.map((k) => keyName(node.key!, k, form));
      const shown = (k: string | symbol) => (typeof k === 'symbol' ? formatDomainValue(node.key!, k) : k);
      for (const k of enumerableKeys(obj)) if (!names.includes(k)) throw new ValueError(`${path}[${shown(k)}]`, obj[k], `a key of ${describeType(node.key!)}`);
      names.forEach((k, i) => {
        if (!Object.hasOwn(obj, k)) throw new ValueError(`${path}[${shown(k)}]`, undefined, describeType(node.elems[i]!.kind === 'leaf' ? (node.elems[i] as { type: Domain }).type : (node.type as { of: Type }).of));
        writeValue(node.elems[i]!, buf, obj[k], form, `${path}[${shown(k)}]`);
      });
      return;
    }
    case 'set': {
      // an array, or a set object of a view (any iterable but a string)
      if (typeof value !== 'object' || value === null || typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function') failWrite(node, value, path);
      zero(node, buf);
      for (const v of value as Iterable<unknown>) {
        const i = leafIndex(node.of, v, form);
        if (i < 0) throw new ValueError(`${path} element`, v, describeType(node.of));
        buf[node.slot + i] = 1;
      }
      return;
    }
    case 'undefinedOr':
      zero(node, buf);
      if (value === undefined || (form === 'json' && value === 'undefined')) return;
      buf[node.slot] = 1;
      writeValue(node.of, buf, value, form, path);
      return;
    case 'union': {
      if (!isPlainObject(value) || typeof value.tag !== 'string' || !node.tags.includes(value.tag)) {
        throw new ValueError(path, value, `${describeType(node.type)} (a { tag, value } of one of its variants)`);
      }
      const i = node.tags.indexOf(value.tag);
      const v = node.variants[i];
      for (const k of Object.keys(value)) if (k !== 'tag' && !(k === 'value' && v)) throw new ValueError(`${path}.${k}`, value[k], `no such field (variant ${value.tag}${v ? ' has tag and value' : ' is a tag alone'})`);
      zero(node, buf);
      buf[node.slot] = i;
      if (v) {
        if (!('value' in value)) throw new ValueError(`${path}.value`, undefined, `a value of ${describeType(v.kind === 'leaf' ? v.type : v.type!)} (variant ${value.tag})`);
        writeValue(v, buf, value.value, form, `${path}.value`);
      }
      return;
    }
    case 'recordSet': {
      if (typeof value !== 'object' || value === null || typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function') failWrite(node, value, path);
      zero(node, buf);
      for (const v of value as Iterable<unknown>) {
        const i = recordElementIndex(node, v, form);
        if (i < 0) throw new ValueError(`${path} element`, v, describeType((node.type as { of: Type }).of));
        buf[node.slot + i] = 1;
      }
      return;
    }
    case 'record': {
      if (!isPlainObject(value)) failWrite(node, value, path);
      const obj = value as Record<string, unknown>;
      const names = node.fields.map(([k]) => k);
      for (const k of Object.keys(obj)) if (!names.includes(k)) throw new ValueError(path ? `${path}.${k}` : k, obj[k], 'no such field');
      for (const [k, f] of node.fields) {
        if (!(k in obj)) throw new ValueError(path ? `${path}.${k}` : k, undefined, 'a value (the field is missing)');
        writeValue(f, buf, obj[k], form, path ? `${path}.${k}` : k);
      }
      return;
    }
  }
}
