// `interleave check <spec.ts>`: exhaustive BFS; prints the verdict, a shortest counterexample and
// statistics, or one JSON object with --json.
import type { Argv } from 'yargs';
import { check } from '../../checker/check.ts';
import { formatTraceFile, toTraceFile, writeFileAtomic } from '../../checker/traceFile.ts';
import { checkJson, formatCheck } from '../format/check.ts';
import { Exit, type Io } from '../io.ts';

export interface CheckArgs {
  spec: string;
  param: string[];
  variant?: string;
  json: boolean;
  out?: string;
  maxStates?: number;
  deadlock: boolean;
  full: boolean;
  coverage: boolean;
  progress?: boolean;
}

export const checkOptions = (y: Argv) =>
  y
    .positional('spec', { type: 'string', demandOption: true, describe: 'the spec file (.ts)' })
    .option('param', { alias: 'p', type: 'string', array: true, default: [] as string[], describe: 'set a parameter: name=value (repeatable)' })
    .option('variant', { type: 'string', describe: 'the named variant to check' })
    .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
    .option('out', { type: 'string', describe: 'write the counterexample to this trace file' })
    .option('max-states', { type: 'number', describe: 'stop after this many distinct states' })
    .option('deadlock', { type: 'boolean', default: true, describe: 'check for deadlocks (--no-deadlock turns it off)' })
    .option('full', { type: 'boolean', default: false, describe: 'print whole states at every trace step' })
    .option('coverage', { type: 'boolean', default: false, describe: 'print per-action coverage' })
    .option('progress', { type: 'boolean', describe: 'show live progress (default: on when stderr is a terminal)' });

/** Runs the command; returns the exit code. */
export async function runCheck(args: CheckArgs, io: Io): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    io.err('\ninterrupted: finishing the current state, then printing the statistics so far (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const showProgress = args.progress ?? io.interactive;
  try {
    const { loaded, result } = await check(args.spec, {
      paramPairs: args.param,
      variant: args.variant,
      maxStates: args.maxStates,
      noDeadlock: !args.deadlock,
      signal: controller.signal,
      onProgress: showProgress
        ? (p) =>
            io.err(
              `${io.interactive ? '\r' : ''}${p.distinctStates.toLocaleString('en-US')} states, ${Math.round(p.distinctStates / (p.elapsedMs / 1000)).toLocaleString('en-US')}/s, queue ${p.queue.toLocaleString('en-US')}, depth ${p.depth}   ${io.interactive ? '' : '\n'}`,
            )
        : undefined,
    });
    if (showProgress && io.interactive) io.err('\r\x1b[K');
    let written: string | undefined;
    if (args.out && loaded && result.result === 'violation' && result.violation.trace.length) {
      writeFileAtomic(args.out, formatTraceFile(toTraceFile(args.out, args.spec, loaded.spec.name, loaded.params, false, result.violation)));
      written = args.out;
    }
    if (args.json) io.out(`${JSON.stringify(checkJson(loaded, args.spec, result, { symmetry: false, ...(written ? { out: written } : {}) }), null, 2)}\n`);
    else (result.result === 'error' ? io.err : io.out)(formatCheck(loaded!, result, { full: args.full, coverage: args.coverage, out: written }));
    return result.result === 'violation' ? Exit.violation : result.result === 'error' ? Exit.badInput : Exit.ok;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
