// `interleave mutate <spec.ts>`: mutation testing of a spec's properties. Generates mutants of its
// actions (checker/mutation/generateMutants.ts), checks each in a child process, and reports which the
// properties catch and which survive (text, --json or --markdown); --show N prints mutant N's diff.
import type { Argv } from 'yargs';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { generateMutants } from '../../checker/mutation/generateMutants.ts';
import { MUTATION_OPERATORS, type MutationOperator } from '../../checker/mutation/Mutant.ts';
import { mutate } from '../../checker/mutation/runMutants.ts';
import { unifiedDiff } from '../../checker/mutation/unifiedDiff.ts';
import { importSpec, instantiate, parseParams } from '../../checker/loadSpec.ts';
import { SpecError } from '../../checker/SpecError.ts';
import { formatSpecError } from '../format/error.ts';
import { formatMutationMarkdown, formatMutationText, mutationJson } from '../format/mutate.ts';
import { integerOption } from '../integerOption.ts';
import { Exit, type Io } from '../io.ts';

export interface MutateArgs {
  spec: string;
  param: string[];
  variant?: string;
  json: boolean;
  markdown: boolean;
  show?: number;
  operator?: MutationOperator[];
  jobs?: number;
  timeout?: number;
  maxStates?: number;
  progress?: boolean;
}

export const mutateOptions = (y: Argv) =>
  y
    .positional('spec', { type: 'string', demandOption: true, describe: 'the spec file (.ts)' })
    .option('param', { alias: 'p', type: 'string', array: true, default: [] as string[], describe: 'set a parameter: name=value (repeatable)' })
    .option('variant', { type: 'string', describe: 'the variant to mutate (it must pass; default: the first)' })
    .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
    .option('markdown', { type: 'boolean', default: false, describe: 'print a Markdown report' })
    .option('show', integerOption('show', { describe: "print mutant N's unified diff and exit (nothing is checked)" }))
    .option('operator', { type: 'string', array: true, choices: MUTATION_OPERATORS, describe: 'only these mutation operators (repeatable)' })
    .option('jobs', integerOption('jobs', { describe: 'child processes checking mutants at once (default 2)' }))
    .option('timeout', integerOption('timeout', { describe: "seconds per mutant (default: 20 plus 10 times the original's check)" }))
    .option('max-states', integerOption('max-states', { describe: "distinct states per mutant (default: 10 times the original's, at least 10,000)" }))
    .option('progress', { type: 'boolean', describe: 'show progress on stderr (default: on when stderr is a terminal)' });

/** Runs the command; returns the exit code: 0 every mutant decided, 4 some over a bound, 2 bad input. */
export async function runMutate(args: MutateArgs, io: Io): Promise<number> {
  try {
    if (args.json && args.markdown) throw new SpecError('USAGE', 'mutate: --json and --markdown exclude each other');
    if (args.show !== undefined) return await show(args, io);
    const progress = args.progress ?? io.interactive;
    const report = await mutate(args.spec, {
      variant: args.variant,
      paramPairs: args.param,
      ...(args.operator ? { operators: args.operator } : {}),
      ...(args.jobs !== undefined ? { jobs: args.jobs } : {}),
      ...(args.timeout !== undefined ? { timeoutMs: args.timeout * 1000 } : {}),
      ...(args.maxStates !== undefined ? { maxStates: args.maxStates } : {}),
      ...(progress ? { onProgress: (d: number, t: number) => io.err(`\rmutants checked: ${d}/${t}${d === t ? '\n' : ''}`) } : {}),
    });
    if (report instanceof SpecError) throw report;
    const shown = { ...report, file: relative(process.cwd(), report.file) || report.file };
    if (args.json) io.out(`${JSON.stringify(mutationJson(shown), null, 2)}\n`);
    else io.out(args.markdown ? formatMutationMarkdown(shown) : formatMutationText(shown));
    return report.mutants.some((m) => m.outcome.status === 'timeout') ? Exit.incomplete : Exit.ok;
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    io.err(`${formatSpecError(e).join('\n')}\n`);
    return Exit.badInput;
  }
}

async function show(args: MutateArgs, io: Io): Promise<number> {
  const spec = await importSpec(args.spec);
  const variant = instantiate(spec, args.spec, parseParams(spec, args.param), args.variant).variant;
  const text = readFileSync(args.spec, 'utf8');
  const mutants = generateMutants(text, { variant, ...(args.operator ? { operators: args.operator } : {}) });
  const m = mutants.find((x) => x.id === args.show);
  if (!m) throw new SpecError('USAGE', `--show ${args.show}: ${args.spec} has mutants 1 to ${mutants.length}`);
  io.out(`# #${m.id} ${m.operator}, line ${m.line}: ${m.description}\n${unifiedDiff(relative(process.cwd(), args.spec) || args.spec, text, m.text)}`);
  return Exit.ok;
}
