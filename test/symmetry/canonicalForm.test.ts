// The canonical form is exact: it is the same for every state of an orbit and it lies in the orbit;
// and the orbit size (the group's order over the stabilizer's) is the number of distinct images.
// Checked against brute force over the whole symmetry group, on every reachable state of small
// models and on random slot vectors of a layout that uses every way an id can occur.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../checker/compile.ts';
import { symmetryOf, type Symmetry } from '../../checker/symmetry/Symmetry.ts';
import { array, bool, int, mapOf, model, option, record, ref, scalarset, seq, setOf, union } from '../../spec/index.ts';
import { compiled, groupOf, reachable } from './support.ts';

/** Checks exactness and orbit sizes on the given states; returns the number of orbits (distinct canonical forms) and the brute-force count. */
function exactness(symmetry: Symmetry, states: readonly Int32Array[]): { canonical: number; bruteForce: number } {
  const group = groupOf(symmetry);
  const n = states[0]!.length;
  const canon = new Int32Array(n);
  const image = new Int32Array(n);
  const imageCanon = new Int32Array(n);
  const perm = new Int32Array(symmetry.roles.ids);
  const canonical = new Set<string>();
  const leastImages = new Set<string>();
  for (const s of states) {
    symmetry.canonicalizeWithPermutation(s, canon, perm);
    symmetry.apply(s, image, perm);
    expect(image).toEqual(canon); // the reported permutation maps the state to its canonical form
    const key = canon.join(',');
    let least: string | null = null;
    let leastSlots: Int32Array | null = null;
    const images = new Set<string>();
    for (const g of group) {
      symmetry.apply(s, image, g);
      images.add(image.join(','));
      symmetry.canonicalize(image, imageCanon);
      if (imageCanon.join(',') !== key) throw new Error(`canonical form differs within an orbit: state ${s.join(',')}, permutation ${g.join(',')}`);
      if (!leastSlots || lexLess(image, leastSlots)) {
        leastSlots = image.slice();
        least = image.join(',');
      }
    }
    if (symmetry.orbitSize(s) !== images.size) throw new Error(`orbit size ${symmetry.orbitSize(s)}, brute force ${images.size}: state ${s.join(',')}`);
    canonical.add(key);
    leastImages.add(least!);
  }
  return { canonical: canonical.size, bruteForce: leastImages.size };
}

function lexLess(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

describe('canonical form on every reachable state, against brute force over the group', () => {
  const cases: [string, string, string[], number][] = [
    ['filter lock, 4 processes', 'bench/models/filter.ts', ['n=4', 'symmetric=true'], 5744],
    ['Murphi n_peterson, 3 processes', 'models/classic/n_peterson.ts', ['n=3'], 882],
    ['Murphi mcslock1, 3 processes', 'models/classic/mcslock1.ts', ['n=3'], 7597],
    ['TwoPhase, 3 resource managers (sets over the scalarset)', 'models/classic/twophase.ts', ['rms=3'], 288],
    ['ids in unused slots (a sequence past its length, a null option)', 'test/symmetry/specs/unusedSlots.ts', [], 21],
    ['a TLB as a set of { asid, task, dirty } records, 3 ASIDs x 2 tasks', 'test/checker/specs/tlb.ts', ['asids=3', 'tasks=2', 'cap=2'], 73],
    ['tagged unions holding ids (mailboxes, a lock owner), 3 CPUs', 'test/checker/specs/mailbox.ts', ['cpus=3'], 1340],
  ];
  for (const [name, file, params, states] of cases) {
    it(`${name}: one canonical form per orbit, as many orbits as brute force finds`, async () => {
      const m = await compiled(file, ...params);
      const all = reachable(m);
      expect(all).toHaveLength(states);
      const { canonical, bruteForce } = exactness(symmetryOf(m)!, all);
      expect(canonical).toBe(bruteForce);
    });
  }
});

describe('canonical form on random slot vectors of a layout with every kind of id occurrence', () => {
  const A = scalarset('A', 3);
  const B = scalarset('B', 2);
  const m = compile(
    model({
      owner: mapOf(A, option(B)), // keyed by A, an optional B
      link: mapOf(A, mapOf(A, bool)), // keyed twice by A
      next: mapOf(A, ref(A)), // keyed by A, an A
      members: mapOf(B, setOf(A)), // keyed by B, a set over A
      queue: seq(A, 2), // ids in a sequence
      holder: option(record({ who: A, level: int(0, 2) })), // an id inside a non-inline option
      turn: array(option(A), 2),
      flags: setOf(B),
      entries: setOf(record({ a: A, b: B, again: A })), // records holding ids of both sets, one of them twice
      tagged: mapOf(B, setOf(record({ x: A, n: bool }))), // keyed by B, records holding an A
      either: union({ none: null, one: A, pair: record({ a: A, b: B }) }), // ids under a tag only
      counter: int(0, 1),
    }).build(),
  );
  const symmetry = symmetryOf(m)!;

  it('permutes both scalarsets: 3! x 2! = 12 group elements', () => {
    expect(symmetry.scalarsets.map((s) => s.name)).toEqual(['A', 'B']);
    expect(groupOf(symmetry)).toHaveLength(12);
  });

  it('is invariant under the whole group and lies in the orbit, for 400 random states', () => {
    const slot = m.layout.cards.map((card) => fc.nat({ max: card - 1 }));
    fc.assert(
      fc.property(fc.tuple(...slot), (values) => {
        const { canonical, bruteForce } = exactness(symmetry, [Int32Array.from(values)]);
        return canonical === 1 && bruteForce === 1;
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it('is invariant and lies in the orbit for 400 random states with slots in {0, 1} (many ties between ids)', () => {
    const slot = m.layout.cards.map((card) => fc.nat({ max: Math.min(card - 1, 1) }));
    fc.assert(
      fc.property(fc.tuple(...slot), (values) => {
        const { canonical, bruteForce } = exactness(symmetry, [Int32Array.from(values)]);
        return canonical === 1 && bruteForce === 1;
      }),
      { numRuns: 400, seed: 11 },
    );
  });

  it('moves a map entry with its key and renames the ids it holds', () => {
    const s = new Int32Array(m.layout.slotCount);
    const slotOf = (path: string) => m.layout.paths.indexOf(path);
    // every plain A leaf starts at A0 (index 0); set a few entries apart from that
    s[slotOf('next[A0]')] = 1; // A1
    s[slotOf('link[A0][A2]')] = 1;
    s[slotOf('members[B1]∋A2')] = 1;
    s[slotOf('owner[A1]')] = 2; // B1 (an inline option holds index + 1)
    s[slotOf('entries∋{ a: A0, b: B1, again: A2 }')] = 1;
    s[slotOf('tagged[B0]∋{ x: A1, n: true }')] = 1;
    s[slotOf('either.tag')] = 2; // pair
    s[slotOf('either(pair).a')] = 2; // A2
    const perm = Int32Array.from([1, 2, 0, 1, 0]); // A0->A1, A1->A2, A2->A0; B0<->B1
    const out = new Int32Array(m.layout.slotCount);
    symmetry.apply(s, out, perm);
    const nonZero = m.layout.paths.flatMap((p, i) => (out[i] !== 0 ? [`${p}=${out[i]}`] : []));
    expect(nonZero.sort()).toEqual(
      [
        'next[A1]=2', // next[A0] = A1 became next[A1] = A2
        'next[A0]=1', // next[A2] = A0 became next[A0] = A1
        'next[A2]=1', // next[A1] = A0 became next[A2] = A1
        'link[A1][A0]=1',
        'members[B0]∋A0=1',
        'owner[A2]=1', // B1 became B0
        'entries∋{ a: A1, b: B0, again: A0 }=1', // a record's bit moves with every id it holds
        'tagged[B1]∋{ x: A2, n: true }=1',
        'either.tag=2',
        'either(pair).b=1', // B0 became B1
        // either(pair).a = A2 became A0, which is 0
        // the queue is empty and the holder null: their cells hold 0, which names no id, and stay 0
      ].sort(),
    );
  });
});
