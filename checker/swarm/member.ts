// One member of a swarm (SPIN's swarm verification, transposed to random walks): K independent searches,
// each diversified by its own seed, depth bound and action weights, that any batch runner can spread over
// machines; `interleave merge` combines what they covered and the counterexamples they found.
//
// Member i of the swarm seeded with S is a function of (S, i, K, the base depth and runs) alone: its
// walks, its coverage and its shrunk counterexample are the same on every machine and run. Its coverage is
// what the walks visited: how often each action fired, and the distinct states as 64-bit keys (the packed
// state when it fits in 64 bits, else its fingerprint, as the exhaustive search keys them), so that the
// merge can count the union exactly. States are concrete (no symmetry reduction).
import type { CompiledModel } from '../compile.ts';
import { fingerprint } from '../packing.ts';
import type { TraceStep } from '../result.ts';
import { SpecError } from '../SpecError.ts';
import { isStepValueError, withStepTrace } from '../trace.ts';
import { minimizeTrace } from '../traces/minimize.ts';
import { NONDETERMINISM_HINT } from '../traces/replay.ts';
import { mix32, mulberry32, runSeed, type Random } from '../traces/random.ts';
import { deadlockViolation, Stepper, type StepViolation, type Successor } from '../traces/Stepper.ts';
import { StateStore } from '../StateStore.ts';

/** How member `index` searches. */
export interface MemberConfig {
  readonly index: number;
  /** The seed of its walks, derived from the swarm's seed and the index. */
  readonly seed: number;
  /** Most steps per walk: the base depth times 1, 1/2, 2 or 1/4 (by index modulo 4). */
  readonly depth: number;
  readonly runs: number;
  /** Per action, its weight in the draw of a successor (member 0: all 1, a uniform draw; others 1, 2, 4 or 8). */
  readonly weights: Readonly<Record<string, number>>;
}

const DEPTH_FACTORS = [1, 0.5, 2, 0.25] as const;

/** The configuration of member `index` of the swarm seeded with `swarmSeed`. */
export function memberConfig(model: CompiledModel, swarmSeed: number, index: number, base: { depth: number; runs: number }): MemberConfig {
  const seed = runSeed(swarmSeed, mix32(0x5a4d ^ index));
  const random = mulberry32(mix32(seed ^ 0x77e1));
  const weights: Record<string, number> = {};
  for (const a of model.actions) weights[a.name] = index === 0 ? 1 : 2 ** Math.floor(random() * 4);
  return { index, seed, depth: Math.max(1, Math.round(base.depth * DEPTH_FACTORS[index % 4]!)), runs: base.runs, weights };
}

/** What a member covered. */
export interface MemberCoverage {
  /** Per action, the steps it took (initial states are not steps). */
  readonly actions: Readonly<Record<string, number>>;
  /** Distinct states visited (inside the constraints). */
  readonly states: number;
  /** Their keys, sorted, each as 8 bytes (high word first), base64. */
  readonly stateKeys: string;
}

/** The outcome of a member. */
export interface MemberResult {
  readonly config: MemberConfig;
  readonly result: 'ok' | 'violation';
  /** Walks started (the violating one included) and steps taken. */
  readonly walks: number;
  readonly steps: number;
  readonly interrupted: boolean;
  readonly coverage: MemberCoverage;
  /** Cover properties no visited state satisfied. */
  readonly uncovered: readonly string[];
  /** The violation and its shrunk trace. */
  readonly violation?: StepViolation & { readonly trace: readonly TraceStep[]; readonly walk: number };
  readonly durationMs: number;
}

/** Runs one member. Spec errors throw SpecError (the same for every member: the caller reports it once). */
export async function runMember(model: CompiledModel, config: MemberConfig, signal?: AbortSignal): Promise<MemberResult> {
  const started = performance.now();
  const st = new Stepper(model);
  const { words, pack } = model.packing;
  const exact = words <= 2;
  const packed = new Uint32Array(words);
  const fp = new Uint32Array(2);
  const seen = new StateStore(1 << 10);
  const keys: number[] = [];
  const fired = new Float64Array(model.actions.length);
  const weightOf = model.actions.map((a) => config.weights[a.name] ?? 1);
  const uniform = weightOf.every((w) => w === 1);
  const uncovered = new Set(model.covers.map((c) => c.name));
  let steps = 0;
  let walks = 0;
  let lastYield = started;

  const visit = (s: Int32Array): void => {
    pack(s, packed, 0);
    if (exact) {
      fp[0] = packed[0]!;
      fp[1] = words === 2 ? packed[1]! : 0;
    } else fingerprint(packed, 0, words, fp);
    if (seen.insert(fp[0]!, fp[1]!) >= 0) keys.push(fp[0]!, fp[1]!);
    if (uncovered.size) for (const c of model.covers) if (uncovered.has(c.name) && st.holds(s, c.name, c.test)) uncovered.delete(c.name);
  };
  const draw = (random: Random, succ: Successor[]): Successor => {
    if (uniform) return succ[Math.floor(random() * succ.length)]!;
    let total = 0;
    for (const s of succ) total += weightOf[s.inst!.action]!;
    let r = random() * total;
    for (const s of succ) {
      r -= weightOf[s.inst!.action]!;
      if (r < 0) return s;
    }
    return succ[succ.length - 1]!;
  };
  const finish = (result: 'ok' | 'violation', interrupted: boolean, violation?: MemberResult['violation']): MemberResult => ({
    config,
    result,
    walks,
    steps,
    interrupted,
    coverage: { actions: Object.fromEntries(model.actions.map((a, i) => [a.name, fired[i]!])), states: keys.length / 2, stateKeys: encodeKeys(keys) },
    uncovered: [...uncovered],
    ...(violation ? { violation } : {}),
    durationMs: Math.round(performance.now() - started),
  });

  let walk: Successor[] = [];
  try {
    const inits = st.initialStates();
    for (; walks < config.runs; ) {
      const random = mulberry32(runSeed(config.seed, walks));
      walks++;
      walk = [inits[Math.floor(random() * inits.length)]!];
      let found: StepViolation | null = walk[0]!.violation;
      let inside = found !== null || st.inModel(walk[0]!.slots);
      if (!found && inside) visit(walk[0]!.slots);
      for (let d = 0; d < config.depth && !found && inside; d++) {
        const cur = walk[walk.length - 1]!.slots;
        const succ = st.successors(cur);
        if (succ.length === 0) {
          if (st.deadlocked(cur)) found = deadlockViolation;
          break;
        }
        steps++;
        const next = succ.find((s) => s.violation) ?? draw(random, succ);
        fired[next.inst!.action]++;
        walk.push(next);
        found = next.violation;
        inside = found !== null || st.inModel(next.slots);
        if (!found && inside) visit(next.slots);
      }
      if (found) {
        const taken = walk.map((s) => st.traceStep(s));
        const m = minimizeTrace(model, { steps: taken, property: found.property, kind: found.kind }, { noSearch: true });
        if (m.result !== 'minimized' && m.replay.outcome === 'nondeterministic') {
          throw new SpecError('NONDETERMINISTIC', `running step ${m.replay.step + 1} of a walk twice on the same state gave different results`, { hint: NONDETERMINISM_HINT });
        }
        if (m.result !== 'minimized') throw new Error(`internal: a swarm walk does not replay (${m.replay.outcome})`);
        return finish('violation', false, { ...found, trace: m.trace, walk: walks - 1 });
      }
      const now = performance.now();
      if (now - lastYield >= 100) {
        lastYield = now;
        await new Promise((r) => setImmediate(r));
        if (signal?.aborted) return finish('ok', true);
      }
    }
    return finish('ok', false);
  } catch (e) {
    if (e instanceof SpecError && isStepValueError(e) && walk.length) throw withStepTrace(model, e, walk.map((s) => st.traceStep(s)));
    throw e;
  }
}

/** Sorted 64-bit keys (pairs of words) as base64, 8 bytes each, high word first. */
export function encodeKeys(pairs: readonly number[]): string {
  const n = pairs.length / 2;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => pairs[2 * a]! - pairs[2 * b]! || pairs[2 * a + 1]! - pairs[2 * b + 1]!);
  const buf = Buffer.alloc(n * 8);
  order.forEach((i, j) => {
    buf.writeUInt32BE(pairs[2 * i]! >>> 0, 8 * j);
    buf.writeUInt32BE(pairs[2 * i + 1]! >>> 0, 8 * j + 4);
  });
  return buf.toString('base64');
}

/** The keys of `encodeKeys`, as 16-digit hex strings (for sets and tests). */
export function decodeKeys(text: string): string[] {
  const buf = Buffer.from(text, 'base64');
  const out: string[] = [];
  for (let at = 0; at + 8 <= buf.length; at += 8) out.push(buf.toString('hex', at, at + 8));
  return out;
}
