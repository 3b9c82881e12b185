// Bitstate hashing (`check --bitstate`): with a large array the search reaches exactly the states of the
// exact search; with a tiny one it misses some and says so; a violation it finds is real and, when the
// array misses nothing before it, as short as the exact search's. Never `ok`: exit 4.
import { describe, expect, it } from 'vitest';
import { BitStateSet, parseBitstateSize } from '../../checker/BitStateSet.ts';
import { check, type CheckRequest } from '../../checker/check.ts';
import { cli } from '../cli/run.ts';

const run = async (file: string, request: CheckRequest = {}) => {
  const { result } = await check(file, { symmetry: false, ...request });
  if (result.result === 'error') throw result.error;
  return result;
};

const big = { bits: 2 ** 24, hashes: 3 };

describe('check --bitstate: a large array reaches every state', () => {
  const specs: [string, Record<string, number | boolean>, string[]?][] = [
    ['models/classic/diehard.ts', { solve: false }],
    ['models/classic/twophase.ts', {}],
    ['models/classic/tcommit.ts', {}],
    ['models/classic/n_peterson.ts', { n: 3 }],
    ['models/classic/diningPhilosophers.ts', { NP: 4 }, ['NobodyStarves']],
    ['test/scale/specs/wide.ts', {}], // 80-bit states: keyed by fingerprint
  ];
  for (const [file, params, skipProperties = []] of specs) {
    it(`${file} ${JSON.stringify(params)}: the exact search's counts, result incomplete (bitstate)`, async () => {
      const exact = await run(file, { params, skipProperties });
      const bits = await run(file, { params, skipProperties, bitstate: big });
      expect(exact.result).toBe('ok');
      expect(bits.result).toBe('incomplete');
      if (bits.result !== 'incomplete') return;
      expect(bits.reason).toBe('bitstate');
      expect([bits.distinctStates, bits.generatedStates, bits.depth]).toEqual([exact.distinctStates, exact.generatedStates, exact.depth]);
      expect(bits.coverage).toEqual(exact.coverage);
      expect(bits.bitstate!.hashFactor).toBe(2 ** 24 / exact.distinctStates);
      expect(bits.bitstate!.expectedOmissions).toBeLessThan(1e-6);
    });
  }

  it('twophase under symmetry: the same orbits as the exact search (80, standing for 288 states)', async () => {
    const { result } = await check('models/classic/twophase.ts', { bitstate: big });
    expect(result.result).toBe('incomplete');
    if (result.result !== 'incomplete') return;
    expect([result.distinctStates, result.fullStates]).toEqual([80, 288]);
  });
});

describe('check --bitstate: a tiny array misses states and says so', () => {
  it('twophase, 256 bits: 139 of the 288 states, hash factor under 2, omissions expected', async () => {
    const r = await run('models/classic/twophase.ts', { bitstate: { bits: 256, hashes: 3 } });
    expect(r.result).toBe('incomplete');
    expect(r.distinctStates).toBe(139);
    expect(r.bitstate!.hashFactor).toBe(256 / 139);
    expect(r.bitstate!.expectedOmissions).toBeGreaterThan(10);
  });
  it('another seed chooses other hash functions and misses other states', async () => {
    const a = await run('models/classic/twophase.ts', { bitstate: { bits: 256, hashes: 3, seed: 0 } });
    const b = await run('models/classic/twophase.ts', { bitstate: { bits: 256, hashes: 3, seed: 7 } });
    expect(a.distinctStates).not.toBe(b.distinctStates);
  });
});

describe('check --bitstate: violations', () => {
  it('DieHard: NotSolved violated with the exact search\'s 7-state trace', async () => {
    const exact = await run('models/classic/diehard.ts');
    const bits = await run('models/classic/diehard.ts', { bitstate: big });
    expect(bits.result).toBe('violation');
    if (bits.result !== 'violation' || exact.result !== 'violation') return;
    expect(bits.violation.property).toBe('NotSolved');
    expect(bits.violation.trace).toHaveLength(7);
    expect(bits.violation.trace).toEqual(exact.violation.trace);
  });
  it('temporal properties are refused (the state graph needs every state)', async () => {
    const { result } = await check('models/classic/diningPhilosophers.ts', { params: { NP: 3 }, bitstate: big });
    expect(result.result).toBe('error');
    if (result.result !== 'error') return;
    expect(result.error.code).toBe('USAGE');
    expect(result.error.message).toMatch(/^--bitstate with temporal properties \(/);
  });
});

describe('BitStateSet', () => {
  it('a key is new once, then seen; ids count the new keys', () => {
    const s = new BitStateSet({ bits: 1 << 16 });
    expect(s.insert(1, 2)).toBe(0);
    expect(s.insert(1, 2)).toBe(-1);
    expect(s.insert(0, 0)).toBe(1);
    expect(s.insert(2, 1)).toBe(2);
    expect(s.figures()).toMatchObject({ bits: 65536, hashes: 3, seed: 0, bitsSet: 9 });
    expect(s.bytes).toBe(8192);
  });
  it('keys that differ only in high bits of each word do not share their bits (a multiply-only mix made 57,109 of these 65,536 collide)', () => {
    const s = new BitStateSet({ bits: 2 ** 29 });
    let seen = 0;
    for (let i = 0; i < 256; i++) for (let j = 0; j < 256; j++) if (s.insert(i << 24, j << 9) < 0) seen++;
    expect(seen).toBe(0);
    // a pair of bench/models/filter.ts N=5 states that collided so
    const t = new BitStateSet({ bits: 2 ** 29 });
    expect([t.insert(0x1129a654, 0x452), t.insert(0x0a29a654, 0x252)]).toEqual([0, 1]);
  });
  it('sizes: N is 2^N bits, a unit means bytes', () => {
    expect(parseBitstateSize('')).toBe(2 ** 30);
    expect(parseBitstateSize('27')).toBe(2 ** 27);
    expect(parseBitstateSize('512MB')).toBe(512e6 * 8);
    expect(parseBitstateSize('64MiB')).toBe(2 ** 29);
    expect(parseBitstateSize('1gib')).toBe(2 ** 33);
    expect(parseBitstateSize('100000')).toBe(100000);
    expect(parseBitstateSize('lots')).toBeNull();
  });
});

describe('interleave check --bitstate', () => {
  it('exits 4 and says incomplete (bitstate), with the hash factor', async () => {
    const r = await cli('check', 'models/classic/twophase.ts', '--no-symmetry', '--bitstate=20');
    expect(r.code).toBe(4);
    expect(r.out).toContain('TwoPhase (rms=3): incomplete (bitstate): no violation in the 288 states stored; the bit array may have taken new states for seen ones, so this is not a pass\n');
    expect(r.out).toContain('bitstate: 1,048,576 bits (2^20), 128 KiB');
    expect(r.out).toContain('bitstate coverage: hash factor 3,641 (likely close to complete); expected states missed: at least ');
  });
  it('--json: result incomplete, reason bitstate, the figures', async () => {
    const r = await cli('check', 'models/classic/diehard.ts', '--param', 'solve=false', '--bitstate=1KiB', '--bitstate-hashes', '2', '--json');
    expect(r.code).toBe(4);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ result: 'incomplete', reason: 'bitstate', distinctStates: 16, bitstate: { bits: 8192, hashes: 2, seed: 0, hashFactor: 512 } });
  });
  it('a violation found exits 1 as usual', async () => {
    const r = await cli('check', 'models/classic/diehard.ts', '--bitstate');
    expect(r.code).toBe(1);
    expect(r.out).toContain('Counterexample, 7 states:');
  });
  it('an unreadable size is a usage error', async () => {
    const r = await cli('check', 'models/classic/diehard.ts', '--bitstate=lots');
    expect(r.code).toBe(2);
    expect(r.err).toContain("error[USAGE]: --bitstate=lots: expected a size: N up to 35 for 2^N bits (SPIN's -wN), or bytes such as 512MB or 1GiB (at most 4 GiB)");
  });
});
