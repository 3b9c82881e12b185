// The mutation score of a spec at both revisions, for `review --mutation`: `interleave mutate` on the
// variant the review checks first (a spec's first variant is its correct protocol by convention), at the
// base and at the head. Slow (a few minutes for a flagship model), hence opt-in.
import type { ParamValue } from '../../spec/defineSpec.ts';
import { mutate } from '../mutation/runMutants.ts';
import { SpecError } from '../SpecError.ts';

/** One revision's score, or why there is none. */
export type MutationScore =
  | { readonly variant: string | null; readonly score: number; readonly caught: number; readonly scored: number; readonly mutants: number; readonly survivors: readonly string[] }
  | { readonly variant: string | null; readonly error: string };

/** Mutates `file` (null: absent at that revision) with the review's parameters. */
export async function mutationScoreOf(file: string | null, variant: string | null, params: Readonly<Record<string, ParamValue>>): Promise<MutationScore | null> {
  if (!file) return null;
  const pairs = Object.entries(params).map(([k, v]) => `${k}=${String(v)}`);
  const r = await mutate(file, { ...(variant !== null ? { variant } : {}), paramPairs: pairs });
  if (r instanceof SpecError) return { variant, error: r.message.split('\n')[0]! };
  const caught = r.mutants.filter((m) => m.outcome.status === 'caught').length;
  const scored = r.mutants.filter((m) => ['caught', 'survived', 'timeout'].includes(m.outcome.status)).length;
  const survivors = r.mutants.filter((m) => m.outcome.status === 'survived' || m.outcome.status === 'timeout').map((m) => `line ${m.mutant.line}: ${m.mutant.operator} ${m.mutant.description}`);
  return { variant, score: r.score, caught, scored, mutants: r.mutants.length, survivors };
}
