// Liveness checking, attached to one search: hooks that store the state graph while the search runs
// (safety is checked there, as always), then, once the search has explored everything, each temporal
// property instance is decided on the stored graph by a fair-cycle search, and the first one that
// fails comes back as a violation with a lasso trace.
import type { CompiledModel } from '../compile.ts';
import type { CheckResult, LivenessStatistics, Violation } from '../result.ts';
import type { SearchOptions } from '../bfs.ts';
import { rebuildTrace } from '../trace.ts';
import { fairnessUnits } from './fairness.ts';
import { LivenessScratch, markFairCycles, Pacer } from './fairCycles.ts';
import { OutOfMemory, type MemoryBudget } from '../memory.ts';
import { buildLasso, type GraphLasso } from './lasso.ts';
import { kindFormula, planTemporal, type PropertyInstance, type TemporalPlan } from './properties.ts';
import { SccFinder } from './scc.ts';
import { GraphRecorder } from './StateGraph.ts';

/** Liveness checking for one run of the search over `model`. */
export class LivenessCheck {
  readonly #plan: TemporalPlan;
  readonly #recorder: GraphRecorder;

  constructor(
    readonly model: CompiledModel,
    budget?: MemoryBudget,
  ) {
    this.#plan = planTemporal(model.temporal);
    this.#recorder = new GraphRecorder(model, this.#plan.predicates, budget);
  }

  /** Whether the model has temporal properties at all. */
  static wanted(model: CompiledModel): boolean {
    return model.temporal.length > 0;
  }

  /** The search hooks that record the graph, chained after `options`' own `onTransition`/`onState`. */
  hooks(options: SearchOptions): Pick<SearchOptions, 'onState' | 'onTransition'> {
    const { onState, onTransition } = this.#recorder;
    const theirTransition = options.onTransition;
    const theirState = options.onState;
    return {
      onState: theirState
        ? (id, state, ordinal) => {
            onState(id, state, ordinal);
            theirState(id, state, ordinal);
          }
        : onState,
      onTransition: theirTransition
        ? (from, to, inst) => {
            onTransition(from, to, inst);
            theirTransition(from, to, inst);
          }
        : onTransition,
    };
  }

  /**
   * Decides the temporal properties once the search is done. Only a complete search (`ok`) is
   * decided: a violation or an incomplete search comes back unchanged. Aborting `signal` (Ctrl-C)
   * stops this phase too (result `incomplete`, reason `interrupted`); so does running out of memory
   * for the graph or the scratch arrays (reason `memory`).
   */
  async finish(searched: CheckResult, signal?: AbortSignal): Promise<CheckResult> {
    if (searched.result !== 'ok') return searched;
    const started = performance.now();
    const { result: _ok, ...stats } = searched;
    const pacer = new Pacer(signal);
    let violation: Violation | null = null;
    let liveness: LivenessStatistics;
    try {
      const graph = this.#recorder.finish();
      const fairness = fairnessUnits(this.model);
      const scratch = new LivenessScratch(graph, fairness, new SccFinder(graph));
      const figures = (): LivenessStatistics => ({
        properties: this.#plan.instances.length,
        edges: graph.edgeCount,
        graphBytes: graph.graphBytes,
        bytesPerEdge: graph.edgeCount > 0 ? graph.graphBytes / graph.edgeCount : 0,
        labelBytes: graph.labelBytes,
        durationMs: Math.round(performance.now() - started),
      });
      for (const p of this.#plan.instances) {
        const tags = await markFairCycles(scratch, p, pacer);
        if (tags === 'interrupted') return { result: 'incomplete', reason: 'interrupted', ...stats, liveness: figures() };
        if (!tags) continue;
        const lasso = buildLasso(scratch, p, tags);
        violation = this.#violation(p, lasso, fairness.units.length);
        break;
      }
      liveness = figures();
    } catch (e) {
      if (e instanceof OutOfMemory || isAllocationFailure(e)) return { result: 'incomplete', reason: 'memory', ...stats };
      throw e;
    }
    return violation ? { result: 'violation', violation, ...stats, liveness } : { result: 'ok', ...stats, liveness };
  }

  #violation(p: PropertyInstance, lasso: GraphLasso, fairnessCount: number): Violation {
    const trace = rebuildTrace(this.model, lasso.path);
    const args = Object.entries(p.argsJson);
    const forArgs = args.length ? ` for ${args.map(([k, v]) => `${k}=${String(v)}`).join(', ')}` : '';
    const at = (i: number) => `state ${i + 1}`;
    const stutters = lasso.loop === trace.length - 1;
    const how = stutters ? `the behaviour stutters in ${at(lasso.loop)} forever` : `the loop from ${at(lasso.loop)} repeats forever`;
    let what: string;
    switch (p.kind) {
      case 'eventually':
        what = 'its predicate never holds';
        break;
      case 'alwaysEventually':
        what = `from ${at(lasso.trigger)} on, its predicate never holds again`;
        break;
      case 'eventuallyAlways':
        what = 'its predicate fails again and again in the loop';
        break;
      case 'leadsTo':
        what = `p holds in ${at(lasso.trigger)}, and q never holds from then on`;
        break;
      case 'leadsToAlways':
        what = `p holds in ${at(lasso.trigger)}, and q fails again and again afterwards`;
        break;
      case 'initiallyLeadsTo':
        what = 'P holds in the initial state, and Q never holds';
        break;
    }
    const fairness = fairnessCount === 0 ? ' (no fairness is declared: a behaviour may stop anywhere)' : '';
    return {
      kind: 'temporal',
      property: p.entry.name,
      trace,
      loop: lasso.loop,
      message: `${kindFormula(p.kind)}${forArgs}: ${what}; ${how}${fairness}`,
      ...(p.entry.location ? { location: p.entry.location } : {}),
    };
  }
}


/** V8's errors for a typed array that cannot be allocated (the graph and scratch arrays after the search). */
function isAllocationFailure(e: unknown): boolean {
  return e instanceof RangeError && /Array buffer allocation failed|Invalid typed array length/.test(e.message);
}
