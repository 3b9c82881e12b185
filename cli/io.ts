// Where commands write, and their exit codes: passed in so tests run commands in-process.

/** Output streams of a command. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (live progress is shown only then). */
  readonly interactive: boolean;
}

/** The process's own streams. */
export const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
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
