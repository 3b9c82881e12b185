// Three counters stepped up to `top` in any order ((top+1)^3 states), with two 16-bit fields so that a state
// is 68 bits and keyed by fingerprint; the invariant fails only at (top, top, top-1), at depth 3*top: a
// search of a few seconds whose shortest counterexample is one of many of that length (BFS order picks it).
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'deep', params: { top: 79 } }, ({ top }) =>
  model({ x: int(0, 4095), y: int(0, 4095), z: int(0, 4095), mix: int(0, 65535), tag: int(0, 65535) })
    .action('incX', { when: (s) => s.x < top, effect: (n, _, { prev }) => void ((n.x = prev.x + 1), (n.mix = mixOf(n.x, n.y, n.z))) })
    .action('incY', { when: (s) => s.y < top, effect: (n, _, { prev }) => void ((n.y = prev.y + 1), (n.mix = mixOf(n.x, n.y, n.z))) })
    .action('incZ', { when: (s) => s.z < top, effect: (n, _, { prev }) => void ((n.z = prev.z + 1), (n.mix = mixOf(n.x, n.y, n.z))) })
    .invariant('notNearTop', (s) => !(s.x === top && s.y === top && s.z === top - 1))
    .checkDeadlock(false),
);

/** A field that follows from the counters (so it adds bits, not states). */
const mixOf = (x: number, y: number, z: number) => (x * 31 + y * 17 + z * 7) % 65536;
