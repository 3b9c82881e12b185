// `--check-symmetry` catches specs that declare a scalarset and then treat one id specially, with a
// witness that is real (re-checked here on the spec), and passes the symmetric models.
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import type { CompiledModel } from '../../checker/compile.ts';
import { Explorer } from '../../checker/Explorer.ts';
import { writeValue } from '../../checker/layout.ts';
import type { SpecError } from '../../checker/SpecError.ts';
import { cli } from '../cli/run.ts';

const favoured = 'test/symmetry/specs/favouredId.ts';

async function symmetryFailure(variant: string): Promise<{ model: CompiledModel; error: SpecError }> {
  const { loaded, result } = await check(favoured, { variant, checkSymmetry: true });
  if (result.result !== 'error') throw new Error(`expected a SYMMETRY error, got ${result.result}`);
  return { model: loaded!.model, error: result.error };
}

/** The JSON-form arguments of each enabled instance of `action`, in the state `json`. */
function enabled(model: CompiledModel, json: unknown, action: string): unknown[] {
  const ex = new Explorer(model);
  writeValue(model.layout.root, ex.cur, json, 'json');
  const out: unknown[] = [];
  ex.expand((inst) => {
    if (inst.name === action) out.push(inst.argsJson);
  });
  return out;
}

/** The image of a JSON state under a permutation of ids (names like `Proc0`); sets (arrays) sorted. */
function renamed(json: unknown, perm: Readonly<Record<string, string>>): unknown {
  return JSON.parse(JSON.stringify(json), (_k, v) => (typeof v === 'string' && v in perm ? perm[v] : Array.isArray(v) ? [...v].sort() : v));
}

describe('--check-symmetry on a spec that breaks its declared symmetry', () => {
  it('a guard that favours Proc0: witness names the action take, a state and a permutation under which the image of an enabled take is disabled', async () => {
    const { model, error } = await symmetryFailure('guard');
    expect(error.code).toBe('SYMMETRY');
    const c = error.context!;
    expect(c.action).toBe('take');
    const perm = c.permutation!['Proc']!;
    expect(Object.entries(perm).some(([from, to]) => from !== to)).toBe(true);
    expect(c.image).toEqual(renamed(c.state, perm));
    // the witness is real: take(p) is enabled in the state, take(perm(p)) is not in the image
    const p = (c.args as { p: string }).p;
    expect(enabled(model, c.state, 'take')).toContainEqual({ p });
    expect(enabled(model, c.image, 'take')).not.toContainEqual({ p: perm[p] });
    expect(error.message).toContain(`take (p=${p}) is enabled in the state, but its image take (p=${perm[p]}) is not enabled in the image`);
  });

  it('an effect that hands the lock to Proc0: witness names the action release', async () => {
    const { error } = await symmetryFailure('effect');
    expect(error.code).toBe('SYMMETRY');
    expect(error.context!.action).toBe('release');
    expect(error.message).toMatch(/the successors of release \(p=Proc\d\) in the state, permuted, differ from those of release \(p=Proc\d\) in the image/);
  });

  it('an invariant that looks only at Proc0: witness names the property', async () => {
    const { error } = await symmetryFailure('invariant');
    expect(error.code).toBe('SYMMETRY');
    expect(error.context!.property).toBe('proc0NeverAlone');
    expect(error.message).toMatch(/invariant proc0NeverAlone is (true|false) in the state and (true|false) in its image/);
  });

  it('the CLI prints error[SYMMETRY] with the permutation, the action and the state, and exits 2', async () => {
    const r = await cli('check', favoured, '--variant', 'guard', '--check-symmetry');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^error\[SYMMETRY\]: the spec is not symmetric in its scalarsets: under the permutation Proc\d→Proc\d/);
    expect(r.err).toContain('  action: take with p=Proc');
    expect(r.err).toContain('  state:\n    holder = null\n');
  });
});

describe('--check-symmetry on symmetric specs', () => {
  const cases: [string, string[], string | undefined][] = [
    ['models/classic/n_peterson.ts', ['n=3'], undefined],
    ['models/classic/mcslock1.ts', ['n=3'], undefined],
    ['bench/models/filter.ts', ['n=4', 'symmetric=true'], undefined],
    ['models/classic/twophase.ts', [], undefined],
    [favoured, [], 'symmetric'],
  ];
  for (const [file, params, variant] of cases) {
    it(`${file}${variant ? ` (${variant})` : ''}: 300 states and permutations pass, then the search runs with symmetry`, async () => {
      const run = await check(file, { paramPairs: params, variant, checkSymmetry: true });
      expect(run.result.result).toBe('ok');
      expect(run.symmetryCheck?.runs).toBe(300);
      expect(run.symmetry).toBe(true);
    });
  }
});
