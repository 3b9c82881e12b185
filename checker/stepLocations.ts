// A process step's own source line. The builder records one location per `.process(...)` call (the
// call stack cannot see object-literal keys), so a counterexample's steps, and the coverage lines of
// process steps, are given the line of their label, read from the spec's source with ts-morph. Only
// done for what is printed: reading the source costs about a second.
import { readFileSync } from 'node:fs';
import type { ActionCoverage, TraceStep } from './result.ts';

/** `process.label` -> the label's line, or null when the source cannot be read. */
async function stepLines(file: string): Promise<Map<string, number> | null> {
  try {
    const { readSpecSource } = await import('./review/readSpecSource.ts');
    const source = readSpecSource(file, readFileSync(file, 'utf8'));
    return new Map(source.processes.flatMap((p) => p.steps.map((s) => [`${p.name}.${s.label}`, s.span.line] as const)));
  } catch {
    return null; // the source cannot be read: keep the process's line
  }
}

/** The trace with every process step located at its label's line (others unchanged). */
export async function withStepLocations(file: string, trace: readonly TraceStep[]): Promise<TraceStep[]> {
  if (!trace.some((s) => s.process && s.action?.includes('.'))) return [...trace];
  const lines = await stepLines(file);
  if (!lines) return [...trace];
  return trace.map((s) => {
    const line = s.action ? lines.get(s.action) : undefined;
    return line && s.location ? Object.freeze({ ...s, location: { file: s.location.file, line, column: 1 } }) : s;
  });
}

/** Coverage with every process step located at its label's line (others unchanged). */
export async function coverageWithStepLocations(file: string, coverage: readonly ActionCoverage[]): Promise<ActionCoverage[]> {
  if (!coverage.some((c) => c.action.includes('.'))) return [...coverage];
  const lines = await stepLines(file);
  if (!lines) return [...coverage];
  return coverage.map((c) => {
    const line = lines.get(c.action);
    return line && c.location ? Object.freeze({ ...c, location: { file: c.location.file, line, column: 1 } }) : c;
  });
}
