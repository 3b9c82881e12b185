// `interleave review` on temporary git repositories whose second commit removes a step of a spec.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import type { ReviewReport } from '../../checker/review/ReviewReport.ts';
import { dropSteps } from '../../scripts/dropSteps.ts';
import { cli, dsl, tempFiles } from '../cli/run.ts';
import { git, gitRepo, interleave, writeFiles } from './gitRepo.ts';
import { mermaidBlocks, parseMermaid } from './mermaidParser.ts';

const peterson = readFileSync('test/review/fixtures/peterson.ts', 'utf8');
const withoutRaise = dropSteps(peterson, 'proc', ['raise']);

describe('interleave review --base <rev> --head <rev>', () => {
  it('reports the new mutex violation with its diagram and the removed step, exits 1, and leaves the checkout alone', async () => {
    const repo = gitRepo(
      { message: 'peterson', files: { 'specs/peterson.ts': peterson, 'README.md': 'a spec\n' } },
      { message: 'drop the flag', files: { 'specs/peterson.ts': withoutRaise } },
    );
    const r = interleave(repo, 'review', '--base', 'HEAD~1', '--head', 'HEAD', '--json', '--out', 'report.md');
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as ReviewReport;
    expect(report.verdict).toBe('1 new violation: mutex in peterson/fixed');
    expect(report.newViolations).toEqual([{ spec: 'peterson/fixed', variant: 'fixed', property: 'mutex' }]);
    const [spec] = report.specs;
    expect(spec!.path).toBe('specs/peterson.ts');
    expect(spec!.diff.changes.map((c) => `${c.change} ${c.category} ${c.name}`)).toEqual(['removed step proc.raise', 'edited step proc.exit']);
    expect(spec!.variants.map((v) => [v.variant, v.base!.result, v.base!.distinctStates, v.head!.result, v.head!.distinctStates, v.newlyFailing])).toEqual([
      ['fixed', 'ok', 26, 'violation', 32, ['mutex']],
      ['racy', 'violation', 50, 'violation', 32, []],
    ]);
    // a second method for the base count: the checker on the committed file
    const { result } = await check('test/review/fixtures/peterson.ts', { variant: 'fixed' });
    expect(result.result === 'ok' && result.distinctStates).toBe(26);
    // without raising flags the racy wait waits for nothing the fixed one waits for: the same states
    const c = spec!.variants[0]!.counterexamples[0]!;
    expect([c.property, c.states, c.trace.slice(1).map((s) => `${s.process}: ${s.action}`)]).toEqual([
      'mutex',
      5,
      ['proc[0]: proc.yield', 'proc[0]: proc.wait', 'proc[1]: proc.yield', 'proc[1]: proc.wait'],
    ]);
    expect(c.trace[1]!.location).toMatchObject({ file: 'specs/peterson.ts', line: 9 });

    const markdown = readFileSync(join(repo, 'report.md'), 'utf8');
    expect(markdown.split('\n')[0]).toBe('# ❌ 1 new violation: mutex in peterson/fixed');
    expect(markdown).toContain('| ➖ removed | step `proc.raise` | next yield | base 9 |');
    expect(markdown).toContain('| fixed | ✅ no violation | ❌ mutex | 26 → 32 | 8 → 8 |');
    const blocks = mermaidBlocks(markdown);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toContain('p2->>state: 5. wait');
    await expect(parseMermaid(blocks[0]!)).resolves.toMatchObject({ diagramType: 'sequence' });
    // the working tree and the worktree list are as before
    expect(git(repo, 'status', '--porcelain')).toBe('?? report.md\n');
    expect(git(repo, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('reviews uncommitted edits against --base, and says so when no spec changed', () => {
    const repo = gitRepo({ message: 'peterson', files: { 'specs/peterson.ts': peterson, 'notes.md': 'x\n' } });
    const clean = interleave(repo, 'review', '--base', 'HEAD');
    expect([clean.code, clean.out.split('\n')[0]]).toEqual([0, '# ✅ no spec changed']);
    writeFiles(repo, { 'specs/peterson.ts': withoutRaise });
    const r = interleave(repo, 'review', '--base', 'HEAD', '--variant', 'fixed', '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as ReviewReport;
    expect([report.head.label, report.verdict]).toEqual(['working tree', '1 new violation: mutex in peterson/fixed']);
    expect(report.specs[0]!.variants.map((v) => v.variant)).toEqual(['fixed']);
  });

  it('rejects an unknown revision as a usage error (exit 2)', () => {
    const repo = gitRepo({ message: 'peterson', files: { 'specs/peterson.ts': peterson } });
    const r = interleave(repo, 'review', '--base', 'no-such-branch');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error\[USAGE\]: git rev-parse .*no-such-branch/);
  });
});

describe('interleave review on the migrate model', () => {
  it('a commit that drops the re-invalidation from migrate_vma_pages() breaks mirrorCoherent in 9 states', async () => {
    const migrate = readFileSync('models/migrate.ts', 'utf8');
    const repo = gitRepo(
      { message: 'migrate', files: { 'models/migrate.ts': migrate } },
      { message: 'mm/migrate: remove range invalidation in migrate_vma_pages()', files: { 'models/migrate.ts': dropSteps(migrate, 'migrate', ['pages_invalidateStart', 'pages_invalidateEnd']) } },
    );
    const r = interleave(repo, 'review', '--base', 'HEAD~1', '--head', 'HEAD', '--variant', 'fixed', '--first-violation', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as ReviewReport;
    expect(report.verdict).toBe('1 new violation: mirrorCoherent in migrate/fixed');
    const spec = report.specs[0]!;
    expect(spec.diff.changes.filter((c) => c.change === 'removed').map((c) => `${c.category} ${c.name}`)).toEqual([
      'step migrate.pages_invalidateStart',
      'step migrate.pages_invalidateEnd',
    ]);
    const c = spec.variants[0]!.counterexamples[0]!;
    expect([c.property, c.states]).toEqual(['mirrorCoherent', 9]);
    // the interleaving of the mailing-list thread: A collects the zero page, B maps it, A inserts its page
    expect(c.trace.slice(1).map((s) => `${s.process}: ${s.action!.split('.')[1]}`)).toEqual([
      'migrate[Dev0]: setup_invalidateStart',
      'migrate[Dev0]: collect',
      'migrate[Dev0]: setup_invalidateEnd',
      'device[Dev1]: fault_readBegin',
      'device[Dev1]: fault_hmmRangeFault',
      'device[Dev1]: fault_mapMirror',
      'migrate[Dev0]: allocAndCopy',
      'migrate[Dev0]: pages_insertPage',
    ]);
    await expect(parseMermaid(c.mermaid)).resolves.toMatchObject({ diagramType: 'sequence' });
  });
});

describe('interleave review old.ts new.ts', () => {
  const inTemp = (text: string) => text.replace("from 'interleave'", `from '${dsl}'`);

  it('compares two files: a newly passing property is reported, and no new violation exits 0', async () => {
    const dir = tempFiles({ 'old.ts': inTemp(withoutRaise), 'new.ts': inTemp(peterson) });
    const r = await cli('review', join(dir, 'old.ts'), join(dir, 'new.ts'), '--variant', 'fixed', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as ReviewReport;
    expect(report.verdict).toBe('no new violation (1 spec, 1 variant checked; 1 property newly passes)');
    expect(report.specs[0]!.variants[0]!.newlyPassing).toEqual(['mutex']);
    expect(report.specs[0]!.diff.changes.map((c) => `${c.change} ${c.name}`)).toEqual(['edited proc.exit', 'added proc.raise']);
  });

  it('a head that no longer loads is a new error: exit 2, named in the verdict', async () => {
    const dir = tempFiles({ 'old.ts': inTemp(peterson), 'new.ts': inTemp(peterson).replace("next: 'cs'", "next: 'nowhere'") });
    const r = await cli('review', join(dir, 'old.ts'), join(dir, 'new.ts'), '--variant', 'fixed');
    expect(r.code).toBe(2);
    expect(r.out.split('\n')[0]).toBe(
      "# ❌ peterson/fixed does not load at head: error[SPEC_DEFINITION] spec 'peterson' does not build: process 'proc', step 'wait': next label 'nowhere' is not a step of this process",
    );
    expect(r.out).toContain("⚠️ error[SPEC_DEFINITION]: spec 'peterson' does not build: process 'proc', step 'wait': next label 'nowhere' is not a step of this process");
    // a head that does not even import fails once per variant of the base (a new file: modules are cached)
    writeFiles(dir, { 'broken.ts': 'export default defineSpec(;\n' });
    const report = JSON.parse((await cli('review', join(dir, 'old.ts'), join(dir, 'broken.ts'), '--json')).out) as ReviewReport;
    expect(report.specs[0]!.variants.map((v) => [v.variant, v.base!.result, v.head!.result, v.head!.error!.code])).toEqual([
      ['fixed', 'ok', 'error', 'SPEC_LOAD'],
      ['racy', 'violation', 'error', 'SPEC_LOAD'],
    ]);
  });

  it('a spec that loads at neither revision is a failed headline with both errors and exit 2, never a pass', async () => {
    const dir = tempFiles({ 'old.ts': 'export default defineSpec(;\n', 'new.ts': 'export default defineSpec(;;\n' });
    const r = await cli('review', join(dir, 'old.ts'), join(dir, 'new.ts'));
    expect(r.code).toBe(2);
    const head = r.out.split('\n')[0]!;
    expect(head).toMatch(/^# ❌ \S*new\.ts does not load at base: error\[SPEC_LOAD\] \S*old\.ts does not load: Unexpected ";"; \S*new\.ts does not load at head: error\[SPEC_LOAD\] \S*new\.ts does not load: Unexpected ";"$/);
    const json = JSON.parse((await cli('review', join(dir, 'old.ts'), join(dir, 'new.ts'), '--json')).out) as ReviewReport & { result: string };
    expect([json.result, json.errors.map((e) => [e.revision, e.load, e.code])]).toEqual(['error', [['base', true, 'SPEC_LOAD'], ['head', true, 'SPEC_LOAD']]]);
  });

  it('a base that does not load is a failed headline and exit 2 even when the head passes: nothing was compared', async () => {
    const dir = tempFiles({ 'old.ts': inTemp(peterson).replace("next: 'cs'", "next: 'nowhere'"), 'new.ts': inTemp(peterson) });
    const r = await cli('review', join(dir, 'old.ts'), join(dir, 'new.ts'), '--variant', 'fixed');
    expect(r.code).toBe(2);
    expect(r.out.split('\n')[0]).toBe(
      "# ❌ peterson/fixed does not load at base: error[SPEC_DEFINITION] spec 'peterson' does not build: process 'proc', step 'wait': next label 'nowhere' is not a step of this process",
    );
    expect(r.out).toContain('| fixed | ⚠️ error[SPEC_DEFINITION]');
  });

  it('a head that throws while checking fails the review even when the base throws too', async () => {
    const throwing = inTemp(peterson).replace("cs: { next: 'exit' }", "cs: { effect: () => { throw new Error('boom'); }, next: 'exit' }");
    const dir = tempFiles({ 'old.ts': throwing, 'new.ts': throwing.replace('// Peterson', '// Peterson,') });
    const r = await cli('review', join(dir, 'old.ts'), join(dir, 'new.ts'), '--variant', 'fixed');
    expect(r.code).toBe(2);
    expect(r.out.split('\n')[0]).toMatch(/^# ❌ peterson\/fixed fails at base: error\[SPEC_THROW\] .*boom.*; peterson\/fixed fails at head: error\[SPEC_THROW\] .*boom/);
  });

  it('without --base it needs exactly two files', async () => {
    const r = await cli('review', 'a.ts');
    expect([r.code, r.err.split('\n')[0]]).toEqual([2, 'error[USAGE]: review needs --base <git revision>, or exactly two spec files (old new)']);
  });
});
