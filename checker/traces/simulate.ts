// Simulation: seeded random walks for state spaces too large to exhaust. Each run starts from an initial
// state and takes, at every state, a successor drawn uniformly; the properties the BFS checks are
// checked on every successor generated, so a walk stops at the first violating one. Run r draws from a
// generator seeded with (seed, r): the same seed gives the same walks and the same trace. A violation
// is shrunk by cutting loops and delta debugging (minimize.ts), every candidate validated by running it.
import type { CompiledModel } from '../compile.ts';
import type { TraceStep } from '../result.ts';
import { SpecError } from '../SpecError.ts';
import { isStepValueError, withStepTrace } from '../trace.ts';
import { minimizeTrace, type MinimizePhase } from './minimize.ts';
import { NONDETERMINISM_HINT } from './replay.ts';
import { mulberry32, pick, runSeed } from './random.ts';
import { deadlockViolation, Stepper, type StepViolation, type Successor } from './Stepper.ts';

/** Options of a simulation. */
export interface SimulateOptions {
  /** Any safe integer; the same seed gives the same walks. */
  readonly seed: number;
  /** Most steps per walk (default 100). */
  readonly depth?: number;
  /** Number of walks (default 1000). */
  readonly runs?: number;
  /** Shrink a violation (default true). */
  readonly shrink?: boolean;
  /** Stop early (result `ok` with `interrupted`). */
  readonly signal?: AbortSignal;
}

/** Figures of a simulation. */
export interface SimulationStats {
  readonly seed: number;
  /** Walks started (the violating one included). */
  readonly runs: number;
  /** Steps taken over all walks. */
  readonly steps: number;
  /** Walks that ended in a state with no enabled action that is an acceptable end. */
  readonly terminated: number;
  /** Cover properties no visited state satisfied (not a violation: simulation is not exhaustive). */
  readonly uncovered: readonly string[];
  readonly durationMs: number;
}

/** The outcome of a simulation. */
export type SimulateResult =
  | ({
      readonly result: 'violation';
      readonly violation: StepViolation;
      /** The walk (0-based) that found it. */
      readonly run: number;
      /** The walk as taken, up to the violating state. */
      readonly walk: readonly TraceStep[];
      /** The shrunk trace (the walk itself when shrinking is off). */
      readonly trace: readonly TraceStep[];
      readonly shrinkPhases: readonly MinimizePhase[];
    } & SimulationStats)
  | ({ readonly result: 'ok'; readonly interrupted: boolean } & SimulationStats)
  | { readonly result: 'error'; readonly error: SpecError };

/** Runs random walks through `model`. Spec errors come back as `{ result: 'error' }`. */
export async function simulate(model: CompiledModel, options: SimulateOptions): Promise<SimulateResult> {
  const started = performance.now();
  const depth = options.depth ?? 100;
  const runs = options.runs ?? 1000;
  const st = new Stepper(model);
  const uncovered = new Set(model.covers.map((c) => c.name));
  let steps = 0;
  let terminated = 0;
  let run = 0;
  let lastYield = started;
  const stats = (): SimulationStats => ({
    seed: options.seed,
    runs: run,
    steps,
    terminated,
    uncovered: [...uncovered],
    durationMs: Math.round(performance.now() - started),
  });
  const visit = (s: Int32Array) => {
    if (uncovered.size) for (const c of model.covers) if (uncovered.has(c.name) && st.holds(s, c.name, c.test)) uncovered.delete(c.name);
  };

  let walk: Successor[] = [];
  try {
    const inits = st.initialStates();
    for (; run < runs; run++) {
      const random = mulberry32(runSeed(options.seed, run));
      walk = [];
      let found: StepViolation | null = null;
      const first = inits[pick(random, inits.length)]!;
      walk.push(first);
      found = first.violation;
      // a state outside the constraints ends the walk, as it ends the BFS there (after its invariants are checked)
      let inside = found !== null || st.inModel(first.slots);
      if (!found && inside) visit(first.slots);
      if (!inside) terminated++;
      for (let d = 0; d < depth && !found && inside; d++) {
        const cur = walk[walk.length - 1]!.slots;
        const succ = st.successors(cur);
        if (succ.length === 0) {
          if (st.deadlocked(cur)) found = deadlockViolation;
          else terminated++;
          break;
        }
        steps++;
        const bad = succ.find((s) => s.violation);
        const next = bad ?? succ[pick(random, succ.length)]!;
        walk.push(next);
        found = next.violation;
        inside = found !== null || st.inModel(next.slots);
        if (!found && inside) visit(next.slots);
        if (!inside) terminated++;
      }
      if (found) {
        run++;
        const taken = walk.map((s) => st.traceStep(s));
        let trace: readonly TraceStep[] = taken;
        let shrinkPhases: readonly MinimizePhase[] = [];
        if (options.shrink ?? true) {
          const m = minimizeTrace(model, { steps: taken, property: found.property, kind: found.kind }, { noSearch: true });
          if (m.result !== 'minimized' && m.replay.outcome === 'nondeterministic') {
            const at = m.replay.step === 0 ? 'the initial states' : `step ${m.replay.step + 1} (${m.replay.action})`;
            throw new SpecError('NONDETERMINISTIC', `running ${at} of the walk twice on the same state gave different results`, {
              hint: NONDETERMINISM_HINT,
            });
          }
          if (m.result !== 'minimized') throw new Error(`internal: a simulated trace does not replay (${m.replay.outcome})`);
          trace = m.trace;
          shrinkPhases = m.phases;
        }
        return { result: 'violation', violation: found, run: run - 1, walk: taken, trace, shrinkPhases, ...stats() };
      }
      const now = performance.now();
      if (now - lastYield >= 100) {
        lastYield = now;
        await new Promise((r) => setImmediate(r));
        if (options.signal?.aborted) {
          run++;
          return { result: 'ok', interrupted: true, ...stats() };
        }
      }
    }
    return { result: 'ok', interrupted: false, ...stats() };
  } catch (e) {
    // a value outside its type comes with the walk to the state the step was applied to (not shrunk)
    if (e instanceof SpecError) return { result: 'error', error: isStepValueError(e) && walk.length ? withStepTrace(model, e, walk.map((s) => st.traceStep(s))) : e };
    throw e;
  }
}

