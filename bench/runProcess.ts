// Runs one measured child process: its output, its wall time and its peak resident set size.
// Peak RSS comes from GNU time (`/usr/bin/time`, the kernel's ru_maxrss of the child) when it is
// installed; otherwise from polling the child's VmHWM in /proc, which can miss growth in its last
// few milliseconds.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a finished child process left behind. */
export interface ProcessRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallSeconds: number;
  readonly peakRssBytes: number | null;
}

const GNU_TIME = '/usr/bin/time';

/** How peak RSS is measured on this machine, for the report's header. */
export const rssMethod: 'gnu-time' | 'proc-poll' | 'none' = (() => {
  const probe = spawnSync(GNU_TIME, ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && /GNU/.test(`${probe.stdout}${probe.stderr}`)) return 'gnu-time';
  try {
    readFileSync('/proc/self/status', 'utf8');
    return 'proc-poll';
  } catch {
    return 'none';
  }
})();

/** Runs `command args` in `cwd` and waits for it to exit. */
export async function runProcess(command: string, args: readonly string[], cwd: string): Promise<ProcessRun> {
  const scratch = rssMethod === 'gnu-time' ? mkdtempSync(join(tmpdir(), 'interleave-bench-rss-')) : null;
  const rssFile = scratch ? join(scratch, 'rss') : '';
  const [file, argv] = scratch ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, [...args]];
  const started = process.hrtime.bigint();
  const child = spawn(file, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let polledKb: number | null = null;
  const poll =
    rssMethod === 'proc-poll'
      ? setInterval(() => {
          const kb = readHighWaterMarkKb(child.pid);
          if (kb !== null) polledKb = Math.max(polledKb ?? 0, kb);
        }, 10)
      : null;
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  }).finally(() => poll && clearInterval(poll));
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  let peakRssBytes: number | null = polledKb === null ? null : polledKb * 1024;
  if (scratch) {
    try {
      const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1));
      peakRssBytes = Number.isFinite(kb) && kb > 0 ? kb * 1024 : null;
    } catch {
      peakRssBytes = null;
    }
    rmSync(scratch, { recursive: true, force: true });
  }
  return { exitCode, stdout, stderr, wallSeconds, peakRssBytes };
}

function readHighWaterMarkKb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Whether `command` can be run (found on PATH). */
export function isInstalled(command: string): boolean {
  const probe = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim().length > 0;
}

/** Runs a build step synchronously; throws with its output when it fails. */
export function runBuildStep(command: string, args: readonly string[], cwd: string): void {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) {
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed (exit ${r.status ?? r.signal}):\n${output}`);
  }
}
