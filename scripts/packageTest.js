// CI step (.ci/run): the npm package as a user gets it. Packs the tarball, checks what it holds, installs it
// into an empty project made here (with vitest and typescript, from npm's cache when `npm ci` filled it),
// type-checks a spec and a test there with the tsconfig `tsc --init` writes, runs `npx interleave check`
// on the spec, and runs a vitest test that uses the matchers. Prints each claim; exits 1 on the first
// that fails. Run after `npm ci`, which builds dist/ (`prepare`).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const started = performance.now();
const work = mkdtempSync(join(tmpdir(), 'interleave-package-'));
const project = join(work, 'project');
let failed = false;

/** Runs a command; returns its status and output. */
function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Prints a claim and whether it holds. */
function claim(what, ok, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) {
    failed = true;
    if (detail) console.log(detail.replace(/^/gm, '     '));
  }
  return ok;
}

try {
  if (!existsSync(join(repo, 'dist/.built'))) execFileSync(process.execPath, [join(repo, 'scripts/build.js')], { stdio: 'inherit' });
  // the tarball: dist/ is built by `prepare` (npm ci); --ignore-scripts keeps pack from building it again
  const packed = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], repo);
  if (!claim('npm pack', packed.code === 0, packed.err)) throw new Error('stop');
  const { filename, files } = JSON.parse(packed.out)[0];
  const paths = files.map((f) => f.path);
  const outside = paths.filter((p) => !/^(dist\/|bin\/|schema\/)|^(README\.md|CHANGELOG\.md|LICENSE|package\.json)$/.test(p));
  claim('the tarball holds dist/, bin/, schema/, README.md, CHANGELOG.md, LICENSE and package.json only', outside.length === 0, outside.join('\n'));
  const needed = ['dist/api/index.js', 'dist/api/index.d.ts', 'dist/api/vitest.js', 'dist/api/vitest.d.ts', 'dist/.built', 'LICENSE', 'CHANGELOG.md'];
  claim('it holds the compiled entries, their .d.ts, the build stamp, LICENSE and CHANGELOG.md', needed.every((p) => paths.includes(p)), needed.filter((p) => !paths.includes(p)).join('\n'));
  claim('it holds no TypeScript source', !paths.some((p) => p.endsWith('.ts') && !p.endsWith('.d.ts')));

  // an empty project
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'uses-interleave', private: true, type: 'module' }, null, 2)}\n`);
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')).packages;
  const pin = (name) => `${name}@${lock[`node_modules/${name}`].version}`;
  const installed = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, filename), pin('vitest'), pin('typescript')], project);
  if (!claim('npm install <tarball> vitest typescript, in an empty project', installed.code === 0, installed.err)) throw new Error('stop');
  const init = run('npx', ['--no-install', 'tsc', '--init'], project);
  claim('tsc --init', init.code === 0, init.out + init.err);

  // the README's spec and its vitest example, which uses the matchers
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  writeFileSync(join(project, 'lock.ts'), /```ts\n(\/\/ lock\.ts[\s\S]*?)```/.exec(readme)[1]);
  writeFileSync(join(project, 'lock.test.ts'), /```ts\n(\/\/ lock\.test\.ts[\s\S]*?)```/.exec(readme)[1]);
  const tsc = run('npx', ['--no-install', 'tsc', '--noEmit'], project);
  claim('tsc --noEmit with the default tsconfig: no error', tsc.code === 0 && tsc.out === '', tsc.out + tsc.err);

  const checked = run('npx', ['--no-install', 'interleave', 'check', 'lock.ts', '--variant', 'racy'], project);
  const first = checked.out.split('\n')[0];
  claim(
    'npx interleave check lock.ts --variant racy: exit 1, "lock (variant racy, threads=2): invariant mutualExclusion violated (lock.ts:23)"',
    checked.code === 1 && first === 'lock (variant racy, threads=2): invariant mutualExclusion violated (lock.ts:23)',
    `exit ${checked.code}\n${checked.out}${checked.err}`,
  );
  const clean = run('npx', ['--no-install', 'interleave', 'check', 'lock.ts', '--no-symmetry'], project);
  claim(
    'npx interleave check lock.ts --no-symmetry: exit 0, "lock (variant atomic, threads=2): no violation in 5 distinct states"',
    clean.code === 0 && clean.out.split('\n')[0] === 'lock (variant atomic, threads=2): no violation in 5 distinct states',
    `exit ${clean.code}\n${clean.out}${clean.err}`,
  );

  // a trace file written by the CLI, replayed by the matcher (the spec it names loaded from a path: tsx's loader)
  const written = run('npx', ['--no-install', 'interleave', 'check', 'lock.ts', '--variant', 'racy', '--out', 'racy.json'], project);
  claim('npx interleave check --out racy.json writes the trace', written.code === 1 && existsSync(join(project, 'racy.json')), written.out + written.err);
  writeFileSync(
    join(project, 'trace.test.ts'),
    `import { expect, it } from 'vitest';
import { replay } from 'interleave';
import 'interleave/vitest';

it('the trace written by the CLI reproduces, and diverges on the atomic variant', async () => {
  await expect('racy.json').toReproduce();
  const r = await replay('racy.json', { variant: 'atomic' });
  expect(r.outcome === 'diverged' && [r.step, r.reason]).toEqual([2, 'not-enabled']);
});
`,
  );
  const vitest = run('npx', ['--no-install', 'vitest', 'run'], project);
  claim("npx vitest run: the README's matcher test and a toReproduce test pass (3 tests)", vitest.code === 0 && /Tests\s+3 passed \(3\)/.test(vitest.out), vitest.out + vitest.err);
} catch (e) {
  if (e.message !== 'stop') {
    failed = true;
    console.log(`FAIL ${e.stack}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`package test: ${failed ? 'failed' : 'passed'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
