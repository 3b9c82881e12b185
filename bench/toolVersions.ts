// The versions and build flags of the tools, for the report's header: figures without them mean little.
import { spawnSync } from 'node:child_process';
import { rumurCFlags } from './tools/rumur.ts';
import { spinCFlags } from './tools/spin.ts';

const firstLine = (command: string, args: string[]): string | null => {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  return `${r.stdout}${r.stderr}`.trim().split('\n')[0]?.trim() ?? null;
};

/** One line per tool: version and how its verifier is built. */
export function toolVersions(): string[] {
  const gcc = firstLine('gcc', ['--version']);
  const spin = firstLine('spin', ['-V']);
  const rumur = firstLine('rumur', ['--version']);
  return [
    `interleave: node ${process.version}, search time = the checker's durationMs (spec loading excluded)`,
    `SPIN: ${spin ?? 'not installed'}${spin ? `; gcc ${spinCFlags.join(' ')}` : ''}`,
    `Rumur: ${rumur ?? 'not installed'}${rumur ? `; rumur -t 1; gcc ${rumurCFlags.join(' ')}` : ''}`,
    `C compiler: ${gcc ?? 'not installed'}`,
  ];
}
