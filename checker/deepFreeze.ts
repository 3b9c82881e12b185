// Deep-freezing of JSON values: how states and traces given to code outside the search stay immutable.

/** Freezes a JSON value and everything in it; returns it. */
export function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
