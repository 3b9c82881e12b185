// The live progress of `check`, TLC-style: one line every few seconds on stderr, or one JSON object per
// line (`--progress json`) for machines. The rate is over the last interval, not the whole run, and the
// time to the end of the level being expanded is its remaining states over the last interval's
// expansion rate.
import type { Progress } from '../../checker/bfs.ts';
import { SpecError } from '../../checker/SpecError.ts';

/** One progress report, as `--progress json` prints it (one line each). */
export interface ProgressRecord {
  readonly elapsedMs: number;
  readonly distinctStates: number;
  readonly generatedStates: number;
  /** Distinct states per second over the last interval. */
  readonly statesPerSecond: number;
  readonly queue: number;
  readonly depth: number;
  /** Bytes of the search's arrays (store, queue, parent log). */
  readonly storeBytes: number;
  /** The process's resident set. */
  readonly rssBytes: number;
  /** States of the current level still to expand, and the estimated milliseconds to expand them (null: no rate yet). */
  readonly levelRemaining: number;
  readonly levelEtaMs: number | null;
}

const n = (x: number) => x.toLocaleString('en-US');
const mib = (b: number) => `${n(Math.round(b / 2 ** 20))} MiB`;

/** `1h02m`, `3m05s`, `12s`. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Turns successive reports into records: keeps the previous one for the rates. */
export function progressRecorder(rss: () => number = () => process.memoryUsage.rss()): (p: Progress) => ProgressRecord {
  let last = { ms: 0, distinct: 0, expanded: 0 };
  return (p) => {
    const dt = (p.elapsedMs - last.ms) / 1000;
    const expandRate = dt > 0 ? (p.expanded - last.expanded) / dt : 0;
    const record: ProgressRecord = {
      elapsedMs: Math.round(p.elapsedMs),
      distinctStates: p.distinctStates,
      generatedStates: p.generatedStates,
      statesPerSecond: dt > 0 ? Math.round((p.distinctStates - last.distinct) / dt) : 0,
      queue: p.queue,
      depth: p.depth,
      storeBytes: p.memoryBytes,
      rssBytes: rss(),
      levelRemaining: p.levelRemaining,
      levelEtaMs: expandRate > 0 ? Math.round((p.levelRemaining / expandRate) * 1000) : null,
    };
    last = { ms: p.elapsedMs, distinct: p.distinctStates, expanded: p.expanded };
    return record;
  };
}

/** The text line (no line end). */
export function progressLine(r: ProgressRecord): string {
  const eta = r.levelEtaMs === null ? '' : `, level done in ~${duration(r.levelEtaMs)}`;
  return `${duration(r.elapsedMs)}: ${n(r.distinctStates)} states (${n(r.statesPerSecond)}/s), ${n(r.generatedStates)} generated, queue ${n(r.queue)}, depth ${r.depth}${eta}, store ${mib(r.storeBytes)}, rss ${mib(r.rssBytes)}`;
}

/** The value of `--progress`: true (also bare), 'json', or false for `--no-progress`; undefined: not given. */
export function progressMode(raw: unknown): boolean | 'json' | undefined {
  if (raw === undefined) return undefined;
  if (raw === false || raw === 'false') return false;
  if (raw === '' || raw === true || raw === 'true' || raw === 'text') return true;
  if (raw === 'json') return 'json';
  throw new SpecError('USAGE', `--progress ${Array.isArray(raw) ? 'is given more than once' : `'${String(raw)}'`}: give --progress (a line every few seconds), --progress json (one JSON object per line) or --no-progress`);
}
