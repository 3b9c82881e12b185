// The benchmark twins: the same filter-lock and dining-philosopher systems written for SPIN
// (Promela) and Rumur (Murphi), generated for any N by bench/twins/gen.cjs, plus the hand-written
// packed JavaScript BFS (bench/twins/bfs.cjs). Both files are kept byte-identical to the twins kit
// the models were cross-checked with: with reductions off, all tools agree exactly on the counts.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuildStep } from './runProcess.ts';

/** The folder holding gen.cjs and bfs.cjs. */
export const twinsDir = fileURLToPath(new URL('./twins/', import.meta.url));

/** The hand-written JavaScript BFS. usage: `node bfs.cjs <filter|dining|dining_asym> <N> packed [--nodeadlock]`. */
export const jsBfsScript = join(twinsDir, 'bfs.cjs');

/** The hand-written twin of bench/models/lamport.ts. usage: `node lamport.cjs <n> <maxClock> <capacity>`. */
export const lamportTwinScript = join(twinsDir, 'lamport.cjs');

/** The hand-written twin of models/migrate.ts (variant fixed, 2 devices, no symmetry). usage: `node migrate.cjs`. */
export const migrateTwinScript = join(twinsDir, 'migrate.cjs');

/** The hand-written twin of models/kernel-tla/fpsimd.ts (no symmetry). usage: `node fpsimd.cjs [cpus] [threads] [vals] [stack]`. */
export const fpsimdTwinScript = join(twinsDir, 'fpsimd.cjs');

/** fpsimd's parameters in the bench: 654,242 states without symmetry (327,121 orbits, TLC's count with symmetry). */
export const fpsimdParams = { cpus: 1, threads: 2, vals: 1 } as const;

/** A temporary folder with `filter<F>.pml`, `filter<F>.m`, `filter<F>_sym.m`, `dining<D>[_asym].{pml,m}`. */
export interface TwinFiles {
  readonly dir: string;
  readonly filterN: number;
  readonly diningN: number;
  /** Removes the folder. */
  readonly dispose: () => void;
}

/** Generates the Promela and Murphi twins for filter N and dining N into a fresh temporary folder. */
export function generateTwins(filterN: number, diningN: number): TwinFiles {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-bench-'));
  // gen.cjs writes next to itself, so it runs from a copy inside the folder
  copyFileSync(join(twinsDir, 'gen.cjs'), join(dir, 'gen.cjs'));
  runBuildStep(process.execPath, ['gen.cjs', String(filterN), String(diningN)], dir);
  for (const f of [`filter${filterN}.pml`, `filter${filterN}.m`, `filter${filterN}_sym.m`, `dining${diningN}_asym.pml`, `dining${diningN}_asym.m`]) {
    if (!existsSync(join(dir, f))) throw new Error(`gen.cjs did not write ${f}`);
  }
  return { dir, filterN, diningN, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
