// The child process that checks mutants, one at a time, for runMutants.ts: a mutant may loop or eat
// memory, so it runs where the parent can kill it. Receives `WorkRequest`s, answers `WorkReply`s.
// A mutant's module stays loaded (ES modules cannot be unloaded); the parent restarts a worker after a
// time-out, and a few hundred small modules fit easily.
import { register } from 'node:module';
import { check } from '../check.ts';
import { setSpecImportHook } from '../loadSpec.ts';
import type { ParamValue } from '../../spec/defineSpec.ts';

/** One check: the spec file (a mutant or the original) and the bounds. */
export interface WorkRequest {
  readonly file: string;
  readonly variant?: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly maxStates?: number;
}

/** Its result: the verdict, the counts and an order-independent hash of the set of stored states. */
export type WorkReply =
  | { readonly result: 'ok'; readonly distinctStates: number; readonly generatedStates: number; readonly stateHash: string; readonly ms: number }
  | { readonly result: 'violation'; readonly kind: string; readonly property: string; readonly traceLength: number; readonly distinctStates: number; readonly ms: number }
  | { readonly result: 'incomplete'; readonly ms: number }
  | { readonly result: 'error'; readonly code: string; readonly message: string; readonly ms: number };

const source = import.meta.url.endsWith('.ts');
const root = new URL(source ? '../../' : '../../../', import.meta.url);
const dsl = new URL(source ? 'spec/index.ts' : 'dist/spec/index.js', root).href;
let hooked: Promise<void> | undefined;
setSpecImportHook(() =>
  (hooked ??= (async () => {
    register(new URL('bin/resolve-interleave.js', root).href, import.meta.url, { data: { dsl } });
    if (!source) (await import('tsx/esm/api')).register();
  })()),
);

async function run(req: WorkRequest): Promise<WorkReply> {
  const t0 = performance.now();
  // the sum and the xor of two 32-bit hashes of every stored state: equal sets give equal hashes
  let sum = 0;
  let mix = 0;
  const onState = (_id: number, state: Int32Array): void => {
    let h1 = 0x811c9dc5;
    let h2 = 0x9e3779b9;
    for (let i = 0; i < state.length; i++) {
      h1 = Math.imul(h1 ^ state[i]!, 0x01000193);
      h2 = Math.imul(h2 + state[i]!, 0x85ebca6b) ^ (h2 >>> 13);
    }
    sum = (sum + (h1 >>> 0)) >>> 0;
    mix = (mix ^ Math.imul(h2, 0xc2b2ae35)) >>> 0;
  };
  const { result } = await check(req.file, { variant: req.variant, params: req.params, maxStates: req.maxStates, onState });
  const ms = Math.round(performance.now() - t0);
  switch (result.result) {
    case 'ok':
      return { result: 'ok', distinctStates: result.distinctStates, generatedStates: result.generatedStates, stateHash: `${sum.toString(16)}:${mix.toString(16)}`, ms };
    case 'violation':
      return { result: 'violation', kind: result.violation.kind, property: result.violation.property, traceLength: result.violation.trace.length, distinctStates: result.distinctStates, ms };
    case 'incomplete':
      return { result: 'incomplete', ms };
    case 'error':
      return { result: 'error', code: result.error.code, message: result.error.message.split('\n')[0]!, ms };
  }
}

process.on('message', (req: WorkRequest) => {
  run(req).then(
    (reply) => process.send!(reply),
    (e: unknown) => process.send!({ result: 'error', code: 'CRASH', message: e instanceof Error ? e.message : String(e), ms: 0 } satisfies WorkReply),
  );
});
process.send!('ready');
