// A checkpoint names the tool's code by a hash (checker/checkpoint/toolBuild.ts): two builds of one version
// number that differ in the DSL or the checker must not resume each other's searches.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toolBuild } from '../../checker/checkpoint/toolBuild.ts';

const root = mkdtempSync(join(tmpdir(), 'interleave-toolbuild-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('toolBuild', () => {
  const base = { 'spec/model.ts': 'export const a = 1;\n', 'checker/bfs.ts': 'export const b = 2;\n', 'checker/kernel/lock.js': 'x\n' };

  it('is the same for the same code, and differs when one byte of spec/ or checker/ does, or a file moves', () => {
    const a = toolBuild(tree('a', base));
    expect(a).toMatch(/^sha256 [0-9a-f]{64}$/);
    expect(toolBuild(tree('same', base))).toBe(a);
    expect(toolBuild(tree('spec-edit', { ...base, 'spec/model.ts': 'export const a = 2;\n' }))).not.toBe(a);
    expect(toolBuild(tree('checker-edit', { ...base, 'checker/kernel/lock.js': 'y\n' }))).not.toBe(a);
    const { 'checker/bfs.ts': moved, ...rest } = base;
    expect(toolBuild(tree('moved', { ...rest, 'checker/search.ts': moved }))).not.toBe(a);
  });

  it('ignores what does not decide a search: cli/, declaration files, other extensions', () => {
    const a = toolBuild(tree('b', base));
    expect(toolBuild(tree('extras', { ...base, 'cli/main.ts': 'z\n', 'checker/bfs.d.ts': 'declare const b: number;\n', 'spec/README.md': '# x\n' }))).toBe(a);
  });

  it("this checkout's code: spec/ and checker/ hashed, stable between two calls", () => {
    const here = join(import.meta.dirname, '..', '..');
    expect(toolBuild(here)).toBe(toolBuild(here));
    expect(toolBuild(here)).not.toBe(toolBuild(tree('empty', {})));
  });
});
