// Where an effect made a bad write. A draft's collections are validated when the effect returns (see
// views.ts: checking every write would cost the search), so a seq pushed past its `max` or a map given a
// foreign key fails with no user code on the stack. When that happens, the Explorer runs the effect once
// more on a traced draft: every write through it is validated at once, and the ValueError then rises from
// the user's own line. Only this diagnostic run pays for the proxies.

/**
 * A view of `root` whose every write (assignment, delete, or a method call such as `push` on a collection
 * reached through it) is followed by `check()`, which throws when the draft no longer fits its types.
 * Objects are re-read from `root` by path on every access, so `check()` may rebuild the draft's collections.
 */
export function tracedDraft(root: object, check: () => void): object {
  // Proxies resolve their object by path from a base on every access: the draft's root, or an object a
  // method returned (`pop()`, `find()`), which is no longer where a path from the root leads.
  const proxies = new Map<object, Map<string, object>>();
  let inCall = 0;
  const traced = (base: object, path: readonly PropertyKey[], shape: object): object => {
    const key = JSON.stringify(path.map(String));
    let byPath = proxies.get(base);
    if (!byPath) proxies.set(base, (byPath = new Map()));
    let p = byPath.get(key);
    if (!p) {
      p = new Proxy(Array.isArray(shape) ? [] : {}, handler(base, path));
      byPath.set(key, p);
    }
    return p;
  };
  const handler = (base: object, path: readonly PropertyKey[]): ProxyHandler<object> => {
    const resolve = (): object => path.reduce<any>((o, k) => Reflect.get(o, k), base) as object;
    return {
      get(_, key) {
        const real = resolve();
        const v = Reflect.get(real, key, real) as unknown;
        if (typeof v === 'function') {
          const self = Array.isArray(real) ? traced(base, path, real) : real;
          return function traceCall(this: unknown, ...args: unknown[]) {
            // inside a method the elements it reads are the objects themselves, so what it returns (a popped
            // element) is that object, traced from itself rather than from a place it may have left
            inCall++;
            let r: unknown;
            try {
              r = Reflect.apply(v as (...a: unknown[]) => unknown, self, args);
            } finally {
              inCall--;
            }
            check();
            return typeof r === 'object' && r !== null && !Array.isArray(r) ? traced(r, [], r) : r;
          };
        }
        return typeof v === 'object' && v !== null && inCall === 0 ? traced(base, [...path, key], v) : v;
      },
      set(_, key, value) {
        const ok = Reflect.set(resolve(), key, value);
        check();
        return ok;
      },
      deleteProperty(_, key) {
        const ok = Reflect.deleteProperty(resolve(), key);
        check();
        return ok;
      },
      has: (_, key) => Reflect.has(resolve(), key),
      ownKeys: (target) => {
        const keys = Reflect.ownKeys(resolve());
        // an array target's own `length` must be listed
        return Array.isArray(target) && !keys.includes('length') ? [...keys, 'length'] : keys;
      },
      getOwnPropertyDescriptor(target, key) {
        const d = Reflect.getOwnPropertyDescriptor(resolve(), key);
        if (!d) return undefined;
        // a proxy may report as non-configurable only what its target holds so (an array's `length`)
        return Reflect.getOwnPropertyDescriptor(target, key)?.configurable === false ? d : { ...d, configurable: true };
      },
    };
  };
  return traced(root, [], root);
}
