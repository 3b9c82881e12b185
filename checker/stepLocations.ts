// A process step's own source line. The builder records one location per `.process(...)` call (the
// call stack cannot see object-literal keys), so a counterexample's steps are given the line of their
// label, read from the spec's source with ts-morph. Only done for traces that are printed: reading the
// source costs about a second.
import { readFileSync } from 'node:fs';
import type { TraceStep } from './result.ts';

/** The trace with every process step located at its label's line (others unchanged). */
export async function withStepLocations(file: string, trace: readonly TraceStep[]): Promise<TraceStep[]> {
  if (!trace.some((s) => s.process && s.action?.includes('.'))) return [...trace];
  let lines: Map<string, number>;
  try {
    const { readSpecSource } = await import('./review/readSpecSource.ts');
    const source = readSpecSource(file, readFileSync(file, 'utf8'));
    lines = new Map(source.processes.flatMap((p) => p.steps.map((s) => [`${p.name}.${s.label}`, s.span.line] as const)));
  } catch {
    return [...trace]; // the source cannot be read: keep the process's line
  }
  return trace.map((s) => {
    const line = s.action ? lines.get(s.action) : undefined;
    return line && s.location ? Object.freeze({ ...s, location: { file: s.location.file, line, column: 1 } }) : s;
  });
}
