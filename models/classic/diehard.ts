// The die-hard jugs puzzle, from tlaplus/Examples specifications/DieHard/DieHard.tla:
// fill, empty and pour between a 3-gallon and a 5-gallon jug until the big one holds 4.
// TLC: with NotSolved off, 16 distinct states and 97 generated; NotSolved fails in 7 states.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'diehard', params: { solve: true } }, ({ solve }) => {
  const m = model({ big: int(0, 5), small: int(0, 3) })
    .action('FillSmallJug', { effect: (n) => void (n.small = 3) })
    .action('FillBigJug', { effect: (n) => void (n.big = 5) })
    .action('EmptySmallJug', { effect: (n) => void (n.small = 0) })
    .action('EmptyBigJug', { effect: (n) => void (n.big = 0) })
    .action('SmallToBig', {
      effect: (n, _, { prev: s }) => {
        if (s.big + s.small <= 5) {
          n.big = s.big + s.small;
          n.small = 0;
        } else {
          n.big = 5;
          n.small = s.small - (5 - s.big);
        }
      },
    })
    .action('BigToSmall', {
      effect: (n, _, { prev: s }) => {
        if (s.big + s.small <= 3) {
          n.big = 0;
          n.small = s.big + s.small;
        } else {
          n.big = s.big - (3 - s.small);
          n.small = 3;
        }
      },
    });
  // with `solve` the spec asks TLC's question: is there a way to get 4 gallons? (NotSolved fails)
  return solve ? m.invariant('NotSolved', (s) => s.big !== 4) : m;
});
