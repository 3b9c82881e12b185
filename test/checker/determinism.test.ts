// `check` re-runs the initial states and a sample of the states it reaches, later in the search: spec
// code that reads anything but the state (randomness, a counter it keeps, the time) gives another
// result, and the run stops with error[NONDETERMINISTIC] naming the action and the state.
import { describe, expect, it } from 'vitest';
import { cli, tempFiles } from '../cli/run.ts';

const header = "import { bool, defineSpec, int, model } from 'interleave';\n";

async function checkSpec(body: string) {
  const dir = tempFiles({ 'spec.ts': header + body });
  return cli('check', `${dir}/spec.ts`, '--json');
}

describe('nondeterministic spec code', () => {
  it('a guard that reads Math.random: error[NONDETERMINISTIC] naming the action and the state (missed with probability 2^-40)', async () => {
    const r = await checkSpec(`
export default defineSpec({ name: 'random' }, () =>
  model({ x: int(0, 20), y: bool })
    .action('tick', { effect: (n) => void (n.x = (n.x + 1) % 21) })
    .action('step', { when: () => Math.random() < 0.5, effect: (n) => void (n.y = !n.y) })
    .checkDeadlock(false),
);`);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.out);
    expect(out.result).toBe('error');
    expect(out.error.code).toBe('NONDETERMINISTIC');
    expect(out.error.message).toMatch(/^action 'step' (was enabled, and was not|was not enabled, and then was) when run again on the same state/);
    expect(out.error.context.state).toHaveProperty('x');
  });

  it('an effect that keeps a counter of its own: the successors differ on the second run', async () => {
    const r = await checkSpec(`
let calls = 0;
export default defineSpec({ name: 'counter' }, () =>
  model({ x: int(0, 3), flip: bool })
    .action('step', { effect: (n) => void ((n.x = (n.x + 1) % 4), (n.flip = calls++ % 2 === 0)) })
    .checkDeadlock(false),
);`);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.out);
    expect(out.error.code).toBe('NONDETERMINISTIC');
    expect(out.error.message).toBe("action 'step' gave other successors when run again on the same state: spec code must be a function of the state");
  });

  it('an init that reads Math.random: the initial states differ between two runs', async () => {
    const r = await checkSpec(`
export default defineSpec({ name: 'randomInit' }, () =>
  model({ x: int(0, 1000) })
    .init((s) => void (s.x = Math.floor(Math.random() * 1000)))
    .checkDeadlock(false),
);`);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.out);
    expect(out.error.code).toBe('NONDETERMINISTIC');
    expect(out.error.message).toMatch(/^the initial states differ between two runs of init/);
  });

  it('deterministic code passes, and the run says how many states it re-ran', async () => {
    const r = await checkSpec(`
export default defineSpec({ name: 'fine' }, () =>
  model({ x: int(0, 20) })
    .action('step', { effect: (n) => void (n.x = (n.x + 1) % 21) })
    .checkDeadlock(false),
);`);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.distinctStates).toBe(21);
    // the initial states (one run of init), and each of the first 128 states (all 21 here)
    expect(out.audit).toEqual({ symmetrySamples: 0, determinismSamples: 1 + 21 });
  });
});
