// The result file of a swarm member (`interleave simulate --swarm`), version 1: data only, and the same
// bytes for the same swarm seed, index and options (no timings, no host names), so that a rerun can be
// compared with `cmp`. `interleave merge` reads these.
import { readFileSync } from 'node:fs';
import type { ParamValue } from '../../spec/defineSpec.ts';
import type { TraceFileStep } from '../traceFile.ts';
import type { ViolationKind } from '../result.ts';
import { SpecError } from '../SpecError.ts';
import type { MemberConfig, MemberCoverage, MemberResult } from './member.ts';

export const SWARM_FORMAT = 'interleave-swarm-result';
export const SWARM_VERSION = 1;

/** A member's counterexample: its shrunk trace inline, and the trace file written beside the result. */
export interface SwarmCounterexample {
  readonly kind: ViolationKind;
  readonly property: string;
  readonly message?: string;
  /** States in the trace. */
  readonly states: number;
  /** The walk (0-based) that found it. */
  readonly walk: number;
  /** The trace file, relative to the result file's folder (replay it with `interleave replay`). */
  readonly traceFile: string;
  readonly steps: readonly TraceFileStep[];
}

export interface SwarmResultFile {
  readonly format: typeof SWARM_FORMAT;
  readonly version: typeof SWARM_VERSION;
  /** The spec file as given on the command line. */
  readonly spec: string;
  readonly specName: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly variant: string | null;
  readonly swarm: { readonly seed: number; readonly members: number; readonly index: number };
  readonly member: Omit<MemberConfig, 'index'>;
  /** How states are keyed: the packed state itself (`exact`) or its fingerprint; bits of a packed state. */
  readonly keys: { readonly exact: boolean; readonly stateBits: number };
  readonly result: 'ok' | 'violation';
  readonly interrupted: boolean;
  readonly walks: number;
  readonly steps: number;
  readonly coverage: MemberCoverage;
  readonly uncovered: readonly string[];
  readonly counterexample: SwarmCounterexample | null;
}

/** The file of a member's result. */
export function toSwarmResultFile(
  r: MemberResult,
  head: { spec: string; specName: string; params: Readonly<Record<string, ParamValue>>; swarmSeed: number; members: number; stateBits: number; exact: boolean },
  traceFile: string | null,
): SwarmResultFile {
  const { variant, ...params } = head.params as Record<string, ParamValue>;
  const { index, ...member } = r.config;
  const v = r.violation;
  return {
    format: SWARM_FORMAT,
    version: SWARM_VERSION,
    spec: head.spec,
    specName: head.specName,
    params,
    variant: variant === undefined ? null : String(variant),
    swarm: { seed: head.swarmSeed, members: head.members, index },
    member,
    keys: { exact: head.exact, stateBits: head.stateBits },
    result: r.result,
    interrupted: r.interrupted,
    walks: r.walks,
    steps: r.steps,
    coverage: r.coverage,
    uncovered: r.uncovered,
    counterexample:
      v && traceFile !== null
        ? {
            kind: v.kind,
            property: v.property,
            ...(v.message ? { message: v.message } : {}),
            states: v.trace.length,
            walk: v.walk,
            traceFile,
            steps: v.trace.map((s) => ({ action: s.action, ...(s.process ? { process: s.process } : {}), args: s.args, state: s.state })),
          }
        : null,
  };
}

/** Reads a result file; a file that is not one (or of another version) is error[USAGE] naming it. */
export function readSwarmResultFile(path: string): SwarmResultFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e);
    throw new SpecError('USAGE', `${path}: cannot read a swarm result: ${why}`);
  }
  const d = data as Partial<SwarmResultFile> | null;
  if (!d || typeof d !== 'object' || d.format !== SWARM_FORMAT) {
    throw new SpecError('USAGE', `${path}: not a swarm result file (format '${SWARM_FORMAT}')`, { hint: 'interleave simulate --swarm K --seed S --out DIR writes them' });
  }
  if (d.version !== SWARM_VERSION) throw new SpecError('USAGE', `${path}: swarm result version ${String(d.version)}, this interleave reads version ${SWARM_VERSION}`);
  const ok =
    typeof d.specName === 'string' &&
    typeof d.swarm?.seed === 'number' &&
    typeof d.swarm.index === 'number' &&
    typeof d.swarm.members === 'number' &&
    typeof d.coverage?.stateKeys === 'string' &&
    typeof d.coverage.actions === 'object' &&
    typeof d.keys?.exact === 'boolean' &&
    typeof d.walks === 'number' &&
    typeof d.steps === 'number' &&
    Array.isArray(d.uncovered) &&
    (d.counterexample === null || (typeof d.counterexample?.property === 'string' && Array.isArray(d.counterexample.steps)));
  if (!ok) throw new SpecError('USAGE', `${path}: a swarm result file with missing or malformed fields`);
  return d as SwarmResultFile;
}

/**
 * The result file's name in the output folder, `swarm-<seed>-<index>.json`, and its trace's, in the folder's
 * `traces/` (so that `DIR/*.json` names the result files only).
 */
export const resultFileName = (seed: number, index: number) => `swarm-${seed}-${index}.json`;
export const traceFileName = (seed: number, index: number) => `traces/swarm-${seed}-${index}.json`;
