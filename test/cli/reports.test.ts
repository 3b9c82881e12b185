// What the reports say, as the docs promise (issue 14): counts in the singular for one, `--json` with the
// variant apart from the parameters and no absolute path, each step of replay, simulate and minimize at its
// own line as check prints it, the "never enabled" list only after a complete search without violation.
import { readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { ViolationKind } from '../../checker/result.ts';
import { cli, treeTempFiles } from './run.ts';

const lock = `import { bool, defineSpec, int, model, scalarset } from 'interleave';

export default defineSpec({ name: 'lock', params: { threads: 2 }, variants: ['atomic', 'racy'] }, ({ threads, variant }) => {
  const Thread = scalarset('Thread', threads);
  return model({ locked: bool, inside: int(0, threads) })
    .process('thread', Thread, {
      acquire: {
        when: (s) => variant === 'racy' || !s.locked,
        effect: (n) => void (n.locked = true),
        next: 'enter',
      },
      enter: { effect: (n) => void n.inside++, next: 'leave' },
      leave: {
        effect: (n) => {
          n.inside--;
          n.locked = false;
        },
        next: 'acquire',
      },
      unreached: { next: 'acquire' },
    })
    .invariant('mutualExclusion', (s) => s.inside <= 1);
});
`;
const one = `import { bool, defineSpec, model } from 'interleave';

export default defineSpec({ name: 'one' }, () => model({ b: bool }).checkDeadlock(false));
`;
const dir = treeTempFiles({ 'lock.ts': lock, 'one.ts': one });
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const spec = relative(process.cwd(), join(dir, 'lock.ts'));
/** The numbered step lines of a report, `2. thread[Thread0]: acquire   (file:line)`. */
const stepLines = (out: string) => out.split('\n').filter((l) => /^\s*\d+\. \S+: \S+ +\(/.test(l));

describe('counts', () => {
  it('says "1 distinct state" for a spec with one state', async () => {
    const r = await cli('check', join(dir, 'one.ts'));
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, 2)).toEqual(['one: no violation in 1 distinct state', expect.stringMatching(/^1 distinct state, 1 generated, depth 1, /)]);
  });
});

describe('--json', () => {
  it('keeps the variant apart from the parameters, as trace files do, in check, simulate, replay and minimize', async () => {
    const out = join(dir, 'racy.json');
    const checked = JSON.parse((await cli('check', spec, '--variant', 'racy', '--json', '--out', out)).out);
    expect([checked.params, checked.variant]).toEqual([{ threads: 2 }, 'racy']);
    const trace = JSON.parse(readFileSync(out, 'utf8'));
    expect([trace.params, trace.variant]).toEqual([{ threads: 2 }, 'racy']);
    const simulated = JSON.parse((await cli('simulate', spec, '--variant', 'racy', '--seed', '1', '--json')).out);
    expect([simulated.params, simulated.variant]).toEqual([{ threads: 2 }, 'racy']);
    const replayed = JSON.parse((await cli('replay', out, '--json')).out);
    expect([replayed.outcome, replayed.params, replayed.variant]).toEqual(['reproduced', { threads: 2 }, 'racy']);
    const minimized = JSON.parse((await cli('minimize', out, '--out', join(dir, 'racy.min.json'), '--json')).out);
    expect([minimized.params, minimized.variant]).toEqual([{ threads: 2 }, 'racy']);
    const none = JSON.parse((await cli('check', join(dir, 'one.ts'), '--json')).out);
    expect([none.params, none.variant]).toEqual([{}, null]);
  });

  it('gives source locations relative to the working directory, never absolute', async () => {
    const r = await cli('check', spec, '--variant', 'racy', '--json');
    const json = JSON.parse(r.out);
    expect(r.out).not.toContain(process.cwd());
    expect(json.violation.location).toEqual({ file: spec, line: 22, column: expect.any(Number) });
    expect(json.violation.trace[1].location).toEqual({ file: spec, line: 7, column: 7 }); // the step's label
    expect(json.coverage[0].location.file).toBe(spec);
    const bad = await cli('check', spec, '--variant', 'fast', '--json');
    expect(bad.out).not.toContain(process.cwd());
  });
});

describe('step lines', () => {
  it('replay, simulate and minimize print each step at its own label, as check does', async () => {
    const out = join(dir, 'lines.json');
    const checked = await cli('check', spec, '--variant', 'racy', '--out', out);
    const lines = stepLines(checked.out);
    expect(lines).toEqual([
      `2. thread[Thread0]: acquire   (${spec}:7)`,
      `3. thread[Thread1]: acquire   (${spec}:7)`,
      `4. thread[Thread0]: enter   (${spec}:12)`,
      `5. thread[Thread1]: enter   (${spec}:12)`,
    ]);
    expect(stepLines((await cli('replay', out, '--full')).out)).toEqual(lines);
    // minimize orders the steps for the fewest context switches
    expect(stepLines((await cli('minimize', out, '--out', join(dir, 'lines.min.json'))).out)).toEqual([lines[0], lines[2]!.replace('4.', '3.'), lines[1]!.replace('3.', '4.'), lines[3]]);
    const simulated = stepLines((await cli('simulate', spec, '--variant', 'racy', '--seed', '1')).out);
    expect(simulated.map((l) => l.replace(/^\d+\. thread\[Thread\d\]: /, ''))).toEqual([`acquire   (${spec}:7)`, `acquire   (${spec}:7)`, `enter   (${spec}:12)`, `enter   (${spec}:12)`]);
  });
});

describe('never enabled', () => {
  it('is listed, at the step\'s own line, after a complete search without violation', async () => {
    const r = await cli('check', spec);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`never enabled: thread.unreached (${spec}:20)\n`);
  });

  it('is not listed after a violation or an incomplete search, where it means nothing', async () => {
    const violated = await cli('check', spec, '--variant', 'racy');
    expect(violated.code).toBe(1);
    expect(violated.out).not.toContain('never enabled');
    const stopped = await cli('check', spec, '--max-states', '2');
    expect(stopped.code).toBe(4);
    expect(stopped.out).not.toContain('never enabled');
  });
});

describe('README', () => {
  it('lists every violation kind of --json', () => {
    expectTypeOf<ViolationKind>().toEqualTypeOf<'invariant' | 'action' | 'deadlock' | 'cover' | 'temporal'>();
    const readme = readFileSync('README.md', 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain('where `kind` is `invariant`, `action`, `deadlock`, `cover` or `temporal`');
  });

  it('says how long npm test takes', () => {
    expect(readFileSync('README.md', 'utf8').replace(/\s+/g, ' ')).toMatch(/`npm test` takes minutes: the type check and \d+ tests took \d+ minutes of wall time/);
  });
});
