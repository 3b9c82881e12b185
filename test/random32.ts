// Deterministic 32-bit integers for tests: the checker's mulberry32 (checker/traces/random.ts), scaled back to
// the integer it divides.
import { mulberry32 } from '../checker/traces/random.ts';

export function random32(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() * 4294967296;
}
