// `interleave check <spec.ts>`: exhaustive BFS; prints the verdict, a shortest counterexample and
// statistics, or one JSON object with --json.
import type { Argv } from 'yargs';
import { check, type CheckRun } from '../../checker/check.ts';
import type { CheckResult } from '../../checker/result.ts';
import type { CompiledModel } from '../../checker/compile.ts';
import { permutedScalarsets } from '../../checker/symmetry/Symmetry.ts';
import { toTraceFile } from '../../checker/traceFile.ts';
import { describeCompilation } from '../../checker/compiler/index.ts';
import { checkJson, formatCheck } from '../format/check.ts';
import { writeTrace, type TraceFormatName } from './writeTrace.ts';
import { integerOption } from '../integerOption.ts';
import { Exit, type Io } from '../io.ts';
import { checkOutputTarget } from '../outputFile.ts';
import { SpecError } from '../../checker/SpecError.ts';
import { count } from '../format/count.ts';
import { jsonText } from '../format/json.ts';
import { coverageWithStepLocations } from '../../checker/stepLocations.ts';
import { bitstateBits, bitstateHashesOption } from '../bitstateOption.ts';
import { diskDirectory } from '../diskOption.ts';
import { progressLine, progressMode, progressRecorder } from '../format/progress.ts';
import { checkpointEveryOption, checkpointLines, checkpointOption, resumedLine, resumeOption, savedLine } from '../checkpointOptions.ts';
import type { CheckpointWritten } from '../../checker/checkpoint/Checkpointer.ts';

export interface CheckArgs {
  spec: string;
  param: string[];
  variant?: string;
  json: boolean;
  out?: string;
  format?: TraceFormatName;
  maxStates?: number;
  maxMemory?: number;
  disk?: string;
  deadlock: false | 'tlc' | 'murphi';
  full: boolean;
  lanes: boolean;
  coverage: boolean;
  progress?: boolean | 'json';
  progressInterval?: number;
  bitstate?: number;
  bitstateHashes: number;
  bitstateSeed: number;
  symmetry: boolean;
  checkSymmetry?: boolean;
  compile: boolean;
  workers?: number;
  checkpoint?: string;
  checkpointEvery: number;
  resume?: string;
}

export const checkOptions = (y: Argv) =>
  y
    .positional('spec', { type: 'string', demandOption: true, describe: 'the spec file (.ts)' })
    .option('param', { alias: 'p', type: 'string', array: true, default: [] as string[], describe: 'set a parameter: name=value (repeatable)' })
    .option('variant', { type: 'string', describe: 'the named variant to check' })
    .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
    .option('out', { type: 'string', describe: 'write the counterexample to this trace file' })
    .option('format', { choices: ['json', 'itf'] as const, default: 'json' as const, describe: 'format of --out: interleave trace (json) or ITF (itf)' })
    .option('max-states', integerOption('max-states', { describe: 'stop after this many distinct states (the result is incomplete, exit 4)' }))
    .option(
      'workers',
      integerOption('workers', {
        describe:
          'worker threads of the search (default 1): each loads the spec; one visited set in shared memory, level by level, so counts and counterexamples are those of one thread. Not with temporal properties; --max-states is looked at between levels',
      }),
    )
    .option('max-memory', integerOption('max-memory', { describe: 'stop when the state store would exceed this many MiB (default: 75% of the machine\'s memory; exit 4)' }))
    .option('disk', {
      type: 'string',
      describe: 'when the memory budget fills, spill to files in this directory (removed at exit): the middle of the queue, the parent log, and the visited set (merged into a sorted file, as TLC does; not with temporal properties)',
      coerce: diskDirectory,
    })
    .option('deadlock', {
      type: 'string',
      default: 'tlc',
      describe: "what a deadlock is: 'tlc', a state with no successor (the default); 'murphi', also a state whose every successor is itself (CMurphi, Rumur); --no-deadlock turns the check off",
      coerce: deadlockMode,
    })
    .option('full', { type: 'boolean', default: false, describe: 'print whole states at every trace step' })
    .option('lanes', { type: 'boolean', default: false, describe: 'print the trace as lanes, one column per process (plain text for a commit message)' })
    .option('coverage', { type: 'boolean', default: false, describe: 'print per-action coverage' })
    .option('progress', {
      type: 'string',
      describe: 'show progress on stderr: a line every few seconds (default when stderr is a terminal), or --progress json, one JSON object per line; --no-progress turns it off',
      coerce: progressMode,
    })
    .option('progress-interval', { type: 'string', describe: 'seconds between progress reports (default: 1 on a terminal, else 5)', coerce: seconds })
    .option('bitstate', {
      type: 'string',
      describe: "bitstate hashing (SPIN's): the visited set is a bit array of this size (N: 2^N bits; or bytes, e.g. 512MB; alone: 2^30 bits). It may miss states: without a violation the result is incomplete (bitstate), exit 4, with a coverage estimate",
      coerce: bitstateBits,
    })
    .option('bitstate-hashes', bitstateHashesOption)
    .option('bitstate-seed', integerOption('bitstate-seed', { min: 0, default: 0, describe: 'chooses the hash functions of --bitstate (another seed misses other states)' }))
    .option('symmetry', {
      type: 'boolean',
      default: true,
      describe: 'symmetry reduction over the scalarsets: store one state per orbit (--no-symmetry stores every state)',
    })
    .option('compile', {
      type: 'boolean',
      default: true,
      describe: 'compile actions and invariants to code over the packed state (--no-compile runs everything through the views, the reference the compiler is tested against)',
    })
    .option('checkpoint', checkpointOption)
    .option('checkpoint-every', checkpointEveryOption)
    .option('resume', resumeOption)
    .option('check-symmetry', {
      type: 'boolean',
      describe:
        'test that the spec is symmetric in its scalarsets: by default on a sample of the states the search reaches; --check-symmetry also runs a randomized test first; --no-check-symmetry trusts the declaration. A witness of asymmetry exits 2',
    });

/** The value of `--deadlock`: `tlc` (also a bare `--deadlock`), `murphi`, or false for `--no-deadlock`; else error[USAGE]. */
export function deadlockMode(raw: unknown): false | 'tlc' | 'murphi' {
  if (raw === false || raw === 'false') return false;
  if (raw === '' || raw === true || raw === 'true' || raw === 'tlc') return 'tlc';
  if (raw === 'murphi') return 'murphi';
  throw new SpecError('USAGE', `--deadlock ${Array.isArray(raw) ? 'is given more than once' : `'${String(raw)}'`}: give tlc (the default), murphi, or --no-deadlock`);
}

/** The value of `--progress-interval`: seconds (decimals allowed), as milliseconds. */
function seconds(raw: unknown): number {
  const text = String(raw).trim();
  if (!/^\d+(\.\d+)?$/.test(text) || Number(text) <= 0) throw new SpecError('USAGE', `--progress-interval ${text}: expected a number of seconds above 0`);
  return Number(text) * 1000;
}

/** What symmetry reduction did, for the text report. */
function symmetryLines(model: CompiledModel, result: CheckResult, symmetry: boolean, symmetryCheck: CheckRun['symmetryCheck'], audit: CheckRun['audit']): string {
  const lines: string[] = [];
  if (symmetryCheck) lines.push(`symmetry check passed: ${symmetryCheck.runs} states and permutations tested (from ${count(symmetryCheck.sampledStates, 'sampled state')})`);
  if (symmetry && audit) {
    lines.push(audit.symmetrySamples ? `symmetry tested on ${audit.symmetrySamples.toLocaleString('en-US')} of the states reached, each against its image under a random permutation` : 'symmetry not tested (--no-check-symmetry): the counts are right only if the spec is symmetric');
  }
  if (symmetry && result.result !== 'error') {
    const sets = permutedScalarsets(model).map((s) => `${s.name} (${s.size} ids)`).join(', ');
    const full = result.fullStates !== undefined ? `, standing for ${count(result.fullStates, 'state')}` : '';
    lines.push(`symmetry reduction over ${sets}: the counts are orbits${full} (--no-symmetry counts every state)`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Said when a spec with a symmetry declaration is checked for temporal properties. */
const SYMMETRY_OFF_FOR_LIVENESS =
  'symmetry reduction off: temporal properties are checked on concrete states (with symmetry, a cycle of orbits need not be a cycle of states)';

/** The exit code of a check: an incomplete search is not a pass. */
export function checkExit(result: CheckResult): number {
  switch (result.result) {
    case 'ok':
      return Exit.ok;
    case 'violation':
      return Exit.violation;
    case 'incomplete':
      return Exit.incomplete;
    case 'error':
      return Exit.badInput;
  }
}

/** Runs the command; returns the exit code. */
export async function runCheck(args: CheckArgs, io: Io): Promise<number> {
  if (args.out) checkOutputTarget(args.out);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    const saving = args.checkpoint !== undefined || args.resume !== undefined ? ', writing a checkpoint' : '';
    io.err(`\ninterrupted: finishing the current state${saving}, then printing the statistics so far (Ctrl-C again to quit at once)\n`);
    controller.abort();
  };
  // SIGTERM (a CI timeout, `kill`) stops the search the same way: the result is incomplete, exit 4
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const showProgress = args.progress ?? io.interactive;
  const record = progressRecorder();
  const live = showProgress === true && io.interactive;
  try {
    const { loaded, result: searched, symmetry, symmetryCheck, symmetryOffForLiveness, audit, compiled, checkpoint } = await check(args.spec, {
      paramPairs: args.param,
      variant: args.variant,
      maxStates: args.maxStates,
      ...(args.maxMemory !== undefined ? { maxMemoryBytes: args.maxMemory * 2 ** 20 } : {}),
      ...(args.disk !== undefined ? { disk: { dir: args.disk } } : {}),
      noDeadlock: args.deadlock === false,
      ...(args.deadlock === 'murphi' ? { deadlock: 'murphi' as const } : {}),
      symmetry: args.symmetry,
      checkSymmetry: args.checkSymmetry,
      compile: args.compile,
      ...(args.workers !== undefined ? { workers: args.workers } : {}),
      ...(args.checkpoint !== undefined || args.resume !== undefined ? { checkpoints: { dir: args.checkpoint, everyMs: args.checkpointEvery, resume: args.resume, ...(showProgress === true ? { onSaved: (w: CheckpointWritten) => io.err(`${live ? '\r\x1b[K' : ''}${savedLine(w)}`) } : {}) } } : {}),
      signal: controller.signal,
      watchdog: true,
      ...(args.bitstate !== undefined ? { bitstate: { bits: args.bitstate, hashes: args.bitstateHashes, seed: args.bitstateSeed } } : {}),
      progressEveryMs: args.progressInterval ?? (live ? 1000 : 5000),
      onProgress: showProgress
        ? (p) => {
            const r = record(p);
            io.err(showProgress === 'json' ? `${JSON.stringify(r)}\n` : live ? `\r\x1b[K${progressLine(r)}` : `${progressLine(r)}\n`);
          }
        : undefined,
    });
    if (live) io.err('\r\x1b[K');
    // process steps in the coverage lines at their own labels' lines, as in traces (read only when printed)
    const printsCoverage = !args.json && (args.coverage || (searched.result === 'ok' && searched.coverage.some((c) => !c.enabled)));
    const result = printsCoverage && loaded && searched.result !== 'error' ? { ...searched, coverage: coverageWithStepLocations(loaded.model, searched.coverage) } : searched;
    let written: string | undefined;
    if (args.out && loaded && result.result === 'violation' && result.violation.trace.length) {
      writeTrace(args.out, toTraceFile(args.out, args.spec, loaded.spec.name, loaded.params, symmetry, result.violation), args.format ?? 'json', loaded.model);
      written = args.out;
    }
    if (args.json) io.out(jsonText(checkJson(loaded, args.spec, result, { symmetry, ...(checkpoint ? { checkpoint } : {}), ...(audit ? { audit } : {}), ...(symmetryCheck !== undefined ? { symmetryCheck } : {}), ...(symmetryOffForLiveness ? { symmetryOffForLiveness } : {}), ...(compiled ? { compiled } : {}), ...(written ? { out: written } : {}) })));
    else if (result.result === 'error') io.err(formatCheck(loaded!, result, {}));
    else io.out(formatCheck(loaded!, result, { full: args.full, lanes: args.lanes, coverage: args.coverage, out: written }) + symmetryLines(loaded!.model, result, symmetry, symmetryCheck, audit) + (symmetryOffForLiveness ? `${SYMMETRY_OFF_FOR_LIVENESS}\n` : '') + (compiled ? `${describeCompilation(compiled).join('\n')}\n` : '') + (result.resumed ? resumedLine(result.resumed) : '') + checkpointLines(checkpoint, result.result !== 'incomplete'));
    return checkExit(result);
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
