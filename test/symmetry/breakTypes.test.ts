// What tsc refuses of the symmetry breaks in breaks/ (checked by `tsc --noEmit`, which `npm test` runs
// first): each @ts-expect-error below is a break that does not type-check. The rest (a constant id, an
// iteration order, indexOf on a copied array, an id's printed name turned into a number or an order)
// type-checks and is left to the run time and the sampled symmetry test (breaks.test.ts).
import { describe, expectTypeOf, it } from 'vitest';
import { array, bool, int, mapOf, model, scalarset, type Id } from '../../spec/index.ts';

const Proc = scalarset('Proc', 3);
const Dev = scalarset('Dev', 3);

describe('ids are opaque to tsc', () => {
  it('refuses an order, arithmetic and conversion to a number or a string', () => {
    const [p, q] = [Proc.values[0]!, Proc.values[1]!];
    expectTypeOf(p).toEqualTypeOf<Id<'Proc'>>();
    const refused = () => {
      // @ts-expect-error ids have no order
      void (p < q);
      // @ts-expect-error ids have no order
      void (p >= q);
      // @ts-expect-error no arithmetic
      void (p + 1);
      // @ts-expect-error no arithmetic
      void (-p);
      // @ts-expect-error a template literal converts the id to a string
      void `${p}`;
    };
    void refused;
  });
  it('refuses the positions of Proc.values: indexOf, lastIndexOf, findIndex, findLastIndex', () => {
    const p = Proc.values[0]!;
    const refused = () => {
      // @ts-expect-error no indexOf on the ids of a scalarset
      Proc.values.indexOf(p);
      // @ts-expect-error no lastIndexOf
      Proc.values.lastIndexOf(p);
      // @ts-expect-error no findIndex
      Proc.values.findIndex((q) => q === p);
      // @ts-expect-error no findLastIndex
      Proc.values.findLastIndex((q) => q === p);
    };
    void refused;
  });
  it('refuses comparing, storing or keying across two scalarsets', () => {
    const [p, d] = [Proc.values[0]!, Dev.values[0]!];
    expectTypeOf<Id<'Proc'>>().not.toEqualTypeOf<Id<'Dev'>>();
    const refused = () => {
      // @ts-expect-error a Proc and a Dev never compare equal
      void (p === d);
      // @ts-expect-error a Dev is not a Proc
      const q: Id<'Proc'> = d;
      void q;
    };
    void refused;
  });
  it('refuses an id stored in an int, used as an array index, or as a key of a map over another domain', () => {
    model({ n: int(0, 2), a: array(bool, 3), m: mapOf(Dev, bool), k: mapOf(int(0, 2), bool) }).action('x', { p: Proc }, {
      effect: (s, { p }) => {
        // @ts-expect-error an id is not an int
        s.n = p;
        // @ts-expect-error an id is not an array index
        s.a[p] = true;
        // @ts-expect-error a map over Dev is not keyed by a Proc
        s.m[p] = true;
        // @ts-expect-error a map over ints is not keyed by an id
        s.k[p] = true;
      },
    });
  });
});
