// `interleave explore <spec.ts> [trace]`: a local web page to walk a spec's state space (cli/explore/).
// Serves on 127.0.0.1 only, on a free port unless --port says one, prints the URL and runs until
// interrupted (Ctrl-C).
import type { Argv } from 'yargs';
import { loadModel } from '../../checker/loadSpec.ts';
import { openTrace } from '../../checker/traces/openTrace.ts';
import { startExplorer, type ExploreTarget } from '../explore/server.ts';
import { integerOption } from '../integerOption.ts';
import { Exit, type Io } from '../io.ts';

export interface ExploreArgs {
  spec: string;
  trace?: string;
  variant?: string;
  param: string[];
  port: number;
}

export const exploreOptions = (y: Argv) =>
  y
    .positional('spec', { type: 'string', demandOption: true, describe: 'the spec file (.ts)' })
    .positional('trace', { type: 'string', describe: 'a trace file (.json) or ITF trace to open the page on; its parameters and variant are used' })
    .option('param', { alias: 'p', type: 'string', array: true, default: [] as string[], describe: 'set a parameter: name=value (repeatable)' })
    .option('variant', { type: 'string', describe: 'the named variant to explore' })
    .option('port', integerOption('port', { default: 0, min: 0, describe: 'the port on 127.0.0.1 (0: a free one)' }));

/** Runs the server until SIGINT or SIGTERM; spec and trace errors propagate as SpecError (exit 2). */
export async function runExplore(args: ExploreArgs, io: Io): Promise<number> {
  let target: ExploreTarget;
  if (args.trace !== undefined) {
    const opened = await openTrace(args.trace, { spec: args.spec, variant: args.variant, params: args.param });
    target = { loaded: opened.loaded, specFile: args.spec, trace: { name: args.trace, steps: opened.file.trace.steps } };
  } else {
    target = { loaded: await loadModel(args.spec, args.param, args.variant), specFile: args.spec };
  }
  const server = await startExplorer(target, args.port);
  io.out(`interleave explore: ${server.url} (Ctrl-C stops)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return Exit.ok;
}
