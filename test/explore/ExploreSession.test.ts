// The walk behind `interleave explore`, without the page: positions as successor-index paths, re-run
// through the Stepper; the search over reached states; traces turned into positions.
import { describe, expect, it } from 'vitest';
import { ExploreSession } from '../../checker/explore/ExploreSession.ts';
import { loadModel } from '../../checker/loadSpec.ts';
import { loadTraceFile } from '../../checker/traces/loadTraceFile.ts';

const diehard = async () => new ExploreSession((await loadModel('models/classic/diehard.ts')).model, 'models/classic/diehard.ts');

describe('ExploreSession', () => {
  it('shows DieHard\'s one initial state, then its 6 steps with their changes and lines', async () => {
    const s = await diehard();
    const start = await s.view([]);
    expect(start.enabled.map((a) => [a.label, a.changes])).toEqual([['initial state 1', ['big = 0', 'small = 0']]]);
    const v = await s.view([0]);
    expect(v.rows).toEqual([{ path: 'big', value: '0' }, { path: 'small', value: '0' }]);
    expect(v.enabled.map((a) => `${a.label} ${a.location}: ${a.changes!.join('; ')}`)).toEqual([
      'FillSmallJug models/classic/diehard.ts:8: small: 0 -> 3',
      'FillBigJug models/classic/diehard.ts:9: big: 0 -> 5',
      'EmptySmallJug models/classic/diehard.ts:10: ',
      'EmptyBigJug models/classic/diehard.ts:11: ',
      'SmallToBig models/classic/diehard.ts:12: ',
      'BigToSmall models/classic/diehard.ts:23: ',
    ]);
    expect(v.disabled).toEqual([]);
    // the initial state and its successors (0,3) and (5,0); the others are the same state
    expect(s.reachedCount).toBe(3);
  });

  it("follows DieHard's counterexample (check --out) to NotSolved at 7 states, and stops there", async () => {
    const s = await diehard();
    const { trace } = loadTraceFile('test/traces/fixtures/diehard.json');
    const path = s.pathOf(trace.steps);
    expect(path).toEqual([0, 1, 5, 2, 5, 1, 5]);
    const v = await s.view(path);
    expect(v.violations.map((x) => x?.property ?? null)).toEqual([null, null, null, null, null, null, 'NotSolved']);
    expect(v.rows).toEqual([{ path: 'big', value: '4', before: '5' }, { path: 'small', value: '3', before: '2' }]);
    expect([v.enabled, v.disabled, v.deadlock]).toEqual([[], [], false]);
    expect(s.search('big=4').map((h) => h.path)).toEqual([path]);
    expect(s.search('big=2 small=3')).toEqual([{ path: [0, 1, 5], matches: ['big = 2', 'small = 3'] }]);
  });

  it('refuses a path past the successors there are, and a step after a violation', async () => {
    const s = await diehard();
    await expect(s.view([0, 6])).rejects.toThrow('step 2: there is no successor 7 (there are 6)');
    await expect(s.view([0, 1, 5, 2, 5, 1, 5, 0])).rejects.toThrow('step 8: the walk stopped at a violation at step 7');
  });
});
