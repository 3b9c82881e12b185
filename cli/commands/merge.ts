// `interleave merge <results..>`: combines the result files of swarm members (`simulate --swarm`).
import type { Argv } from 'yargs';
import { mergeResults } from '../../checker/swarm/merge.ts';
import { formatMerge, mergeJson } from '../format/merge.ts';
import { Exit, type Io } from '../io.ts';

export interface MergeArgs {
  results: string[];
  json: boolean;
}

export const mergeOptions = (y: Argv) =>
  y
    .positional('results', { type: 'string', array: true, demandOption: true, describe: 'result files of swarm members (results/*.json)' })
    .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' });

/** Exit 1 when some member found a violation, else 0 (a swarm samples: it proves nothing either way). */
export async function runMerge(args: MergeArgs, io: Io): Promise<number> {
  const merged = mergeResults(args.results);
  io.out(args.json ? `${JSON.stringify(mergeJson(merged), null, 2)}\n` : formatMerge(merged));
  return merged.counterexamples.length ? Exit.violation : Exit.ok;
}
