// `1 state`, `2 states`, `1,024 states`: a count and its noun, singular for one.

/** `n` (en-US digit groups) and the noun, plural unless `n` is 1. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
}
