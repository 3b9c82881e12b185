// The visited set alone: ns per insert of random 64-bit keys (a fifth of them repeats, as a search
// generates duplicates), bytes per key and peak RSS. A figure, not a test.
// usage: node --import tsx bench/storeInserts.ts [keys, default 50000000] [--ids]
import { MemoryBudget } from '../checker/memory.ts';
import { StateStore } from '../checker/StateStore.ts';

const n = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 50_000_000);
const withIds = process.argv.includes('--ids');
const budget = new MemoryBudget(2 ** 40);
const store = new StateStore(1 << 16, withIds, budget);
let a = 0x9e3779b9;
/** mulberry32: deterministic keys, cheap next to a probe */
const next = () => {
  a = (a + 0x6d2b79f5) >>> 0;
  let t = Math.imul(a ^ (a >>> 15), a | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
};
let hi = 0;
let lo = 0;
let fresh = 0;
// the longest pause: the slowest block of 4096 inserts (a growth step falls in one)
let worstMs = 0;
let blockStart = performance.now();
const started = process.hrtime.bigint();
for (let k = 0; k < n; k++) {
  if ((k & 4095) === 0) {
    const now = performance.now();
    worstMs = Math.max(worstMs, now - blockStart);
    blockStart = now;
  }
  // every fifth key repeats an earlier one (one of every 1000 fresh keys is kept for that)
  if (k % 5 === 4) {
    store.insert(hi, lo);
  } else {
    const h = next();
    const l = next();
    if (k % 1000 === 0) {
      hi = h;
      lo = l;
    }
    if (store.insert(h, l) >= 0) fresh++;
  }
}
const ns = Number(process.hrtime.bigint() - started) / n;
const mib = (b: number) => (b / 2 ** 20).toFixed(0);
process.stdout.write(
  `${n.toLocaleString('en')} inserts (${fresh.toLocaleString('en')} new), ${withIds ? 'with ids' : 'no ids'}: ` +
    `${ns.toFixed(1)} ns/insert, table ${mib(store.bytes)} MiB = ${(store.bytes / store.size).toFixed(1)} B/key, ` +
    `slowest 4096 inserts ${worstMs.toFixed(1)} ms, peak RSS ${mib(process.resourceUsage().maxRSS * 1024)} MiB\n`,
);
