// `interleave show <spec.ts>`: what a spec declares, read from its source (ts-morph) and built by the
// runtime for every variant: parameters, variants, scalarsets, variables, processes and their steps,
// actions, properties, each with its source lines.
import type { Argv } from 'yargs';
import { relative } from 'node:path';
import { parseParams, importSpec } from '../../checker/loadSpec.ts';
import { SpecError } from '../../checker/SpecError.ts';
import { formatSpecError } from '../format/error.ts';
import { formatShowMarkdown, formatShowText } from '../format/show.ts';
import { Exit, type Io } from '../io.ts';
import { jsonText } from '../format/json.ts';

export interface ShowArgs {
  spec: string;
  param: string[];
  json: boolean;
  format: 'text' | 'markdown';
}

export const showOptions = (y: Argv) =>
  y
    .positional('spec', { type: 'string', demandOption: true, describe: 'the spec file (.ts)' })
    .option('param', { alias: 'p', type: 'string', array: true, default: [] as string[], describe: 'set a parameter: name=value (repeatable)' })
    .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
    .option('format', { choices: ['text', 'markdown'] as const, default: 'text' as const, describe: 'output format' });

/** Runs the command; returns the exit code. */
export async function runShow(args: ShowArgs, io: Io): Promise<number> {
  // loaded on use: ts-morph is large, and other commands do not need it
  const { summarizeSpec } = await import('../../checker/review/specSummary.ts');
  try {
    const spec = await importSpec(args.spec);
    const summary = await summarizeSpec(args.spec, parseParams(spec, args.param));
    const shown = { ...summary, file: relative(process.cwd(), summary.file) || summary.file };
    if (args.json) io.out(jsonText(shown));
    else io.out(args.format === 'markdown' ? formatShowMarkdown(shown) : formatShowText(shown));
    return Exit.ok;
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    io.err(`${formatSpecError(e).join('\n')}\n`);
    return Exit.badInput;
  }
}
