// Progress on long runs: the TLC-style line and `--progress json`, one object per line on stderr.
import { describe, expect, it } from 'vitest';
import { duration, progressLine, progressRecorder } from '../../cli/format/progress.ts';
import { cli } from '../cli/run.ts';

describe('progress records and lines', () => {
  it('rates are over the last interval; the level estimate is its remaining states over the expansion rate', () => {
    const record = progressRecorder(() => 200 * 2 ** 20);
    const first = record({ distinctStates: 1000, generatedStates: 3000, queue: 400, depth: 5, elapsedMs: 2000, expanded: 600, levelRemaining: 100, memoryBytes: 3 * 2 ** 20 });
    expect(first).toEqual({ elapsedMs: 2000, distinctStates: 1000, generatedStates: 3000, statesPerSecond: 500, queue: 400, depth: 5, storeBytes: 3 * 2 ** 20, rssBytes: 200 * 2 ** 20, levelRemaining: 100, levelEtaMs: 333 });
    const second = record({ distinctStates: 5000, generatedStates: 15000, queue: 3000, depth: 6, elapsedMs: 6000, expanded: 2000, levelRemaining: 7000, memoryBytes: 5 * 2 ** 20 });
    expect(second.statesPerSecond).toBe(1000);
    expect(second.levelEtaMs).toBe(20000); // 1400 expanded in 4 s: 350/s, 7000 left
    expect(progressLine(second)).toBe('6s: 5,000 states (1,000/s), 15,000 generated, queue 3,000, depth 6, level done in ~20s, store 5 MiB, rss 200 MiB');
  });
  it('durations', () => {
    expect([duration(400), duration(59_000), duration(185_000), duration(3_725_000)]).toEqual(['0s', '59s', '3m05s', '1h02m']);
  });
});

describe('interleave check --progress', () => {
  it('--progress json: one object per line on stderr, counts growing, stdout untouched', async () => {
    const r = await cli('check', 'models/classic/twophase.ts', '-p', 'rms=5', '--no-symmetry', '--progress', 'json', '--progress-interval', '0.02');
    expect(r.code).toBe(0);
    expect(r.out).toContain('TwoPhase (rms=5): no violation in 8,832 distinct states\n');
    const lines = r.err.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(0);
    let prev = 0;
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(['elapsedMs', 'distinctStates', 'generatedStates', 'statesPerSecond', 'queue', 'depth', 'storeBytes', 'rssBytes', 'levelRemaining', 'levelEtaMs']);
      expect(l.distinctStates).toBeGreaterThan(prev);
      expect(l.distinctStates).toBeLessThan(8832);
      expect(l.queue).toBeLessThanOrEqual(l.distinctStates);
      expect(l.storeBytes).toBeGreaterThan(0);
      prev = l.distinctStates;
    }
  });
  it('--progress: text lines when stderr is not a terminal', async () => {
    const r = await cli('check', 'models/classic/twophase.ts', '-p', 'rms=5', '--no-symmetry', '--progress', '--progress-interval', '0.02');
    expect(r.code).toBe(0);
    for (const l of r.err.trimEnd().split('\n')) expect(l).toMatch(/^\d+s: [\d,]+ states \([\d,]+\/s\), [\d,]+ generated, queue [\d,]+, depth \d+(, level done in ~[\dhms]+)?, store [\d,]+ MiB, rss [\d,]+ MiB$/);
  });
  it('no progress by default when stderr is not a terminal; a bad mode is a usage error', async () => {
    expect((await cli('check', 'models/classic/diehard.ts', '-p', 'solve=false')).err).toBe('');
    const r = await cli('check', 'models/classic/diehard.ts', '--progress', 'xml');
    expect(r.code).toBe(2);
    expect(r.err).toContain("error[USAGE]: --progress 'xml': give --progress (a line every few seconds), --progress json (one JSON object per line) or --no-progress");
  });
});
