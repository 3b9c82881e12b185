// `interleave review`: for each spec changed between two revisions (or two files), the structural diff
// and both revisions checked with the same parameters for every variant, compared side by side; every
// property the head newly violates gets its counterexample minimized and drawn.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { ParamValue, Spec } from '../../spec/defineSpec.ts';
import type { SourceLocation } from '../../spec/location.ts';
import { importSpec, parseParams } from '../loadSpec.ts';
import type { TraceStep, Violation } from '../result.ts';
import { SpecError } from '../SpecError.ts';
import { traceToMermaid } from '../traces/mermaid.ts';
import { minimizeTrace } from '../traces/minimize.ts';
import { checkEveryProperty, type VariantOutcome } from './checkEveryProperty.ts';
import { declaresSpec, readSpecSource } from './readSpecSource.ts';
import type { CoverageRow, NewCounterexample, NewViolation, ReviewReport, RevisionError, RevisionInfo, RunSummary, SpecReview, VariantReview } from './ReviewReport.ts';
import { changedFiles, checkoutCommit, repositoryRoot, resolveCommit, workingTree, type Checkout } from './revisions.ts';
import type { SpecSource } from './SpecSource.ts';
import { structuralDiff } from './structuralDiff.ts';

/** Options shared by both forms of review. */
export interface ReviewOptions {
  /** `k=v` parameter settings, applied to both revisions. */
  readonly paramPairs?: readonly string[];
  readonly maxStates?: number;
  /** Check only these variants (default: every variant of either revision). */
  readonly variants?: readonly string[];
  /** Stop each search at its first violation (faster; later violations and full counts are then unknown). */
  readonly firstViolationOnly?: boolean;
  /** Also the mutation score of the first variant at both revisions (`interleave mutate`; minutes per spec). */
  readonly mutation?: boolean;
}

/** One side of a spec under review: the file and the folder its paths are shown relative to. */
export interface SpecSide {
  readonly file: string;
  readonly root: string;
}

/** A spec at both revisions (null where the file does not exist). */
export interface SpecPair {
  readonly path: string;
  readonly status: SpecReview['status'];
  readonly base: SpecSide | null;
  readonly head: SpecSide | null;
}

/** Reviews two spec files: `review old.ts new.ts`. */
export async function reviewFiles(oldFile: string, newFile: string, options: ReviewOptions = {}): Promise<ReviewReport> {
  for (const f of [oldFile, newFile]) if (!existsSync(f)) throw new SpecError('SPEC_LOAD', `spec file not found: ${f}`);
  const cwd = process.cwd();
  const pair: SpecPair = { path: newFile, status: 'modified', base: { file: resolve(oldFile), root: cwd }, head: { file: resolve(newFile), root: cwd } };
  return reviewPairs({ label: oldFile }, { label: newFile }, [pair], options);
}

/** What to review in a git repository. */
export interface GitReviewRequest {
  readonly cwd: string;
  readonly base: string;
  /** A revision, or undefined for the working tree as it is. */
  readonly head?: string;
  /** Spec files to review (paths from `cwd`); default: every spec file changed between the revisions. */
  readonly specs?: readonly string[];
}

/** Reviews the specs changed between two git revisions, each checked out in a temporary worktree. */
export async function reviewRevisions(request: GitReviewRequest, options: ReviewOptions = {}): Promise<ReviewReport> {
  const root = repositoryRoot(request.cwd);
  const baseCommit = resolveCommit(root, request.base);
  const headCommit = request.head ? resolveCommit(root, request.head) : null;
  const changes = changedFiles(root, baseCommit, headCommit);
  const checkouts: Checkout[] = [];
  try {
    const base = checkoutCommit(root, baseCommit);
    checkouts.push(base);
    const head = headCommit ? checkoutCommit(root, headCommit) : workingTree(root);
    checkouts.push(head);
    const at = (c: Checkout, path: string | undefined): SpecSide | null => (path && existsSync(resolve(c.dir, path)) ? { file: insideCheckout(c, path), root: c.dir } : null);
    const pairs: SpecPair[] = [];
    if (request.specs?.length) {
      for (const s of request.specs) {
        const path = relative(root, resolve(request.cwd, s)).split('\\').join('/');
        if (!within(path)) throw outsideRepository(s, root);
        const change = changes.find((c) => c.path === path);
        const basePath = change?.basePath ?? path;
        const pair = { path, status: change ? (change.status === 'renamed' ? 'modified' : change.status) : 'unchanged', base: at(base, basePath), head: at(head, path) } as const;
        if (!pair.base && !pair.head) throw new SpecError('SPEC_LOAD', `${s} exists at neither revision`);
        pairs.push(pair);
      }
    } else {
      for (const c of changes) {
        if (!/\.(m?ts|m?js)$/.test(c.path)) continue;
        const pair: SpecPair = { path: c.path, status: c.status === 'renamed' ? 'modified' : c.status, base: at(base, c.basePath ?? c.path), head: at(head, c.path) };
        if ([pair.base, pair.head].some((side) => side && declaresSpec(readFileSync(side.file, 'utf8')))) pairs.push(pair);
      }
    }
    const short = (c: string) => c.slice(0, 7);
    return await reviewPairs(
      { label: request.base, commit: short(baseCommit) },
      headCommit ? { label: request.head!, commit: short(headCommit) } : { label: 'working tree' },
      pairs,
      options,
    );
  } finally {
    for (const c of checkouts.reverse()) c.dispose();
  }
}

const within = (rel: string): boolean => rel !== '..' && !rel.startsWith('../') && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);

function outsideRepository(path: string, root: string, real?: string): SpecError {
  return new SpecError('USAGE', `review: ${path} ${real ? `leads to ${real}, ` : 'is '}outside the repository (${root}): review loads only specs inside it`, {
    hint: 'to compare two files wherever they are: interleave review old.ts new.ts',
  });
}

/** `path` in checkout `c`, refused when it leads (through a symbolic link) outside the checkout. */
function insideCheckout(c: Checkout, path: string): string {
  const file = resolve(c.dir, path);
  const real = realpathSync(file);
  if (!within(relative(realpathSync(c.dir), real))) throw outsideRepository(path, c.dir, real);
  return file;
}

/** Reviews spec pairs whose files are in place. */
export async function reviewPairs(base: RevisionInfo, head: RevisionInfo, pairs: readonly SpecPair[], options: ReviewOptions = {}): Promise<ReviewReport> {
  const specs: SpecReview[] = [];
  for (const pair of pairs) specs.push(await reviewSpec(pair, options));
  const label = (s: SpecReview, v: string | null) => (v ? `${s.name}/${v}` : s.name);
  const newViolations: NewViolation[] = specs.flatMap((s) => s.variants.flatMap((v) => v.newlyFailing.map((property) => ({ spec: label(s, v.variant), variant: v.variant, property }))));
  const errors = specs.flatMap((s) =>
    s.variants.flatMap((v) =>
      (['base', 'head'] as const).flatMap((revision): RevisionError[] => {
        const r = v[revision];
        if (r?.result !== 'error') return [];
        return [{ spec: s.name, variant: v.variant, revision, load: LOAD_ERRORS.has(r.error!.code), code: r.error!.code, message: r.error!.message }];
      }),
    ),
  );
  return { base, head, specs, newViolations, errors, verdict: verdictOf(specs, newViolations, errors) };
}

/** Codes of a spec that does not load or build, as opposed to one that fails during the search. */
const LOAD_ERRORS = new Set(['SPEC_LOAD', 'SPEC_DEFINITION', 'PARAM', 'VARIANT']);

function verdictOf(specs: readonly SpecReview[], added: readonly NewViolation[], errors: readonly RevisionError[]): string {
  const parts: string[] = [];
  if (added.length) parts.push(`${added.length} new violation${added.length > 1 ? 's' : ''}: ${added.map((v) => `${v.property} in ${v.spec}`).join(', ')}`);
  parts.push(...errorLines(specs, errors));
  if (parts.length) return parts.join('; ');
  if (specs.length === 0) return 'no spec changed';
  const passing = specs.flatMap((s) => s.variants.flatMap((v) => v.newlyPassing));
  const variants = specs.reduce((n, s) => n + s.variants.length, 0);
  return `no new violation (${specs.length} spec${specs.length > 1 ? 's' : ''}, ${variants} variant${variants === 1 ? '' : 's'} checked${passing.length ? `; ${passing.length} propert${passing.length > 1 ? 'ies' : 'y'} newly pass${passing.length > 1 ? '' : 'es'}` : ''})`;
}

/** One phrase per spec, revision and error: `peterson does not load at head: error[SPEC_LOAD] ...`. */
function errorLines(specs: readonly SpecReview[], errors: readonly RevisionError[]): string[] {
  const groups = new Map<string, RevisionError[]>();
  for (const e of errors) {
    const key = JSON.stringify([e.spec, e.revision, e.code, e.message]);
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()].map((es) => {
    const e = es[0]!;
    const all = specs.find((s) => s.name === e.spec)?.variants.length ?? 0;
    const who = e.variant === null || (es.length === all && all > 1) ? e.spec : es.map((x) => `${x.spec}/${x.variant}`).join(', ');
    const verb = e.load ? (es.length > 1 && who !== e.spec ? 'do not load' : 'does not load') : es.length > 1 && who !== e.spec ? 'fail' : 'fails';
    return `${who} ${verb} at ${e.revision}: error[${e.code}] ${e.message.split('\n')[0]}`;
  });
}

async function tryImport(side: SpecSide | null): Promise<Spec | SpecError | null> {
  if (!side) return null;
  try {
    return await importSpec(side.file);
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
}

async function reviewSpec(pair: SpecPair, options: ReviewOptions): Promise<SpecReview> {
  const source = (side: SpecSide | null) => (side ? readSpecSource(relative(side.root, side.file), readFileSync(side.file, 'utf8')) : null);
  const baseSource = source(pair.base);
  const headSource = source(pair.head);
  const diff = structuralDiff(baseSource, headSource);
  const baseSpec = await tryImport(pair.base);
  const headSpec = await tryImport(pair.head);
  const specOf = (x: Spec | SpecError | null) => (x && !(x instanceof SpecError) ? x : null);
  const reference = specOf(headSpec) ?? specOf(baseSpec);
  const name = reference?.name ?? headSource?.name ?? baseSource?.name ?? pair.path;
  // the same parameters on both sides: the head's defaults (else the base's), then the command line
  const params: Record<string, ParamValue> = { ...specOf(baseSpec)?.params, ...specOf(headSpec)?.params, ...(reference ? parseParams(reference, options.paramPairs ?? []) : {}) };
  // a side that does not load has no variants of its own: it fails for the other side's variants
  const variantsOf = (x: Spec | SpecError | null): (string | null)[] => (specOf(x) ? (specOf(x)!.variants.length ? [...specOf(x)!.variants] : [null]) : []);
  const declared = [...variantsOf(headSpec), ...variantsOf(baseSpec)].filter((v, i, all) => all.indexOf(v) === i);
  if (declared.length === 0) declared.push(null);
  const wanted = options.variants ?? [];
  const names = declared.filter((v) => wanted.length === 0 || v === null || wanted.includes(v));
  // a spec without variants is checked as it is; one with variants must have every variant named
  for (const v of wanted) {
    if (declared.includes(null) || declared.includes(v)) continue;
    throw new SpecError('VARIANT', `spec '${name}' has no variant '${v}' at either revision`, { hint: `its variants: ${declared.join(', ')}` });
  }
  const variants: VariantReview[] = [];
  for (const variant of names) {
    const run = async (side: SpecSide | null, spec: Spec | SpecError | null): Promise<VariantOutcome | null> => {
      if (!side || !spec) return null;
      if (spec instanceof SpecError) return { result: 'error', error: spec, violations: [] };
      if (!variantsOf(spec).includes(variant)) return null;
      const own = Object.fromEntries(Object.entries(params).filter(([k]) => k in spec.params));
      return checkEveryProperty(side.file, { ...(variant !== null ? { variant } : {}), params: own, maxStates: options.maxStates, firstOnly: options.firstViolationOnly });
    };
    const b = await run(pair.base, baseSpec);
    const h = await run(pair.head, headSpec);
    variants.push(compareVariant(pair, variant, params, b, h, options, headSource));
  }
  if (!options.mutation || names.length === 0) return { path: pair.path, name, status: pair.status, diff, variants };
  const { mutationScoreOf } = await import('./mutationScores.ts');
  const own = (spec: Spec | SpecError | null) => Object.fromEntries(Object.entries(params).filter(([k]) => specOf(spec) && k in specOf(spec)!.params));
  const mutation = {
    base: await mutationScoreOf(pair.base?.file ?? null, names[0]!, own(baseSpec)),
    head: await mutationScoreOf(pair.head?.file ?? null, names[0]!, own(headSpec)),
  };
  return { path: pair.path, name, status: pair.status, diff, variants, mutation };
}

function summarize(o: VariantOutcome | null): RunSummary | null {
  if (!o) return null;
  const violated = o.violations.map((v) => v.property);
  if (o.result === 'error') return { result: 'error', violated, error: { code: o.error.code, message: o.error.message } };
  return {
    result: o.result,
    violated,
    distinctStates: o.stats.distinctStates,
    generatedStates: o.stats.generatedStates,
    depth: o.stats.depth,
    symmetry: o.symmetry,
    ...(o.partial ? { partial: true } : {}),
    ...(o.reason ? { reason: o.reason } : {}),
  };
}

function compareVariant(
  pair: SpecPair,
  variant: string | null,
  params: Record<string, ParamValue>,
  b: VariantOutcome | null,
  h: VariantOutcome | null,
  options: ReviewOptions,
  headSource: SpecSource | null,
): VariantReview {
  const failed = (o: VariantOutcome | null) => new Set(o?.violations.map((v) => v.property) ?? []);
  const bf = failed(b);
  const hf = failed(h);
  const newlyFailing = [...hf].filter((p) => !bf.has(p));
  // a property "newly passes" only when the head searched every state without finding it
  const headComplete = h?.result === 'ok' || (h?.result === 'violation' && !h.partial);
  const newlyPassing = headComplete ? [...bf].filter((p) => !hf.has(p)) : [];
  const stillFailing = [...hf].filter((p) => bf.has(p));
  const coverageOf = (o: VariantOutcome | null) => new Map(o && o.result !== 'error' ? o.stats.coverage.map((c) => [c.action, c]) : []);
  const bc = coverageOf(b);
  const hc = coverageOf(h);
  const actions = [...hc.keys(), ...[...bc.keys()].filter((a) => !hc.has(a))];
  const count = (c: { generated: number; distinct: number; enabled: boolean } | undefined) => (c ? { generated: c.generated, distinct: c.distinct, enabled: c.enabled } : undefined);
  const coverage: CoverageRow[] = actions.map((action) => ({ action, ...(bc.has(action) ? { base: count(bc.get(action))! } : {}), ...(hc.has(action) ? { head: count(hc.get(action))! } : {}) }));
  const comparable = headComplete && b !== null && b.result !== 'error';
  const becameNeverEnabled = comparable ? actions.filter((a) => hc.has(a) && !hc.get(a)!.enabled && (!bc.has(a) || bc.get(a)!.enabled)) : [];
  const becameEnabled = comparable ? actions.filter((a) => hc.get(a)?.enabled && bc.has(a) && !bc.get(a)!.enabled) : [];
  const counterexamples = h && h.result !== 'error' ? h.violations.filter((v) => newlyFailing.includes(v.property)).map((v) => counterexampleOf(pair, variant, h, v, options, headSource)) : [];
  return { variant, params, base: summarize(b), head: summarize(h), newlyFailing, newlyPassing, stillFailing, becameNeverEnabled, becameEnabled, coverage, counterexamples };
}

function counterexampleOf(
  pair: SpecPair,
  variant: string | null,
  h: Extract<VariantOutcome, { loaded: unknown }>,
  v: Violation,
  options: ReviewOptions,
  source: SpecSource | null,
): NewCounterexample {
  const root = pair.head!.root;
  let trace: readonly TraceStep[] = v.trace;
  let minimization: NewCounterexample['minimization'] = { result: 'shortest', note: v.trace.length ? 'a shortest trace (BFS)' : 'no trace' };
  if (v.trace.length > 1 && v.loop === undefined) {
    try {
      const m = minimizeTrace(h.modelFor(v.property), { steps: v.trace, property: v.property, kind: v.kind });
      if (m.result === 'minimized') {
        trace = m.trace;
        minimization = { result: 'minimized', before: m.before.states, switches: m.after.switches };
      } else {
        minimization = { result: 'shortest', note: `minimization did not reproduce the trace (${m.replay.outcome})` };
      }
    } catch (e) {
      minimization = { result: 'shortest', note: `minimization failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  const shown = trace.map((s) => (s.location ? { ...s, location: { ...stepLocation(s, source), file: relative(root, s.location.file).split('\\').join('/') } } : s));
  const replay = ['interleave check', pair.path, ...(variant ? [`--variant ${variant}`] : []), ...(options.paramPairs ?? []).map((p) => `--param ${p}`)].join(' ');
  return {
    property: v.property,
    kind: v.kind,
    ...(v.message ? { message: v.message } : {}),
    states: shown.length,
    minimization,
    trace: shown,
    mermaid: shown.length ? traceToMermaid({ steps: shown, property: v.property, kind: v.kind, message: v.message, loop: v.loop }) : '',
    replay,
  };
}

/** A process step's own line (the runtime knows only the line of its `.process(` call). */
function stepLocation(step: TraceStep, source: SpecSource | null): SourceLocation {
  const loc = step.location!;
  if (!step.process || !source) return loc;
  // the step of the process written around the runtime's line (a process may be written once per variant branch)
  const steps = source.processes.flatMap((p) => p.steps).filter((s) => s.name === step.action);
  const around = source.processes.find((p) => p.span.line <= loc.line && loc.line <= p.span.endLine && p.steps.some((s) => steps.includes(s)));
  const src = around?.steps.find((s) => s.name === step.action) ?? steps[0];
  if (!src) return loc;
  const first = src.lines[0] ?? '';
  return { ...loc, line: src.span.line, column: first.length - first.trimStart().length + 1 };
}
