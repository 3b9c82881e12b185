// Node resolve hook: the bare specifier `interleave` names this package's DSL (the URL given by
// bin/interleave.js: dist/spec/index.js or spec/index.ts, whichever the checker runs), wherever the
// importing spec lives (a user's spec need not sit in a project that depends on interleave), and a
// spec's own .ts files load as ES modules even outside a `"type": "module"` package.
let dsl = new URL('../spec/index.ts', import.meta.url).href;

export function initialize(data) {
  if (data?.dsl) dsl = data.dsl;
}

export async function resolve(specifier, context, next) {
  if (specifier === 'interleave') return { url: dsl, shortCircuit: true, format: 'module' };
  const resolved = await next(specifier, context);
  if (/\.ts$/.test(resolved.url) && resolved.url.startsWith('file:') && !resolved.url.includes('/node_modules/')) {
    return { ...resolved, format: 'module' };
  }
  return resolved;
}
