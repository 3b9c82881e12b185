// The HTTP side of `interleave explore`: a hono app serving the page (cli/explore/page/, Preact + htm,
// loaded as ES modules through an import map, no build step) and a small JSON API over one
// ExploreSession. Listens on 127.0.0.1 only. The check behind "jump to the counterexample" is the
// checker's own `check`, run in this process; traces (ours or ITF) are followed through the session.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { check } from '../../checker/check.ts';
import { ExploreSession, PathError, type ExploreView } from '../../checker/explore/ExploreSession.ts';
import type { LoadedModel } from '../../checker/loadSpec.ts';
import { SpecError } from '../../checker/SpecError.ts';
import type { TraceFile } from '../../checker/traceFile.ts';
import { traceToMermaid } from '../../checker/traces/mermaid.ts';
import { fromItf } from '../../checker/traces/itf.ts';
import { parseTraceJson, validateTraceFile } from '../../checker/traces/loadTraceFile.ts';
import { matchItf } from '../../checker/traces/matchItf.ts';
import { isItf } from '../../checker/traces/openItf.ts';
import { describeRun } from '../format/check.ts';
import { describeViolation } from '../format/replay.ts';

/** What the server explores. */
export interface ExploreTarget {
  readonly loaded: LoadedModel;
  readonly specFile: string;
  /** A trace to open the page on (its path, and the steps of the spec it follows). */
  readonly trace?: { readonly name: string; readonly steps: TraceFile['steps'] };
}

/** A running explorer. */
export interface ExploreServer {
  readonly url: string;
  close(): Promise<void>;
}

const PAGE = join(packageRoot(), 'cli', 'explore', 'page');

/** Files the page loads, by URL path: its own, and the libraries' ES modules from node_modules. */
function assets(): Map<string, { file: string; type: string }> {
  const js = 'text/javascript; charset=utf-8';
  const lib = (spec: string) => fileURLToPath(import.meta.resolve(spec));
  const out = new Map<string, { file: string; type: string }>([
    ['/app.js', { file: join(PAGE, 'app.js'), type: js }],
    ['/style.css', { file: join(PAGE, 'style.css'), type: 'text/css; charset=utf-8' }],
    ['/vendor/preact.mjs', { file: lib('preact'), type: js }],
    ['/vendor/hooks.mjs', { file: lib('preact/hooks'), type: js }],
    ['/vendor/htm.mjs', { file: lib('htm'), type: js }],
  ]);
  const mermaid = mermaidBundle();
  if (mermaid) out.set('/vendor/mermaid.min.js', { file: mermaid, type: js });
  return out;
}

/** Mermaid's browser bundle when mermaid is installed (a devDependency: the page shows the diagram's source without it). */
function mermaidBundle(): string | null {
  try {
    return join(dirname(fileURLToPath(import.meta.resolve('mermaid'))), 'mermaid.min.js');
  } catch {
    return null;
  }
}

/** Starts the explorer on 127.0.0.1 at `port` (0: a free port chosen by the system). */
export async function startExplorer(target: ExploreTarget, port = 0): Promise<ExploreServer> {
  const session = new ExploreSession(target.loaded.model, target.specFile);
  // a trace the spec cannot follow is refused before anything is served
  let tracePath: number[] | undefined;
  try {
    tracePath = target.trace ? session.pathOf(target.trace.steps) : undefined;
  } catch (e) {
    if (e instanceof PathError) throw new SpecError('TRACE_FILE', `${target.trace!.name}: ${e.message}`, { hint: 'the trace must be a run of this spec with these parameters: replay it to see where it diverges' });
    throw e;
  }
  const files = assets();
  const app = new Hono();
  const html = readFileSync(join(PAGE, 'index.html'), 'utf8').replace('%MERMAID%', files.has('/vendor/mermaid.min.js') ? '<script src="/vendor/mermaid.min.js"></script>' : '');

  // a spec error in a step (a failed range check, a throwing guard) is shown on the page, not a 500 page
  app.onError((e, c) => c.json({ error: e instanceof SpecError ? `error[${e.code}]: ${e.message}` : `internal error: ${e instanceof Error ? e.message : String(e)}` }, 500));
  app.get('/', (c) => c.html(html));
  app.get('/api/info', (c) =>
    c.json({
      run: describeRun(target.loaded),
      spec: target.specFile,
      properties: [...target.loaded.model.invariants.map((p) => p.name), ...target.loaded.model.actionInvariants.map((p) => p.name)],
      mermaid: files.has('/vendor/mermaid.min.js'),
      ...(target.trace ? { trace: { name: target.trace.name, path: tracePath } } : {}),
    }),
  );
  app.get('/api/view', async (c) => {
    const path = parsePath(c.req.query('path') ?? '');
    if (!path) return c.json({ error: 'the path is a list of step numbers separated by dots' }, 400);
    try {
      const view = await session.view(path);
      return c.json({ ...view, diagram: diagramOf(view), reached: session.reachedCount });
    } catch (e) {
      if (e instanceof PathError) return c.json({ error: e.message }, 404);
      throw e;
    }
  });
  app.get('/api/search', (c) => c.json({ hits: session.search(c.req.query('q') ?? ''), reached: session.reachedCount }));
  app.post('/api/check', async (c) => {
    const { variant, ...params } = target.loaded.params as Record<string, string | number | boolean>;
    const run = await check(target.specFile, { params, ...(variant !== undefined ? { variant: String(variant) } : {}) });
    const r = run.result;
    switch (r.result) {
      case 'ok':
        return c.json({ verdict: `no violation in ${r.distinctStates} distinct state${r.distinctStates === 1 ? '' : 's'}` });
      case 'violation': {
        const v = r.violation;
        const verdict = v.kind === 'deadlock' ? 'deadlock' : `${describeViolation(v)} violated`;
        if (v.kind === 'cover' || v.kind === 'temporal') return c.json({ verdict });
        return c.json({ verdict, property: v.property, path: session.pathOf(v.trace) });
      }
      case 'incomplete':
        return c.json({ verdict: `incomplete (${r.reason})` });
      case 'error':
        return c.json({ verdict: `error[${r.error.code}]: ${r.error.message}` });
    }
  });
  app.post('/api/trace', async (c) => {
    const name = c.req.query('name') ?? 'trace';
    try {
      const steps = stepsOfTrace(target.loaded, await c.req.text(), name);
      return c.json({ path: session.pathOf(steps) });
    } catch (e) {
      if (e instanceof SpecError || e instanceof PathError) return c.json({ error: e.message }, 400);
      throw e;
    }
  });
  app.get('*', (c) => {
    const a = files.get(c.req.path);
    if (!a) return c.notFound();
    return c.body(readFileSync(a.file), 200, { 'content-type': a.type });
  });

  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, () => resolve(s));
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${bound}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The steps of a trace file or an ITF trace (ours, or another tool's, followed through the spec), for the loaded parameters. */
export function stepsOfTrace(loaded: LoadedModel, text: string, name: string): TraceFile['steps'] {
  const data = parseTraceJson(text, name);
  if (isItf(data)) {
    if (data['#meta']?.['interleave'] === undefined) return matchItf(loaded.model, data.states as readonly Record<string, unknown>[], name).steps;
    return fromItf(loaded.model.vars, data).steps;
  }
  validateTraceFile(data, name);
  return data.steps;
}

/** The path's Mermaid sequence diagram (the verdict note only when the last step violates a property). */
function diagramOf(view: ExploreView): string | null {
  if (view.trace.length === 0) return null;
  const last = view.violations.at(-1);
  const text = traceToMermaid({ steps: view.trace, property: last?.property ?? '', kind: last?.kind ?? 'invariant', ...(last?.message ? { message: last.message } : {}) });
  if (last) return text;
  const lines = text.trimEnd().split('\n');
  return `${lines.slice(0, -1).join('\n')}\n`;
}

/** `0.2.1` to [0, 2, 1]; the empty string is the empty path; null when malformed. */
function parsePath(s: string): number[] | null {
  if (s === '') return [];
  if (!/^\d+(\.\d+)*$/.test(s)) return null;
  return s.split('.').map(Number);
}

/** The folder holding package.json, from this module (cli/explore/ in the sources, dist/cli/explore/ when built). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      readFileSync(join(dir, 'package.json'));
      return dir;
    } catch {
      /* not here */
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('interleave explore: the package root (package.json) is not found');
    dir = up;
  }
}
