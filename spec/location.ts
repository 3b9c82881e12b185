// Where a spec declared something: read off the call stack when the builder method runs, so every
// action, step and property can be printed with its file:line.
import { fileURLToPath } from 'node:url';

/** A place in a source file (1-based line and column). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const here = fileURLToPath(new URL('.', import.meta.url));

/** Parses one V8 stack frame line into a location, or undefined. */
export function parseFrame(frame: string): SourceLocation | undefined {
  const m = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):(\d+)\)?\s*$/.exec(frame.trim());
  if (!m) return undefined;
  let file = m[1]!;
  if (file.startsWith('file://')) file = fileURLToPath(file);
  return { file, line: Number(m[2]), column: Number(m[3]) };
}

/** The first stack frame outside this folder (the spec file that called the builder). */
export function callerLocation(): SourceLocation | undefined {
  const stack = new Error().stack?.split('\n').slice(1) ?? [];
  for (const frame of stack) {
    const loc = parseFrame(frame);
    if (loc && !loc.file.startsWith(here) && !loc.file.startsWith('node:')) return loc;
  }
  return undefined;
}

const checkerDir = fileURLToPath(new URL('../checker/', import.meta.url));

/** The first frame of an error's stack in user code: not in the checker, Node or node_modules. */
export function firstUserFrame(error: unknown): SourceLocation | undefined {
  const stack = error instanceof Error ? (error.stack?.split('\n').slice(1) ?? []) : [];
  for (const frame of stack) {
    const loc = parseFrame(frame);
    if (!loc || loc.file.startsWith(checkerDir) || loc.file.startsWith('node:') || loc.file.includes('/node_modules/')) continue;
    return loc;
  }
  return undefined;
}
