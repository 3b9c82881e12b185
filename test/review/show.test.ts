// `interleave show`: every process step with its source line, read by ts-morph and built by the runtime.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importSpec, instantiate } from '../../checker/loadSpec.ts';
import type { SpecSummary } from '../../checker/review/specSummary.ts';
import { cli } from '../cli/run.ts';

describe('interleave show', () => {
  it('lists every process step of models/migrate.ts at the line where its label is written', async () => {
    const { code, out } = await cli('show', 'models/migrate.ts', '--json');
    expect(code).toBe(0);
    const summary = JSON.parse(out) as SpecSummary;
    const text = readFileSync('models/migrate.ts', 'utf8').split('\n');
    const listed = summary.processes.flatMap((p) => p.steps.map((s) => ({ step: `${p.name}.${s.label}`, line: s.line!, label: s.label })));
    // a second reading: the file's own text at that line starts the step's property
    for (const s of listed) expect(text[s.line - 1]!.trim().startsWith(`${s.label}:`), `${s.step} at line ${s.line}`).toBe(true);
    // a third: the runtime, every variant, with the parameter that adds the cpuRead process
    const spec = await importSpec('models/migrate.ts');
    const built = new Set<string>();
    for (const v of spec.variants) for (const a of instantiate(spec, 'models/migrate.ts', { unpopulated: true }, v).model.actions) if (a.process) built.add(a.name);
    expect(new Set(listed.map((s) => s.step))).toEqual(built);
    expect(listed.length).toBe(built.size);
  });

  it('prints steps, guards, effects, next labels and the invariant with their lines', async () => {
    const { code, out } = await cli('show', 'test/review/fixtures/peterson.ts');
    expect(code).toBe(0);
    expect(out).toBe(
      [
        'spec peterson (test/review/fixtures/peterson.ts)',
        'parameters: none',
        'variants: fixed (line 5), racy (line 5)',
        'scalarsets: none',
        'variables:',
        '  flag  map(int(0..1) -> bool)  line 7',
        '  turn  int(0..1)               line 7',
        'processes:',
        '  proc over int(0..1), lines 8-17',
        '    raise  line 9       effect 9   next yield',
        '    yield  line 10      effect 10  next wait',
        '    wait   lines 11-14  guard 12   next cs',
        '    cs     line 15                 next exit',
        '    exit   line 16      effect 16  next raise',
        'actions: none',
        'properties:',
        '  invariant  mutex  line 18',
        'deadlock: checked',
        '',
      ].join('\n'),
    );
  });

  it('reports a missing spec file as error[SPEC_LOAD] with exit code 2', async () => {
    const { code, err } = await cli('show', 'no/such/spec.ts');
    expect(code).toBe(2);
    expect(err).toContain('error[SPEC_LOAD]: spec file not found: no/such/spec.ts');
  });
});
