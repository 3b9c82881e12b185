// The structural reading of a spec (ts-morph) and the structural diff of two versions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lineDiff } from '../../checker/review/lineDiff.ts';
import { readSpecSource } from '../../checker/review/readSpecSource.ts';
import { structuralDiff, type ItemChange } from '../../checker/review/structuralDiff.ts';
import { dropSteps } from '../../scripts/dropSteps.ts';

const PETERSON = 'test/review/fixtures/peterson.ts';
const peterson = readFileSync(PETERSON, 'utf8');

describe('readSpecSource', () => {
  const src = readSpecSource(PETERSON, peterson);

  it('lists every step of the process with its lines, guard and next label', () => {
    expect(src.processes.map((p) => [p.name, p.over, p.span])).toEqual([['proc', 'P', { line: 8, endLine: 17 }]]);
    expect(src.processes[0]!.steps.map((s) => [s.name, s.span.line, s.span.endLine, s.next])).toEqual([
      ['proc.raise', 9, 9, 'yield'],
      ['proc.yield', 10, 10, 'wait'],
      ['proc.wait', 11, 14, 'cs'],
      ['proc.cs', 15, 15, 'exit'],
      ['proc.exit', 16, 16, 'raise'],
    ]);
    const wait = src.processes[0]!.steps[2]!;
    expect(wait.guard).toEqual({ line: 12, endLine: 12 });
    expect(wait.effect).toBeUndefined();
  });

  it('reads the spec name, variants, variables and the invariant with its line', () => {
    expect(src.name).toBe('peterson');
    expect(src.variants.map((v) => [v.name, v.span.line])).toEqual([['fixed', 5], ['racy', 5]]);
    expect(src.variables.map((v) => [v.name, v.type])).toEqual([['flag', 'mapOf(P, bool)'], ['turn', 'P']]);
    expect(src.properties.map((p) => [p.kind, p.name, p.span.line])).toEqual([['invariant', 'mutex', 18]]);
  });

  it('finds steps behind a conditional spread, actions of a chain from their own line, and temporal properties', () => {
    const text = [
      "import { defineSpec, int, model, scalarset } from 'interleave';",
      "export default defineSpec({ name: 'x', params: { n: 2 }, variants: ['fixed', 'broken'] }, ({ n, variant }) => {",
      "  const Dev = scalarset('Dev', n);",
      '  return model({ x: int(0, 3) })',
      "    .action('bump', { d: Dev }, {",
      '      when: (s) => s.x < 3,',
      '      effect: (s) => void s.x++,',
      '    })',
      "    .process('p', {",
      "      a: { next: 'b' },",
      "      ...(variant === 'fixed' ? { b: { next: 'c' } } : {}),",
      "      c: { next: 'done' },",
      '    })',
      "    .leadsTo('settles', (s) => s.x > 0, (s) => s.x === 3);",
      '});',
    ].join('\n');
    const s = readSpecSource('x.ts', text);
    expect(s.params.map((p) => [p.name, p.value])).toEqual([['n', '2']]);
    expect(s.scalarsets.map((x) => [x.name, x.size, x.span.line])).toEqual([['Dev', 'n', 3]]);
    expect(s.actions.map((a) => [a.name, a.params, a.span, a.guard, a.effect])).toEqual([
      ['bump', '{ d: Dev }', { line: 5, endLine: 8 }, { line: 6, endLine: 6 }, { line: 7, endLine: 7 }],
    ]);
    expect(s.processes[0]!.steps.map((st) => [st.label, st.span.line, st.condition ?? null])).toEqual([
      ['a', 10, null],
      ['b', 11, "variant === 'fixed'"],
      ['c', 12, null],
    ]);
    expect(s.properties.map((p) => [p.kind, p.name, p.span.line])).toEqual([['leadsTo', 'settles', 14]]);
  });
});

describe('structuralDiff', () => {
  const base = readSpecSource(PETERSON, peterson);

  it('names a removed step and the step whose next label was rewired, with the edited lines', () => {
    const head = readSpecSource(PETERSON, dropSteps(peterson, 'proc', ['raise']));
    const { changes } = structuralDiff(base, head);
    expect(changes.map((c) => [c.change, c.category, c.name, c.detail, c.base, c.head])).toEqual([
      ['removed', 'step', 'proc.raise', 'next yield', { line: 9, endLine: 9 }, undefined],
      ['edited', 'step', 'proc.exit', 'next: raise -> yield', { line: 16, endLine: 16 }, { line: 15, endLine: 15 }],
    ]);
    expect(changes[1]!.lines.map((l) => [l.op, l.baseLine ?? l.headLine])).toEqual([
      ['-', 16],
      ['+', 15],
    ]);
  });

  it('does not count re-indentation as an edit, and reports parameter defaults, variants and properties', () => {
    const reindented = peterson.replace(/^ {4}\.invariant/m, '        .invariant');
    expect(structuralDiff(base, readSpecSource(PETERSON, reindented)).changes).toEqual([]);
    const edited = peterson
      .replace("{ name: 'peterson', variants: ['fixed', 'racy'] }", "{ name: 'peterson', params: { rounds: 2 }, variants: ['fixed'] }")
      .replace(".invariant('mutex'", ".cover('bothWait', (s) => s.pc.proc[0] === 'wait' && s.pc.proc[1] === 'wait')\n    .invariant('mutex'");
    const changes = structuralDiff(base, readSpecSource(PETERSON, edited)).changes;
    expect(changes.map((c) => [c.change, c.category, c.name, c.detail])).toEqual([
      ['added', 'parameter', 'rounds', 'default 2'],
      ['removed', 'variant', 'racy', undefined],
      ['added', 'property', 'bothWait', 'cover'],
    ]);
  });

  it('treats a missing file as empty: every item of an added spec is added', () => {
    const { changes } = structuralDiff(null, base);
    expect(changes.filter((c) => c.category === 'process').map((c) => [c.change, c.name, c.detail])).toEqual([['added', 'proc', 'over P, steps raise, yield, wait, cs, exit']]);
    expect(changes.every((c) => c.change === 'added')).toBe(true);
  });
});

describe('lineDiff', () => {
  it('keeps one line of context around each change and marks the gap between hunks', () => {
    const a = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const b = ['a', 'B', 'c', 'd', 'e', 'F', 'g'];
    expect(lineDiff(a, 10, b, 20).map((l) => `${l.op}${l.text}`)).toEqual([' a', '-b', '+B', ' c', '…', ' e', '-f', '+F', ' g']);
  });
});

describe('structuralDiff of a process written once per variant branch', () => {
  const BRANCHES = 'test/review/fixtures/branches.ts';
  const text = readFileSync(BRANCHES, 'utf8');
  const base = readSpecSource(BRANCHES, text);
  const rows = (changes: readonly ItemChange[]) => changes.map((c) => [c.change, c.category, c.name, c.detail ?? null, c.variants ?? null, c.base?.line ?? null, c.head?.line ?? null]);

  it('reads each branch with the variants that reach it', () => {
    expect(base.processes.map((p) => [p.name, p.span.line, p.branch, p.variants])).toEqual([
      ['worker', 9, "variant === 'fast'", ['fast']],
      ['worker', 16, "!(variant === 'fast')", ['slow', 'lazy']],
    ]);
    expect(base.processes[1]!.steps.map((st) => [st.label, st.variants])).toEqual([
      ['start', ['slow', 'lazy']],
      ['finish', ['slow', 'lazy']],
      ['idle', ['lazy']],
    ]);
    expect(base.actions.map((a) => [a.name, a.span.line, a.variants])).toEqual([
      ['reset', 13, ['fast']],
      ['reset', 21, ['slow', 'lazy']],
    ]);
  });

  it('an unchanged spec has no change, although the branches differ from each other', () => {
    expect(structuralDiff(base, readSpecSource(BRANCHES, text)).changes).toEqual([]);
  });

  it("an edit of one branch's step is reported once, in that branch's variants, and nothing is invented", () => {
    const head = readSpecSource(BRANCHES, text.replace('start: { effect: (s) => void (s.x = 1)', 'start: { effect: (s) => void (s.x = 0)'));
    const { changes } = structuralDiff(base, head);
    expect(rows(changes)).toEqual([['edited', 'step', 'worker.start', 'only in fast', ['fast'], 10, 10]]);
    expect(changes[0]!.lines.filter((l) => l.op !== ' ').map((l) => `${l.op}${l.text.trim()}`)).toEqual([
      '-start: { effect: (s) => void (s.x = 1), next: \'finish\' }',
      '+start: { effect: (s) => void (s.x = 0), next: \'finish\' }',
    ]);
  });

  it('an edit of the other branch and of its action is reported in slow and lazy only', () => {
    const head = readSpecSource(
      BRANCHES,
      text.replace('finish: { effect: (s) => void (s.x = 3), next: \'done\' },\n      ...', 'finish: { effect: (s) => void (s.x = 2), next: \'done\' },\n      ...').replace("variant === 'lazy' ? 2 : 1", "variant === 'lazy' ? 2 : 0"),
    );
    expect(rows(structuralDiff(base, head).changes)).toEqual([
      ['edited', 'step', 'worker.finish', 'only in slow, lazy', ['slow', 'lazy'], 18, 18],
      ['edited', 'action', 'reset', 'only in slow, lazy', ['slow', 'lazy'], 21, 21],
    ]);
  });

  it('a step removed from one branch is removed there only; the same label in the other branch stays', () => {
    const head = readSpecSource(BRANCHES, text.replace("      ...(variant === 'lazy' ? { idle: { next: 'idle' } } : {}),\n", ''));
    expect(rows(structuralDiff(base, head).changes)).toEqual([['removed', 'step', 'worker.idle', 'next idle; only in lazy', ['lazy'], 19, null]]);
  });
});
