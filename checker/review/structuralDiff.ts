// The structural diff of two versions of a spec: which parameters, variants, scalarsets, variables,
// processes, steps, actions and properties were added, removed or edited, with the edited lines.
import { lineDiff, sameLines, type DiffLine } from './lineDiff.ts';
import type { SourceItem, Span, SpecSource } from './SpecSource.ts';

/** What happened to an item. */
export type ChangeKind = 'added' | 'removed' | 'edited';

/** The kinds of items the diff names. */
export type ItemCategory = 'parameter' | 'variant' | 'scalarset' | 'variable' | 'process' | 'step' | 'action' | 'property' | 'model';

/** One added, removed or edited item. */
export interface ItemChange {
  readonly change: ChangeKind;
  readonly category: ItemCategory;
  /** The item's name; a step is named `process.label`. */
  readonly name: string;
  /** A short summary, e.g. `default 2 -> 3`, `invariant`, `next: a -> b`. */
  readonly detail?: string;
  /** The variants whose build reaches the item (the head's; the base's for a removed item), when not every variant. */
  readonly variants?: readonly string[];
  /** The branch of the code the item is written in (see SourceItem.branch), when not the top level. */
  readonly branch?: string;
  readonly base?: Span;
  readonly head?: Span;
  /** Edited: the changed lines with context; added or removed: the item's lines. */
  readonly lines: readonly DiffLine[];
}

/** The diff of two versions of a spec file (either may be missing: the file was added or deleted). */
export interface StructuralDiff {
  readonly changes: readonly ItemChange[];
}

const CATEGORY_ORDER: readonly ItemCategory[] = ['parameter', 'variant', 'scalarset', 'variable', 'process', 'step', 'action', 'property', 'model'];

/** Diffs two versions; `null` stands for a file that does not exist at that revision. */
export function structuralDiff(base: SpecSource | null, head: SpecSource | null): StructuralDiff {
  const changes: ItemChange[] = [];
  const b = base ?? emptySource;
  const h = head ?? emptySource;
  const diff = <T extends SourceItem>(category: ItemCategory, xs: readonly T[], ys: readonly T[], detail: (x: T | undefined, y: T | undefined) => string | undefined, linesOf = (t: T) => t.lines) =>
    changes.push(...diffItems(category, xs, ys, detail, linesOf));

  diff('parameter', b.params, h.params, (x, y) => (x && y ? `default ${x.value} -> ${y.value}` : `default ${(x ?? y)!.value}`));
  diff('variant', b.variants, h.variants, () => undefined);
  diff('scalarset', b.scalarsets, h.scalarsets, (x, y) => (x && y ? `size ${x.size} -> ${y.size}` : `size ${(x ?? y)!.size}`));
  diff('variable', b.variables, h.variables, (x, y) => (x && y ? (x.type !== y.type ? `type ${x.type} -> ${y.type}` : undefined) : (x ?? y)!.type));
  diff(
    'process',
    b.processes,
    h.processes,
    (x, y) => (x && y ? undefined : `${(x ?? y)!.over ? `over ${(x ?? y)!.over}, ` : ''}steps ${(x ?? y)!.steps.map((s) => s.label).join(', ')}`),
    (p) => p.headerLines,
  );
  // steps of processes present on both sides (a whole added or removed process is one change)
  const both = new Set(b.processes.map((p) => p.name).filter((n) => h.processes.some((p) => p.name === n)));
  const stepsOf = (s: SpecSource) => s.processes.filter((p) => both.has(p.name)).flatMap((p) => p.steps);
  diff('step', stepsOf(b), stepsOf(h), (x, y) => {
    // the conditions a step is written under (a conditional spread) are its branch: told by diffItems
    if (!x || !y) return `next ${shownNext((x ?? y)!.next)}`;
    if (x.next !== y.next) return isLabel(x.next) || isLabel(y.next) ? `next: ${shownNext(x.next)} -> ${shownNext(y.next)}` : 'next: computed differently';
    return undefined;
  });
  diff('action', b.actions, h.actions, (x, y) => (x && y ? (x.params !== y.params ? `parameters ${x.params ?? '{}'} -> ${y.params ?? '{}'}` : undefined) : undefined));
  diff('property', b.properties, h.properties, (x, y) => (x && y && x.kind !== y.kind ? `${x.kind} -> ${y.kind}` : (y ?? x)!.kind));
  diff('model', b.parts, h.parts, () => undefined);
  return { changes: changes.sort((p, q) => CATEGORY_ORDER.indexOf(p.category) - CATEGORY_ORDER.indexOf(q.category)) };
}

/**
 * Pairs the items of two revisions: by name within the same branch first (a step written once per
 * variant branch is compared with itself, never with its twin in another branch), then a name left with
 * one item on each side (its branch's condition was edited); the rest were added or removed.
 */
function diffItems<T extends SourceItem>(
  category: ItemCategory,
  xs: readonly T[],
  ys: readonly T[],
  detail: (x: T | undefined, y: T | undefined) => string | undefined,
  linesOf: (t: T) => readonly string[],
): ItemChange[] {
  const key = (t: T) => `${t.name}\u0000${t.branch ?? ''}`;
  const pairs: [T, T][] = [];
  const baseLeft = new Set(xs);
  const headLeft = new Set(ys);
  for (const x of xs) {
    const y = ys.find((c) => headLeft.has(c) && key(c) === key(x));
    if (y) {
      pairs.push([x, y]);
      baseLeft.delete(x);
      headLeft.delete(y);
    }
  }
  for (const x of [...baseLeft]) {
    const bs = [...baseLeft].filter((b) => b.name === x.name);
    const hs = [...headLeft].filter((h) => h.name === x.name);
    if (bs.length === 1 && hs.length === 1) {
      pairs.push([x, hs[0]!]);
      baseLeft.delete(x);
      headLeft.delete(hs[0]!);
    }
  }
  const out: ItemChange[] = [];
  for (const x of xs) {
    const y = pairs.find(([b]) => b === x)?.[1];
    if (!y) {
      out.push(change('removed', category, x.name, withBranch(detail(x, undefined), x), { base: x.span }, numbered(linesOf(x), x.span.line, '-'), x));
      continue;
    }
    const moved = (x.branch ?? '') !== (y.branch ?? '');
    if (!moved && sameLines(linesOf(x), linesOf(y))) continue;
    const d = [detail(x, y), moved ? `branch: ${x.branch ?? 'always'} -> ${y.branch ?? 'always'}` : undefined].filter(Boolean).join('; ') || undefined;
    out.push(change('edited', category, x.name, moved ? d : withBranch(d, y), { base: x.span, head: y.span }, lineDiff(linesOf(x), x.span.line, linesOf(y), y.span.line), y));
  }
  for (const y of ys) if (headLeft.has(y)) out.push(change('added', category, y.name, withBranch(detail(undefined, y), y), { head: y.span }, numbered(linesOf(y), y.span.line, '+'), y));
  return out;
}

/** A detail with the variants (or the branch) an item is written for, when not every variant. */
function withBranch(detail: string | undefined, t: SourceItem): string | undefined {
  const where = t.variants ? `only in ${t.variants.length ? t.variants.join(', ') : 'no variant'}` : t.branch ? `when ${t.branch}` : undefined;
  return [detail, where].filter(Boolean).join('; ') || undefined;
}

function change(kind: ChangeKind, category: ItemCategory, name: string, detail: string | undefined, spans: { base?: Span; head?: Span }, lines: DiffLine[], item: SourceItem): ItemChange {
  return { change: kind, category, name, ...(detail ? { detail } : {}), ...(item.variants ? { variants: item.variants } : {}), ...(item.branch ? { branch: item.branch } : {}), ...spans, lines };
}

function numbered(lines: readonly string[], start: number, op: '-' | '+'): DiffLine[] {
  return lines.map((text, i) => (op === '-' ? { op, text, baseLine: start + i } : { op, text, headLine: start + i }));
}

const emptySource: SpecSource = { file: '', name: null, params: [], variants: [], scalarsets: [], variables: [], processes: [], actions: [], properties: [], parts: [] };

const isLabel = (next: string) => /^[A-Za-z_][\w-]*$/.test(next);
/** A next label as written, or `(computed)` for a function. */
const shownNext = (next: string) => (isLabel(next) ? next : '(computed)');
