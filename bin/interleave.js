#!/usr/bin/env node
// Entry point: lets Node load TypeScript (the CLI and the user's spec, no build step), makes
// `import ... from 'interleave'` resolve to this package from a spec anywhere, then runs the CLI.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

register('./resolve-interleave.js', import.meta.url);
registerTsx();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
