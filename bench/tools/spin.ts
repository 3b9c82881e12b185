// SPIN on the Promela twin: breadth-first, partial-order reduction off (`-DBFS -DNOREDUCE`), the
// verifier compiled with gcc -O2 as the twins were measured. Search time is pan's own "elapsed time"
// (the search, without process start-up); the store figure is pan's "total actual memory usage"
// (state vectors, hash table) per stored state.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { skipped, type BenchCase, type Contender } from '../Contender.ts';
import type { Measurement } from '../Measurement.ts';
import { isInstalled, runBuildStep, runProcess } from '../runProcess.ts';
import type { TwinFiles } from '../twins.ts';

/** The C compiler flags of the verifier. */
export const spinCFlags = ['-O2', '-DMEMLIM=16000', '-DVECTORSZ=1024', '-DSAFETY', '-DNOREDUCE', '-DBFS'];

/** SPIN on the filter or dining twin. */
export function spinContender(c: BenchCase, twins: TwinFiles): Contender {
  return {
    label: 'SPIN -DBFS -DNOREDUCE',
    prepare: () => {
      if (!isInstalled('spin')) return skipped('spin is not installed (Debian: apt-get install spin)');
      if (!isInstalled('gcc')) return skipped('gcc is not installed (SPIN verifiers are C programs)');
      const model = c.model === 'dining_asym' ? `dining${c.n}_asym` : `filter${c.n}`;
      const dir = join(twins.dir, `spin_${model}`);
      mkdirSync(dir, { recursive: true });
      copyFileSync(join(twins.dir, `${model}.pml`), join(dir, `${model}.pml`));
      runBuildStep('spin', ['-a', `${model}.pml`], dir);
      runBuildStep('gcc', [...spinCFlags, '-o', 'pan', 'pan.c'], dir);
      return { kind: 'ready', run: () => runPan(dir) };
    },
  };
}

async function runPan(dir: string): Promise<Measurement> {
  const run = await runProcess(join(dir, 'pan'), [], dir);
  const out = run.stdout;
  const num = (re: RegExp, what: string): number => {
    const m = re.exec(out);
    if (!m) throw new Error(`pan exited with ${run.exitCode} and printed no ${what}: ${out.trim().split('\n').slice(-3).join(' | ')}`);
    return Number(m[1]);
  };
  const stored = num(/(\d+) states, stored/, 'state count');
  // pan counts stored + matched; the initial state is stored without a transition
  const transitions = num(/(\d+) transitions \(= stored\+matched\)/, 'transition count') - 1;
  const elapsed = num(/pan: elapsed time ([\d.e+-]+) seconds/, 'elapsed time');
  const totalMb = num(/([\d.]+)\s+total actual memory usage/, 'memory usage');
  const errors = num(/errors: (\d+)/, 'error count');
  return {
    distinctStates: stored,
    transitions,
    // pan prints hundredths of a second; a very short search reads 0
    searchSeconds: elapsed > 0 ? elapsed : run.wallSeconds,
    wallSeconds: run.wallSeconds,
    peakRssBytes: run.peakRssBytes,
    storeBytesPerState: (totalMb * 1024 * 1024) / stored,
    queuePeak: null,
    verdict: errors === 0 ? 'ok' : /invalid end state/.test(out) ? 'deadlock' : /assertion violated/.test(out) ? 'assertion' : 'error',
  };
}
