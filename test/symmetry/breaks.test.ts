// Every spec in breaks/ breaks the symmetry its scalarset declares, one way per file (see each header).
// The default `check` must never say "no violation" on them: it reports the bug (a violation), or the
// break itself (error SPEC_THROW, VALUE or SYMMETRY). The table says which, file by file. `hidden`
// marks the specs whose bug a reduction that trusts the declaration hides (--no-check-symmetry says
// "no violation", --no-symmetry finds the bug): for those only the sampled symmetry test stands
// between the user and a wrong verdict.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check, type CheckRequest } from '../../checker/check.ts';

type Expected = { violation: string } | { error: 'SYMMETRY' | 'SPEC_THROW' | 'VALUE' };
interface Case {
  readonly expected: Expected;
  /** The reduction without the sampled test hides the bug, which --no-symmetry finds (this property). */
  readonly hidden?: string;
}

const SYMMETRY = { error: 'SYMMETRY' } as const;
const THROW = { error: 'SPEC_THROW' } as const;
const cases: Record<string, Case> = {
  // `<` / `>` on ids
  'ltGuard.ts': { expected: THROW },
  'ltEffect.ts': { expected: THROW },
  'ltSort.ts': { expected: THROW },
  'ltIdName.ts': { expected: SYMMETRY, hidden: 'heldInside' },
  'ltDeep.ts': { expected: SYMMETRY, hidden: 'heldInside' },
  'ltDeepThrow.ts': { expected: THROW },
  // the first or last element of a set of ids
  'firstSpread.ts': { expected: SYMMETRY },
  'firstFind.ts': { expected: SYMMETRY },
  'lastAt.ts': { expected: SYMMETRY },
  'lastLoop.ts': { expected: SYMMETRY },
  // indexOf and its kin
  'indexOfValues.ts': { expected: THROW },
  'lastIndexOfValues.ts': { expected: THROW },
  'findIndexValues.ts': { expected: THROW },
  'indexOfCopy.ts': { expected: SYMMETRY },
  'indexOfValuesCopy.ts': { expected: SYMMETRY, hidden: 'heldInside' },
  'indexOfCall.ts': { expected: SYMMETRY, hidden: 'heldInside' },
  // an id stored in an int
  'intAsAny.ts': { expected: { error: 'VALUE' } },
  'intPlus.ts': { expected: THROW },
  'intNumber.ts': { expected: THROW },
  'intIdName.ts': { expected: SYMMETRY, hidden: 'heldInside' },
  'intDescription.ts': { expected: SYMMETRY, hidden: 'heldInside' },
  // ids of two scalarsets compared
  'crossEq.ts': { expected: { violation: 'heldInside' } },
  'crossZip.ts': { expected: SYMMETRY, hidden: 'heldInside' },
  'crossIdName.ts': { expected: SYMMETRY, hidden: 'heldInside' },
  // a constant id
  'constGuard.ts': { expected: SYMMETRY },
  'constEffect.ts': { expected: SYMMETRY, hidden: 'heldInside' },
  'constInvariant.ts': { expected: SYMMETRY, hidden: 'lastNeverHolds' },
  'constDeep.ts': { expected: SYMMETRY, hidden: 'heldInside' },
};

const dir = 'test/symmetry/breaks';

/** What a run ends with: ok, the violated property, or the error's code. */
async function outcome(file: string, request: CheckRequest = {}): Promise<Expected | 'ok' | 'incomplete'> {
  const { result } = await check(`${dir}/${file}`, request);
  if (result.result === 'violation') return { violation: result.violation.property };
  if (result.result === 'error') return { error: result.error.code as 'SYMMETRY' };
  return result.result;
}

describe('symmetry breaks: the default check never says "no violation"', () => {
  it('the table lists every spec in the folder, at least three per kind', () => {
    expect(Object.keys(cases).sort()).toEqual(readdirSync(dir).filter((f) => f.endsWith('.ts')).sort());
    for (const kind of ['lt', 'first|last(At|Loop)', 'indexOf|lastIndexOf|findIndex', 'int', 'cross', 'const']) {
      expect(Object.keys(cases).filter((f) => new RegExp(`^(${kind})`).test(f)).length, kind).toBeGreaterThanOrEqual(3);
    }
  });
  for (const [file, c] of Object.entries(cases)) {
    const name = `${file}: ${'violation' in c.expected ? `violation of ${c.expected.violation}` : `error[${c.expected.error}]`}`;
    it(name, async () => {
      expect(await outcome(file)).toEqual(c.expected);
    });
    if (c.hidden) {
      it(`${file}: the break matters: trusting the declaration hides the bug that --no-symmetry finds (${c.hidden})`, async () => {
        expect(await outcome(file, { checkSymmetry: false })).toBe('ok');
        expect(await outcome(file, { symmetry: false })).toEqual({ violation: c.hidden });
      });
    }
  }
});
