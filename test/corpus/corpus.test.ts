// Runs every case of the corpus of bad specs and bad files (see README.md beside this file): each
// must end with its exact exit code and print its expected error, never a stack dump.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run.ts';

interface Case {
  readonly why: string;
  readonly argv: readonly string[];
  readonly exit: number;
  readonly stderr?: readonly string[];
  readonly stdout?: readonly string[];
  readonly absent?: readonly string[];
}

const here = dirname(fileURLToPath(import.meta.url));

function casesIn(dir: string): [string, Case][] {
  const out: [string, Case][] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...casesIn(path));
    else if (entry.name.endsWith('.expect.json')) out.push([path.slice(here.length + 1), JSON.parse(readFileSync(path, 'utf8')) as Case]);
  }
  return out.sort(([a], [b]) => a.localeCompare(b));
}

// a stack frame of interleave's own files, or any V8 stack line, means a crash leaked to the user
const STACK = /^\s+at .*\((?:file:\/\/)?\/.*:\d+:\d+\)$/m;

describe('corpus of bad specs and bad files', () => {
  const cases = casesIn(here);
  it('has cases', () => expect(cases.length).toBeGreaterThan(0));
  for (const [name, c] of cases) {
    it(`${name}: ${c.why}`, async () => {
      const dir = dirname(join(here, name));
      const tmp = mkdtempSync(join(tmpdir(), 'interleave-corpus-'));
      const argv = c.argv.map((a) => a.replaceAll('{dir}', dir).replaceAll('{tmp}', tmp));
      const run = await cli(...argv);
      const shown = `exit ${run.code}\n--- stdout\n${run.out}\n--- stderr\n${run.err}`;
      expect(run.code, shown).toBe(c.exit);
      for (const s of c.stderr ?? []) expect(run.err, shown).toContain(s);
      for (const s of c.stdout ?? []) expect(run.out, shown).toContain(s);
      for (const s of c.absent ?? []) expect(`${run.out}${run.err}`, shown).not.toContain(s);
      expect(`${run.out}${run.err}`, shown).not.toMatch(STACK);
    });
  }
});
