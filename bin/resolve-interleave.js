// Node resolve hook: the bare specifier `interleave` names this package's DSL, wherever the
// importing spec lives (a user's spec need not sit in a project that depends on interleave).
const dsl = new URL('../spec/index.ts', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'interleave') return { url: dsl, shortCircuit: true, format: 'module' };
  return next(specifier, context);
}
