// The command line: a thin yargs layer. Each command parses its options and hands them to a run
// function that returns an exit code; errors in the spec or the input are printed, never thrown.
import yargs from 'yargs';
import { SpecError } from '../checker/SpecError.ts';
import { checkOptions, runCheck, type CheckArgs } from './commands/check.ts';
import { formatSpecError } from './format/error.ts';
import { Exit, processIo, type Io } from './io.ts';

/** Runs the CLI with the given arguments; resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let usageError = false;
  // yargs may call a handler before it reports an unknown option: run the command only after parsing
  let command: (() => Promise<number>) | null = null;
  const parser = yargs([...argv])
    .scriptName('interleave')
    .usage('$0 <command> [options]')
    .command('check <spec>', 'check every reachable state of a spec', checkOptions, (a) => {
      command = () => runCheck(a as unknown as CheckArgs, io);
    })
    .demandCommand(1, 'name a command: interleave check <spec.ts>')
    .strict()
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      if (!usageError) io.err(`error[USAGE]: ${msg}\n  hint: interleave --help lists the commands and options\n`);
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
