// The README's example is real: its spec runs and prints what the README shows.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, dsl, tempFiles } from './cli/run.ts';

const readme = readFileSync('README.md', 'utf8');
const spec = /```ts\n(\/\/ lock\.ts[\s\S]*?)```/.exec(readme)![1]!;
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
    expect(JSON.parse(r.out)).toMatchObject({ result: 'ok', params: { threads: 2, variant: 'atomic' } });
  });
});
