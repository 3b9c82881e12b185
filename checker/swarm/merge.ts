// Merges the result files of swarm members: the union of the states they visited (counted exactly from
// their keys), the steps each action took, the members missing from each swarm, and the counterexamples,
// shortest first, the same trace found by several members listed once.
import { dirname, join, relative } from 'node:path';
import type { ParamValue } from '../../spec/defineSpec.ts';
import { SpecError } from '../SpecError.ts';
import type { ViolationKind } from '../result.ts';
import { sameJson } from '../traces/Stepper.ts';
import type { TraceFileStep } from '../traceFile.ts';
import { decodeKeys } from './member.ts';
import { readSwarmResultFile, type SwarmResultFile } from './resultFile.ts';

export interface MergedCounterexample {
  readonly kind: ViolationKind;
  readonly property: string;
  readonly message?: string;
  readonly states: number;
  /** The trace file of the first member that found it, relative to the working folder. */
  readonly traceFile: string;
  /** Every member that found this trace: `seed/index`. */
  readonly foundBy: readonly string[];
  readonly steps: readonly TraceFileStep[];
}

export interface MergeResult {
  readonly specName: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly variant: string | null;
  readonly files: number;
  /** Files that repeat a member already read (the same seed and index): ignored. */
  readonly duplicates: readonly string[];
  /** Per swarm seed: its size and the indices with no result file. */
  readonly swarms: readonly { readonly seed: number; readonly members: number; readonly present: number; readonly missing: readonly number[] }[];
  readonly walks: number;
  readonly steps: number;
  /** Distinct states visited by some member. */
  readonly states: number;
  /** Per member, the states it visited and those no member before it (in seed, index order) had. */
  readonly members: readonly { readonly member: string; readonly states: number; readonly newStates: number; readonly result: 'ok' | 'violation'; readonly interrupted: boolean }[];
  /** Steps per action, summed. */
  readonly actions: Readonly<Record<string, number>>;
  readonly neverFired: readonly string[];
  /** Cover properties no member reached. */
  readonly uncovered: readonly string[];
  readonly counterexamples: readonly MergedCounterexample[];
}

/** Reads and merges result files. Files of different specs, parameters or state keys are refused. */
export function mergeResults(paths: readonly string[]): MergeResult {
  if (paths.length === 0) throw new SpecError('USAGE', 'merge: name at least one swarm result file (results/*.json)');
  const read = paths.map((p) => ({ path: p, file: readSwarmResultFile(p) }));
  const first = read[0]!;
  for (const r of read.slice(1)) {
    const f = r.file;
    const a = first.file;
    const differs =
      f.specName !== a.specName ? `spec ${f.specName}, not ${a.specName}`
      : !sameJson(f.params, a.params) ? `parameters ${JSON.stringify(f.params)}, not ${JSON.stringify(a.params)}`
      : f.variant !== a.variant ? `variant ${f.variant}, not ${a.variant}`
      : f.keys.exact !== a.keys.exact || f.keys.stateBits !== a.keys.stateBits ? `states of ${f.keys.stateBits} bits, not ${a.keys.stateBits} (another version of the spec?)`
      : null;
    if (differs) throw new SpecError('USAGE', `merge: ${r.path} is from another run than ${first.path}: ${differs}`, { hint: 'merge the results of one spec with the same parameters' });
  }
  // one file per member, in (seed, index) order
  read.sort((x, y) => x.file.swarm.seed - y.file.swarm.seed || x.file.swarm.index - y.file.swarm.index);
  const byMember = new Map<string, { path: string; file: SwarmResultFile }>();
  const duplicates: string[] = [];
  for (const r of read) {
    const id = `${r.file.swarm.seed}/${r.file.swarm.index}`;
    if (byMember.has(id)) duplicates.push(r.path);
    else byMember.set(id, r);
  }
  const kept = [...byMember.values()];

  const swarmSizes = new Map<number, { members: number; present: Set<number> }>();
  for (const { file } of kept) {
    const s = swarmSizes.get(file.swarm.seed) ?? { members: file.swarm.members, present: new Set<number>() };
    s.members = Math.max(s.members, file.swarm.members);
    s.present.add(file.swarm.index);
    swarmSizes.set(file.swarm.seed, s);
  }
  const union = new Set<string>();
  const actions: Record<string, number> = {};
  const members: MergeResult['members'][number][] = [];
  let uncovered: Set<string> | null = null;
  let walks = 0;
  let steps = 0;
  const found: { cx: MergedCounterexample; foundBy: string[] }[] = [];
  for (const { path, file } of kept) {
    const id = `${file.swarm.seed}/${file.swarm.index}`;
    const before = union.size;
    const keys = decodeKeys(file.coverage.stateKeys);
    for (const k of keys) union.add(k);
    members.push({ member: id, states: keys.length, newStates: union.size - before, result: file.result, interrupted: file.interrupted });
    for (const [a, n] of Object.entries(file.coverage.actions)) actions[a] = (actions[a] ?? 0) + n;
    uncovered = uncovered ? new Set(file.uncovered.filter((c) => uncovered!.has(c))) : new Set(file.uncovered);
    walks += file.walks;
    steps += file.steps;
    const c = file.counterexample;
    if (c) {
      const same = found.find((f) => f.cx.kind === c.kind && f.cx.property === c.property && sameJson(f.cx.steps, c.steps));
      if (same) same.foundBy.push(id);
      else {
        const foundBy = [id];
        found.push({
          foundBy,
          cx: { kind: c.kind, property: c.property, ...(c.message ? { message: c.message } : {}), states: c.states, traceFile: relative('.', join(dirname(path), c.traceFile)).split('\\').join('/'), foundBy, steps: c.steps },
        });
      }
    }
  }
  // shortest first; equal lengths by property, then by the first member that found them (already in order)
  const counterexamples = found.map((f) => f.cx).sort((x, y) => x.states - y.states || (x.property < y.property ? -1 : x.property > y.property ? 1 : 0));
  return {
    specName: first.file.specName,
    params: first.file.params,
    variant: first.file.variant,
    files: paths.length,
    duplicates,
    swarms: [...swarmSizes].map(([seed, s]) => ({
      seed,
      members: s.members,
      present: s.present.size,
      missing: Array.from({ length: s.members }, (_, i) => i).filter((i) => !s.present.has(i)),
    })),
    walks,
    steps,
    states: union.size,
    members,
    actions,
    neverFired: Object.entries(actions).filter(([, n]) => n === 0).map(([a]) => a),
    uncovered: [...(uncovered ?? [])],
    counterexamples,
  };
}
