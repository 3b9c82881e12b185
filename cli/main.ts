// The command line: a thin yargs layer. Each command parses its options and hands them to a run
// function that returns an exit code; errors in the spec or the input are printed, never thrown.
import yargs from 'yargs';
import { SpecError } from '../checker/SpecError.ts';
import { checkOptions, runCheck, type CheckArgs } from './commands/check.ts';
import { reviewOptions, runReview, type ReviewArgs } from './commands/review.ts';
import { runShow, showOptions, type ShowArgs } from './commands/show.ts';
import { graphOptions, runGraph, type GraphArgs } from './commands/graph.ts';
import { minimizeOptions, runMinimize, type MinimizeArgs } from './commands/minimize.ts';
import { replayOptions, runReplay, type ReplayArgs } from './commands/replay.ts';
import { runSimulate, simulateOptions, type SimulateArgs } from './commands/simulate.ts';
import { formatSpecError } from './format/error.ts';
import { Exit, guardProcessStreams, processIo, type Io } from './io.ts';

/** Runs the CLI with the given arguments; resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  if (io === processIo) guardProcessStreams();
  let usageError = false;
  // yargs may call a handler before it reports an unknown option: run the command only after parsing
  let command: (() => Promise<number>) | null = null;
  const parser = yargs([...argv])
    .scriptName('interleave')
    .usage('$0 <command> [options]')
    .command('check <spec>', 'check every reachable state of a spec', checkOptions, (a) => {
      command = () => runCheck(a as unknown as CheckArgs, io);
    })
    .command('show <spec>', "list a spec's parameters, variables, processes, steps, actions and properties with their source lines", showOptions, (a) => {
      command = () => runShow(a as unknown as ShowArgs, io);
    })
    .command('review [specs..]', 'review a change to specs: structural diff and both revisions checked side by side (Markdown)', reviewOptions, (a) => {
      command = () => runReview(a as unknown as ReviewArgs, io);
    })
    .command('simulate <spec>', 'seeded random walks through a spec, checking its properties (for state spaces too large to exhaust)', simulateOptions, (a) => {
      command = () => runSimulate(a as unknown as SimulateArgs, io);
    })
    .command('replay <trace>', 'replay a trace file on its spec (or an edited one): reproduced, diverged or passes', replayOptions, (a) => {
      command = () => runReplay(a as unknown as ReplayArgs, io);
    })
    .command('minimize <trace>', 'shrink a trace file while the same property still fails', minimizeOptions, (a) => {
      command = () => runMinimize(a as unknown as MinimizeArgs, io);
    })
    .command('graph <input>', 'draw a trace (Mermaid sequence diagram, DOT) or export it (ITF); draw a small spec\'s state graph (DOT)', graphOptions, (a) => {
      command = () => runGraph(a as unknown as GraphArgs, io);
    })
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
      io.err(`${formatSpecError(e).join('\n')}\n`);
      return Exit.badInput;
    }
    io.err(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\nThis is a bug in interleave; please report it with the spec that triggers it.\n`);
    return Exit.internal;
  }
}
