// Delta debugging (Zeller and Hildebrandt, "Simplifying and Isolating Failure-Inducing Input", 2002):
// shrinks a list while a test still fails, by trying ever finer chunks and their complements. The
// result is 1-minimal: removing any single element makes the test pass.

/** What a test says about a candidate: it still fails (and maybe on a shorter list it chose), or not. */
export type DdminOutcome<T> = { readonly fails: true; readonly kept?: readonly T[] } | { readonly fails: false };

/** Shrinks `items` (which must fail `test`) to a 1-minimal failing sublist; `tests` counts the calls. */
export function ddmin<T>(items: readonly T[], test: (candidate: readonly T[]) => DdminOutcome<T>): { readonly result: readonly T[]; readonly tests: number } {
  let current = items;
  let n = 2;
  let tests = 0;
  const attempt = (candidate: readonly T[]): boolean => {
    tests++;
    const r = test(candidate);
    if (!r.fails) return false;
    current = r.kept ?? candidate;
    return true;
  };
  while (current.length >= 2) {
    const chunks = split(current, n);
    let reduced = false;
    for (const chunk of chunks) {
      if (attempt(chunk)) {
        n = 2;
        reduced = true;
        break;
      }
    }
    // with two chunks the complements are the chunks themselves, already tried
    if (!reduced && n > 2) {
      for (let i = 0; i < chunks.length; i++) {
        if (attempt(chunks.filter((_, j) => j !== i).flat())) {
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
    }
    if (!reduced) {
      if (n >= current.length) break;
      n = Math.min(n * 2, current.length);
    }
  }
  // one element may still be removable when the list shrank to a single element
  if (current.length === 1 && attempt([])) current = [];
  return { result: current, tests };
}

function split<T>(items: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = start + Math.floor((items.length - start) / (n - i));
    out.push(items.slice(start, end));
    start = end;
  }
  return out.filter((c) => c.length > 0);
}
