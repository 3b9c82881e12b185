// `interleave minimize <trace.json>`: shrinks a counterexample (loops, delta debugging, fewest context
// switches, optionally smaller parameters), validating every candidate by running it, and writes it.
import type { Argv } from 'yargs';
import { SpecError } from '../../checker/SpecError.ts';
import { toTraceFile, formatTraceFile } from '../../checker/traceFile.ts';
import { minimizeTrace, type MinimizePhase } from '../../checker/traces/minimize.ts';
import { openTrace } from '../../checker/traces/openTrace.ts';
import { smallerParams } from '../../checker/traces/smallerParams.ts';
import { describeRun } from '../format/check.ts';
import { formatMinimize, type MinimizeReport } from '../format/minimize.ts';
import { formatReplay } from '../format/replay.ts';
import { integerOption } from '../integerOption.ts';
import { Exit, type Io } from '../io.ts';
import { checkOutputTarget, writeOutputFile } from '../outputFile.ts';
import { replayExit } from './replay.ts';
import { jsonText, paramsAndVariant } from '../format/json.ts';
import { withStepLocations } from '../../checker/stepLocations.ts';

export interface MinimizeArgs {
  trace: string;
  spec?: string;
  variant?: string;
  out?: string;
  smallerParams: boolean;
  search: boolean;
  searchBudget: number;
  maxStates: number;
  json: boolean;
  full: boolean;
  lanes: boolean;
}

export const minimizeOptions = (y: Argv) =>
  y
    .positional('trace', { type: 'string', demandOption: true, describe: 'the trace file to minimize' })
    .option('out', { type: 'string', describe: 'where to write the minimized trace (default: <trace>.min.json)' })
    .option('spec', { type: 'string', describe: 'run on this spec file instead of the one the trace names' })
    .option('variant', { type: 'string', describe: 'run on this variant instead of the recorded one' })
    .option('smaller-params', { type: 'boolean', default: false, describe: 'also lower integer parameters while the property still fails (runs check)' })
    .option('search', { type: 'boolean', default: true, describe: 'search the shortest traces for the fewest context switches (--no-search skips it)' })
    .option('search-budget', integerOption('search-budget', { default: 100_000, describe: 'most (state, process) pairs the context-switch search visits' }))
    .option('max-states', integerOption('max-states', { default: 1_000_000, describe: 'state budget of each check run by --smaller-params' }))
    .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
    .option('full', { type: 'boolean', default: false, describe: 'print whole states at every trace step' })
    .option('lanes', { type: 'boolean', default: false, describe: 'print the trace as lanes, one column per process (plain text for a commit message)' });

/** `t.json` -> `t.min.json`. */
export const defaultMinOut = (trace: string) => (trace.endsWith('.json') ? `${trace.slice(0, -'.json'.length)}.min.json` : `${trace}.min.json`);

/** Runs the command; returns the exit code (1: the minimized trace shows the violation). */
export async function runMinimize(args: MinimizeArgs, io: Io): Promise<number> {
  const out = args.out ?? defaultMinOut(args.trace);
  checkOutputTarget(out);
  const opened = await openTrace(args.trace, { spec: args.spec, variant: args.variant, onSpec: (n) => io.err(`${n}\n`) });
  const t = opened.file.trace;
  if (t.loop !== undefined || t.kind === 'temporal') {
    throw new SpecError('USAGE', `${args.trace}: a lasso trace (temporal property ${t.property}) cannot be minimized: cutting steps would break its loop`, {
      hint: 'check already reports the shortest lasso it finds',
    });
  }
  const m = minimizeTrace(opened.loaded.model, t, { noSearch: !args.search, searchBudget: args.searchBudget });
  if (m.result === 'not-reproduced') {
    io.out(formatReplay(opened, { ...m.replay, trace: withStepLocations(opened.loaded.model, m.replay.trace) }));
    io.out('nothing to minimize: minimize needs a trace that reproduces its violation\n');
    return replayExit(m.replay);
  }
  let loaded = opened.loaded;
  let trace = m.trace;
  let after = m.after;
  const phases: MinimizePhase[] = [...m.phases];
  let report: Partial<MinimizeReport> = {};
  if (args.smallerParams) {
    const sp = await smallerParams(opened.specFile, opened.loaded, m.violation, args.maxStates);
    if (sp.found) {
      const again = minimizeTrace(sp.found.loaded.model, { steps: sp.found.trace, property: t.property, kind: t.kind }, { noSearch: !args.search, searchBudget: args.searchBudget });
      if (again.result !== 'minimized') throw new Error('internal: the trace of the smaller parameters does not reproduce');
      loaded = sp.found.loaded;
      trace = again.trace;
      after = again.after;
      const changed = Object.keys(loaded.params).filter((k) => loaded.params[k] !== opened.loaded.params[k]);
      report = { paramChange: changed.map((k) => `${k}=${String(opened.loaded.params[k])} -> ${k}=${String(loaded.params[k])}`).join(', ') };
    }
    phases.push({ phase: 'params', after });
    report = { ...report, paramTries: sp.tried };
  }
  const file = toTraceFile(out, opened.specFile, loaded.spec.name, loaded.params, t.symmetry, {
    kind: m.violation.kind,
    property: m.violation.property,
    trace,
    ...(m.violation.message ? { message: m.violation.message } : {}),
  });
  writeOutputFile(out, formatTraceFile(file));
  const full: MinimizeReport = { input: args.trace, run: describeRun(opened.loaded), violation: m.violation, before: m.before, after, phases, trace: withStepLocations(loaded.model, trace), out, ...report };
  if (args.json) {
    const { trace: steps, ...rest } = full;
    io.out(jsonText({ result: 'minimized', ...rest, states: steps.length, ...paramsAndVariant(loaded.params) }));
  } else {
    io.out(formatMinimize(full, { full: args.full, lanes: args.lanes, model: loaded.model }));
  }
  return Exit.violation;
}
