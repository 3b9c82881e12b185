// `interleave simulate --swarm K --seed S [--swarm-index I] [--out DIR]`: runs swarm members (all K here,
// or member I alone, one per job of a batch: a GitHub Actions matrix, a Kubernetes Indexed Job), each
// writing DIR/swarm-S-I.json and, on a violation, its shrunk trace DIR/traces/swarm-S-I.json; then prints
// the merge of what it ran (`interleave merge DIR/*.json` merges the files of every job).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../../checker/loadSpec.ts';
import { SpecError } from '../../checker/SpecError.ts';
import { mergeResults } from '../../checker/swarm/merge.ts';
import { memberConfig, runMember } from '../../checker/swarm/member.ts';
import { resultFileName, toSwarmResultFile, traceFileName } from '../../checker/swarm/resultFile.ts';
import { formatTraceFile, toTraceFile } from '../../checker/traceFile.ts';
import { formatMerge, mergeJson } from '../format/merge.ts';
import { Exit, type Io } from '../io.ts';
import { writeOutputFile } from '../outputFile.ts';
import type { SimulateArgs } from './simulate.ts';

/** The options of `simulate` a swarm uses, and the swarm's size. */
export type SwarmArgs = Pick<SimulateArgs, 'spec' | 'param' | 'variant' | 'seed' | 'depth' | 'runs' | 'out' | 'json' | 'swarmIndex'> & { swarm: number };

/** The folder results go to when `--out` is not given. */
export const DEFAULT_SWARM_DIR = 'swarm-results';

/** Runs the members; returns the exit code: 1 if one found a violation, 4 if interrupted, else 0. */
export async function runSwarm(args: SwarmArgs, io: Io): Promise<number> {
  if (args.seed === undefined) {
    throw new SpecError('USAGE', '--swarm needs --seed S: every member of a swarm derives its search from it', { hint: `e.g. interleave simulate ${args.spec} --swarm ${args.swarm} --seed 1` });
  }
  if (args.swarmIndex !== undefined && args.swarmIndex >= args.swarm) {
    throw new SpecError('USAGE', `--swarm-index ${args.swarmIndex}: a swarm of ${args.swarm} members has indices 0 to ${args.swarm - 1}`);
  }
  const seed = args.seed;
  const dir = args.out ?? DEFAULT_SWARM_DIR;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new SpecError('USAGE', `--out ${dir}: cannot make the results folder: ${e instanceof Error ? e.message : String(e)}`, { hint: '--out names a folder with --swarm: each member writes swarm-<seed>-<index>.json there' });
  }
  const loaded = await loadModel(args.spec, args.param, args.variant);
  const model = loaded.model;
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    const indices = args.swarmIndex !== undefined ? [args.swarmIndex] : Array.from({ length: args.swarm }, (_, i) => i);
    const written: string[] = [];
    let violated = false;
    let interrupted = false;
    for (const index of indices) {
      const config = memberConfig(model, seed, index, { depth: args.depth, runs: args.runs });
      const r = await runMember(model, config, controller.signal);
      const tracePath = join(dir, traceFileName(seed, index));
      if (r.violation) {
        const trace = toTraceFile(tracePath, args.spec, loaded.spec.name, loaded.params, false, { kind: r.violation.kind, property: r.violation.property, trace: r.violation.trace, ...(r.violation.message ? { message: r.violation.message } : {}) });
        writeOutputFile(tracePath, formatTraceFile(trace));
      }
      const file = toSwarmResultFile(
        r,
        { spec: args.spec, specName: loaded.spec.name, params: loaded.params, swarmSeed: seed, members: args.swarm, stateBits: model.packing.bits, exact: model.packing.words <= 2 },
        r.violation ? traceFileName(seed, index) : null,
      );
      const path = join(dir, resultFileName(seed, index));
      writeOutputFile(path, `${JSON.stringify(file, null, 2)}\n`);
      written.push(path);
      violated ||= r.result === 'violation';
      interrupted ||= r.interrupted;
      const weights = Object.values(config.weights).every((w) => w === 1) ? 'uniform' : 'weighted';
      const outcome = r.violation ? `${r.violation.property} violated (${r.violation.trace.length} states): ${tracePath}` : 'no violation';
      io.err(`member ${index} of ${args.swarm} (seed ${config.seed}, depth ${config.depth}, ${weights} draw): ${r.walks.toLocaleString('en-US')} walks, ${r.coverage.states.toLocaleString('en-US')} states, ${(r.durationMs / 1000).toFixed(2)} s, ${outcome}${r.interrupted ? ' (interrupted)' : ''} -> ${path}\n`);
      if (interrupted) break;
    }
    const merged = mergeResults(written);
    if (args.json) io.out(`${JSON.stringify(mergeJson(merged), null, 2)}\n`);
    else io.out(formatMerge(merged) + (args.swarmIndex !== undefined ? `merge the results of every member with: interleave merge ${join(dir, `swarm-${seed}-*.json`)}\n` : ''));
    return violated ? Exit.violation : interrupted ? Exit.incomplete : Exit.ok;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
