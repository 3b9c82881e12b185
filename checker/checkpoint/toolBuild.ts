// The tool's own code, as a checkpoint's identity holds it: the version number alone does not change
// between two builds of one version (a git checkout pulled again, a local change to the kernel library),
// and a search resumed by a checker whose DSL or search code differs is not the search that was saved.
// So the identity also holds the SHA-256 of every source file of the DSL and the checker (spec/ and
// checker/ when running from sources, dist/spec and dist/checker when installed): a few hundred small
// files, hashed in a few milliseconds, once per run that checkpoints or resumes.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The folders of the tool's code that decide what a search does, under the package's root. */
const CODE = ['spec', 'checker'];

/** SHA-256 over the paths and contents of the tool's code under `root` (the package root, or its dist/). */
export function toolBuild(root: string): string {
  const hash = createHash('sha256');
  for (const dir of CODE) {
    const top = join(root, dir);
    if (!existsSync(top)) continue;
    for (const file of sourceFiles(top)) {
      hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return `sha256 ${hash.digest('hex')}`;
}

/** The .ts and .js files under `dir`, in a fixed order. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|js|mjs|cjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}
