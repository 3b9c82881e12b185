// Atomics (`atomic_t`, `cmpxchg` on a word or a struct) and value equality. A location is a draft
// container and a key (`n, 'val'`, `n.tail, self`), since JavaScript has no pointer to an int.
// Each call reads and writes its location at once and returns the old value; a step of a model is
// atomic already, so a step that makes one of these calls and nothing else on shared state is the
// kernel's atomic instruction. The old value is a frozen snapshot, not a view: it keeps its value
// after the write, so it can be compared (`eq`) or stored as it is.
import { KernelModelError } from './checks.ts';
import type { SetView } from '../views.ts';

/**
 * The value an atomic returns for a location of type `T`: leaves as they are, records and arrays as
 * frozen plain copies. Sets have no atomics (`never`): the kernel has none either.
 */
export type Snapshot<T> = T extends SetView<any>
  ? never
  : T extends readonly (infer E)[]
    ? ReadonlyArray<Snapshot<E>>
    : T extends (...args: any[]) => any
      ? never
      : T extends object
        ? { readonly [k in keyof T]: Snapshot<T[k]> }
        : T;

/** The keys of `O` that name a location an atomic takes: anything but a set. */
type AtomicKeys<O> = { [k in keyof O]-?: O[k] extends SetView<any> ? never : k }[keyof O];
/** The keys of `O` whose values have type `V`. */
type KeysOf<O, V> = { [k in keyof O]-?: O[k] extends V ? k : never }[keyof O];

const isSet = (v: object): v is SetView<unknown> =>
  !Array.isArray(v) && typeof (v as { has?: unknown }).has === 'function' && Symbol.iterator in v;

/** A frozen plain copy of a value (a read view, a draft or a plain value); sets are refused. */
export function snapshot<T>(v: T): Snapshot<T> {
  if (v === null || typeof v !== 'object') return v as Snapshot<T>;
  if (isSet(v)) throw new KernelModelError('an atomic on a set: the kernel has none; use a bool per element or a record');
  if (Array.isArray(v)) return Object.freeze(v.map(snapshot)) as Snapshot<T>;
  const out: Record<PropertyKey, unknown> = {};
  for (const k of Reflect.ownKeys(v)) {
    if (Object.prototype.propertyIsEnumerable.call(v, k)) out[k as string] = snapshot((v as Record<PropertyKey, unknown>)[k as string]);
  }
  return Object.freeze(out) as Snapshot<T>;
}

/**
 * Value equality: leaves (numbers, booleans, enum names, ids) with `===`, `null`, and records, arrays,
 * maps and sets member by member. Views, drafts, snapshots and plain values compare alike, so a guard
 * can ask `eq(s.lock, s.seen[self])`.
 */
export function eq<T>(a: T, b: NoInfer<T> | NoInfer<Snapshot<T>>): boolean {
  return equal(a, b);
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
    return true;
  }
  if (isSet(a) || isSet(b)) {
    if (!isSet(a) || !isSet(b) || a.size !== b.size) return false;
    for (const x of a) if (!b.has(x)) return false;
    return true;
  }
  const ka = Reflect.ownKeys(a).filter((k) => Object.prototype.propertyIsEnumerable.call(a, k));
  const kb = Reflect.ownKeys(b).filter((k) => Object.prototype.propertyIsEnumerable.call(b, k));
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.propertyIsEnumerable.call(b, k)) return false;
    if (!equal((a as Record<PropertyKey, unknown>)[k as string], (b as Record<PropertyKey, unknown>)[k as string])) return false;
  }
  return true;
}

/** `atomic_read` / `READ_ONCE`: the value at `obj[key]`, as a snapshot. */
export function atomicRead<O extends object, K extends AtomicKeys<O>>(obj: O, key: K): Snapshot<O[K]> {
  return snapshot(obj[key]);
}

/** `atomic_set` / `WRITE_ONCE`: writes `value` to `obj[key]` (range-checked like any draft write). */
export function atomicSet<O extends object, K extends AtomicKeys<O>>(obj: O, key: K, value: Snapshot<O[K]>): void {
  obj[key] = snapshot(value) as O[K];
}

/** `xchg` / `atomic_xchg`: writes `value`, returns the old value. */
export function xchg<O extends object, K extends AtomicKeys<O>>(obj: O, key: K, value: Snapshot<O[K]>): Snapshot<O[K]> {
  const old = snapshot(obj[key]);
  obj[key] = snapshot(value) as O[K];
  return old;
}

/**
 * `cmpxchg` / `atomic_cmpxchg`: when `obj[key]` equals `old` (by value, records field by field),
 * writes `value`; returns the value found either way (it succeeded iff `eq(returned, old)`).
 */
export function cmpxchg<O extends object, K extends AtomicKeys<O>>(obj: O, key: K, old: Snapshot<O[K]>, value: Snapshot<O[K]>): Snapshot<O[K]> {
  const found = snapshot(obj[key]);
  if (equal(found, old)) obj[key] = snapshot(value) as O[K];
  return found;
}

/** `atomic_fetch_add`: adds `delta` (negative to subtract), returns the old value. Out of the int's range is a range error. */
export function fetchAdd<O extends object, K extends KeysOf<O, number>>(obj: O, key: K, delta: number): number {
  const old = obj[key] as number;
  (obj as Record<K, number>)[key] = old + delta;
  return old;
}

/** `atomic_fetch_or`: bitwise or on an int, `||` on a bool; returns the old value. */
export function fetchOr<O extends object, K extends KeysOf<O, number | boolean>>(obj: O, key: K, mask: O[K]): O[K] {
  const old = obj[key];
  obj[key] = (typeof old === 'boolean' ? old || (mask as boolean) : (old as number) | (mask as number)) as O[K];
  return old;
}

/** `atomic_fetch_and`: bitwise and on an int, `&&` on a bool; returns the old value. */
export function fetchAnd<O extends object, K extends KeysOf<O, number | boolean>>(obj: O, key: K, mask: O[K]): O[K] {
  const old = obj[key];
  obj[key] = (typeof old === 'boolean' ? old && (mask as boolean) : (old as number) & (mask as number)) as O[K];
  return old;
}
