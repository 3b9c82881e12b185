// The cost of the spec audit (checker/SpecAudit.ts): the same search without it, with the determinism
// re-runs only, and with the sampled symmetry test too, in interleaved rounds; prints the medians.
// usage: node --import tsx bench/audit.ts <spec.ts> [k=v ...] [--rounds 6]
import { bfs } from '../checker/bfs.ts';
import { loadModel } from '../checker/loadSpec.ts';
import { SpecAudit } from '../checker/SpecAudit.ts';
import { symmetryOf } from '../checker/symmetry/Symmetry.ts';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : 6;
const [file, ...params] = args;
if (!file) throw new Error('usage: node --import tsx bench/audit.ts <spec.ts> [k=v ...] [--rounds 6]');
const { model } = await loadModel(file, params);
const modes = ['none', 'determinism', 'full'] as const;
const times: Record<(typeof modes)[number], number[]> = { none: [], determinism: [], full: [] };
for (let r = 0; r < rounds; r++) {
  // alternate the order, so that warm-up and the machine's drift do not favour one mode
  for (const mode of r % 2 ? [...modes] : [...modes].reverse()) {
    const audit = mode === 'none' ? undefined : new SpecAudit(model, mode === 'full' ? symmetryOf(model) : null);
    const started = performance.now();
    const result = await bfs(model, { canonicalize: symmetryOf(model)?.canonicalize, audit });
    times[mode].push(performance.now() - started);
    if (r === 0 && mode === 'full') console.log(`${file} ${params.join(' ')}: ${result.result === 'error' ? result.error.message : `${result.distinctStates.toLocaleString('en-US')} states`}; sampled ${JSON.stringify(audit?.figures)}`);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const base = median(times.none);
for (const mode of modes) console.log(`  ${mode.padEnd(12)} ${Math.round(median(times[mode]))} ms  ${(median(times[mode]) / base).toFixed(2)}x`);
