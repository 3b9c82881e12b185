// docs/symmetry.md's examples are real: each shown command prints what the page shows (timings aside).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run.ts';

const page = readFileSync('docs/symmetry.md', 'utf8');
/** Each `sh` block's command with the text block that follows it. */
const examples = [...page.matchAll(/```sh\nnode bin\/interleave\.js (.*)\n```\n```\n([\s\S]*?)```/g)].map((m) => ({ argv: m[1]!.split(' '), shown: m[2]! }));
const untimed = (text: string) => text.replace(/\d+\.\d+ s \([\d,]+ states\/s\)/g, 'T s (R states/s)');

describe('docs/symmetry.md', () => {
  it('shows two examples', () => {
    expect(examples).toHaveLength(2);
  });
  for (const { argv, shown } of examples) {
    it(`interleave ${argv.join(' ')} prints what the page shows`, async () => {
      const r = await cli(...argv);
      const printed = untimed(r.out + r.err);
      // the page may end a long line with "..."
      for (const line of untimed(shown).split('\n').filter(Boolean)) {
        if (line.endsWith('...')) expect(printed).toContain(line.slice(0, -3));
        else expect(printed.split('\n')).toContain(line);
      }
    });
  }
});
