#!/usr/bin/env node
// Entry point. Runs the compiled tool in dist/ (`npm run build`) when it is fresh, that is when its build
// stamp (dist/.built, the time the build started) is at least as new as every file in api/, spec/, checker/
// and cli/; else the TypeScript sources through tsx, so that an edited source never runs stale code
// (INTERLEAVE_FROM_SOURCE=1 asks for the sources whatever dist/ holds). The user's
// spec is always TypeScript: tsx and the hook that resolves `import ... from 'interleave'` (to the very DSL
// modules the checker uses, dist/ or sources) are registered before the first spec is imported, and only
// then, so that `--help` loads neither. A spec run by the CLI gets the DSL (spec/index), not the whole public
// entry (api/index, which adds check, simulate, ...: a spec has no use for them, and they cost start-up time).
import { readdirSync, statSync } from 'node:fs';
import { register } from 'node:module';

const root = new URL('../', import.meta.url);
const dist = process.env.INTERLEAVE_FROM_SOURCE !== '1' && distIsFresh();
const dsl = new URL(dist ? 'dist/spec/index.js' : 'spec/index.ts', root).href;

let hooks;
/** Lets Node import the user's .ts spec, with 'interleave' resolved to `dsl`. */
function registerSpecHooks() {
  hooks ??= import('tsx/esm/api').then(({ register: registerTsx }) => {
    register('./resolve-interleave.js', import.meta.url, { data: { dsl } });
    registerTsx();
  });
  return hooks;
}

if (!dist) await registerSpecHooks(); // the CLI itself is TypeScript
const { setSpecImportHook } = await import(dist ? '../dist/checker/loadSpec.js' : '../checker/loadSpec.ts');
setSpecImportHook(registerSpecHooks);
const { main } = await import(dist ? '../dist/cli/main.js' : '../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

/** Whether dist/ holds a build at least as new as every source file of the tool. */
function distIsFresh() {
  let built;
  try {
    built = statSync(new URL('dist/.built', root)).mtimeMs;
  } catch {
    return false; // never built (or a build did not finish)
  }
  for (const dir of ['api', 'spec', 'checker', 'cli']) {
    let files;
    try {
      files = readdirSync(new URL(dir, root), { recursive: true, withFileTypes: true });
    } catch {
      continue; // an install with dist/ only
    }
    for (const f of files) {
      if (f.isFile() && statSync(`${f.parentPath ?? f.path}/${f.name}`).mtimeMs > built) return false;
    }
  }
  return true;
}
