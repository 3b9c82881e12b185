// What one benchmark run of one tool on one model yields, and how runs are summarised.

/** Figures of one run. Rates are derived from these, never measured separately. */
export interface Measurement {
  readonly distinctStates: number;
  /** Transitions (edges): successors generated, duplicates included, initial states not counted. */
  readonly transitions: number;
  /** Time of the search as the tool reports it (see each tool for what it covers). */
  readonly searchSeconds: number;
  /** Wall time of the whole process, start-up and loading included. */
  readonly wallSeconds: number;
  /** Peak resident set size of the process, or null when it could not be measured. */
  readonly peakRssBytes: number | null;
  /** Bytes the tool's own state store holds per distinct state, when the tool reports it. */
  readonly storeBytesPerState: number | null;
  /** Most states waiting in the BFS queue at once, when the tool reports it. */
  readonly queuePeak: number | null;
  /** `ok`, or the property the tool found violated (`deadlock`, an invariant's name). */
  readonly verdict: string;
}

/** A tool's figures for one model: measured (the median of the runs), or skipped with the reason. */
export type Outcome =
  | { readonly kind: 'measured'; readonly runs: readonly Measurement[]; readonly median: Measurement }
  | { readonly kind: 'skipped'; readonly reason: string };

/** The median of numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Per-figure medians of runs; counts and verdict come from the first run (the caller checks that runs agree). */
export function medianOf(runs: readonly Measurement[]): Measurement {
  const first = runs[0]!;
  const of = (pick: (m: Measurement) => number | null): number | null => {
    const values = runs.map(pick).filter((v): v is number => v !== null);
    return values.length ? median(values) : null;
  };
  return {
    distinctStates: first.distinctStates,
    transitions: first.transitions,
    searchSeconds: of((m) => m.searchSeconds)!,
    wallSeconds: of((m) => m.wallSeconds)!,
    peakRssBytes: of((m) => m.peakRssBytes),
    storeBytesPerState: of((m) => m.storeBytesPerState),
    queuePeak: first.queuePeak,
    verdict: first.verdict,
  };
}

/** Distinct states per second of search. */
export const statesPerSecond = (m: Measurement): number => m.distinctStates / m.searchSeconds;

/** Transitions per second of search. */
export const transitionsPerSecond = (m: Measurement): number => m.transitions / m.searchSeconds;
