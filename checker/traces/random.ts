// A small seeded pseudo-random generator for simulation: the same seed gives the same walk on every
// machine and Node version (Math.random cannot be seeded). mulberry32 for draws, splitmix32 to derive
// independent seeds per run.

/** A generator of numbers in [0, 1). */
export type Random = () => number;

/** splitmix32: mixes a 32-bit value; used to derive per-run seeds from the user's seed. */
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** The seed of run `run` (0-based) of a simulation seeded with `seed` (any safe integer). */
export function runSeed(seed: number, run: number): number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 2 ** 32) >>> 0;
  return mix32(mix32(lo ^ mix32(hi)) ^ run);
}

/** mulberry32 seeded with a 32-bit value. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform index in 0..n-1. */
export function pick(random: Random, n: number): number {
  return Math.floor(random() * n);
}
