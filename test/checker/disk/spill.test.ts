// The stores of `--disk` against plain models: the spill queue keeps FIFO order across its memory
// chunks and its file (and the file's truncation and reuse), the disk visited set answers as a JS Set
// over random keys (with (0,0), duplicates and keys whose top bit is set), the parent log reads back
// what was pushed, and the private directory is gone after `close`.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskSpace } from '../../../checker/disk/DiskSpace.ts';
import { SpillLog } from '../../../checker/disk/SpillLog.ts';
import { SpillQueue } from '../../../checker/disk/SpillQueue.ts';
import { MemoryBudget } from '../../../checker/memory.ts';
import { SpecError } from '../../../checker/SpecError.ts';
import { random32 } from '../../random32.ts';

const root = mkdtempSync(join(tmpdir(), 'interleave-disk-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const space = (options: Partial<Parameters<typeof DiskSpace.open>[0]> = {}, budget = new MemoryBudget(2 ** 30)) => DiskSpace.open({ dir: root, ...options }, budget);

describe('SpillQueue', () => {
  it('100 records of 3 words, 4 per chunk, 3 chunks of memory: 22 chunks go to the file and come back in order', () => {
    const s = space();
    const small = new SpillQueue(3, s, 3 * 48, 4);
    const rec = new Uint32Array(3);
    for (let i = 0; i < 100; i++) {
      rec.set([i, i * 7, 0xffffffff - i]);
      small.push(rec, 0);
      expect(small.bytes).toBeLessThanOrEqual(3 * 48);
    }
    expect(small.spilledChunks).toBe(22);
    expect([small.length, small.peak]).toEqual([100, 100]);
    const out = new Uint32Array(3);
    for (let i = 0; i < 100; i++) {
      small.shift(out);
      expect([...out]).toEqual([i, i * 7, 0xffffffff - i]);
    }
    expect(small.length).toBe(0);
    s.close();
  });

  it('random pushes and shifts: the order of a JS array, the file drained 12 times and started again', () => {
    const s = space();
    const budget = s.budget;
    const before = budget.used;
    const q = new SpillQueue(2, s, 4 * 40, 5);
    const model: number[] = [];
    const next = random32(7);
    const rec = new Uint32Array(2);
    const out = new Uint32Array(2);
    let n = 0;
    for (let step = 0; step < 20_000; step++) {
      // phases of growth and of draining, so the file fills, empties and starts again
      const growing = Math.floor(step / 1000) % 2 === 0;
      if (model.length === 0 || next() % 100 < (growing ? 70 : 30)) {
        rec[0] = n;
        rec[1] = next();
        model.push(n, rec[1]);
        q.push(rec, 0);
        n++;
      } else {
        q.shift(out);
        expect([out[0], out[1]]).toEqual(model.splice(0, 2));
      }
      expect(q.length).toBe(model.length / 2);
      expect(q.bytes).toBeLessThanOrEqual(4 * 40 + 40); // the budget, plus a chunk read back
    }
    expect([q.spilledChunks, q.drained]).toEqual([1968, 12]);
    while (q.length > 0) {
      q.shift(out);
      expect([out[0], out[1]]).toEqual(model.splice(0, 2));
    }
    expect(budget.used - before).toBe(q.bytes);
    s.close();
  });
});

describe('DiskVisitedSet', () => {
  it('60,000 inserts of 20,000 random keys (with (0,0) and top-bit keys) answer as a JS Set; ids 0, 1, 2, ... in order', () => {
    const s = space({ tableKeys: 1000, pageKeys: 16 });
    const set = s.visitedSet();
    const next = random32(13);
    const pool: [number, number][] = [[0, 0], [0, 1], [1, 0], [0xffffffff, 0xffffffff], [0x80000000, 0]];
    while (pool.length < 20_000) pool.push([next() % 4 === 0 ? next() & 0xff : next(), next()]);
    const model = new Set<string>();
    for (let i = 0; i < 60_000; i++) {
      const [hi, lo] = pool[next() % pool.length]!;
      const k = `${hi}:${lo}`;
      const expected = model.has(k) ? -1 : model.size;
      model.add(k);
      expect(set.insert(hi, lo)).toBe(expected);
    }
    // every key of the pool: in the set exactly when it was inserted
    for (const [hi, lo] of pool) expect(set.insert(hi, lo) === -1).toBe(model.has(`${hi}:${lo}`));
    expect(set.size).toBe(model.size + pool.filter(([hi, lo]) => !model.has(`${hi}:${lo}`)).length);
    expect(set.merges).toBe(77);
    set.flush();
    expect(set.diskKeys).toBe(set.size);
    s.close();
  });

  it('keys as signed numbers (the fingerprint words bfs.ts passes may be negative) are the same keys', () => {
    const s = space({ tableKeys: 2, pageKeys: 2 });
    const set = s.visitedSet();
    expect([set.insert(-1, -2), set.insert(5, 6), set.insert(7, 8)]).toEqual([0, 1, 2]);
    expect(set.merges).toBe(1);
    expect([set.insert(0xffffffff, 0xfffffffe), set.insert(-1, -2), set.insert(5, 6)]).toEqual([-1, -1, -1]);
    s.close();
  });
});

describe('SpillLog', () => {
  it('10,000 entries in chunks of 64: every entry reads back, from the file or from memory', () => {
    const s = space();
    const small = new SpillLog(s, 'parents', (n) => new Int32Array(n), 64);
    const ordinals = new SpillLog(s, 'ordinals', (n) => new Uint16Array(n), 64);
    for (let i = 0; i < 10_000; i++) {
      small.push(i % 3 === 0 ? -1 - i : i * 1000);
      ordinals.push(i % 65536);
    }
    for (let i = 0; i < 10_000; i++) {
      expect(small.get(i)).toBe(i % 3 === 0 ? -1 - i : i * 1000);
      expect(ordinals.get(i)).toBe(i % 65536);
    }
    expect(small.bytes).toBe(64 * 4);
    s.close();
  });
});

describe('DiskSpace', () => {
  it('makes a private directory under DIR and removes it on close', () => {
    const s = space();
    s.queue(1);
    expect(readdirSync(s.path)).toEqual(['queue.bin']);
    s.close();
    expect(existsSync(s.path)).toBe(false);
    expect(existsSync(root)).toBe(true);
  });

  it('a DIR that cannot be made is a USAGE error that names it', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    let error: unknown;
    try {
      DiskSpace.open({ dir: join(file, 'sub') }, new MemoryBudget(2 ** 20));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).code).toBe('USAGE');
    expect((error as SpecError).message).toMatch(/^--disk .*a-file\/sub: cannot write there \(ENOTDIR/);
  });
});
