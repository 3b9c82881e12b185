// Runs the CLI in-process and captures what it prints.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../cli/main.ts';

/** The exit code and output of one CLI run. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function cli(...argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), interactive: false });
  return { code, out, err };
}

/** The DSL's entry, for specs written to temporary folders. */
export const dsl = resolve('spec/index.ts');

/** Writes files into a fresh temporary folder; returns its path. */
export function tempFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-test-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/**
 * The same in a fresh folder under the working tree's `tmp/` (ignored by git): a trace file there may
 * name the spec beside it, which `replay` refuses for a folder outside the working tree.
 */
export function treeTempFiles(files: Record<string, string>): string {
  mkdirSync('tmp', { recursive: true });
  const dir = mkdtempSync(resolve('tmp', 'interleave-test-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
