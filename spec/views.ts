// The TypeScript types of states as user code sees them: read-only views of the current state,
// and drafts of the next state. Both are backed by the checker's packed encoding; these types only
// describe them.
import type {
  ArrayType,
  Type,
  BoolType,
  Domain,
  DomainValue,
  ElementValue,
  EnumType,
  Id,
  IntType,
  MapType,
  OptionType,
  RecordType,
  Scalarset,
  Schema,
  SeqType,
  SetType,
  UndefinedOrType,
  UnionType,
  Variants,
} from './types.ts';

/** A read-only subset of a finite domain (or of records over domains, compared by value). Iterates in the domain's order. */
export interface SetView<E> extends Iterable<E> {
  has(value: E): boolean;
  readonly size: number;
  /** The elements as JSON values (scalarset ids as names such as `Proc0`), for `JSON.stringify`. */
  toJSON(): unknown[];
}
/** A subset of a finite domain, in a draft: changed in place (assigning a whole set is refused). */
export interface SetDraft<E> extends SetView<E> {
  add(value: E): void;
  delete(value: E): void;
  clear(): void;
}
/** A read-only fixed-length array: a frozen JavaScript array. */
export interface ArrayView<V> extends ReadonlyArray<V> {}
/**
 * A fixed-length array in a draft: a JavaScript array whose elements are assignable. Its length is fixed: the
 * ReadonlyArray methods are there, the ones that add or remove elements are not.
 */
export interface ArrayDraft<V> extends ReadonlyArray<V> {
  [index: number]: V;
}
/** A read-only bounded sequence: a frozen JavaScript array of plain (frozen) values, plus its bound `max`. */
export interface SeqView<V> extends ReadonlyArray<V> {
  /** The most elements it can hold. */
  readonly max: number;
}
/**
 * A bounded sequence in a draft (a queue or a stack): a JavaScript array of plain values, plus `max` and `clear()`.
 * Changed in place (assigning a whole sequence is refused); more than `max` elements is an error when the effect ends.
 */
export interface SeqDraft<V> extends Array<V> {
  /** The most elements it can hold. */
  readonly max: number;
  /** Removes every element. */
  clear(): void;
}

/** A plain value made deeply read-only: what a read view's sequence holds (sequences hold plain values). */
export type Frozen<T> = T extends readonly (infer E)[]
  ? ReadonlyArray<Frozen<E>>
  : T extends object
    ? { readonly [k in keyof T]: Frozen<T[k]> }
    : T;

/** The property names of a map keyed by `K`: enum values and `'false' | 'true'` are names, ints numbers (ids are keys of their own). */
type KeyName<K extends Domain> = [DomainValue<K>] extends [string] ? DomainValue<K> & string : [DomainValue<K>] extends [boolean] ? 'false' | 'true' : never;
// maps over scalarsets are objects keyed by the ids (symbols), maps over enums and bools objects keyed
// by the names, maps over ints arrays indexed by the number
type Keyed<K extends Domain, V> = K extends Scalarset<infer N>
  ? { readonly [k in Id<N>]: V }
  : [KeyName<K>] extends [never]
    ? { readonly [k: number]: V }
    : { readonly [k in KeyName<K>]: V };
type KeyedDraft<K extends Domain, V> = K extends Scalarset<infer N>
  ? { [k in Id<N>]: V }
  : [KeyName<K>] extends [never]
    ? { [k: number]: V }
    : { [k in KeyName<K>]: V };

/**
 * The value of a tagged union: `{ tag, value }` per variant with a type, `{ tag }` per variant declared `null`; a
 * discriminated union, so `x.tag === 'val'` narrows `x.value`.
 */
export type UnionValue<V extends Variants> = {
  [t in keyof V & string]: V[t] extends Type ? { readonly tag: t; readonly value: View<V[t]> } : { readonly tag: t };
}[keyof V & string];

/** The plain value of a type: what `init` and drafts accept for a whole composite value. */
export type Value<T> = T extends BoolType
  ? boolean
  : T extends IntType
    ? number
    : T extends EnumType<infer E>
      ? E
      : T extends Scalarset<infer N>
        ? Id<N>
        : T extends OptionType<infer U>
          ? Value<U> | null
          : T extends ArrayType<infer U>
            ? Value<U>[]
            : T extends MapType<infer K, infer U>
              ? KeyedDraft<K, Value<U>>
              : T extends SetType<infer K>
                ? ElementValue<K>[]
                : T extends RecordType<infer F>
                  ? { [f in keyof F]: Value<F[f]> }
                  : T extends SeqType<infer U>
                    ? Value<U>[]
                    : T extends UnionType<infer V>
                      ? UnionValue<V>
                      : T extends UndefinedOrType<infer U>
                        ? Value<U> | undefined
                        : never;

/** How user code reads a value of type T in a state. */
export type View<T> = T extends BoolType
  ? boolean
  : T extends IntType
    ? number
    : T extends EnumType<infer E>
      ? E
      : T extends Scalarset<infer N>
        ? Id<N>
        : T extends OptionType<infer U>
          ? View<U> | null
          : T extends ArrayType<infer U>
            ? ArrayView<View<U>>
            : T extends MapType<infer K, infer U>
              ? Keyed<K, View<U>>
              : T extends SetType<infer K>
                ? SetView<ElementValue<K>>
                : T extends RecordType<infer F>
                  ? { readonly [f in keyof F]: View<F[f]> }
                  : T extends SeqType<infer U>
                    ? SeqView<View<U>>
                    : T extends UnionType<infer V>
                      ? UnionValue<V>
                      : T extends UndefinedOrType<infer U>
                        ? View<U> | undefined
                        : never;

/** How user code reads and writes a value of type T in a draft of the next state. */
export type Draft<T> = T extends BoolType | IntType | EnumType<string> | Scalarset<string>
  ? View<T>
  : T extends OptionType<infer U>
    ? Draft<U> | null
    : T extends ArrayType<infer U>
      ? ArrayDraft<Draft<U>>
      : T extends MapType<infer K, infer U>
        ? KeyedDraft<K, Draft<U>>
        : T extends SetType<infer K>
          ? SetDraft<ElementValue<K>>
          : T extends RecordType<infer F>
            ? { -readonly [f in keyof F]: Draft<F[f]> }
            : T extends SeqType<infer U>
              ? SeqDraft<Value<U>>
              : T extends UnionType<infer V>
                ? UnionValue<V>
                : T extends UndefinedOrType<infer U>
                  ? Draft<U> | undefined
                  : never;

/** A read-only view of a whole state. */
export type StateView<S extends Schema> = { readonly [k in keyof S]: View<S[k]> };
/** A draft of the next state: starts as a copy of the current state; writes are range-checked. */
export type StateDraft<S extends Schema> = { -readonly [k in keyof S]: Draft<S[k]> };
