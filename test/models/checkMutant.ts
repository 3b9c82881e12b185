// Checks a model with one edit of its source (a mutant of the fixed variant): the mutated text is
// written next to the model, so that its relative imports resolve, checked, and removed.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { expect } from 'vitest';
import { check, type CheckRequest } from '../../checker/check.ts';
import type { CheckResult } from '../../checker/result.ts';

let serial = 0;

/** Replaces `from` (which must occur exactly once) by `to` in `file` and checks the result. */
export async function checkMutant(file: string, from: string, to: string, request: CheckRequest = {}): Promise<CheckResult> {
  const text = readFileSync(file, 'utf8');
  expect(text.split(from)).toHaveLength(2);
  const mutant = join(dirname(file), `.${basename(file, '.ts')}.test-mutant-${process.pid}-${serial++}.ts`);
  writeFileSync(mutant, text.replace(from, to));
  try {
    return (await check(mutant, { symmetry: false, ...request })).result;
  } finally {
    rmSync(mutant, { force: true });
  }
}

/** The violation's kind, property and trace length (states), or the verdict. */
export function verdictOf(r: CheckResult): unknown {
  return r.result === 'violation' ? { kind: r.violation.kind, property: r.violation.property, states: r.violation.trace.length } : r.result;
}
