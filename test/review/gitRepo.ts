// Temporary git repositories for the review tests: commits with a fixed author and date, so commit ids
// (and so the reports that name them) are the same on every run.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'interleave',
  GIT_AUTHOR_EMAIL: 'interleave@example.org',
  GIT_COMMITTER_NAME: 'interleave',
  GIT_COMMITTER_EMAIL: 'interleave@example.org',
  GIT_AUTHOR_DATE: '2020-07-23T12:00:00Z',
  GIT_COMMITTER_DATE: '2020-07-23T12:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** Runs git in `dir`; returns its output. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });
}

/** Writes `files` (path -> text) into `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** A new repository with one commit per entry of `commits`. */
export function gitRepo(...commits: { message: string; files: Record<string, string> }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-review-test-'));
  git(dir, 'init', '-q', '-b', 'main');
  for (const c of commits) {
    writeFiles(dir, c.files);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '--no-gpg-sign', '-m', c.message);
  }
  return dir;
}

/** Runs `node bin/interleave.js ...args` in `cwd` (a separate process: specs there import 'interleave'). */
export function interleave(cwd: string, ...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [resolve('bin/interleave.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
