// `npm run build` (also run by `npm ci` and `npm install`, as `prepare`, where a failed build leaves the
// sources to run): compiles api/, spec/, checker/ and cli/ to dist/ with
// tsc (tsconfig.build.json), then stamps dist/.built with the time the build started. bin/interleave.js
// runs dist/ only while no source file is newer than that stamp, so a file edited during the build counts
// as unbuilt, and a failed build leaves no stamp.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, rmSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
const started = new Date();
rmSync('dist', { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
} catch {
  process.exit(1); // tsc printed why
}
closeSync(openSync('dist/.built', 'w'));
utimesSync('dist/.built', started, started);
