// interleave itself: each run is a fresh Node process (bench/measureInterleave.ts) checking the DSL
// twin, so peak RSS belongs to that run alone. Search time is the checker's durationMs: loading and
// compiling the spec are not counted, as SPIN's and Rumur's code generation and compilation are not.
import { fileURLToPath } from 'node:url';
import type { BenchCase, Contender } from '../Contender.ts';
import type { Measurement } from '../Measurement.ts';
import type { InterleaveJob, InterleaveReport } from '../measureInterleave.ts';
import { runProcess } from '../runProcess.ts';
import { fpsimdParams } from '../twins.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const measureScript = fileURLToPath(new URL('../measureInterleave.ts', import.meta.url));

/** The spec and parameters of the DSL twin of a bench model. */
export function interleaveJob(c: BenchCase): InterleaveJob {
  switch (c.model) {
    case 'filter':
      return { spec: 'bench/models/filter.ts', params: { n: c.n }, symmetry: false };
    case 'filter_sym':
      return { spec: 'bench/models/filter.ts', params: { n: c.n, symmetric: true }, symmetry: true };
    case 'dining_asym':
      return { spec: 'bench/models/dining.ts', params: { n: c.n, asym: true }, symmetry: false };
    case 'lamport':
      return { spec: 'bench/models/lamport.ts', params: { maxClock: c.n }, symmetry: false };
    case 'migrate':
      return { spec: 'models/migrate.ts', params: {}, symmetry: false };
    case 'fpsimd':
      return { spec: 'models/kernel-tla/fpsimd.ts', params: fpsimdParams, symmetry: false };
  }
}

/** interleave on a bench model. */
export function interleaveContender(c: BenchCase): Contender {
  const job = interleaveJob(c);
  return {
    label: job.symmetry ? 'interleave, symmetry' : 'interleave',
    prepare: () => ({ kind: 'ready', run: () => runInterleave(job) }),
  };
}

async function runInterleave(job: InterleaveJob): Promise<Measurement> {
  // tsx is the loader for the spec and the checker, as with bin/interleave.js
  // the twin's `import 'interleave'` resolves to the sources, as the checker here is (else to dist/, maybe stale)
  const run = await runProcess(process.execPath, ['--conditions=interleave-source', '--import', 'tsx', measureScript, JSON.stringify(job)], repoRoot);
  const lastLine = run.stdout.trim().split('\n').at(-1) ?? '';
  let report: InterleaveReport;
  try {
    report = JSON.parse(lastLine) as InterleaveReport;
  } catch {
    throw new Error(`the measuring process exited with ${run.exitCode}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
  if (report.result === 'error') throw new Error(report.message);
  return {
    distinctStates: report.distinctStates,
    transitions: report.transitions,
    searchSeconds: report.durationMs / 1000,
    wallSeconds: run.wallSeconds,
    // the child's own ru_maxrss: exact whichever way runProcess measures
    peakRssBytes: report.maxRssBytes,
    storeBytesPerState: report.bytesPerState,
    queuePeak: report.queuePeak,
    verdict: report.verdict,
  };
}
