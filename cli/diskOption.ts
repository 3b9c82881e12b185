// `check --disk DIR`: the directory the search spills to (checker/disk/). An empty or repeated value is
// refused here: `--disk ''` would otherwise mean the current directory.
import { SpecError } from '../checker/SpecError.ts';

/** The value of `--disk`: the directory; undefined when not given. */
export function diskDirectory(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw new SpecError('USAGE', `--disk is given ${raw.length} times: give it once`);
  const dir = String(raw);
  if (dir.trim() === '') throw new SpecError('USAGE', '--disk needs a directory: --disk DIR (created if missing; the search makes its own folder in it and removes it at exit)');
  return dir;
}
