// Loading trace files: every malformed input is a TRACE_FILE error naming the file and the JSON path of
// the problem (exit 2 from the CLI), and loading never runs code.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../checker/SpecError.ts';
import { loadTraceFile, parseTraceFile } from '../../checker/traces/loadTraceFile.ts';
import { cli, dsl, tempFiles } from '../cli/run.ts';

const valid = {
  format: 'interleave-trace',
  version: 1,
  spec: 'counter.ts',
  specName: 'counter',
  params: { max: 3 },
  variant: null,
  symmetry: false,
  property: 'small',
  kind: 'invariant',
  steps: [
    { action: null, args: {}, state: { x: 0 } },
    { action: 'inc', args: {}, state: { x: 1 } },
  ],
};

/** The TRACE_FILE message for `data` (as JSON text), or null when it loads. */
function errorOf(data: unknown, text = JSON.stringify(data, null, 2)): string | null {
  try {
    parseTraceFile(text, 'bad.json');
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    expect((e as SpecError).code).toBe('TRACE_FILE');
    return (e as SpecError).message;
  }
}

describe('loadTraceFile', () => {
  it('accepts a well-formed v1 file', () => {
    expect(errorOf(valid)).toBeNull();
  });

  it('names the file, the line and the column of a JSON syntax error', () => {
    expect(errorOf(null, '{"format": "interleave-trace",, }')).toMatch(/^bad\.json: not valid JSON at line 1, column 31: /);
  });

  it('says a file cut in the middle is truncated', () => {
    const text = JSON.stringify(valid, null, 2);
    expect(errorOf(null, text.slice(0, 200))).toMatch(/^bad\.json: not valid JSON \(the file is empty or truncated\) at line \d+, column \d+/);
    expect(errorOf(null, '')).toMatch(/^bad\.json: not valid JSON \(the file is empty or truncated\)/);
  });

  it('rejects another version, naming $.version and the version it reads', () => {
    expect(errorOf({ ...valid, version: 2 })).toBe('bad.json: $.version: version 2 is not supported: this interleave reads version 1');
  });

  it('rejects a file of another format', () => {
    expect(errorOf({ ...valid, format: 'tlc-trace' })).toBe('bad.json: $.format: expected "interleave-trace", found "tlc-trace"');
    expect(errorOf([1, 2])).toBe('bad.json: $: expected a JSON object, found an array');
  });

  it('names the JSON path of a missing or mistyped field', () => {
    const { property: _, ...noProperty } = valid;
    expect(errorOf(noProperty)).toBe('bad.json: $.property: missing (expected a string)');
    expect(errorOf({ ...valid, kind: 'liveness' })).toBe('bad.json: $.kind: expected one of "invariant", "action", "deadlock", "temporal", found "liveness"');
    expect(errorOf({ ...valid, params: { max: [3] } })).toBe('bad.json: $.params.max: expected a number, boolean or string, found an array');
    expect(errorOf({ ...valid, steps: [] })).toBe('bad.json: $.steps: expected at least one step (the initial state)');
    expect(errorOf({ ...valid, steps: [valid.steps[0], { action: 'inc', args: 'none', state: { x: 1 } }] })).toBe(
      'bad.json: $.steps[1].args: expected an object of arguments, found string "none"',
    );
    expect(errorOf({ ...valid, steps: [{ action: 'inc', args: {}, state: {} }] })).toBe('bad.json: $.steps[0].action: the first step is the initial state: expected null, found "inc"');
    expect(errorOf({ ...valid, kind: 'temporal', loop: 2 })).toBe('bad.json: $.loop: expected the index of a step (0..1), found 2');
    expect(errorOf({ ...valid, kind: 'temporal', loop: 0 })).toBeNull();
  });

  it('refuses a loop on a safety trace: only a temporal (lasso) trace has one', () => {
    for (const kind of ['invariant', 'action', 'deadlock']) {
      expect(errorOf({ ...valid, kind, loop: 0 })).toBe(`bad.json: $.loop: only a temporal (lasso) trace has a loop; this trace's kind is "${kind}"`);
    }
  });

  it('never runs code: loading does not import the spec the trace names', () => {
    const dir = tempFiles({
      'marks.ts': `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify('MARKER')}.replace('MARKER', new URL('./imported', import.meta.url).pathname), 'x');\nexport default 1;\n`,
      't.json': JSON.stringify({ ...valid, spec: 'marks.ts' }),
    });
    const loaded = loadTraceFile(join(dir, 't.json'));
    expect(loaded.specPath).toBe(join(dir, 'marks.ts'));
    expect(existsSync(join(dir, 'imported'))).toBe(false);
  });

  it('the CLI prints error[TRACE_FILE] with the file and exits 2 for malformed, truncated and wrong-version files', async () => {
    const dir = tempFiles({ 'counter.ts': `import { defineSpec, int, model } from '${dsl}';\nexport default defineSpec({ name: 'counter' }, () => model({ x: int(0, 3) }));\n` });
    const text = JSON.stringify(valid, null, 2);
    const cases: [string, string, RegExp][] = [
      ['truncated.json', text.slice(0, text.length / 2), /not valid JSON \(the file is empty or truncated\)/],
      ['v2.json', JSON.stringify({ ...valid, version: 2 }), /\$\.version: version 2 is not supported/],
      ['args.json', JSON.stringify({ ...valid, steps: [valid.steps[0], { action: 'inc', state: {} }] }), /\$\.steps\[1\]\.args: expected an object of arguments, found nothing/],
    ];
    for (const [name, body, message] of cases) {
      writeFileSync(join(dir, name), body);
      const r = await cli('replay', join(dir, name));
      expect(r.code).toBe(2);
      expect(r.err.startsWith(`error[TRACE_FILE]: ${join(dir, name)}: `)).toBe(true);
      expect(r.err).toMatch(message);
    }
    const missing = await cli('replay', join(dir, 'nothing.json'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`error[TRACE_FILE]: ${join(dir, 'nothing.json')}: cannot read the trace file: no such file`);
  });

  it('the JSON Schema in schema/ requires exactly the fields the loader requires', () => {
    const schema = JSON.parse(readFileSync('schema/trace-v1.schema.json', 'utf8'));
    for (const field of schema.required as string[]) {
      const { [field]: _, ...without } = valid as Record<string, unknown>;
      expect(errorOf(without), field).toMatch(new RegExp(`^bad\\.json: \\$\\.${field}: `));
    }
    const optional = Object.keys(schema.properties).filter((k) => !schema.required.includes(k));
    expect(optional.sort()).toEqual(['loop', 'message']);
    expect(schema.properties.kind.enum).toEqual(['invariant', 'action', 'deadlock', 'temporal']);
    // "loop" only when kind is temporal, as the loader says
    expect(schema.if).toEqual({ properties: { kind: { const: 'temporal' } } });
    expect(schema.else).toEqual({ not: { required: ['loop'] } });
  });
});
