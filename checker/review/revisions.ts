// The git side of a review: resolve revisions, list the files changed between them, and check a
// revision out into a temporary worktree (the user's working tree is never touched).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpecError } from '../SpecError.ts';

/** A folder holding one revision's files. */
export interface Checkout {
  readonly dir: string;
  /** The full commit id, or null for the working tree. */
  readonly commit: string | null;
  /** Removes the temporary worktree (nothing for the working tree). */
  dispose(): void;
}

/** A file changed between two revisions. */
export interface ChangedFile {
  readonly status: 'added' | 'deleted' | 'modified' | 'renamed';
  /** The path at the head (the base path for a deleted file). */
  readonly path: string;
  /** The path at the base, when it differs (renamed). */
  readonly basePath?: string;
}

function git(cwd: string, args: readonly string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr?.trim();
    throw new SpecError('USAGE', `git ${args.join(' ')} failed${stderr ? `: ${stderr.split('\n')[0]}` : ''}`, {
      hint: 'run interleave review inside a git repository, with revisions it knows (fetch the base branch first in CI)',
    });
  }
}

/** The top folder of the repository holding `cwd`. */
export function repositoryRoot(cwd: string): string {
  return git(cwd, ['rev-parse', '--show-toplevel']).trim();
}

/** The commit a revision names. */
export function resolveCommit(root: string, rev: string): string {
  return git(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).trim();
}

/** Files changed from `base` to `head` (a commit, or null for the working tree with untracked files). */
export function changedFiles(root: string, base: string, head: string | null): ChangedFile[] {
  const out = git(root, ['diff', '--name-status', '-M', '-z', base, ...(head ? [head] : []), '--']);
  const fields = out.split('\0').filter((f) => f.length > 0);
  const files: ChangedFile[] = [];
  for (let i = 0; i < fields.length; ) {
    const code = fields[i++]!;
    if (code.startsWith('R') || code.startsWith('C')) {
      const from = fields[i++]!;
      const to = fields[i++]!;
      files.push(code.startsWith('R') ? { status: 'renamed', path: to, basePath: from } : { status: 'added', path: to });
    } else {
      const path = fields[i++]!;
      files.push({ status: code === 'A' ? 'added' : code === 'D' ? 'deleted' : 'modified', path });
    }
  }
  if (!head) {
    for (const path of git(root, ['ls-files', '--others', '--exclude-standard', '-z']).split('\0').filter(Boolean)) files.push({ status: 'added', path });
  }
  return files;
}

/** Checks `commit` out into a new temporary worktree. */
export function checkoutCommit(root: string, commit: string): Checkout {
  const parent = mkdtempSync(join(tmpdir(), 'interleave-review-'));
  const dir = join(parent, commit.slice(0, 12));
  git(root, ['worktree', 'add', '--detach', '--quiet', dir, commit]);
  return {
    dir,
    commit,
    dispose() {
      try {
        git(root, ['worktree', 'remove', '--force', dir]);
      } finally {
        rmSync(parent, { recursive: true, force: true });
      }
    },
  };
}

/** The working tree itself, read in place. */
export function workingTree(root: string): Checkout {
  return { dir: root, commit: null, dispose() {} };
}
