// Checkpoints for `check` (checker/check.ts): the combinations that cannot be checkpointed are refused
// before the search, and the checkpointer gets the search's identity and the counters kept outside it.
import type { CompiledModel } from '../compile.ts';
import type { LoadedModel } from '../loadSpec.ts';
import { SpecError } from '../SpecError.ts';
import type { Reduction } from '../symmetry/reduction.ts';
import type { CheckRequest } from '../check.ts';
import { Checkpointer, type CheckpointReport, type CheckpointRequest } from './Checkpointer.ts';
import { searchIdentity } from './identity.ts';

export type { CheckpointReport, CheckpointRequest };

interface Shape {
  readonly symmetry: boolean;
  readonly liveness: boolean;
  readonly skip: ReadonlySet<string>;
  readonly reduction: Reduction | null;
}

/** The checkpointer of a check, or why the check cannot be checkpointed (a USAGE error). */
export function checkpointerFor(model: CompiledModel, loaded: LoadedModel, request: CheckRequest, shape: Shape): { checkpointer: Checkpointer } | { error: SpecError } {
  const opt = request.checkpoints!.resume !== undefined ? '--resume' : '--checkpoint';
  if (shape.liveness) {
    return {
      error: new SpecError('USAGE', `${opt} with temporal properties (${model.temporal.map((t) => t.name).join(', ')}): the state graph of the liveness check is not saved in a checkpoint`, {
        hint: 'checkpoint the safety properties in a variant that declares no temporal property',
      }),
    };
  }
  if ((request.workers ?? 1) > 1) return { error: new SpecError('USAGE', `${opt} with --workers ${request.workers}: only the search on one thread is checkpointed`, { hint: 'drop --workers' }) };
  if (request.onTransition || request.onState) return { error: new SpecError('USAGE', `${opt} with an onTransition or onState hook: what it built is not saved in a checkpoint`) };
  try {
    const identity = searchIdentity(model, {
      file: loaded.file,
      params: loaded.params,
      symmetry: shape.symmetry,
      deadlock: request.noDeadlock || !model.checkDeadlock ? 'off' : (request.deadlock ?? 'tlc'),
      skipProperties: [...shape.skip],
      ...(request.bitstate ? { bitstate: request.bitstate } : {}),
      disk: request.disk !== undefined,
    });
    const checkpointer = new Checkpointer(request.checkpoints!, identity);
    const reduction = shape.reduction;
    if (reduction) checkpointer.track('fullStates', () => reduction.fullStates, (n) => (reduction.fullStates = n));
    return { checkpointer };
  } catch (e) {
    if (e instanceof SpecError) return { error: e };
    throw e;
  }
}
