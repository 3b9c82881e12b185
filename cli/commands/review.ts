// `interleave review --base <rev> [--head <rev>] [specs...]` or `interleave review old.ts new.ts`: what a
// change does to a protocol, as Markdown for a pull request (or JSON). Exit 1 when the head violates
// a property that the base did not; else 2 when either revision does not load or fails while checking.
import type { Argv } from 'yargs';
import type { ReviewReport } from '../../checker/review/ReviewReport.ts';
import { SpecError } from '../../checker/SpecError.ts';
import { formatSpecError } from '../format/error.ts';
import { formatReviewMarkdown, reviewJson } from '../format/review.ts';
import { integerOption } from '../integerOption.ts';
import { Exit, type Io } from '../io.ts';
import { checkOutputTarget, writeOutputFile } from '../outputFile.ts';
import { jsonText } from '../format/json.ts';

export interface ReviewArgs {
  specs: string[];
  base?: string;
  head?: string;
  param: string[];
  json: boolean;
  out?: string;
  maxStates?: number;
  variant: string[];
  firstViolation: boolean;
  mutation: boolean;
}

export const reviewOptions = (y: Argv) =>
  y
    .positional('specs', { type: 'string', array: true, default: [] as string[], describe: 'spec files to review (default: those changed); without --base: old.ts new.ts' })
    .option('base', { type: 'string', describe: 'the git revision to compare against (e.g. origin/main)' })
    .option('head', { type: 'string', describe: 'the git revision under review (default: the working tree)' })
    .option('param', { alias: 'p', type: 'string', array: true, default: [] as string[], describe: 'set a parameter on both revisions: name=value (repeatable)' })
    .option('json', { type: 'boolean', default: false, describe: 'print the report as one JSON object' })
    .option('out', { type: 'string', describe: 'write the Markdown report to this file (stdout gets the verdict)' })
    .option('variant', { type: 'string', array: true, default: [] as string[], describe: 'check only this variant (repeatable; default: every variant)' })
    .option('first-violation', { type: 'boolean', default: false, describe: 'stop each search at its first violation instead of looking for every violated property' })
    .option('max-states', integerOption('max-states', { describe: 'stop each search after this many distinct states' }))
    .option('mutation', { type: 'boolean', default: false, describe: "also the mutation score of each spec's first variant at both revisions (interleave mutate: minutes per spec)" })
    .example('$0 review --base origin/main', 'review every spec changed since origin/main')
    .example('$0 review models/old.ts models/new.ts', 'review two versions of a spec');

/** Runs the command; returns the exit code. */
export async function runReview(args: ReviewArgs, io: Io): Promise<number> {
  // loaded on use: ts-morph (through the review) is large, and other commands do not need it
  const { reviewFiles, reviewRevisions } = await import('../../checker/review/review.ts');
  if (args.out) checkOutputTarget(args.out);
  let report: ReviewReport;
  try {
    const options = { paramPairs: args.param, maxStates: args.maxStates, variants: args.variant, firstViolationOnly: args.firstViolation, mutation: args.mutation };
    if (args.base !== undefined) {
      report = await reviewRevisions({ cwd: process.cwd(), base: args.base, head: args.head, specs: args.specs }, options);
    } else {
      if (args.head !== undefined || args.specs.length !== 2) {
        throw new SpecError('USAGE', 'review needs --base <git revision>, or exactly two spec files (old new)', {
          hint: 'interleave review --base origin/main [specs...]  or  interleave review old.ts new.ts',
        });
      }
      report = await reviewFiles(args.specs[0]!, args.specs[1]!, options);
    }
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    io.err(`${formatSpecError(e).join('\n')}\n`);
    return Exit.badInput;
  }
  const markdown = formatReviewMarkdown(report);
  if (args.out) writeOutputFile(args.out, markdown);
  if (args.json) io.out(jsonText(reviewJson(report)));
  else io.out(args.out ? `${report.verdict}\nreport written to ${args.out}\n` : markdown);
  if (report.newViolations.length) return Exit.violation;
  if (report.errors.length) return Exit.badInput;
  // a head search that stopped early has not shown that the change is safe
  return report.specs.some((s) => s.variants.some((v) => v.head?.result === 'incomplete')) ? Exit.incomplete : Exit.ok;
}
