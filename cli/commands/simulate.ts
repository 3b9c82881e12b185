// `interleave simulate <spec.ts>`: seeded random walks that check the same properties as `check`, for
// state spaces too large to exhaust. A violation is shrunk and can be written as a trace file.
import type { Argv } from 'yargs';
import { loadModel } from '../../checker/loadSpec.ts';
import { simulate } from '../../checker/traces/simulate.ts';
import { toTraceFile } from '../../checker/traceFile.ts';
import { formatSimulate } from '../format/simulate.ts';
import { specErrorJson } from '../format/error.ts';
import { integerOption } from '../integerOption.ts';
import { Exit, type Io } from '../io.ts';
import { checkOutputTarget } from '../outputFile.ts';
import { writeTrace, type TraceFormatName } from './writeTrace.ts';
import { jsonText, paramsAndVariant } from '../format/json.ts';
import { withStepLocations } from '../../checker/stepLocations.ts';
import { runSwarm } from './swarm.ts';
import { SpecError } from '../../checker/SpecError.ts';

export interface SimulateArgs {
  spec: string;
  param: string[];
  variant?: string;
  seed?: number;
  depth: number;
  runs: number;
  shrink: boolean;
  out?: string;
  format: TraceFormatName;
  json: boolean;
  full: boolean;
  swarm?: number;
  swarmIndex?: number;
  lanes: boolean;
}

export const simulateOptions = (y: Argv) =>
  y
    .positional('spec', { type: 'string', demandOption: true, describe: 'the spec file (.ts)' })
    .option('param', { alias: 'p', type: 'string', array: true, default: [] as string[], describe: 'set a parameter: name=value (repeatable)' })
    .option('variant', { type: 'string', describe: 'the named variant to simulate' })
    .option('seed', integerOption('seed', { min: -Infinity, describe: 'seed of the random walks (default: a random one, printed)' }))
    .option('depth', integerOption('depth', { min: 0, default: 100, describe: 'most steps per walk' }))
    .option('runs', integerOption('runs', { default: 1000, describe: 'number of walks' }))
    .option('shrink', { type: 'boolean', default: true, describe: 'shrink a violating walk (--no-shrink keeps it as walked)' })
    .option('out', { type: 'string', describe: 'write the counterexample to this trace file' })
    .option('format', { choices: ['json', 'itf'] as const, default: 'json' as const, describe: 'format of --out: interleave trace (json) or ITF (itf)' })
    .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
    .option('full', { type: 'boolean', default: false, describe: 'print whole states at every trace step' })
    .option('swarm', integerOption('swarm', { describe: 'run a swarm of this many diversified members (seed, depth bound, action weights), each writing a result file to --out DIR (default swarm-results); needs --seed' }))
    .option('swarm-index', integerOption('swarm-index', { min: 0, describe: 'run only this member of the swarm (one per job of a batch: $JOB_COMPLETION_INDEX, a matrix index)' }))
    .option('lanes', { type: 'boolean', default: false, describe: 'print the trace as lanes, one column per process (plain text for a commit message)' });

/** Runs the command; returns the exit code. */
export async function runSimulate(args: SimulateArgs, io: Io): Promise<number> {
  if (args.swarm !== undefined) return runSwarm({ ...args, swarm: args.swarm }, io);
  if (args.swarmIndex !== undefined) throw new SpecError('USAGE', '--swarm-index needs --swarm K: the size of the swarm');
  if (args.out) checkOutputTarget(args.out);
  const seed = args.seed ?? Math.floor(Math.random() * 2 ** 31);
  const loaded = await loadModel(args.spec, args.param, args.variant);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on('SIGINT', onSigint);
  try {
    const walked = await simulate(loaded.model, { seed, depth: args.depth, runs: args.runs, shrink: args.shrink, signal: controller.signal });
    const r = walked.result === 'violation' ? { ...walked, trace: withStepLocations(loaded.model, walked.trace) } : walked;
    let written: string | undefined;
    if (args.out && r.result === 'violation') {
      const file = toTraceFile(args.out, args.spec, loaded.spec.name, loaded.params, false, {
        kind: r.violation.kind,
        property: r.violation.property,
        trace: r.trace,
        ...(r.violation.message ? { message: r.violation.message } : {}),
      });
      writeTrace(args.out, file, args.format, loaded.model);
      written = args.out;
    }
    const again = ['interleave simulate', args.spec, `--seed ${seed}`, ...args.param.map((p) => `--param ${p}`), ...(args.variant ? [`--variant ${args.variant}`] : []), `--depth ${args.depth}`, `--runs ${args.runs}`].join(' ');
    if (args.json) {
      const body =
        r.result === 'error'
          ? { result: 'error', error: specErrorJson(r.error) }
          : r.result === 'ok'
            ? r
            : { ...r, walk: undefined, walkStates: r.walk.length, states: r.trace.length, ...(written ? { out: written } : {}) };
      io.out(jsonText({ spec: args.spec, ...paramsAndVariant(loaded.params), ...body }));
    } else {
      (r.result === 'error' ? io.err : io.out)(formatSimulate(loaded, r, { full: args.full, lanes: args.lanes, out: written, again }));
    }
    // every walk ran, or an interrupted simulation (not every walk ran: not a pass)
    return r.result === 'violation' ? Exit.violation : r.result === 'error' ? Exit.badInput : r.interrupted ? Exit.incomplete : Exit.ok;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
