// What a checkpoint belongs to: everything that decides which states a search stores, in which order,
// and how they are packed. A resumed search must be the very search that was saved; any difference is
// named (file, parameter, option; old and new value) and the resume refused.
//
// The spec's source: the SHA-256 of the spec file and of every file it imports by a relative path
// ('./x', '../y'), followed transitively. Imports are found by a regular expression over `import ...
// from`, `export ... from`, `import '...'` and `import('...')` with a literal path; packages
// ('interleave', node_modules) are not hashed (the tool's version stands for 'interleave'). A file
// reached only through a computed path is missed.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompiledModel } from '../compile.ts';
import type { BitstateOptions } from '../BitStateSet.ts';
import { toolBuild } from './toolBuild.ts';

/** Labels (e.g. `param N`, `spec file lock.ts`) and their values. */
export type SearchIdentity = Readonly<Record<string, string>>;

/** What identifies a search besides the model. */
export interface IdentityInputs {
  readonly file: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly symmetry: boolean;
  readonly deadlock: 'tlc' | 'murphi' | 'off';
  readonly skipProperties: readonly string[];
  readonly bitstate?: BitstateOptions;
  /** Whether the stores spill to files (`--disk`; not which folder: a checkpoint resumes into any). */
  readonly disk?: boolean;
}

export function searchIdentity(model: CompiledModel, inputs: IdentityInputs): SearchIdentity {
  const id: Record<string, string> = { 'tool version': toolVersion(), 'tool build': toolBuild(codeRoot()) };
  for (const [file, hash] of Object.entries(sourceHashes(inputs.file))) id[`spec file ${file}`] = hash;
  for (const [k, v] of Object.entries(inputs.params)) id[k === 'variant' ? 'variant' : `param ${k}`] = JSON.stringify(v);
  id.symmetry = inputs.symmetry ? 'on' : 'off';
  id.deadlock = inputs.deadlock;
  id['skipped properties'] = [...inputs.skipProperties].sort().join(', ') || '(none)';
  const b = inputs.bitstate;
  id.bitstate = b ? `${b.bits} bits, ${b.hashes ?? 3} hashes, seed ${b.seed ?? 0}` : 'off';
  id.disk = inputs.disk ? DISK_ON : DISK_OFF;
  id.actions = `${model.instances.length} action instances, ${short(model.instances.map((i) => i.name))}`;
  id.properties = [...model.invariants.map((p) => p.name), ...model.actionInvariants.map((p) => p.name), ...model.covers.map((p) => p.name), ...model.constraints.map((p) => p.name)].join(', ');
  id['state layout'] = `${model.layout.slotCount} slots, ${short([model.layout.paths, model.layout.cards])}`;
  id.packing = `${model.packing.words} words, ${model.packing.bits} bits`;
  id['byte order'] = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 'little-endian' : 'big-endian';
  return id;
}

const DISK_ON = 'on (the stores spill to files)';
const DISK_OFF = 'off (the stores are in memory)';

/** Whether the search of a checkpoint's identity ran with --disk (its stores are saved in their disk formats). */
export function savedWithDisk(id: SearchIdentity): boolean {
  return id.disk === DISK_ON;
}

/** A short hash of a value, for the identity's derived entries. */
const short = (v: unknown) => `#${createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 12)}`;

/** Entries that follow from the others (spec, parameters): named only when nothing else differs. */
const DERIVED = new Set(['actions', 'properties', 'state layout', 'packing']);

/**
 * The differences, as `label: old in the checkpoint, new now` lines; empty when the two are the same search.
 * `--disk` may be added on resume (a search stopped for memory goes on with the disk stores:
 * checker/disk/fromMemory.ts), not dropped.
 */
export function identityDifferences(saved: SearchIdentity, now: SearchIdentity): string[] {
  const all = differences(saved, now);
  const primary = all.filter((d) => !DERIVED.has(d.key));
  return (primary.length ? primary : all).map((d) => d.line);
}

function differences(saved: SearchIdentity, now: SearchIdentity): { key: string; line: string }[] {
  const out: { key: string; line: string }[] = [];
  const shown = (v: string | undefined) => (v === undefined ? '(absent)' : /^[0-9a-f]{64}$/.test(v) ? `sha256 ${v.slice(0, 12)}…` : v);
  for (const k of new Set([...Object.keys(saved), ...Object.keys(now)])) {
    if (saved[k] === now[k] || (k === 'disk' && saved[k] === DISK_OFF && now[k] === DISK_ON)) continue;
    const fix = k === 'disk' && saved[k] === DISK_ON ? ': resume it with --disk DIR (any folder)' : '';
    out.push({ key: k, line: `${k}: ${shown(saved[k])} in the checkpoint, ${shown(now[k])} now${fix}` });
  }
  return out;
}

/** The SHA-256 of the spec file and of the local files it imports, by path relative to the spec's folder. */
export function sourceHashes(specFile: string): Record<string, string> {
  const root = dirname(resolve(specFile));
  const out: Record<string, string> = {};
  const todo = [resolve(specFile)];
  const seen = new Set<string>();
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    const text = readFileSync(f);
    out[relative(root, f) || f] = createHash('sha256').update(text).digest('hex');
    for (const m of text.toString('utf8').matchAll(IMPORT)) {
      const target = localFile(dirname(f), m[1] ?? m[2] ?? m[3]!);
      if (target) todo.push(target);
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

const IMPORT = /(?:import|export)\s[^'";]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|import\s+['"](\.{1,2}\/[^'"]+)['"]/g;

/** The file a relative import names (as TypeScript resolves `./x.js` to `./x.ts`), or null. */
function localFile(from: string, spec: string): string | null {
  const base = resolve(from, spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, `${base}.js`, join(base, 'index.ts'), join(base, 'index.js')];
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return c;
  return null;
}

/**
 * The folder whose spec/ and checker/ the tool build hashes: the package root when running from sources, and
 * also when running from dist/ beside the sources (a checkout: bin/interleave.js runs dist/ only while it is at
 * least as new as the sources, so they are its code, and a run from either is the same build); dist/ alone in
 * an installed package.
 */
function codeRoot(): string {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  if (basename(root) === 'dist' && existsSync(join(root, '..', 'checker', 'checkpoint', 'toolBuild.ts'))) return resolve(root, '..');
  return root;
}

let version: string | undefined;
/** The tool's version, from its package.json (sources or dist/). */
export function toolVersion(): string {
  if (version) return version;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'interleave') return (version = pkg.version ?? 'unknown');
    }
    const up = dirname(dir);
    if (up === dir) return (version = 'unknown');
    dir = up;
  }
}

