// `--disk` against the in-memory search: states/s and the most memory the search's arrays held, per state,
// on dining N=16 asym (1,136,689 states) by default. Each run is a fresh process; the modes are taken in
// turn round after round (the machine is shared), and the figures are medians.
//   memory   the default search
//   disk     --disk with a memory budget of --max-memory MiB (default 16): the visited table is merged
//            into its file every time it holds the budget's share of keys, the queue's middle and the
//            parent log are on disk
// usage: node --conditions=interleave-source --import tsx bench/disk.ts [--rounds 3] [--max-memory 16] [--spec f --param k=v ...]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { check } from '../checker/check.ts';
import { MemoryBudget } from '../checker/memory.ts';
import { median } from './Measurement.ts';
import { runProcess } from './runProcess.ts';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const self = fileURLToPath(import.meta.url);

/** A budget that remembers the most it held. */
class PeakBudget extends MemoryBudget {
  peak = 0;
  override reserve(bytes: number): void {
    super.reserve(bytes);
    this.peak = Math.max(this.peak, this.used);
  }
}

interface Job {
  readonly spec: string;
  readonly params: string[];
  readonly maxMemoryMiB: number | null;
  readonly dir: string | null;
}
interface Figures {
  readonly result: string;
  readonly states: number;
  readonly statesPerSecond: number;
  readonly peakBytes: number;
  readonly maxRssBytes: number;
}

async function child(job: Job): Promise<void> {
  const budget = new PeakBudget(job.maxMemoryMiB !== null ? job.maxMemoryMiB * 2 ** 20 : 2 ** 34);
  const { result } = await check(job.spec, { paramPairs: job.params, memory: budget, ...(job.dir ? { disk: { dir: job.dir } } : {}) });
  if (result.result === 'error') throw result.error;
  const figures: Figures = {
    result: result.result,
    states: result.distinctStates,
    statesPerSecond: result.statesPerSecond,
    peakBytes: budget.peak,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  console.log(JSON.stringify(figures));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'string' },
      rounds: { type: 'string', default: '3' },
      'max-memory': { type: 'string', default: '16' },
      spec: { type: 'string', default: 'bench/models/dining.ts' },
      param: { type: 'string', multiple: true, default: ['n=16', 'asym=true'] },
    },
  });
  if (values.child) return child(JSON.parse(values.child) as Job);
  const rounds = Number(values.rounds);
  const dir = mkdtempSync(join(tmpdir(), 'interleave-bench-disk-'));
  const modes: [string, Job][] = [
    ['memory', { spec: values.spec, params: values.param, maxMemoryMiB: null, dir: null }],
    [`disk, --max-memory ${values['max-memory']}`, { spec: values.spec, params: values.param, maxMemoryMiB: Number(values['max-memory']), dir }],
  ];
  const got = modes.map((): Figures[] => []);
  try {
    for (let r = 1; r <= rounds; r++) {
      for (const [m, [name, job]] of modes.entries()) {
        const run = await runProcess(process.execPath, ['--conditions=interleave-source', '--import', 'tsx', self, '--child', JSON.stringify(job)], repoRoot);
        const f = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as Figures;
        got[m]!.push(f);
        console.error(`round ${r}/${rounds} ${name}: ${f.result}, ${f.states.toLocaleString('en-US')} states, ${f.statesPerSecond.toLocaleString('en-US')}/s, ${(f.peakBytes / f.states).toFixed(1)} B/state`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n${values.spec} ${values.param.join(' ')}: median of ${rounds} interleaved rounds`);
  console.log('| mode | states | states/s | vs memory | arrays peak MiB | per state B | peak RSS MiB |');
  console.log('|---|---|---|---|---|---|---|');
  const base = median(got[0]!.map((f) => f.statesPerSecond));
  for (const [m, [name]] of modes.entries()) {
    const fs = got[m]!;
    const sps = median(fs.map((f) => f.statesPerSecond));
    const bytes = median(fs.map((f) => f.peakBytes));
    const rss = median(fs.map((f) => f.maxRssBytes / 2 ** 20));
    console.log(`| ${name} | ${fs[0]!.states.toLocaleString('en-US')} | ${Math.round(sps).toLocaleString('en-US')} | ${(sps / base).toFixed(2)}x | ${(bytes / 2 ** 20).toFixed(1)} | ${(bytes / fs[0]!.states).toFixed(1)} | ${rss.toFixed(0)} |`);
  }
}

await main();
