// The committed worked example (docs/review-example.md, made by scripts/review-example.sh) renders:
// every Mermaid block passes Mermaid's own parser.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mermaidBlocks, parseMermaid } from './mermaidParser.ts';

const example = readFileSync('docs/review-example.md', 'utf8');

describe('docs/review-example.md', () => {
  it('opens with the verdict on the migrate change', () => {
    expect(example.split('\n')[0]).toBe('# ❌ 1 new violation: mirrorCoherent in migrate/fixed');
    expect(example).toContain('| ➖ removed | step `migrate.pages_invalidateStart` |');
  });

  it("has Mermaid sequence diagrams that Mermaid's parser accepts", async () => {
    const blocks = mermaidBlocks(example);
    expect(blocks.length).toBeGreaterThanOrEqual(1);
    for (const block of blocks) await expect(parseMermaid(block)).resolves.toMatchObject({ diagramType: 'sequence' });
  });

  it('the parser is a real check: a diagram with a dangling arrow is rejected', async () => {
    const broken = mermaidBlocks(example)[0]!.replace('p1->>state:', 'p1->>:');
    await expect(parseMermaid(broken)).rejects.toThrow(/Parse error/);
  });
});
