// Writes the files commands are asked for with --out (traces, diagrams, review reports), doing to the
// target what its kind calls for:
// - a new path or a regular file: atomically, a temporary file in the same folder (created exclusively,
//   so a planted file or link is never followed), then a rename; a replaced file keeps its mode. An
//   interrupted run never leaves half a file, and the temporary file is removed on any failure;
// - a symbolic link is followed: its final target is written as above (the link stays a link); a link
//   to nothing is written through, creating its target;
// - a FIFO or a character device (/dev/null, /dev/stdout, a terminal) is opened and written directly:
//   renaming over it would replace the node with a regular file;
// - a directory, a block device or a socket is refused before anything is written: error[USAGE], exit 2.
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { SpecError } from '../checker/SpecError.ts';

/** How a target is written. */
type Plan = { readonly how: 'atomic'; readonly file: string; readonly mode?: number } | { readonly how: 'direct'; readonly file: string };

/** Decides how to write `path`; throws USAGE for a target that cannot take a file. */
function planFor(path: string, option: string): Plan {
  const given = resolve(path);
  let link: Stats | undefined;
  try {
    link = lstatSync(given);
  } catch {
    return { how: 'atomic', file: given };
  }
  let target = given;
  let stats = link;
  if (link.isSymbolicLink()) {
    try {
      target = realpathSync(given);
      stats = statSync(target);
    } catch {
      // a link to nothing: writing through it creates the file it names
      return { how: 'direct', file: given };
    }
  }
  const refuse = (what: string): never => {
    throw new SpecError('USAGE', `${option} ${path}: ${target === given ? '' : `leads to ${target}, `}${what}`, { hint: `name a file for ${option}, e.g. ${option} ${join(path, 'out.json')}` });
  };
  if (stats.isDirectory()) refuse('is a directory');
  if (stats.isFile()) return { how: 'atomic', file: target, mode: stats.mode & 0o7777 };
  if (stats.isFIFO() || stats.isCharacterDevice()) return { how: 'direct', file: target };
  return refuse(stats.isBlockDevice() ? 'is a block device: interleave does not write to disks' : 'is not a file, a FIFO or a character device');
}

/** Checks, before any work, that `path` can take an output file; throws USAGE when it cannot. */
export function checkOutputTarget(path: string, option = '--out'): void {
  planFor(path, option);
}

/** Writes `text` at `path` as its kind calls for (see the header). I/O failures are USAGE errors naming the path. */
export function writeOutputFile(path: string, text: string, option = '--out'): void {
  const plan = planFor(path, option);
  const failed = (e: unknown): never => {
    throw new SpecError('USAGE', `${option} ${path}: cannot write: ${e instanceof Error ? e.message : String(e)}`, {
      hint: 'check the path, its folder and the space left on the device',
    });
  };
  if (plan.how === 'direct') {
    try {
      const fd = openSync(plan.file, 'w');
      try {
        const bytes = Buffer.from(text);
        for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      failed(e);
    }
    return;
  }
  const folder = dirname(plan.file);
  const tmp = join(folder, `.${basename(plan.file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(tmp, text, { flag: 'wx', ...(plan.mode !== undefined ? { mode: plan.mode } : {}) });
    if (plan.mode !== undefined) chmodSync(tmp, plan.mode);
    renameSync(tmp, plan.file);
  } catch (e) {
    try {
      if (existsSync(tmp)) unlinkSync(tmp);
    } catch {
      // nothing more to do: the error below is what matters
    }
    failed(e);
  }
}
