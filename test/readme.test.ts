// The README's example is real: its spec runs and prints what the README shows.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, dsl, tempFiles } from './cli/run.ts';

const readme = readFileSync('README.md', 'utf8');
const spec = /```ts\n(\/\/ lock\.ts[\s\S]*?)```/.exec(readme)![1]!;
const vitestExample = /```ts\n(\/\/ lock\.test\.ts[\s\S]*?)```/.exec(readme)![1]!;
const shown = /```sh\n\$ npx interleave check lock\.ts --variant racy\n([\s\S]*?)\.\.\.\n```/.exec(readme)![1]!;

describe('README example', () => {
  const dir = tempFiles({});
  writeFileSync(join(dir, 'lock.ts'), spec.replace("from 'interleave'", `from '${dsl}'`));

  it('the racy variant prints the counterexample the README shows', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await cli('check', 'lock.ts', '--variant', 'racy');
      expect(r.code).toBe(1);
      expect(r.out.startsWith(shown)).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });

  it('the atomic variant has no violation', async () => {
    const r = await cli('check', join(dir, 'lock.ts'), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ result: 'ok', params: { threads: 2 }, variant: 'atomic' });
  });
});

// The vitest example, its tests registered here: written under tmp/ (inside the package, so that
// 'interleave' and 'interleave/vitest' resolve as they do for a user) and imported while this file is collected.
mkdirSync('tmp', { recursive: true });
const local = mkdtempSync(join('tmp', 'readme-'));
afterAll(() => rmSync(local, { recursive: true, force: true }));
writeFileSync(join(local, 'lock.ts'), spec);
writeFileSync(join(local, 'lock.test.ts'), vitestExample);
describe('README vitest example', async () => {
  await import(resolve(local, 'lock.test.ts'));
});
