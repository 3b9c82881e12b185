// `review --base` loads only specs inside the repository: a path on its command line that leaves it,
// or a changed file that is a symbolic link out of it, is error[USAGE] (exit 2), and the file never runs.
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, gitRepo, interleave } from './gitRepo.ts';

const peterson = readFileSync('test/review/fixtures/peterson.ts', 'utf8');

/** A spec that leaves `<its folder>/imported` behind when it is imported. */
const marking = `import { writeFileSync } from 'node:fs';
writeFileSync(new URL('./imported', import.meta.url), 'ran');
import { bool, defineSpec, model } from 'interleave';
export default defineSpec({ name: 'evil' }, () => model({ on: bool }));
`;

describe('review --base: specs outside the repository', () => {
  it('refuses a spec path on the command line that leaves the repository', () => {
    const outside = mkdtempSync(join(tmpdir(), 'interleave-outside-'));
    writeFileSync(join(outside, 'evil.ts'), marking);
    const repo = gitRepo({ message: 'peterson', files: { 'specs/peterson.ts': peterson } });
    const r = interleave(repo, 'review', '--base', 'HEAD', join(outside, 'evil.ts'));
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toMatch(/^error\[USAGE\]: review: .*evil\.ts is outside the repository \(.*\): review loads only specs inside it$/);
    expect(existsSync(join(outside, 'imported'))).toBe(false);
  });

  it('refuses a changed file that is a symbolic link out of the repository', () => {
    const outside = mkdtempSync(join(tmpdir(), 'interleave-outside-'));
    writeFileSync(join(outside, 'evil.ts'), marking);
    const repo = gitRepo({ message: 'peterson', files: { 'specs/peterson.ts': peterson } });
    symlinkSync(join(outside, 'evil.ts'), join(repo, 'specs', 'link.ts'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-gpg-sign', '-m', 'a link');
    for (const args of [['--base', 'HEAD~1', '--head', 'HEAD'], ['--base', 'HEAD~1']]) {
      const r = interleave(repo, 'review', ...args);
      expect(r.code, r.err).toBe(2);
      expect(r.err.split('\n')[0]).toMatch(/^error\[USAGE\]: review: specs\/link\.ts leads to .*evil\.ts, outside the repository/);
    }
    expect(existsSync(join(outside, 'imported'))).toBe(false);
  });
});
