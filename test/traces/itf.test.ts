// ITF export (Apalache ADR-015, as Quint writes it): each type's encoding, and the round trip
// fromItf(toItf(t)) = t for random states of a schema that uses every type.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../checker/compile.ts';
import { readValue } from '../../checker/layout.ts';
import type { TraceFile } from '../../checker/traceFile.ts';
import { fromItf, toItf } from '../../checker/traces/itf.ts';
import { loadTraceFile } from '../../checker/traces/loadTraceFile.ts';
import { array, bool, enumOf, int, mapOf, model, option, record, scalarset, seq, setOf } from '../../spec/index.ts';
import { cli, tempFiles } from '../cli/run.ts';

const Dev = scalarset('Dev', 2);
const everyType = compile(
  model({
    flag: bool,
    count: int(-2, 3),
    mode: enumOf('off', 'on'),
    owner: Dev,
    maybe: option(Dev),
    maybeRec: option(record({ n: int(0, 1) })),
    list: array(int(0, 2), 2),
    byDev: mapOf(Dev, enumOf('invalid', 'valid')),
    byInt: mapOf(int(1, 2), bool),
    byBool: mapOf(bool, int(0, 1)),
    byEnum: mapOf(enumOf('x', 'y'), option(int(0, 1))),
    devs: setOf(Dev),
    ints: setOf(int(0, 2)),
    queue: seq(enumOf('a', 'b'), 2),
    entries: setOf(record({ dev: Dev, n: int(0, 1) })),
  })
    .process('worker', Dev, { run: { next: 'run' } })
    .build(),
);

const traceOf = (states: Record<string, unknown>[]): TraceFile => ({
  format: 'interleave-trace',
  version: 1,
  spec: 'every.ts',
  specName: 'every',
  params: { n: 2, fast: true, mode: 'x' },
  variant: 'buggy',
  symmetry: true,
  property: 'inv',
  kind: 'invariant',
  steps: states.map((state, i) => (i === 0 ? { action: null, args: {}, state } : { action: 'worker.run', process: `worker[Dev${i % 2}]`, args: { self: `Dev${i % 2}` }, state })),
});

describe('ITF', () => {
  it('encodes each type as Quint does: #bigint, #set, #map, Option variants, records and lists', () => {
    const state = readValue(everyType.layout.root, new Int32Array(everyType.layout.slotCount), 'json') as Record<string, unknown>;
    const itf = toItf(everyType.vars, traceOf([state]));
    expect(itf.vars).toEqual(['flag', 'count', 'mode', 'owner', 'maybe', 'maybeRec', 'list', 'byDev', 'byInt', 'byBool', 'byEnum', 'devs', 'ints', 'queue', 'entries', 'pc']);
    const { '#meta': meta, ...values } = itf.states[0]!;
    expect(meta).toEqual({ index: 0, action: null, args: {} });
    expect(values).toEqual({
      flag: false,
      count: { '#bigint': '-2' },
      mode: 'off',
      owner: 'Dev0',
      maybe: { tag: 'None', value: { '#tup': [] } },
      maybeRec: { tag: 'None', value: { '#tup': [] } },
      list: [{ '#bigint': '0' }, { '#bigint': '0' }],
      byDev: { '#map': [['Dev0', 'invalid'], ['Dev1', 'invalid']] },
      byInt: { '#map': [[{ '#bigint': '1' }, false], [{ '#bigint': '2' }, false]] },
      byBool: { '#map': [[false, { '#bigint': '0' }], [true, { '#bigint': '0' }]] },
      byEnum: { '#map': [['x', { tag: 'None', value: { '#tup': [] } }], ['y', { tag: 'None', value: { '#tup': [] } }]] },
      devs: { '#set': [] },
      ints: { '#set': [] },
      queue: [],
      entries: { '#set': [] },
      pc: { worker: { '#map': [['Dev0', 'run'], ['Dev1', 'run']] } },
    });
    expect(itf['#meta']).toMatchObject({ format: 'ITF', source: 'every.ts', description: 'interleave counterexample: invariant inv violated' });
  });

  it('encodes a set of records as a #set of records: { dev: Dev1, n: 0 } and { dev: Dev1, n: 1 }', () => {
    const buf = new Int32Array(everyType.layout.slotCount);
    const entries = everyType.layout.root.fields.find(([k]) => k === 'entries')![1] as { slot: number };
    buf[entries.slot + 2] = buf[entries.slot + 3] = 1;
    const state = readValue(everyType.layout.root, buf, 'json') as Record<string, unknown>;
    expect(state.entries).toEqual([{ dev: 'Dev1', n: 0 }, { dev: 'Dev1', n: 1 }]);
    expect(toItf(everyType.vars, traceOf([state])).states[0]!.entries).toEqual({
      '#set': [{ dev: 'Dev1', n: { '#bigint': '0' } }, { dev: 'Dev1', n: { '#bigint': '1' } }],
    });
  });

  it('round-trips: fromItf(toItf(t)) equals t through JSON text, for random states of every type', () => {
    const cards = everyType.layout.cards;
    const slots = fc.tuple(...cards.map((c) => fc.integer({ min: 0, max: c - 1 })));
    fc.assert(
      fc.property(fc.array(slots, { minLength: 1, maxLength: 4 }), fc.option(fc.nat(3), { nil: undefined }), (buffers, loop) => {
        const states = buffers.map((b) => readValue(everyType.layout.root, Int32Array.from(b), 'json') as Record<string, unknown>);
        const t: TraceFile = { ...traceOf(states), ...(loop !== undefined && loop < states.length ? { loop } : {}) };
        const text = JSON.stringify(toItf(everyType.vars, t));
        expect(fromItf(everyType.vars, JSON.parse(text))).toEqual(t);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('check --out --format itf writes DieHard\'s 7 states, which read back as the json trace', async () => {
    const dir = tempFiles({});
    expect((await cli('check', 'models/classic/diehard.ts', '--out', join(dir, 'd.itf.json'), '--format', 'itf')).code).toBe(1);
    expect((await cli('check', 'models/classic/diehard.ts', '--out', join(dir, 'd.json'))).code).toBe(1);
    const itf = JSON.parse(readFileSync(join(dir, 'd.itf.json'), 'utf8'));
    expect(itf.states.map((s: { big: { '#bigint': string } }) => s.big['#bigint'])).toEqual(['0', '5', '2', '2', '0', '5', '4']);
    const { model: m } = { model: compile(model({ big: int(0, 5), small: int(0, 3) }).build()) };
    expect(fromItf(m.vars, itf)).toEqual(loadTraceFile(join(dir, 'd.json')).trace);
    const viaGraph = await cli('graph', join(dir, 'd.json'), '--format', 'itf');
    expect(JSON.parse(viaGraph.out)).toEqual(itf);
  });
});
