// The TypeScript types of states as user code sees them: read-only views of the current state,
// and drafts of the next state. Both are backed by the checker's packed encoding; these types only
// describe them.
import type {
  ArrayType,
  BoolType,
  Domain,
  DomainValue,
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
} from './types.ts';

/** A read-only subset of a finite domain. */
export interface SetView<E> extends Iterable<E> {
  has(value: E): boolean;
  readonly size: number;
  /** The elements as JSON values (scalarset ids as names such as `Proc0`), for `JSON.stringify`. */
  toJSON(): unknown[];
}
/** A subset of a finite domain, in a draft. */
export interface SetDraft<E> extends SetView<E> {
  add(value: E): void;
  delete(value: E): void;
  clear(): void;
}
/** A read-only fixed-length array. */
export interface ArrayView<V> extends Iterable<V> {
  readonly [index: number]: V;
  readonly length: number;
}
/** A fixed-length array in a draft: elements are assignable. */
export interface ArrayDraft<V> extends Iterable<V> {
  [index: number]: V;
  readonly length: number;
}
/** A read-only bounded sequence. */
export interface SeqView<V> extends Iterable<V> {
  readonly [index: number]: V;
  readonly length: number;
  readonly max: number;
}
/** A bounded sequence in a draft (a queue or a stack). */
export interface SeqDraft<V, In = V> extends Iterable<V> {
  [index: number]: V;
  readonly length: number;
  readonly max: number;
  push(value: In): void;
  /** Removes and returns the first element. */
  shift(): V;
  /** Removes and returns the last element. */
  pop(): V;
  clear(): void;
}

// maps over enums are objects keyed by the names, maps over scalarsets objects keyed by the ids
// (symbols), maps over ints arrays indexed by the number
type Keyed<K extends Domain, V> = K extends Scalarset<infer N>
  ? { readonly [k in Id<N>]: V }
  : [DomainValue<K>] extends [string]
    ? { readonly [k in DomainValue<K> & string]: V }
    : { readonly [k: number]: V };
type KeyedDraft<K extends Domain, V> = K extends Scalarset<infer N>
  ? { [k in Id<N>]: V }
  : [DomainValue<K>] extends [string]
    ? { [k in DomainValue<K> & string]: V }
    : { [k: number]: V };

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
                ? DomainValue<K>[]
                : T extends RecordType<infer F>
                  ? { [f in keyof F]: Value<F[f]> }
                  : T extends SeqType<infer U>
                    ? Value<U>[]
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
                ? SetView<DomainValue<K>>
                : T extends RecordType<infer F>
                  ? { readonly [f in keyof F]: View<F[f]> }
                  : T extends SeqType<infer U>
                    ? SeqView<View<U>>
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
          ? SetDraft<DomainValue<K>>
          : T extends RecordType<infer F>
            ? { -readonly [f in keyof F]: Draft<F[f]> }
            : T extends SeqType<infer U>
              ? SeqDraft<Draft<U>, Value<U>>
              : never;

/** A read-only view of a whole state. */
export type StateView<S extends Schema> = { readonly [k in keyof S]: View<S[k]> };
/** A draft of the next state: starts as a copy of the current state; writes are range-checked. */
export type StateDraft<S extends Schema> = { -readonly [k in keyof S]: Draft<S[k]> };
