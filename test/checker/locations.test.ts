// Every error points at the user's file and line, never into interleave's own folders: the cases that
// cannot live in the corpus (a file that does not parse would break `tsc` on the repository) and the rule
// that picks the user's frame.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstUserFrame, isUserFile } from '../../spec/location.ts';
import { cli, dsl, tempFiles } from '../cli/run.ts';

describe('error locations', () => {
  it('a syntax error is told at its own line and column, with esbuild\'s message', async () => {
    const dir = tempFiles({ 'broken.ts': `import { defineSpec } from '${dsl}';\n\nexport default defineSpec(;\n` });
    const r = await cli('check', join(dir, 'broken.ts'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('does not load: Unexpected ";"\n');
    expect(r.err).toMatch(/ {2}at \S*broken\.ts:3:27\n/);
  });

  it("interleave's own folders and node_modules are never the user's code", () => {
    for (const own of ['spec/model.ts', 'spec/kernel/page.ts', 'checker/Explorer.ts', 'cli/commands/check.ts', 'bin/interleave.js']) {
      expect(isUserFile(join(process.cwd(), own)), own).toBe(false);
    }
    expect(isUserFile(join(process.cwd(), 'node_modules/tsx/dist/x.js'))).toBe(false);
    expect(isUserFile('node:internal/modules/esm/module_job')).toBe(false);
    expect(isUserFile(join(process.cwd(), 'models/migrate.ts'))).toBe(true);
  });

  it("the caller of a check (a test runner) is not where the spec failed: a user frame must be one interleave called", () => {
    const at = (file: string, line: number) => `    at f (${join(process.cwd(), file)}:${line}:1)`;
    const error = new Error('x');
    error.stack = ['Error: x', at('checker/views.ts', 1), at('checker/Explorer.ts', 2), at('cli/commands/check.ts', 3), at('test/cli/run.ts', 4)].join('\n');
    expect(firstUserFrame(error)).toBeUndefined();
    expect(firstUserFrame(error, true)).toEqual({ file: join(process.cwd(), 'test/cli/run.ts'), line: 4, column: 1 });
    error.stack = ['Error: x', at('spec/model.ts', 1), at('models/x.ts', 7), at('checker/loadSpec.ts', 2), at('test/cli/run.ts', 4)].join('\n');
    expect(firstUserFrame(error)).toEqual({ file: join(process.cwd(), 'models/x.ts'), line: 7, column: 1 });
  });
});
