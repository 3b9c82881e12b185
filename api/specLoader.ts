// Spec files are TypeScript. Run from the sources (vitest, tsx), interleave is itself loaded by something
// that compiles TypeScript, which then loads the spec too; run from the compiled package (dist/) in plain
// Node, tsx's loader is registered before the first spec file is imported, as bin/interleave.js does.
let ready: Promise<void> | undefined;

/** Makes `import('spec.ts')` work; idempotent. */
export function ensureSpecLoader(): Promise<void> {
  if (import.meta.url.endsWith('.ts')) return Promise.resolve();
  ready ??= import('tsx/esm/api').then(({ register }) => void register());
  return ready;
}
