// A spec: a model as a function of named parameters, with optional named variants.
import { callerLocation, type SourceLocation } from './location.ts';
import type { ModelBuilder } from './model.ts';
import type { Schema } from './types.ts';

/** A parameter value: what `--param k=v` can set. */
export type ParamValue = number | boolean | string;
/** A parameter's type from its default: `'fast'` is a `string`, `2` a `number` (`--param` can set any value of that type). */
export type ParamType<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : T;
/** The parameters a spec's build function receives: its declared ones (typed by their defaults) plus `variant`. */
export type BuildParams<P, V extends string> = { readonly [k in keyof P]: ParamType<P[k]> } & { readonly variant: V };

/** A loaded spec: metadata plus the function that builds the model for given parameters. */
export interface Spec {
  readonly __interleaveSpec: 1;
  readonly name: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Variant names; the first is the default. Empty when the spec has none. */
  readonly variants: readonly string[];
  readonly build: (params: Readonly<Record<string, ParamValue>> & { variant: string }) => ModelBuilder<Schema, unknown>;
  /** Where `defineSpec(...)` was called: errors about the spec as a whole point there. */
  readonly location?: SourceLocation;
}

/**
 * Declares a spec. `params` gives every parameter with its default value; `variants` lists named
 * variants (the first is the default), passed to `build` as `variant`.
 *
 * ```ts
 * export default defineSpec({ name: 'lock', params: { n: 2 } }, ({ n }) => model({ ... }) ...);
 * ```
 */
export function defineSpec<const P extends Record<string, ParamValue>, const V extends string = 'default'>(
  meta: { name: string; params?: P; variants?: readonly V[] },
  build: (params: BuildParams<P, V>) => ModelBuilder<any, any>,
): Spec {
  const variants = [...(meta.variants ?? [])];
  if (new Set(variants).size !== variants.length) throw new TypeError(`spec '${meta.name}': duplicate variant name`);
  const params = { ...(meta.params ?? {}) } as Record<string, ParamValue>;
  if ('variant' in params) throw new TypeError(`spec '${meta.name}': 'variant' is reserved; declare variants with the variants list`);
  return Object.freeze({
    __interleaveSpec: 1 as const,
    name: meta.name,
    params: Object.freeze(params),
    variants: Object.freeze(variants),
    build: build as unknown as Spec['build'],
    location: callerLocation(),
  });
}

/** Whether a module's export is a spec made by defineSpec. */
export function isSpec(x: unknown): x is Spec {
  return typeof x === 'object' && x !== null && (x as { __interleaveSpec?: unknown }).__interleaveSpec === 1;
}
