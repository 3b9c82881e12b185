// `interleave replay <trace.json>`: re-runs a recorded counterexample on its spec (or an edited one) and
// says whether the violation is reproduced, where the trace diverges, or that it now passes.
import type { Argv } from 'yargs';
import { openTrace } from '../../checker/traces/openTrace.ts';
import { replay, type ReplayResult } from '../../checker/traces/replay.ts';
import { formatReplay, replayJson } from '../format/replay.ts';
import { Exit, type Io } from '../io.ts';
import { jsonText } from '../format/json.ts';
import { withStepLocations } from '../../checker/stepLocations.ts';

export interface ReplayArgs {
  trace: string;
  spec?: string;
  variant?: string;
  param: string[];
  json: boolean;
  full: boolean;
  lanes: boolean;
}

export const replayOptions = (y: Argv) =>
  y
    .positional('trace', { type: 'string', demandOption: true, describe: 'the trace file (.json, written by check --out, simulate or minimize), or an ITF trace (.itf.json, ours or Quint\'s and Apalache\'s)' })
    .option('spec', { type: 'string', describe: 'replay on this spec file instead of the one the trace names (required for an ITF trace from another tool)' })
    .option('param', { alias: 'p', type: 'string', array: true, default: [] as string[], describe: 'for an ITF trace from another tool: a parameter, name=value (repeatable)' })
    .option('variant', { type: 'string', describe: 'replay on this variant instead of the recorded one' })
    .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
    .option('full', { type: 'boolean', default: false, describe: 'print whole states at every trace step' })
    .option('lanes', { type: 'boolean', default: false, describe: 'print the trace as lanes, one column per process (plain text for a commit message)' });

/**
 * Exit codes: 1 when a property fails (the recorded one: reproduced; another one: diverged), 0 when the
 * trace diverges or passes, 2 when the spec is nondeterministic or the input is bad.
 */
export function replayExit(r: ReplayResult): number {
  switch (r.outcome) {
    case 'reproduced':
      return Exit.violation;
    case 'diverged':
      return r.reason === 'other-property' ? Exit.violation : Exit.ok;
    case 'passes':
      return Exit.ok;
    case 'nondeterministic':
      return Exit.badInput;
  }
}

/** Runs the command; returns the exit code. Spec and trace-file errors propagate as SpecError (exit 2). */
export async function runReplay(args: ReplayArgs, io: Io): Promise<number> {
  const opened = await openTrace(args.trace, { spec: args.spec, variant: args.variant, params: args.param, onSpec: (n) => io.err(`${n}\n`) });
  const replayed = replay(opened.loaded.model, opened.file.trace);
  const result = { ...replayed, trace: withStepLocations(opened.loaded.model, replayed.trace) };
  if (args.json) io.out(jsonText(replayJson(opened, result)));
  else (result.outcome === 'nondeterministic' ? io.err : io.out)(formatReplay(opened, result, { full: args.full, lanes: args.lanes }));
  return replayExit(result);
}
