// Rumur on the Murphi twin: one thread (`-t 1`; threads are fixed when the verifier is generated),
// compiled as Rumur's documentation says (gcc -std=c11 -O3 -march=native -mcx16). Rumur prints its
// search time in whole seconds, so the search time here is the verifier's wall time. Rumur does
// not report the size of its store.
import { join } from 'node:path';
import { skipped, type BenchCase, type Contender } from '../Contender.ts';
import type { Measurement } from '../Measurement.ts';
import { isInstalled, runBuildStep, runProcess } from '../runProcess.ts';
import type { TwinFiles } from '../twins.ts';

/** Rumur's symmetry reduction modes (it applies to scalarsets, so only to filter*_sym.m). */
export type RumurSymmetry = 'off' | 'heuristic' | 'exhaustive';

/** The C compiler flags of the verifier. */
export const rumurCFlags = ['-std=c11', '-O3', '-march=native', '-mcx16'];

/** Rumur on a twin; `symmetry` other than off needs the filter_sym case. */
export function rumurContender(c: BenchCase, twins: TwinFiles, symmetry: RumurSymmetry = 'off'): Contender {
  return {
    label: symmetry === 'off' ? 'Rumur, 1 thread' : `Rumur, 1 thread, symmetry ${symmetry}`,
    prepare: () => {
      if (!isInstalled('rumur')) return skipped('rumur is not installed (Debian: apt-get install rumur)');
      if (!isInstalled('gcc')) return skipped('gcc is not installed (Rumur verifiers are C programs)');
      const source = c.model === 'dining_asym' ? `dining${c.n}_asym.m` : c.model === 'filter_sym' ? `filter${c.n}_sym.m` : `filter${c.n}.m`;
      const binary = `rumur_${c.model}${c.n}_${symmetry}`;
      runBuildStep('rumur', ['-t', '1', '--symmetry-reduction', symmetry, '--colour', 'off', source, '-o', `${binary}.c`], twins.dir);
      runBuildStep('gcc', [...rumurCFlags, '-o', binary, `${binary}.c`, '-lpthread'], twins.dir);
      return { kind: 'ready', run: () => runVerifier(join(twins.dir, binary), twins.dir) };
    },
  };
}

async function runVerifier(binary: string, dir: string): Promise<Measurement> {
  const run = await runProcess(binary, [], dir);
  const m = /(\d+) states, (\d+) rules fired in/.exec(run.stdout);
  if (!m) throw new Error(`the Rumur verifier exited with ${run.exitCode} and printed no counts: ${run.stdout.trim().split('\n').slice(-3).join(' | ')}`);
  const ok = /No error found/.test(run.stdout);
  return {
    distinctStates: Number(m[1]),
    transitions: Number(m[2]),
    searchSeconds: run.wallSeconds,
    wallSeconds: run.wallSeconds,
    peakRssBytes: run.peakRssBytes,
    storeBytesPerState: null,
    queuePeak: null,
    verdict: ok ? 'ok' : /deadlock/i.test(run.stdout) ? 'deadlock' : 'error',
  };
}
