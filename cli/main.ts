// The command line: a thin yargs layer. Each command parses its options and hands them to a run
// function that returns an exit code; errors in the spec or the input are printed, never thrown.
import yargs from 'yargs';
import { SpecError } from '../checker/SpecError.ts';
import { checkOptions, runCheck, type CheckArgs } from './commands/check.ts';
import { formatSpecError } from './format/error.ts';
import { Exit, processIo, type Io } from './io.ts';

/** Runs the CLI with the given arguments; resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let code: number = Exit.ok;
  const run = (f: () => Promise<number>) => async () => {
    code = await f();
  };
  let pending: Promise<void> = Promise.resolve();
  const parser = yargs([...argv])
    .scriptName('interleave')
    .usage('$0 <command> [options]')
    .command('check <spec>', 'check every reachable state of a spec', checkOptions, (a) => {
      pending = run(() => runCheck(a as unknown as CheckArgs, io))();
    })
    .demandCommand(1, 'name a command: interleave check <spec.ts>')
    .strict()
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      io.err(`error[USAGE]: ${msg}\n  hint: interleave --help lists the commands and options\n`);
      code = Exit.badInput;
    })
    .help()
    .version();
  try {
    await parser.parseAsync();
    await pending;
  } catch (e) {
    if (e instanceof SpecError) {
      io.err(`${formatSpecError(e).join('\n')}\n`);
      return Exit.badInput;
    }
    io.err(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\nThis is a bug in interleave; please report it with the spec that triggers it.\n`);
    return Exit.internal;
  }
  return code;
}
