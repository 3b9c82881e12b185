// A trace file is data: the spec it names is loaded only when it is a .ts file inside the working tree
// (symbolic links resolved), its parameters are checked against the spec's, and --spec is the way to
// run anything else. The malicious spec here writes a marker file when imported: it must never run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../checker/SpecError.ts';
import { loadTraceFile } from '../../checker/traces/loadTraceFile.ts';
import { openTrace } from '../../checker/traces/openTrace.ts';
import { specNamedByTrace, workingTreeRoot } from '../../checker/traces/traceSpec.ts';
import { cli, dsl, tempFiles, treeTempFiles } from '../cli/run.ts';

const trace = (spec: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    format: 'interleave-trace',
    version: 1,
    spec,
    specName: 'counter',
    params: {},
    variant: null,
    symmetry: false,
    property: 'small',
    kind: 'invariant',
    steps: [
      { action: null, args: {}, state: { x: 0 } },
      { action: 'inc', args: {}, state: { x: 1 } },
    ],
    ...extra,
  });

/** A spec that leaves `<its folder>/imported` behind when it is imported. */
const marking = `import { writeFileSync } from 'node:fs';
writeFileSync(new URL('./imported', import.meta.url), 'ran');
import { defineSpec, int, model } from '${dsl}';
export default defineSpec({ name: 'counter', params: { max: 3 } }, ({ max }) =>
  model({ x: int(0, max) }).action('inc', { when: (s) => s.x < max, effect: (n) => void (n.x += 1) }).invariant('small', (s) => s.x < 1));
`;

function refusal(file: string, root: string): string {
  try {
    specNamedByTrace(loadTraceFile(file), root);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    expect((e as SpecError).code).toBe('TRACE_FILE');
    return (e as SpecError).message;
  }
  throw new Error(`${file} was accepted`);
}

describe('the spec a trace file names', () => {
  it('a downloaded trace naming the spec beside it, outside the working tree, runs no code in replay, minimize or graph (exit 2)', async () => {
    const dir = tempFiles({ 'evil.ts': marking, 't.json': trace('evil.ts') });
    for (const argv of [['replay'], ['minimize'], ['graph', '--format', 'itf']]) {
      const r = await cli(argv[0]!, join(dir, 't.json'), ...argv.slice(1));
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain(`error[TRACE_FILE]: ${join(dir, 't.json')}: $.spec: "evil.ts" resolves to ${join(dir, 'evil.ts')}, outside the working tree`);
      expect(r.err).toContain('hint: a trace file is data and does not choose the code that runs: name the spec yourself with --spec <file>');
      expect(r.err).not.toContain('loading spec');
    }
    expect(existsSync(join(dir, 'imported'))).toBe(false);
    // drawing needs no spec: mermaid and dot still work on such a file
    expect((await cli('graph', join(dir, 't.json'), '--format', 'mermaid')).code).toBe(0);
    expect(existsSync(join(dir, 'imported'))).toBe(false);
  });

  it('--spec on the command line is always loaded, wherever it is', async () => {
    const dir = tempFiles({ 'evil.ts': marking, 't.json': trace('/elsewhere/evil.mjs') });
    const r = await cli('replay', join(dir, 't.json'), '--spec', join(dir, 'evil.ts'));
    expect(r.code, r.err).toBe(1);
    expect(r.out).toContain('reproduced');
    expect(r.err).toBe('');
    expect(existsSync(join(dir, 'imported'))).toBe(true);
  });

  it('the spec the trace made interleave load is printed before loading, relative to the working directory', async () => {
    const r = await cli('replay', 'counterexamples/migrate/no-reinvalidate.json');
    expect(r.code).toBe(1);
    expect(r.err).toBe('loading spec models/migrate.ts (named by trace counterexamples/migrate/no-reinvalidate.json)\n');
  });

  it('refuses absolute paths, escapes, symbolic links out of the tree, other extensions and node_modules', () => {
    const base = mkdtempSync(join(tmpdir(), 'interleave-tree-'));
    const root = join(base, 'tree');
    mkdirSync(join(root, 'traces'), { recursive: true });
    mkdirSync(join(root, 'node_modules', 'pkg'), { recursive: true });
    writeFileSync(join(base, 'outside.ts'), marking);
    writeFileSync(join(root, 'inside.ts'), marking);
    writeFileSync(join(root, 'plain.mjs'), 'export default 1;\n');
    writeFileSync(join(root, 'node_modules', 'pkg', 'x.ts'), marking);
    symlinkSync(join(base, 'outside.ts'), join(root, 'link.ts'));
    symlinkSync(join(root, 'plain.mjs'), join(root, 'disguised.ts'));
    const cases: [string, string][] = [
      [join(base, 'outside.ts'), 'is an absolute path'],
      ['../../outside.ts', `resolves to ${join(base, 'outside.ts')}, outside the working tree`],
      ['../../nothing-there.ts', `resolves to ${join(base, 'nothing-there.ts')}, outside the working tree`],
      ['../link.ts', `resolves to ${join(base, 'outside.ts')} (through a symbolic link), outside the working tree`],
      ['../disguised.ts', `leads to ${join(root, 'plain.mjs')}, not a .ts file`],
      ['../plain.mjs', 'is not a .ts file'],
      ['../node_modules/pkg/x.ts', 'is inside node_modules'],
    ];
    for (const [spec, why] of cases) {
      const file = join(root, 'traces', 't.json');
      writeFileSync(file, trace(spec));
      expect(refusal(file, root), spec).toBe(
        `${file}: $.spec: ${JSON.stringify(spec)} ${why}: a trace file may only name a .ts spec inside the working tree (${root})`,
      );
    }
    // `..` is fine while it stays inside: the committed counterexamples name ../../models/x.ts
    writeFileSync(join(root, 'traces', 'ok.json'), trace('../inside.ts'));
    expect(specNamedByTrace(loadTraceFile(join(root, 'traces', 'ok.json')), root)).toMatch(/inside\.ts$/);
    expect(existsSync(join(base, 'imported')) || existsSync(join(root, 'imported'))).toBe(false);
  });

  it('the working tree is the nearest folder with a .git (a folder or a worktree file), else the working directory', () => {
    const base = mkdtempSync(join(tmpdir(), 'interleave-root-'));
    mkdirSync(join(base, 'repo', '.git'), { recursive: true });
    mkdirSync(join(base, 'repo', 'a', 'b'), { recursive: true });
    mkdirSync(join(base, 'wt', 'c'), { recursive: true });
    writeFileSync(join(base, 'wt', '.git'), 'gitdir: elsewhere\n');
    mkdirSync(join(base, 'plain'));
    expect(workingTreeRoot(join(base, 'repo', 'a', 'b'))).toBe(join(base, 'repo'));
    expect(workingTreeRoot(join(base, 'wt', 'c'))).toBe(join(base, 'wt'));
    expect(workingTreeRoot(join(base, 'plain'))).toBe(join(base, 'plain'));
  });

  it('checks the recorded parameters and variant against the spec before building it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'interleave-params-'));
    writeFileSync(join(root, 'c.ts'), marking);
    const cases: [Record<string, unknown>, string][] = [
      [{ params: { max: '3' } }, '$.params.max: expected a number (the type of its default, 3), found string "3"'],
      [{ params: { max: true } }, '$.params.max: expected a number (the type of its default, 3), found boolean true'],
      [{ params: { max: 2.5 } }, '$.params.max: expected an integer, found 2.5'],
      [{ params: { max: 1e300 } }, '$.params.max: expected an integer, found 1e+300'],
      [{ params: { toString: 1 } }, "$.params.toString: spec 'counter' has no parameter 'toString'"],
      [{ params: { 'a b': 1 } }, `$.params["a b"]: spec 'counter' has no parameter 'a b'`],
      [{ variant: 'fixed' }, `$.variant: spec 'counter' has no variant "fixed"`],
    ];
    for (const [extra, message] of cases) {
      writeFileSync(join(root, 't.json'), trace('c.ts', extra));
      const e = await openTrace(join(root, 't.json'), { root }).catch((x: unknown) => x);
      expect(e, message).toBeInstanceOf(SpecError);
      expect((e as SpecError).code).toBe('TRACE_FILE');
      expect((e as SpecError).message).toBe(`${join(root, 't.json')}: ${message}`);
    }
    // --variant replaces the recorded one, which is then not checked
    writeFileSync(join(root, 't.json'), trace('c.ts', { variant: 'fixed', params: { max: 2 } }));
    await expect(openTrace(join(root, 't.json'), { root, variant: 'other' })).rejects.toMatchObject({ code: 'VARIANT' });
  });

  // The type constructors cap sizes, so int(0, 10**9) is refused before it fills the heap. Run in a child
  // with a small heap so a regression cannot take the test worker down.
  it('a recorded parameter of 10^9 is an error (exit 2), not a heap crash', () => {
    const dir = treeTempFiles({ 'c.ts': marking.replace("from '" + dsl + "'", "from 'interleave'"), 't.json': trace('c.ts', { params: { max: 10 ** 9 } }) });
    const r = spawnSync(process.execPath, ['--max-old-space-size=256', 'bin/interleave.js', 'replay', join(dir, 't.json')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^loading spec .*\nerror\[\w+\]: /);
    expect(r.stderr).not.toContain('FATAL');
  });
});
