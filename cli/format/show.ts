// Prints `interleave show`: a spec's parameters, variants, scalarsets, variables, processes with their
// steps, actions and properties, each with its source lines; as text or Markdown.
import type { Span } from '../../checker/review/SpecSource.ts';
import type { InVariants, Place, SpecSummary } from '../../checker/review/specSummary.ts';

/** `line 7` or `lines 7-12`. */
export function lines(p: Place | Span | undefined): string {
  if (!p || p.line === undefined) return 'line ?';
  return p.endLine !== undefined && p.endLine !== p.line ? `lines ${p.line}-${p.endLine}` : `line ${p.line}`;
}

const span = (s: Span) => (s.endLine !== s.line ? `${s.line}-${s.endLine}` : `${s.line}`);
const only = (x: InVariants) => (x.unbuilt ? 'not built with these parameters' : x.variants ? `only in ${x.variants.join(', ')}` : '');
const where = (x: { guard?: Span; effect?: Span }) => [x.guard ? `guard ${span(x.guard)}` : '', x.effect ? `effect ${span(x.effect)}` : ''].filter(Boolean).join(', ');

function table(rows: string[][], indent: string): string[] {
  if (rows.length === 0) return [];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => `${indent}${r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')}`.trimEnd());
}

/** The text form. */
export function formatShowText(s: SpecSummary): string {
  const out: string[] = [`spec ${s.name} (${s.file})`];
  out.push(`parameters: ${s.params.length ? s.params.map((p) => `${p.name} = ${String(p.value)} (${lines(p)})`).join(', ') : 'none'}`);
  out.push(`variants: ${s.variants.length ? s.variants.map((v) => `${v.name} (${lines(v)})`).join(', ') : 'none'}`);
  out.push(`scalarsets: ${s.scalarsets.length ? s.scalarsets.map((x) => `${x.name} of ${x.size} ids (${lines(x)})`).join(', ') : 'none'}`);
  out.push('variables:');
  out.push(...table(s.variables.map((v) => [v.name, v.type, lines(v)]), '  '));
  out.push(`processes:${s.processes.length ? '' : ' none'}`);
  for (const p of s.processes) {
    out.push(`  ${p.name}${p.over ? ` over ${p.over}` : ' (one instance)'}, ${lines(p)}${only(p) ? `, ${only(p)}` : ''}`);
    out.push(...table(p.steps.map((st) => [st.label, lines(st), where(st), `next ${st.next}`, only(st)]), '    '));
  }
  out.push(`actions:${s.actions.length ? '' : ' none'}`);
  out.push(...(s.actions.length ? table(s.actions.map((a) => [a.name, a.params.length ? `(${a.params.join(', ')})` : '', lines(a), where(a), only(a)]), '  ') : []));
  out.push(`properties:${s.properties.length ? '' : ' none'}`);
  out.push(...(s.properties.length ? table(s.properties.map((p) => [p.kind, p.name, lines(p), only(p)]), '  ') : []));
  out.push(`deadlock: ${s.deadlockChecked ? `checked${s.hasTerminal ? ' (terminal states declared)' : ''}` : 'not checked'}`);
  return `${out.join('\n')}\n`;
}

const cell = (x: string) => x.replace(/\|/g, '\\|');
const row = (xs: string[]) => `| ${xs.map(cell).join(' | ')} |`;
const mdTable = (head: string[], rows: string[][]) => [row(head), `|${head.map(() => ' --- |').join('')}`, ...rows.map(row)];

/** The Markdown form. */
export function formatShowMarkdown(s: SpecSummary): string {
  const out: string[] = [`## Spec \`${s.name}\` (\`${s.file}\`)`, ''];
  // a variants column only for specs with variants
  const vcol = s.variants.length ? ['variants'] : [];
  const vcell = (x: InVariants) => (s.variants.length ? [x.unbuilt ? 'none with these parameters' : x.variants ? x.variants.join(', ') : 'all'] : []);
  out.push(`**Parameters:** ${s.params.length ? s.params.map((p) => `\`${p.name} = ${String(p.value)}\``).join(', ') : 'none'}  `);
  out.push(`**Variants:** ${s.variants.length ? s.variants.map((v) => `\`${v.name}\``).join(', ') : 'none'}  `);
  out.push(`**Scalarsets:** ${s.scalarsets.length ? s.scalarsets.map((x) => `\`${x.name}\` (${x.size} ids)`).join(', ') : 'none'}  `);
  out.push(`**Deadlock:** ${s.deadlockChecked ? 'checked' : 'not checked'}`, '');
  out.push('### Variables', '', ...mdTable(['variable', 'type', 'source'], s.variables.map((v) => [v.name, `\`${v.type}\``, lines(v)])), '');
  if (s.processes.length) {
    out.push('### Processes', '');
    for (const p of s.processes) {
      out.push(`**${p.name}**${p.over ? ` over ${p.over}` : ' (one instance)'}, ${lines(p)}${only(p) ? `, ${only(p)}` : ''}`, '');
      out.push(...mdTable(['step', 'source', 'guard / effect', 'next', ...vcol], p.steps.map((st) => [st.label, lines(st), where(st), st.next, ...vcell(st)])), '');
    }
  }
  if (s.actions.length) {
    out.push('### Actions', '', ...mdTable(['action', 'parameters', 'source', 'guard / effect', ...vcol], s.actions.map((a) => [a.name, a.params.join(', '), lines(a), where(a), ...vcell(a)])), '');
  }
  if (s.properties.length) {
    out.push('### Properties', '', ...mdTable(['property', 'kind', 'source', ...vcol], s.properties.map((p) => [p.name, p.kind, lines(p), ...vcell(p)])), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
