// The unified diff of a mutant against its original: one hunk, since a mutant changes one region (a
// swap's two ranges are adjacent). Applies with `patch -p0`/`git apply` to the original file.

/** `--- a/<file>` / `+++ b/<file>` and one hunk with `context` lines around the changed ones. */
export function unifiedDiff(file: string, before: string, after: string, context = 3): string {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  if (head === a.length && head === b.length) return '';
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const from = Math.max(0, head - context);
  const aEnd = Math.min(a.length, a.length - tail + context);
  const bEnd = Math.min(b.length, b.length - tail + context);
  const lines = [
    `--- a/${file}`,
    `+++ b/${file}`,
    `@@ -${from + 1},${aEnd - from} +${from + 1},${bEnd - from} @@`,
    ...a.slice(from, head).map((l) => ` ${l}`),
    ...a.slice(head, a.length - tail).map((l) => `-${l}`),
    ...b.slice(head, b.length - tail).map((l) => `+${l}`),
    ...a.slice(a.length - tail, aEnd).map((l) => ` ${l}`),
  ];
  return `${lines.join('\n')}\n`;
}
