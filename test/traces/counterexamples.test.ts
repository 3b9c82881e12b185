// The stored counterexamples are a regression suite: each replays on its spec as `reproduced`, at its
// last step. The migrate no-reinvalidate trace, replayed on the fixed variant, is blocked at a named
// step; its committed ITF export and Mermaid diagram match what the tools produce today.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toItf } from '../../checker/traces/itf.ts';
import { traceToMermaid } from '../../checker/traces/mermaid.ts';
import { openTrace } from '../../checker/traces/openTrace.ts';
import { replay } from '../../checker/traces/replay.ts';

const ROOT = 'counterexamples';
const stored = existsSync(ROOT)
  ? readdirSync(ROOT, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.json') && !f.endsWith('.itf.json'))
      .map((f) => join(ROOT, f))
      .sort()
  : [];

describe('counterexamples/', () => {
  if (stored.length === 0) it.todo('replays every stored counterexample as reproduced (none stored yet)');
  for (const file of stored) {
    it(`${file} replays as reproduced at its last step`, async () => {
      const opened = await openTrace(file);
      const r = replay(opened.loaded.model, opened.file.trace);
      expect(r.outcome, JSON.stringify(r.outcome === 'reproduced' ? r.violation : r)).toBe('reproduced');
      if (r.outcome !== 'reproduced') return;
      expect(r.step).toBe(opened.file.trace.steps.length - 1);
      expect(r.violation).toMatchObject({ kind: opened.file.trace.kind, property: opened.file.trace.property });
    });
  }

  const noReinvalidate = join(ROOT, 'migrate', 'no-reinvalidate.json');
  if (existsSync(noReinvalidate)) {
    it('the no-reinvalidate trace is blocked by the fixed variant at a named step', async () => {
      const opened = await openTrace(noReinvalidate, { variant: 'fixed' });
      const r = replay(opened.loaded.model, opened.file.trace);
      // the fix re-invalidates before inserting the device page: the migration's step 8 goes elsewhere
      expect(r).toMatchObject({ outcome: 'diverged', step: 7, reason: 'different-state', expected: { action: 'migrate.allocAndCopy', process: 'migrate[Dev0]' } });
      if (r.outcome !== 'diverged') return;
      expect(r.changes).toEqual([{ path: 'pc.migrate[Dev0]', before: 'pages_insertPage', after: 'pages_invalidateStart' }]);
    });

    for (const [ext, make] of [
      ['.itf.json', (o: Awaited<ReturnType<typeof openTrace>>) => `${JSON.stringify(toItf(o.loaded.model.vars, o.file.trace), null, 2)}\n`],
      ['.mmd', (o: Awaited<ReturnType<typeof openTrace>>) => traceToMermaid(o.file.trace)],
    ] as const) {
      const example = noReinvalidate.replace(/\.json$/, ext);
      it(`${example} is what graph writes for the stored trace today`, async () => {
        expect(existsSync(example), `${example} is missing: interleave graph ${noReinvalidate} --format ${ext === '.mmd' ? 'mermaid' : 'itf'} --out ${example}`).toBe(true);
        expect(readFileSync(example, 'utf8')).toBe(make(await openTrace(noReinvalidate)));
      });
    }
  }
});
