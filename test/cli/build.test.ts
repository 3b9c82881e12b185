// The compiled tool (`npm run build` to dist/) and the rule that picks it: bin/interleave.js runs dist/
// while no source file is newer than the build, else the sources. Run on a copy of the tool (the build
// takes seconds, and must not race the other tests' runs of bin/interleave.js in this tree).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const copy = mkdtempSync(join(tmpdir(), 'interleave-build-'));
const specs = mkdtempSync(join(tmpdir(), 'interleave-build-specs-'));
afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
  rmSync(specs, { recursive: true, force: true });
});

// a scalarset (ids are Symbol.for, compared across the DSL and the checker), symmetry reduction, and
// process steps whose lines are read with ts-morph when a trace is printed
writeFileSync(join(specs, 'lock.ts'), `import { bool, defineSpec, int, model, scalarset } from 'interleave';

export default defineSpec({ name: 'lock', params: { threads: 2 }, variants: ['atomic', 'racy'] }, ({ threads, variant }) => {
  const Thread = scalarset('Thread', threads);
  return model({ locked: bool, inside: int(0, threads) })
    .process('thread', Thread, {
      acquire: { when: (s) => variant === 'racy' || !s.locked, effect: (n) => void (n.locked = true), next: 'enter' },
      enter: { effect: (n) => void n.inside++, next: 'leave' },
      leave: {
        effect: (n) => {
          n.inside--;
          n.locked = false;
        },
        next: 'acquire',
      },
    })
    .invariant('mutualExclusion', (s) => s.inside <= 1);
});
`);
writeFileSync(join(specs, 'throws.ts'), `import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'throws' }, () =>
  model({ x: int(0, 3) }).action('up', { effect: (n) => {
    if (n.x === 2) throw new Error('boom');
    n.x++;
  } }),
);
`);

const run = (bin: string, args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: specs, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, out: r.stdout.replace(/\d+\.\d\d s \([\d,]+ states\/s\)/g, 'T'), err: r.stderr };
};

describe('the compiled tool', () => {
  it('builds, and prints what the sources print: verdicts, traces with step lines, errors at user lines', () => {
    for (const dir of ['bin', 'api', 'spec', 'checker', 'cli', 'scripts']) cpSync(dir, join(copy, dir), { recursive: true });
    for (const f of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) cpSync(f, join(copy, f));
    symlinkSync(resolve('node_modules'), join(copy, 'node_modules'));
    const built = spawnSync(process.execPath, [join(copy, 'scripts/build.js')], { encoding: 'utf8' });
    expect(built.stderr + built.stdout).toBe('');
    expect(built.status).toBe(0);
    // without the CLI's sources, only dist/ can answer
    rmSync(join(copy, 'cli/main.ts'));
    const compiled = join(copy, 'bin/interleave.js');
    const sources = resolve('bin/interleave.js');
    const outputs: string[] = [];
    for (const args of [['check', 'lock.ts', '--variant', 'racy'], ['check', 'lock.ts', '--check-symmetry'], ['check', 'throws.ts']]) {
      const a = run(compiled, args);
      const b = run(sources, args, { INTERLEAVE_FROM_SOURCE: '1' });
      expect(a.code, `${args.join(' ')}: ${a.err}`).toBe(b.code);
      expect(a.out, args.join(' ')).toBe(b.out);
      expect(a.err).toBe(b.err);
      outputs.push(a.out + a.err);
    }
    expect(outputs[0]).toContain('invariant mutualExclusion violated (lock.ts:17)');
    expect(outputs[0]).toMatch(/thread\[Thread\d\]: enter +\(lock\.ts:8\)/);
    expect(outputs[1]).toContain('symmetry');
    expect(outputs[2]).toContain('throws.ts:5');
  }, 180_000);

  it('is run only while no source file is newer than the build: else the sources are', () => {
    const compiled = join(copy, 'bin/interleave.js');
    expect(run(compiled, ['--help']).code).toBe(0);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(copy, 'spec/types.ts'), later, later);
    const r = run(compiled, ['--help']);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('cli/main.ts'); // the sources were tried, and the CLI's entry is gone
  });
});
