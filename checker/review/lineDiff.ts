// A line diff of two short texts (the source of one spec item at two revisions), as hunks with
// context. Lines are compared without indentation, so re-indenting an item is not an edit.

/** One line of a diff: kept (' '), removed ('-'), added ('+'), or a gap between hunks ('…'). */
export interface DiffLine {
  readonly op: ' ' | '-' | '+' | '…';
  readonly text: string;
  /** The line number in the base file (kept and removed lines). */
  readonly baseLine?: number;
  /** The line number in the head file (kept and added lines). */
  readonly headLine?: number;
}

const key = (line: string) => line.trim();

/** Whether two items' lines are the same, ignoring indentation and trailing blanks. */
export function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((l, i) => key(l) === key(b[i]!));
}

/**
 * The diff of `base` (starting at line `baseStart` of its file) and `head` (at `headStart`), with
 * `context` unchanged lines around each change. Longest common subsequence: items are a few dozen
 * lines, so the quadratic table is small.
 */
export function lineDiff(base: readonly string[], baseStart: number, head: readonly string[], headStart: number, context = 1): DiffLine[] {
  const n = base.length;
  const m = head.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = key(base[i]!) === key(head[j]!) ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const all: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && key(base[i]!) === key(head[j]!)) {
      all.push({ op: ' ', text: head[j]!, baseLine: baseStart + i, headLine: headStart + j });
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      all.push({ op: '+', text: head[j]!, headLine: headStart + j });
      j++;
    } else {
      all.push({ op: '-', text: base[i]!, baseLine: baseStart + i });
      i++;
    }
  }
  // removed lines before added ones within a run of changes, as `diff -u` prints them
  const ordered: DiffLine[] = [];
  for (let k = 0; k < all.length; ) {
    if (all[k]!.op === ' ') {
      ordered.push(all[k++]!);
      continue;
    }
    const run: DiffLine[] = [];
    while (k < all.length && all[k]!.op !== ' ') run.push(all[k++]!);
    ordered.push(...run.filter((d) => d.op === '-'), ...run.filter((d) => d.op === '+'));
  }
  const near = ordered.map((d, k) => d.op !== ' ' || ordered.slice(Math.max(0, k - context), k + context + 1).some((x) => x.op !== ' '));
  const out: DiffLine[] = [];
  ordered.forEach((d, k) => {
    if (near[k]) out.push(d);
    else if (out.length && out[out.length - 1]!.op !== '…' && near.slice(k + 1).some(Boolean)) out.push({ op: '…', text: '' });
  });
  return out;
}
