// Where a spec declared something, or where its code failed: read off a call stack, skipping every frame
// in interleave's own folders, so that every action, step, property and error points at the user's file:line.
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A place in a source file (1-based line and column). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Parses one V8 stack frame line into a location, or undefined. */
export function parseFrame(frame: string): SourceLocation | undefined {
  const m = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):(\d+)\)?\s*$/.exec(frame.trim());
  if (!m) return undefined;
  let file = m[1]!;
  if (file.startsWith('file://')) file = fileURLToPath(file);
  return { file, line: Number(m[2]), column: Number(m[3]) };
}

/** The package's root: this file is spec/location.ts, or dist/spec/location.js when compiled (`npm run build`). */
const ROOT = new URL(/[\\/]dist[\\/]spec[\\/]$/.test(fileURLToPath(new URL('./', import.meta.url))) ? '../../' : '../', import.meta.url);

/** interleave's own code: the DSL (with its kernel library), the checker, the CLI, its entry and their build. */
const OWN_FOLDERS = ['spec/', 'checker/', 'cli/', 'bin/', 'dist/'].map((f) => fileURLToPath(new URL(f, ROOT)));

const isOwnFile = (file: string): boolean => OWN_FOLDERS.some((dir) => file.startsWith(dir));

/** Whether a stack location is in the user's code: a file outside interleave, Node and node_modules. */
export function isUserFile(file: string): boolean {
  if (!isAbsolute(file) || file.includes('/node_modules/') || file.includes('\\node_modules\\')) return false;
  return !isOwnFile(file);
}

/**
 * The first frame of a stack (as V8 prints it) in user code; with `calledByUs`, only a frame that
 * interleave called (one with interleave's frames below it): the caller of a check, say a test runner,
 * is not where the spec went wrong.
 */
function firstUserLocation(stack: string | undefined, calledByUs: boolean): SourceLocation | undefined {
  const locations = (stack?.split('\n').slice(1) ?? []).map(parseFrame).filter((l): l is SourceLocation => l !== undefined);
  for (let i = 0; i < locations.length; i++) {
    if (!isUserFile(locations[i]!.file)) continue;
    if (!calledByUs || locations.slice(i + 1).some((l) => isOwnFile(l.file))) return locations[i];
  }
  return undefined;
}

/** Where the user's code called into the DSL (the spec line of a `.action(`, `.process(`, `int(` call). */
export function callerLocation(): SourceLocation | undefined {
  return firstUserLocation(new Error().stack, false);
}

/**
 * The line of user code an error rose from: the first frame of its stack in code that interleave called
 * (a spec's build function, effect or property), or undefined when it rose in interleave itself. With
 * `loading`, any frame outside interleave (a module's top level runs under Node's loader, not under us).
 */
export function firstUserFrame(error: unknown, loading = false): SourceLocation | undefined {
  return error instanceof Error ? firstUserLocation(error.stack, !loading) : undefined;
}
