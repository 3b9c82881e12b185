// The command line: a thin yargs layer. Each command parses its options and hands them to a run
// function that returns an exit code; errors in the spec or the input are printed, never thrown.
import yargs, { type Argv } from 'yargs';
import { SpecError } from '../checker/SpecError.ts';
import { Exit, guardProcessStreams, processIo, type Io } from './io.ts';

/** A command's options and run function, in its own module under commands/. */
interface CommandModule {
  readonly options: (y: Argv) => Argv<any>;
  readonly run: (args: any, io: Io) => Promise<number>;
}

/**
 * The commands: usage and description for `--help`, and the module, imported only when its command runs
 * (each loads its share of the checker and the formatters; `review` and `show` load ts-morph).
 */
const COMMANDS: readonly { usage: string; describe: string; load: () => Promise<CommandModule> }[] = [
  { usage: 'check <spec>', describe: 'check every reachable state of a spec', load: async () => {
    const m = await import('./commands/check.ts');
    return { options: m.checkOptions, run: m.runCheck };
  } },
  { usage: 'show <spec>', describe: "list a spec's parameters, variables, processes, steps, actions and properties with their source lines", load: async () => {
    const m = await import('./commands/show.ts');
    return { options: m.showOptions, run: m.runShow };
  } },
  { usage: 'review [specs..]', describe: 'review a change to specs: structural diff and both revisions checked side by side (Markdown)', load: async () => {
    const m = await import('./commands/review.ts');
    return { options: m.reviewOptions, run: m.runReview };
  } },
  { usage: 'mutate <spec>', describe: "mutation testing: mutants of a spec's actions, checked; which its properties catch and which survive", load: async () => {
    const m = await import('./commands/mutate.ts');
    return { options: m.mutateOptions, run: m.runMutate };
  } },
  { usage: 'simulate <spec>', describe: 'seeded random walks through a spec, checking its properties (for state spaces too large to exhaust)', load: async () => {
    const m = await import('./commands/simulate.ts');
    return { options: m.simulateOptions, run: m.runSimulate };
  } },
  { usage: 'merge <results..>', describe: 'merge the result files of swarm members (simulate --swarm): union coverage, counterexamples shortest first', load: async () => {
    const m = await import('./commands/merge.ts');
    return { options: m.mergeOptions, run: m.runMerge };
  } },
  { usage: 'replay <trace>', describe: 'replay a trace file on its spec (or an edited one): reproduced, diverged or passes', load: async () => {
    const m = await import('./commands/replay.ts');
    return { options: m.replayOptions, run: m.runReplay };
  } },
  { usage: 'minimize <trace>', describe: 'shrink a trace file while the same property still fails', load: async () => {
    const m = await import('./commands/minimize.ts');
    return { options: m.minimizeOptions, run: m.runMinimize };
  } },
  { usage: 'explore <spec> [trace]', describe: 'walk a spec\'s state space in a local web page: pick actions, go back, jump to a counterexample, search reached states', load: async () => {
    const m = await import('./commands/explore.ts');
    return { options: m.exploreOptions, run: m.runExplore };
  } },
  { usage: 'graph <input>', describe: "draw a trace (Mermaid sequence diagram, DOT) or export it (ITF); draw a small spec's state graph (DOT)", load: async () => {
    const m = await import('./commands/graph.ts');
    return { options: m.graphOptions, run: m.runGraph };
  } },
];

/** Runs the CLI with the given arguments; resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  if (io === processIo) guardProcessStreams();
  let usageError = false;
  // the command is the first argument that is not an option (there are no global options with values):
  // only its module is loaded; the others are listed by --help and never run
  const named = argv.find((a) => !a.startsWith('-'));
  const chosen = COMMANDS.find((c) => c.usage.split(' ')[0] === named);
  const loaded = chosen ? await chosen.load() : null;
  // yargs may call a handler before it reports an unknown option: run the command only after parsing
  let command: (() => Promise<number>) | null = null;
  let parser = yargs([...argv]).scriptName('interleave').usage('$0 <command> [options]');
  for (const c of COMMANDS) {
    const mod = c === chosen ? loaded : null;
    parser = parser.command(c.usage, c.describe, mod ? mod.options : {}, (a) => {
      if (mod) command = () => mod.run(a, io);
    });
  }
  parser = parser
    .demandCommand(1, 'name a command: interleave check <spec.ts>')
    .strict()
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      // yargs' own errors (YError) are usage errors, among them a bad option value (cli/integerOption.ts)
      if (err && err.name !== 'YError') throw err;
      if (!usageError) io.err(`error[USAGE]: ${msg ?? err?.message}\n  hint: interleave --help lists the commands and options\n`);
      usageError = true;
    })
    .help()
    .version();
  try {
    await parser.parseAsync();
    if (usageError) return Exit.badInput;
    return command ? await (command as () => Promise<number>)() : Exit.ok;
  } catch (e) {
    if (e instanceof SpecError) {
      const { formatSpecError } = await import('./format/error.ts');
      io.err(`${formatSpecError(e).join('\n')}\n`);
      return Exit.badInput;
    }
    io.err(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\nThis is a bug in interleave; please report it with the spec that triggers it.\n`);
    return Exit.internal;
  }
}
