// `npm run bench -- --startup`: the tool's start-up, as wall time of whole processes: `interleave --help`
// and a check of a 10-state spec (bench/models/counter10.ts), from the compiled dist/ (built first) and
// from the TypeScript sources (INTERLEAVE_FROM_SOURCE=1). A figure, not a test: the median of
// interleaved rounds (each round runs every case once), so that a slow spell on a shared machine hits
// all of them.
// usage: node --import tsx bench/startup.ts [--runs k] [--compare other/checkout/bin/interleave.js]
// (--compare adds that checkout's two figures to the rounds, e.g. an unbuilt copy of main: before and after)
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({ options: { runs: { type: 'string', default: '7' }, compare: { type: 'string' }, startup: { type: 'boolean' } } });
const runs = Number(opts.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`bench: --runs must be a positive integer, not ${opts.runs}\n`);
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = `${root}bin/interleave.js`;
const spec = `${root}bench/models/counter10.ts`;

interface Case {
  readonly title: string;
  readonly bin?: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
}
const cases: Case[] = [
  { title: 'interleave --help', args: ['--help'] },
  { title: 'interleave check counter10.ts (10 states)', args: ['check', spec] },
  { title: 'interleave --help, from sources', args: ['--help'], env: { INTERLEAVE_FROM_SOURCE: '1' } },
  { title: 'interleave check counter10.ts, from sources', args: ['check', spec], env: { INTERLEAVE_FROM_SOURCE: '1' } },
];
if (opts.compare) {
  cases.push({ title: `interleave --help, ${opts.compare}`, args: ['--help'], bin: opts.compare });
  cases.push({ title: `interleave check counter10.ts, ${opts.compare}`, args: ['check', spec], bin: opts.compare });
}

process.stderr.write('building dist/ (npm run build)\n');
const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(1);

/** Wall seconds of one `node bin ...args` to its exit; fails loudly on a non-zero exit. */
function wall(c: Case): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [c.bin ?? bin, ...c.args], { encoding: 'utf8', env: { ...process.env, ...c.env } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`${c.title}: exit ${r.status}\n${r.stderr}`);
  return seconds;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const load = loadavg()[0]!.toFixed(2);
const times = cases.map(() => [] as number[]);
for (const c of cases) wall(c); // warm the file cache and tsx's transform cache
for (let round = 0; round < runs; round++) {
  process.stderr.write(`round ${round + 1}/${runs}\n`);
  cases.forEach((c, i) => times[i]!.push(wall(c)));
}
console.log(`start-up, ${bin}: wall time, median of ${runs} interleaved rounds (node ${process.version}, ${cpus().length} cores, load ${load} -> ${loadavg()[0]!.toFixed(2)})`);
console.log('| case | median s | min s | max s |');
console.log('|---|---|---|---|');
cases.forEach((c, i) => {
  const t = times[i]!;
  console.log(`| ${c.title} | ${median(t).toFixed(2)} | ${Math.min(...t).toFixed(2)} | ${Math.max(...t).toFixed(2)} |`);
});
