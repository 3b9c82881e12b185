// Where commands write, and their exit codes: passed in so tests run commands in-process.

/** Output streams of a command. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (live progress is shown only then). */
  readonly interactive: boolean;
}

/** Streams whose reader has gone (`interleave graph ... | head -1`): further writes to them are dropped. */
const closed = { out: false, err: false };
let guarded = false;

/**
 * Makes a closed stdout or stderr end the output quietly instead of killing the process with an
 * unhandled EPIPE: the write that failed and every later one are dropped, the command runs to its end
 * and exits with its own code. Other stream errors still surface. Called once by the CLI's entry.
 */
export function guardProcessStreams(): void {
  if (guarded) return;
  guarded = true;
  for (const [name, stream] of [['out', process.stdout], ['err', process.stderr]] as const) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
      closed[name] = true;
    });
  }
}

/** The process's own streams. */
export const processIo: Io = {
  out: (t) => void (closed.out || process.stdout.write(t)),
  err: (t) => void (closed.err || process.stderr.write(t)),
  interactive: Boolean(process.stderr.isTTY),
};

/** Exit codes: the same for every command. */
export const Exit = {
  ok: 0,
  violation: 1,
  badInput: 2,
  internal: 3,
  /** The search stopped before exploring every state (--max-states, --max-memory, Ctrl-C): not a pass. */
  incomplete: 4,
} as const;
