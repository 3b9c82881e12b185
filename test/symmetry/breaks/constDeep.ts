// Break: a constant id (`Proc.values[n - 1]`) in an effect, reachable only deep in the search: the
// lock opens when `tick` has climbed to 200, and then the last process forgets to release it when it
// leaves (as constEffect.ts). Bug: invariant heldInside fails in a trace of 203 states without symmetry.
// While tick climbs, five bits of noise flip freely (32 states a level), so a prefix of the search
// (`--check-symmetry`'s BFS of 1,000 states and walks of 40 steps) never reaches the lock; at tick 200
// seven more bits open, so the deep part is wide enough for the 1-in-256 sample.
// Measured with symmetry (n=3, --no-check-symmetry): 14,592 orbits, 214 levels; 6,400 orbits before
// tick reaches 200 (levels 1-200), 8,192 at tick 200 (levels 201-214), 4,096 of them with the lock
// held by Proc0 (the representative's lone holder). With --no-check-symmetry the reduction hides the
// bug: "no violation". The default run: error[SYMMETRY] on a sampled state with tick 200 (the 155th
// sample), a state at BFS depth 205.
// (The order of the variables matters: declared after tick and noise, the representatives differ and
// the reduction finds the orbit of a violation, which the trace rebuild then reports as SYMMETRY.)
import { array, bool, defineSpec, int, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'constDeep', params: { n: 3, climb: 200 } }, ({ n, climb }) => {
  const Proc = scalarset('Proc', n);
  const last = Proc.values[n - 1]!;
  return model({ holder: option(Proc), inside: setOf(Proc), tick: int(0, climb), noise: array(bool, 12) })
    .action('climb', { when: (s) => s.tick < climb, effect: (s) => void s.tick++ })
    .action('flip', { i: int(0, 11) }, {
      when: (s, { i }) => s.tick === climb || i < 5,
      effect: (s, { i }) => void (s.noise[i] = !s.noise[i]),
    })
    .action('enter', { p: Proc }, {
      when: (s) => s.tick === climb && s.holder === null,
      effect: (s, { p }) => {
        s.holder = p;
        s.inside.add(p);
      },
    })
    .action('leave', { p: Proc }, {
      when: (s, { p }) => s.inside.has(p),
      effect: (s, { p }) => {
        s.inside.delete(p);
        if (p !== last) s.holder = null;
      },
    })
    .invariant('heldInside', (s) => s.holder === null || s.inside.has(s.holder));
});
