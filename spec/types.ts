// Bounded types of state variables. Every type has finitely many values, so the checker can
// lay each state out as a fixed number of small integer slots (see checker/layout.ts).

/** `true` or `false`. */
export interface BoolType {
  readonly kind: 'bool';
  readonly values: readonly boolean[];
}
/** An integer in `lo..hi` (both included). */
export interface IntType {
  readonly kind: 'int';
  readonly lo: number;
  readonly hi: number;
  readonly values: readonly number[];
}
/** One of a fixed list of names. */
export interface EnumType<E extends string = string> {
  readonly kind: 'enum';
  readonly values: readonly E[];
  /** How traces print each value, when the value is an encoding (see `shownAs`). */
  readonly shown?: Readonly<Record<E, string>>;
}
declare const scalarsetOf: unique symbol;
/**
 * An id of the scalarset named `N`: an opaque value (a symbol at run time). Ids compare only with
 * `===` and `!==`, index maps and sets over their own scalarset, and are stored in variables of that
 * scalarset. They have no order and no arithmetic: `p < q`, `p + 1`, `` `${p}` ``, storing one in an
 * `int`, indexing an array with one, or comparing ids of two different scalarsets fail to type-check,
 * and the operators throw at run time. That is what makes symmetry reduction sound: a spec cannot
 * tell two ids apart except through the state. A spec that needs an order uses `int(0, n - 1)`.
 */
export type Id<N extends string = string> = symbol & { readonly [scalarsetOf]: N };

/**
 * The ids of a scalarset, in a fixed order for iteration (quantifiers: `for (const p of Proc.values)`).
 * There is no `indexOf`, `lastIndexOf`, `findIndex` or `findLastIndex`: an id's position is an order
 * the symmetry does not respect (those methods throw at run time). `values[0]` is fine in `init`,
 * where an asymmetric start is sound, and breaks the symmetry anywhere else.
 */
export type IdList<N extends string = string> = Omit<readonly Id<N>[], 'indexOf' | 'lastIndexOf' | 'findIndex' | 'findLastIndex'>;

/**
 * A set of `size` interchangeable ids (TLA+'s model values, Murphi's scalarset).
 * Used as a value type (a reference to one id), a map key, a set element, or a process domain.
 * Symmetry reduction permutes the ids of each scalarset.
 */
export interface Scalarset<N extends string = string> {
  readonly kind: 'scalarset';
  readonly name: N;
  readonly size: number;
  readonly values: IdList<N>;
}
/** `null` or a value of `of`. */
export interface OptionType<T extends Type = Type> {
  readonly kind: 'option';
  readonly of: T;
}
/** Exactly `length` values of `of`, indexed `0..length-1`. */
export interface ArrayType<T extends Type = Type> {
  readonly kind: 'array';
  readonly of: T;
  readonly length: number;
}
/** A total function from a finite domain to values of `of`. */
export interface MapType<K extends Domain = Domain, T extends Type = Type> {
  readonly kind: 'map';
  readonly key: K;
  readonly of: T;
}
/** A subset of a finite domain, or of the records over domains (a TLB as a set of `{ asid, task }` entries). */
export interface SetType<K extends Element = Element> {
  readonly kind: 'set';
  readonly of: K;
}
/** Named fields, each with its own type. */
export interface RecordType<F extends { readonly [name: string]: Type } = { readonly [name: string]: Type }> {
  readonly kind: 'record';
  readonly fields: F;
}
/** A sequence of at most `max` values of `of` (a bounded queue or stack). */
export interface SeqType<T extends Type = Type> {
  readonly kind: 'seq';
  readonly of: T;
  readonly max: number;
}

/** Finite types usable as map keys, set elements, action parameters and process domains. */
export type Domain = BoolType | IntType | EnumType<string> | Scalarset<string>;
/**
 * `undefined` or a value of `of`: TLA+'s `defaultInitValue`, a PlusCal variable declared without a value. Starts
 * `undefined`; distinct from `null`, so `orUndefined(option(T))` holds `undefined`, `null` or a T.
 */
export interface UndefinedOrType<T extends Type = Type> {
  readonly kind: 'undefinedOr';
  readonly of: T;
}
/** The variants of a tagged union: a tag names each, with the type of its value or `null` (a tag alone). */
export type Variants = { readonly [tag: string]: Type | null };
/**
 * A tagged union (TLA+'s `Msg ∪ Val ∪ {NoVal}`): one of the variants, as `{ tag, value }`, or `{ tag }` for a
 * variant declared `null`. A value is assigned whole and read as a frozen plain value.
 */
export interface UnionType<V extends Variants = Variants> {
  readonly kind: 'union';
  readonly variants: V;
}
/** A record whose fields are all domains: a set's element type when the set holds records. */
export type RecordDomain = RecordType<{ readonly [name: string]: Domain }>;
/** What a set can hold: the elements of a domain, or records over domains (compared by value). */
export type Element = Domain | RecordDomain;
/** Any bounded type. */
export type Type = Domain | OptionType<any> | ArrayType<any> | MapType<any, any> | SetType<any> | RecordType<any> | SeqType<any> | UnionType<any> | UndefinedOrType<any>;
/** A state schema: variable name to type. */
export type Schema = { readonly [name: string]: Type };

/** The JavaScript value of an element of a domain. */
export type DomainValue<D> = D extends BoolType
  ? boolean
  : D extends IntType
    ? number
    : D extends EnumType<infer E>
      ? E
      : D extends Scalarset<infer N>
        ? Id<N>
        : never;

/** The JavaScript value of a set's element: a domain's value, or a read-only record of them. */
export type ElementValue<K> = K extends RecordType<infer F> ? { readonly [f in keyof F]: DomainValue<F[f]> } : DomainValue<K>;

/**
 * Size caps, checked when a type is built so that an oversized parameter (`--param n=1000000000`, or a
 * trace's params) is a clear error instead of V8 running out of heap (exit 134). A domain's values are
 * listed in an array: 2^20 values (8 MB) keep `int(0, 1000000)` working. Every element of an array, a
 * sequence, a map or a set is a slot of every state with its own generated code: 2^12 elements take
 * about 0.4 s to set up, and 2^13 leaf elements do not work in checker/views.ts today. The models
 * need at most a few dozen.
 */
export const MAX_DOMAIN_VALUES = 2 ** 20;
/** See MAX_DOMAIN_VALUES. */
export const MAX_ELEMENTS = 2 ** 12;
/** The error for a size over its cap; its stack starts at the caller of `at` (the spec's line). */
function tooBig(what: string, n: number, cap: number, at: Function): TypeError {
  const e = new TypeError(`${what}: ${n.toLocaleString('en-US')} is over the limit of ${cap.toLocaleString('en-US')}`);
  Error.captureStackTrace?.(e, at);
  return e;
}

const range = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

/** The booleans. */
export const bool: BoolType = Object.freeze({ kind: 'bool', values: Object.freeze([false, true]) });

/** Integers `lo..hi`, both included. */
export function int(lo: number, hi: number): IntType {
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo > hi) {
    throw new TypeError(`int(${lo}, ${hi}): bounds must be integers with lo <= hi`);
  }
  if (hi - lo + 1 > MAX_DOMAIN_VALUES) throw tooBig(`int(${lo}, ${hi}): values`, hi - lo + 1, MAX_DOMAIN_VALUES, int);
  return Object.freeze({ kind: 'int', lo, hi, values: Object.freeze(range(lo, hi)) });
}

/** One of the given names, e.g. `enumOf('none', 'zero', 'anon')`. */
export function enumOf<const E extends string>(...values: E[]): EnumType<E> {
  if (values.length === 0) throw new TypeError('enumOf(): needs at least one value');
  if (new Set(values).size !== values.length) throw new TypeError(`enumOf(${values.join(', ')}): duplicate value`);
  return Object.freeze({ kind: 'enum', values: Object.freeze([...values]) });
}

/**
 * The enum type printed in traces with the words a kernel developer uses: for a value that encodes something
 * (`stale` for "the sequence number moved since read_begin"), traces print `shown[value]`. Values, trace
 * files and state counts are unchanged: only the printed text differs.
 */
export function shownAs<const E extends string>(type: EnumType<E>, shown: Readonly<Record<E, string>>): EnumType<E> {
  for (const v of type.values) if (typeof shown[v] !== 'string' || shown[v] === '') throw new TypeError(`shownAs(enumOf(${type.values.join(', ')})): no printed text for '${v}'`);
  return Object.freeze({ ...type, shown: Object.freeze({ ...shown }) });
}

/** `size` interchangeable ids named `name`; printed as `name0`, `name1`, ... */
export function scalarset<const N extends string>(name: N, size: number): Scalarset<N> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new TypeError(`scalarset('${name}'): the name must be an identifier`);
  if (!Number.isSafeInteger(size) || size < 1) throw new TypeError(`scalarset('${name}', ${size}): size must be a positive integer`);
  if (size > MAX_DOMAIN_VALUES) throw tooBig(`scalarset('${name}', ${size}): ids`, size, MAX_DOMAIN_VALUES, scalarset);
  return Object.freeze({ kind: 'scalarset', name, size, values: idList(name, size) });
}

// Ids are registered symbols (`Symbol.for`), so the same name and number give the same id in every
// copy of this module; `idInfo` maps an id back to its scalarset's name and its number.
const ID_KEY = 'interleave.id:';
const idInfoCache = new Map<symbol, { readonly set: string; readonly index: number } | null>();

/** The id number `index` of the scalarset named `name`. */
export function idOf<N extends string>(name: N, index: number): Id<N> {
  return Symbol.for(`${ID_KEY}${name}#${index}`) as Id<N>;
}

/** The printed name of an id, e.g. `Dev0` (for messages; an id's name is not an order to compute with). */
export function idName(id: Id): string {
  const info = idInfo(id);
  if (!info) throw new TypeError(`idName(${String(id)}): not a scalarset id`);
  return `${info.set}${info.index}`;
}

/** A value as messages print it: an id by its name (`Dev0`), anything else with String(). */
export function showValue(v: unknown): string {
  const info = idInfo(v);
  return info ? `${info.set}${info.index}` : String(v);
}

/** The scalarset name and number of an id, or null when `v` is not an id. */
export function idInfo(v: unknown): { readonly set: string; readonly index: number } | null {
  if (typeof v !== 'symbol') return null;
  let info = idInfoCache.get(v);
  if (info === undefined) {
    const key = Symbol.keyFor(v);
    const m = key?.startsWith(ID_KEY) ? /^(.*)#(\d+)$/.exec(key.slice(ID_KEY.length)) : null;
    info = m ? Object.freeze({ set: m[1]!, index: Number(m[2]) }) : null;
    idInfoCache.set(v, info);
  }
  return info;
}

const noOrder = (method: string) =>
  function (): never {
    throw new TypeError(
      `${method}() on the ids of a scalarset: ids have no order (symmetry reduction would be unsound); compare ids with === or use int(0, n - 1) for ordered ids`,
    );
  };

function idList<N extends string>(name: N, size: number): IdList<N> {
  const ids = Array.from({ length: size }, (_, i) => idOf(name, i));
  for (const m of ['indexOf', 'lastIndexOf', 'findIndex', 'findLastIndex']) Object.defineProperty(ids, m, { value: noOrder(m) });
  return Object.freeze(ids);
}

/** A variable holding one id of a scalarset (the scalarset itself serves as the type too). */
export function ref<N extends string>(set: Scalarset<N>): Scalarset<N> {
  return set;
}

/** `null` or a value of `of`. */
export function option<T extends Type>(of: T): OptionType<T> {
  if (of?.kind === 'option') throw new TypeError('option(option(...)): null would mean two things; use option(enumOf(...)) or option(record({...}))');
  return Object.freeze({ kind: 'option', of });
}

/** `length` values of `of`, indexed from 0. */
export function array<T extends Type>(of: T, length: number): ArrayType<T> {
  if (!Number.isSafeInteger(length) || length < 0) throw new TypeError(`array(_, ${length}): length must be a non-negative integer`);
  if (length > MAX_ELEMENTS) throw tooBig(`array(_, ${length}): elements`, length, MAX_ELEMENTS, array);
  return Object.freeze({ kind: 'array', of, length });
}

/** A total map from every element of `key` to a value of `of`. */
export function mapOf<K extends Domain, T extends Type>(key: K, of: T): MapType<K, T> {
  return Object.freeze({ kind: 'map', key, of });
}

/**
 * A subset of `of`: a domain, or a record whose fields are domains (`setOf(record({ asid: Asid, task: Task }))`),
 * whose elements compare by value (`s.tlb.has({ asid, task })`). Each possible element is one bit of every
 * state, so a set of records is capped at MAX_ELEMENTS possible records.
 */
export function setOf<K extends Element>(of: K): SetType<K> {
  if (of?.kind === 'record') {
    for (const [k, f] of Object.entries(of.fields as Record<string, Type>)) {
      if (!isDomain(f)) throw new TypeError(`setOf(record({ ${k}: ${describeType(f)}, ... })): the fields of a set's records must be bool, int, enum or scalarset`);
    }
    const n = elementCount(of);
    if (n > MAX_ELEMENTS) throw tooBig(`setOf(${describeType(of)}): possible elements`, n, MAX_ELEMENTS, setOf);
  } else if (!of || !isDomain(of as Type)) {
    throw new TypeError('setOf(_): the elements must be bool, int, enum, scalarset, or a record of those');
  }
  return Object.freeze({ kind: 'set', of });
}

/** How many values a set's element type has (the product of the field domains' sizes for records). */
export function elementCount(of: Element): number {
  if (of.kind !== 'record') return of.values.length;
  let n = 1;
  for (const f of Object.values(of.fields)) n *= f.values.length;
  return n;
}

/** A record with the given fields. */
export function record<F extends { readonly [name: string]: Type }>(fields: F): RecordType<F> {
  return Object.freeze({ kind: 'record', fields: Object.freeze({ ...fields }) });
}

/** A sequence of at most `max` values of `of`. */
export function seq<T extends Type>(of: T, max: number): SeqType<T> {
  if (!Number.isSafeInteger(max) || max < 0) throw new TypeError(`seq(_, ${max}): max must be a non-negative integer`);
  if (max > MAX_ELEMENTS) throw tooBig(`seq(_, ${max}): elements`, max, MAX_ELEMENTS, seq);
  return Object.freeze({ kind: 'seq', of, max });
}

/**
 * A tagged union: `union({ msg: Msg, val: Val, none: null })` holds `{ tag: 'msg', value: m }`, `{ tag: 'val', value: v }`
 * or `{ tag: 'none' }`; the first variant (with its type's first value) is the initial one. Values are assigned whole
 * (`n.x = { tag: 'none' }`), so a variant's type holds no set or sequence (those change in place).
 */
export function union<const V extends Variants>(variants: V): UnionType<V> {
  const tags = Object.keys(variants ?? {});
  if (tags.length === 0) throw new TypeError('union({}): needs at least one variant');
  for (const tag of tags) {
    const t = variants[tag];
    if (t === null) continue;
    if (typeof t !== 'object' || typeof t.kind !== 'string') throw new TypeError(`union({ ${tag}: ... }): a variant is a type or null (a tag alone)`);
    if (changesInPlace(t)) throw new TypeError(`union({ ${tag}: ${describeType(t)} }): a union is assigned whole, so its variants hold no set or sequence`);
  }
  return Object.freeze({ kind: 'union', variants: Object.freeze({ ...variants }) });
}

/**
 * `undefined` (TLA+'s `defaultInitValue`: the initial value) or a value of `of`; in JSON (traces) `undefined` is the
 * string `"undefined"`, so an enum of `of` may not have that name.
 */
export function orUndefined<T extends Type>(of: T): UndefinedOrType<T> {
  if (of?.kind === 'undefinedOr') throw new TypeError('orUndefined(orUndefined(...)): undefined would mean two things');
  const names = of?.kind === 'enum' ? of.values : of?.kind === 'option' && (of.of as Type).kind === 'enum' ? ((of.of as EnumType).values as readonly string[]) : [];
  if (names.includes('undefined')) throw new TypeError(`orUndefined(${describeType(of)}): the enum value 'undefined' would read as undefined in traces; rename it`);
  return Object.freeze({ kind: 'undefinedOr', of });
}

/** Whether a value of `t` holds a set or a sequence (changed in place, not assigned). */
function changesInPlace(t: Type): boolean {
  switch (t.kind) {
    case 'set':
    case 'seq':
      return true;
    case 'option':
    case 'array':
    case 'map':
    case 'undefinedOr':
      return changesInPlace(t.of);
    case 'record':
      return Object.values(t.fields as Record<string, Type>).some(changesInPlace);
    case 'union':
      return Object.values(t.variants as Variants).some((v) => v !== null && changesInPlace(v));
    default:
      return false;
  }
}

/** Whether a type can serve as a finite domain (map key, set element, parameter). */
export function isDomain(t: Type): t is Domain {
  return t.kind === 'bool' || t.kind === 'int' || t.kind === 'enum' || t.kind === 'scalarset';
}

/** The printed form of a domain element: scalarset ids print as `Name0`. */
export function formatDomainValue(d: Domain, v: unknown): string {
  return d.kind === 'scalarset' ? `${d.name}${idInfo(v)?.index ?? '?'}` : String(v);
}

/** The index of a domain element (0-based), or -1 when it is not in the domain. */
export function domainIndex(d: Domain, v: unknown): number {
  switch (d.kind) {
    case 'bool':
      return v === false ? 0 : v === true ? 1 : -1;
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) && v >= d.lo && v <= d.hi ? v - d.lo : -1;
    case 'enum':
      return (d.values as readonly unknown[]).indexOf(v);
    case 'scalarset': {
      const info = idInfo(v);
      return info !== null && info.set === d.name && info.index < d.size ? info.index : -1;
    }
  }
}

/** A short description of a type, for error messages and `interleave show`. */
export function describeType(t: Type): string {
  switch (t.kind) {
    case 'bool':
      return 'bool';
    case 'int':
      return `int(${t.lo}..${t.hi})`;
    case 'enum':
      return `enum(${t.values.join('|')})`;
    case 'scalarset':
      return t.name;
    case 'option':
      return `option(${describeType(t.of)})`;
    case 'array':
      return `array(${describeType(t.of)}, ${t.length})`;
    case 'map':
      return `map(${describeType(t.key)} -> ${describeType(t.of)})`;
    case 'set':
      return `set(${describeType(t.of)})`;
    case 'record':
      return `{ ${Object.entries(t.fields as Record<string, Type>).map(([k, v]) => `${k}: ${describeType(v)}`).join(', ')} }`;
    case 'seq':
      return `seq(${describeType(t.of)}, ${t.max})`;
    case 'undefinedOr':
      return `orUndefined(${describeType(t.of)})`;
    case 'union':
      return `union(${Object.entries(t.variants as Variants).map(([k, v]) => (v === null ? k : `${k}: ${describeType(v)}`)).join(' | ')})`;
  }
}
