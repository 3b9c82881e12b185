// Mermaid's own parser, for tests that claim a diagram renders. mermaid.parse sanitizes text with
// DOMPurify, which needs a DOM: jsdom provides one in Node (DOMPurify's documented server-side setup),
// so the check runs in-process, without a browser.
import { JSDOM } from 'jsdom';

type Parse = (text: string) => Promise<unknown>;
let parser: Promise<Parse> | undefined;

/** Parses Mermaid source with Mermaid itself; rejects with Mermaid's parse error. */
export async function parseMermaid(text: string): Promise<unknown> {
  parser ??= (async () => {
    const dom = new JSDOM('<!doctype html><html><body></body></html>');
    const g = globalThis as Record<string, unknown>;
    g['window'] ??= dom.window;
    g['document'] ??= dom.window.document;
    const { default: mermaid } = await import('mermaid');
    mermaid.initialize({ startOnLoad: false });
    return (t: string) => mermaid.parse(t);
  })();
  return (await parser)(text);
}

/** The ```mermaid blocks of a Markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```mermaid') continue;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i]!.trim() !== '```'; i++) body.push(lines[i]!);
    blocks.push(body.join('\n'));
  }
  return blocks;
}
