// Prints a mutation report (checker/mutation/runMutants.ts) as text, JSON or Markdown.
import type { MutationReport } from '../../checker/mutation/runMutants.ts';
import { MUTATION_OPERATORS, type MutantOutcome, type MutantStatus } from '../../checker/mutation/Mutant.ts';

const STATUSES: readonly MutantStatus[] = ['caught', 'survived', 'equivalent', 'invalid', 'timeout'];
const n = (x: number) => x.toLocaleString('en-US');
const pct = (x: number) => `${Math.round(x * 100)}%`;

function counts(r: MutationReport): Record<MutantStatus, number> {
  const c = { caught: 0, survived: 0, equivalent: 0, invalid: 0, timeout: 0 };
  for (const { outcome } of r.mutants) c[outcome.status]++;
  return c;
}

/** The one-line verdict. */
export function mutationHeadline(r: MutationReport): string {
  const c = counts(r);
  const scored = c.caught + c.survived + c.timeout;
  const what = `${r.spec}${r.variant !== undefined ? ` (variant ${r.variant})` : ''}`;
  return `${what}: mutation score ${c.caught}/${scored} = ${pct(r.score)} (${r.mutants.length} mutants: ${STATUSES.map((s) => `${c[s]} ${s === 'timeout' ? 'timed out' : s}`).join(', ')})`;
}

/** What an outcome says, in a few words. */
export function describeOutcome(o: MutantOutcome): string {
  switch (o.status) {
    case 'caught':
      return `${o.kind === 'deadlock' ? 'deadlock' : `${o.kind} ${o.property}`}, trace ${o.traceLength} states`;
    case 'survived':
      return `no violation in ${n(o.distinctStates)} states`;
    case 'equivalent':
      return `same ${n(o.distinctStates)} states as the original`;
    case 'invalid':
      return `${o.code}: ${o.message}`;
    case 'timeout':
      return o.bound === 'time' ? `over the time bound (${(o.ms / 1000).toFixed(1)} s)` : 'over the state bound';
  }
}

function command(r: MutationReport): string {
  return `interleave mutate ${r.file}${r.variant !== undefined ? ` --variant ${r.variant}` : ''}`;
}

/** Text: the verdict, then the mutants grouped by outcome (survivors first). */
export function formatMutationText(r: MutationReport): string {
  const out = [
    mutationHeadline(r),
    `original: ${n(r.original.distinctStates)} states in ${(r.original.ms / 1000).toFixed(1)} s; bounds per mutant: ${(r.bounds.timeoutMs / 1000).toFixed(0)} s, ${n(r.bounds.maxStates)} states; ${(r.ms / 1000).toFixed(0)} s in all`,
  ];
  for (const status of ['survived', 'timeout', 'caught', 'invalid', 'equivalent'] as const) {
    const these = r.mutants.filter((m) => m.outcome.status === status);
    if (!these.length) continue;
    out.push('', `${status === 'timeout' ? 'timed out' : status} (${these.length}):`);
    for (const { mutant, outcome } of these) {
      out.push(`  #${mutant.id}  line ${mutant.line}  ${mutant.operator}: ${mutant.description}  -> ${describeOutcome(outcome)}`);
    }
  }
  out.push('', `${command(r)} --show <id> prints a mutant's diff`);
  return `${out.join('\n')}\n`;
}

/** JSON: the report without the mutants' whole texts (each carries its diff instead). */
export function mutationJson(r: MutationReport): unknown {
  return {
    ...r,
    counts: counts(r),
    mutants: r.mutants.map(({ mutant: { text: _, ...m }, outcome, diff }) => ({ ...m, outcome, diff })),
  };
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Markdown: the score, a table per operator, the survivors with their diffs, then every other mutant. */
export function formatMutationMarkdown(r: MutationReport): string {
  const c = counts(r);
  const out = [
    `# Mutation report: ${r.spec}${r.variant !== undefined ? `, variant ${r.variant}` : ''}`,
    '',
    `\`${command(r)}\`: **${pct(r.score)}** of the mutants that change the behaviour are caught (${c.caught} of ${c.caught + c.survived + c.timeout}); ` +
      `${c.equivalent} are equivalent (same reachable states as the original) and ${c.invalid} invalid (do not load, throw, or leave a type), both left out of the score. ` +
      `The original has ${n(r.original.distinctStates)} states; each mutant was bounded by ${(r.bounds.timeoutMs / 1000).toFixed(0)} s and ${n(r.bounds.maxStates)} states.`,
    '',
    `| operator | mutants | ${STATUSES.join(' | ')} |`,
    `| --- | --- | ${STATUSES.map(() => '---').join(' | ')} |`,
  ];
  for (const op of MUTATION_OPERATORS) {
    const these = r.mutants.filter((m) => m.mutant.operator === op);
    if (!these.length) continue;
    out.push(`| ${op} | ${these.length} | ${STATUSES.map((s) => these.filter((m) => m.outcome.status === s).length).join(' | ')} |`);
  }
  out.push(`| all | ${r.mutants.length} | ${STATUSES.map((s) => c[s]).join(' | ')} |`);
  const survivors = r.mutants.filter((m) => m.outcome.status === 'survived' || m.outcome.status === 'timeout');
  if (survivors.length) {
    out.push('', '## Survivors', '');
    for (const { mutant, outcome, diff } of survivors) {
      out.push(`### #${mutant.id} ${mutant.operator}, line ${mutant.line}: ${mutant.description}`, '', describeOutcome(outcome), '', '```diff', diff.trimEnd(), '```', '');
    }
  }
  out.push('', '## Every mutant', '', '| # | line | operator | mutation | outcome |', '| --- | --- | --- | --- | --- |');
  for (const { mutant, outcome } of r.mutants) {
    out.push(`| ${mutant.id} | ${mutant.line} | ${mutant.operator} | ${cell(`\`${mutant.description}\``)} | ${outcome.status}: ${cell(describeOutcome(outcome))} |`);
  }
  return `${out.join('\n')}\n`;
}
