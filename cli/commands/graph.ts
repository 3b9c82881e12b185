// `interleave graph <trace.json | spec.ts> --format mermaid|dot|itf`: draws a trace as a Mermaid sequence
// diagram or a DOT chain of states, exports it as ITF, or draws a small spec's whole state graph in DOT.
import { dirname, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { loadModel } from '../../checker/loadSpec.ts';
import { SpecError } from '../../checker/SpecError.ts';
import { stateGraphToDot, traceToDot } from '../../checker/traces/dot.ts';
import { toItf } from '../../checker/traces/itf.ts';
import { loadTraceFile } from '../../checker/traces/loadTraceFile.ts';
import { traceToMermaid } from '../../checker/traces/mermaid.ts';
import { openTrace } from '../../checker/traces/openTrace.ts';
import { integerOption } from '../integerOption.ts';
import { Exit, type Io } from '../io.ts';
import { checkOutputTarget, writeOutputFile } from '../outputFile.ts';

export interface GraphArgs {
  input: string;
  format: 'mermaid' | 'dot' | 'itf';
  out?: string;
  param: string[];
  variant?: string;
  spec?: string;
  maxStates: number;
}

export const graphOptions = (y: Argv) =>
  y
    .positional('input', { type: 'string', demandOption: true, describe: 'a trace file (.json) or a spec file (.ts)' })
    .option('format', { choices: ['mermaid', 'dot', 'itf'] as const, default: 'mermaid' as const, describe: 'mermaid or dot (a trace), dot (a spec\'s state graph), itf (a trace, as ITF JSON)' })
    .option('out', { type: 'string', describe: 'write to this file instead of printing' })
    .option('param', { alias: 'p', type: 'string', array: true, default: [] as string[], describe: 'a spec\'s parameter: name=value (repeatable)' })
    .option('variant', { type: 'string', describe: 'a spec\'s variant' })
    .option('spec', { type: 'string', describe: 'for --format itf: the spec file instead of the one the trace names' })
    .option('max-states', integerOption('max-states', { default: 200, describe: 'largest state graph drawn' }));

/** Runs the command; returns the exit code. */
export async function runGraph(args: GraphArgs, io: Io): Promise<number> {
  if (args.out) checkOutputTarget(args.out);
  const text = args.input.endsWith('.json') ? await drawTrace(args, io) : await drawSpec(args);
  if (args.out) writeOutputFile(args.out, text);
  else io.out(text);
  return Exit.ok;
}

async function drawTrace(args: GraphArgs, io: Io): Promise<string> {
  if (args.format === 'itf') {
    const opened = await openTrace(args.input, { spec: args.spec, variant: args.variant, onSpec: (n) => io.err(`${n}\n`) });
    // the spec path is relative to the file that holds it
    const at = args.out ? dirname(resolve(args.out)) : dirname(resolve(args.input));
    const trace = { ...opened.file.trace, spec: relative(at, resolve(opened.specFile)).split('\\').join('/') };
    return `${JSON.stringify(toItf(opened.loaded.model.vars, trace), null, 2)}\n`;
  }
  // drawing needs no spec: the trace file holds every state
  const { trace } = loadTraceFile(args.input);
  return args.format === 'mermaid' ? traceToMermaid(trace) : traceToDot(trace, trace.specName);
}

async function drawSpec(args: GraphArgs): Promise<string> {
  if (args.format !== 'dot') {
    throw new SpecError('USAGE', `--format ${args.format} draws a trace file; a spec's state graph is drawn with --format dot`, {
      hint: 'write a trace with interleave check --out t.json, then: interleave graph t.json --format mermaid',
    });
  }
  const loaded = await loadModel(args.input, args.param, args.variant);
  const drawn = stateGraphToDot(loaded.model, args.maxStates, loaded.spec.name);
  if (!drawn) {
    throw new SpecError('USAGE', `${args.input}: the state graph has more than ${args.maxStates} states, too many to draw`, {
      hint: 'use smaller parameters, or raise --max-states',
    });
  }
  return drawn.dot;
}
