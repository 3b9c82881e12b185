// Exact counts with symmetry on and off: Murphi's published figures for its mutual-exclusion
// examples (ex/mux/n_peterson.m and ex/mux/mcslock1.m, "Summary of Result" at the end of each
// file; rules fired + 1 initial state = generated), the filter-lock twin's orbit count measured with
// Rumur's exhaustive symmetry reduction, and orbit counts of a naive search written here. Under
// symmetry the sizes of the stored orbits add up to the count without symmetry.
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { permutationsOf } from './support.ts';

/** Distinct and generated states; under symmetry also the states the orbits stand for (sum of orbit sizes). */
async function counts(file: string, symmetry: boolean, ...params: string[]) {
  const run = await check(file, { paramPairs: params, symmetry });
  if (run.result.result === 'error') throw run.result.error;
  expect(run.result.result).toBe('ok');
  expect(run.symmetry).toBe(symmetry);
  const r = run.result as { distinctStates: number; generatedStates: number; fullStates?: number };
  return { distinct: r.distinctStates, generated: r.generatedStates, ...(symmetry ? { full: r.fullStates } : {}) };
}

describe('Murphi n_peterson (Peterson for n processes)', () => {
  it('3 processes: 882 states, 2,646 rules fired without symmetry; 172 states, 516 rules with (-sym1)', async () => {
    expect(await counts('models/classic/n_peterson.ts', false, 'n=3')).toEqual({ distinct: 882, generated: 2647 });
    expect(await counts('models/classic/n_peterson.ts', true, 'n=3')).toEqual({ distinct: 172, generated: 517, full: 882 });
  });
  it('5 processes: 628,868 states, 3,144,340 rules fired without symmetry; 6,770 states, 33,850 rules with', async () => {
    expect(await counts('models/classic/n_peterson.ts', false, 'n=5')).toEqual({ distinct: 628_868, generated: 3_144_341 });
    expect(await counts('models/classic/n_peterson.ts', true, 'n=5')).toEqual({ distinct: 6_770, generated: 33_851, full: 628_868 });
  });
});

describe('Murphi mcslock1 (MCS queue lock with compare-and-swap)', () => {
  it('2 processes: 159 states, 318 rules fired without symmetry; 81 states, 162 rules with', async () => {
    expect(await counts('models/classic/mcslock1.ts', false, 'n=2')).toEqual({ distinct: 159, generated: 319 });
    expect(await counts('models/classic/mcslock1.ts', true, 'n=2')).toEqual({ distinct: 81, generated: 163, full: 159 });
  });
  it('3 processes: 7,597 states, 22,791 rules fired without symmetry; 1,285 states, 3,855 rules with', async () => {
    expect(await counts('models/classic/mcslock1.ts', false, 'n=3')).toEqual({ distinct: 7_597, generated: 22_792 });
    expect(await counts('models/classic/mcslock1.ts', true, 'n=3')).toEqual({ distinct: 1_285, generated: 3_856, full: 7_597 });
  });
  it('4 processes with symmetry: 23,636 states, 94,544 rules fired (-sym1), standing for the 554,221 states of -nosym', async () => {
    expect(await counts('models/classic/mcslock1.ts', true, 'n=4')).toEqual({ distinct: 23_636, generated: 94_545, full: 554_221 });
  });
});

describe('filter lock twin (process ids as a scalarset)', () => {
  it('6 processes with symmetry: 4,789 orbits (Rumur --symmetry-reduction exhaustive), standing for the 2,111,008 states of the twins', async () => {
    const { distinct, full } = await counts('bench/models/filter.ts', true, 'n=6', 'symmetric=true');
    expect({ distinct, full }).toEqual({ distinct: 4_789, full: 2_111_008 });
  });
  for (const n of [3, 4]) {
    it(`${n} processes: states and orbits equal those of a naive search that tries all ${n}! permutations`, async () => {
      const naive = naiveFilter(n);
      expect((await counts('bench/models/filter.ts', false, `n=${n}`, 'symmetric=true')).distinct).toBe(naive.states);
      const reduced = await counts('bench/models/filter.ts', true, `n=${n}`, 'symmetric=true');
      expect({ orbits: reduced.distinct, states: reduced.full }).toEqual(naive);
    });
  }
});

/**
 * The filter lock of ../shared/twins/README.md as plain objects, searched twice: over states, and
 * over orbits keyed by the least JSON text among all n! renamings of the processes.
 */
function naiveFilter(n: number): { states: number; orbits: number } {
  interface S {
    pc: number[]; // 0 idle, 1 set victim, 2 wait, 3 critical section
    lv: number[];
    victim: (number | null)[]; // index l - 1 for level l
  }
  const successors = (s: S): S[] => {
    const out: S[] = [];
    for (let i = 0; i < n; i++) {
      const t: S = { pc: [...s.pc], lv: [...s.lv], victim: [...s.victim] };
      const l = s.lv[i]!;
      if (s.pc[i] === 0) {
        t.lv[i] = 1;
        t.pc[i] = 1;
      } else if (s.pc[i] === 1) {
        t.victim[l - 1] = i;
        t.pc[i] = 2;
      } else if (s.pc[i] === 2) {
        const others = s.lv.every((k, j) => j === i || k < l);
        if (s.victim[l - 1] === i && !others) continue;
        if (l === n - 1) t.pc[i] = 3;
        else {
          t.lv[i] = l + 1;
          t.pc[i] = 1;
        }
      } else {
        t.lv[i] = 0;
        t.pc[i] = 0;
      }
      out.push(t);
    }
    return out;
  };
  const perms = permutationsOf(n);
  const renamed = (s: S, p: number[]): S => {
    const t: S = { pc: [...s.pc], lv: [...s.lv], victim: s.victim.map((v) => (v === null ? null : p[v]!)) };
    for (let i = 0; i < n; i++) {
      t.pc[p[i]!] = s.pc[i]!;
      t.lv[p[i]!] = s.lv[i]!;
    }
    return t;
  };
  const orbitKey = (s: S): string => perms.map((p) => JSON.stringify(renamed(s, p))).reduce((a, b) => (b < a ? b : a));
  const search = (key: (s: S) => string): number => {
    const init: S = { pc: Array(n).fill(0), lv: Array(n).fill(0), victim: Array(n - 1).fill(null) };
    const seen = new Set([key(init)]);
    const queue = [init];
    while (queue.length) {
      for (const t of successors(queue.shift()!)) {
        const k = key(t);
        if (!seen.has(k)) {
          seen.add(k);
          queue.push(t);
        }
      }
    }
    return seen.size;
  };
  return { states: search((s) => JSON.stringify(s)), orbits: search(orbitKey) };
}
