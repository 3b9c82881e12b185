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
    if (!x || !y) return `next ${shownNext((x ?? y)!.next)}${(x ?? y)!.condition ? `, only when ${(x ?? y)!.condition}` : ''}`;
    const parts: string[] = [];
    if (x.next !== y.next) parts.push(isLabel(x.next) || isLabel(y.next) ? `next: ${shownNext(x.next)} -> ${shownNext(y.next)}` : 'next: computed differently');
    if (x.condition !== y.condition) parts.push(`condition: ${x.condition ?? 'always'} -> ${y.condition ?? 'always'}`);
    return parts.length ? parts.join('; ') : undefined;
  });
  diff('action', b.actions, h.actions, (x, y) => (x && y ? (x.params !== y.params ? `parameters ${x.params ?? '{}'} -> ${y.params ?? '{}'}` : undefined) : undefined));
  diff('property', b.properties, h.properties, (x, y) => (x && y && x.kind !== y.kind ? `${x.kind} -> ${y.kind}` : (y ?? x)!.kind));
  diff('model', b.parts, h.parts, () => undefined);
  return { changes: changes.sort((p, q) => CATEGORY_ORDER.indexOf(p.category) - CATEGORY_ORDER.indexOf(q.category)) };
}

function diffItems<T extends SourceItem>(
  category: ItemCategory,
  xs: readonly T[],
  ys: readonly T[],
  detail: (x: T | undefined, y: T | undefined) => string | undefined,
  linesOf: (t: T) => readonly string[],
): ItemChange[] {
  const out: ItemChange[] = [];
  const inHead = new Map(ys.map((y) => [y.name, y]));
  const inBase = new Map(xs.map((x) => [x.name, x]));
  for (const x of xs) {
    const y = inHead.get(x.name);
    if (!y) {
      out.push(change('removed', category, x.name, detail(x, undefined), { base: x.span }, numbered(linesOf(x), x.span.line, '-')));
    } else if (!sameLines(linesOf(x), linesOf(y))) {
      out.push(change('edited', category, x.name, detail(x, y), { base: x.span, head: y.span }, lineDiff(linesOf(x), x.span.line, linesOf(y), y.span.line)));
    }
  }
  for (const y of ys) {
    if (!inBase.has(y.name)) out.push(change('added', category, y.name, detail(undefined, y), { head: y.span }, numbered(linesOf(y), y.span.line, '+')));
  }
  return out;
}

function change(kind: ChangeKind, category: ItemCategory, name: string, detail: string | undefined, spans: { base?: Span; head?: Span }, lines: DiffLine[]): ItemChange {
  return { change: kind, category, name, ...(detail ? { detail } : {}), ...spans, lines };
}

function numbered(lines: readonly string[], start: number, op: '-' | '+'): DiffLine[] {
  return lines.map((text, i) => (op === '-' ? { op, text, baseLine: start + i } : { op, text, headLine: start + i }));
}

const emptySource: SpecSource = { file: '', name: null, params: [], variants: [], scalarsets: [], variables: [], processes: [], actions: [], properties: [], parts: [] };

const isLabel = (next: string) => /^[A-Za-z_][\w-]*$/.test(next);
/** A next label as written, or `(computed)` for a function. */
const shownNext = (next: string) => (isLabel(next) ? next : '(computed)');
