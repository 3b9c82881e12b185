// `check --checkpoint DIR`, `--checkpoint-every 5m`, `--resume DIR`: the options and what the run says about them.
import type { CheckpointReport } from '../checker/checkpoint/forCheck.ts';
import type { CheckpointWritten } from '../checker/checkpoint/Checkpointer.ts';
import type { ResumeInfo } from '../checker/result.ts';
import { SpecError } from '../checker/SpecError.ts';
import { count } from './format/count.ts';

export const checkpointOption = {
  type: 'string' as const,
  describe: 'write a checkpoint of the search into this folder every --checkpoint-every, on Ctrl-C or SIGTERM, and when the search stops for memory or at --max-states (not with temporal properties or --workers)',
};
export const checkpointEveryOption = {
  type: 'string' as const,
  default: '5m',
  describe: 'time between checkpoints: a number with a unit, s, m or h (e.g. 30s, 5m, 1h)',
  coerce: duration,
};
export const resumeOption = {
  type: 'string' as const,
  describe: 'continue the search saved in this folder (refused if the spec, its parameters, the options or the tool version differ); checkpoints go on into the same folder unless --checkpoint names another',
};

/** `30s`, `5m`, `1h`, `1.5h`: milliseconds. */
export function duration(raw: unknown): number {
  const text = String(raw).trim();
  const m = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(text);
  if (!m || Number(m[1]) <= 0) throw new SpecError('USAGE', `--checkpoint-every ${text}: expected a time above 0 with a unit, s, m or h (e.g. 30s, 5m, 1h)`);
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'];
}

const n = (x: number) => x.toLocaleString('en-US');
const when = (iso: string) => iso.slice(0, 16).replace('T', ' ') + ' UTC';

/** `resumed from DIR at N states, saved T (...)`: how to read the figures of a resumed run. */
export function resumedLine(r: ResumeInfo): string {
  return `resumed from ${r.from} at ${count(r.states, 'state')}, saved ${when(r.savedAt)}: the counts are the whole search's; the time and states/s are this run's (${(r.priorDurationMs / 1000).toFixed(1)} s searched before)\n`;
}

/** A progress line for a checkpoint written during the run. */
export function savedLine(w: CheckpointWritten): string {
  return `checkpoint: ${count(w.states, 'state')} written to ${w.dir} (${n(Math.round(w.bytes / 2 ** 20))} MiB, ${(w.ms / 1000).toFixed(2)} s)\n`;
}

/** What the run wrote, or that it could not. */
export function checkpointLines(c: CheckpointReport | undefined, finished: boolean): string {
  if (!c) return '';
  const lines: string[] = [];
  if (c.written) {
    const w = c.written;
    const why = { periodic: '', interrupted: ' (interrupted)', memory: ' (out of memory: resume it with a larger --max-memory, or with --disk DIR)', 'max-states': ' (at --max-states)' }[w.cause];
    lines.push(`checkpoint written to ${w.dir} at ${count(w.states, 'state')}${why}: ${n(Math.round(w.bytes / 1024))} KiB in ${(w.ms / 1000).toFixed(2)} s${finished ? ' (the search has finished since)' : `; continue with --resume ${w.dir}`}`);
  }
  if (c.failed !== undefined) lines.push(`the last checkpoint could not be written (${c.failed})${c.written ? ': the one above is the last whole one' : ''}`);
  if (c.outOfMemoryMidState) lines.push(`the search ran out of memory in the middle of a state, where no checkpoint can be written: ${c.written ? 'the checkpoint above is the last' : 'no checkpoint was written'}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}
