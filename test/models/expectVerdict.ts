// Shared assertions for the model tests: a check's verdict, and the stored counterexample agreeing
// with a fresh search.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { check } from '../../checker/check.ts';
import type { CheckResult } from '../../checker/result.ts';

/** What a variant must give. */
export type Expected =
  | { readonly ok: true; readonly distinct: number }
  | { readonly ok: false; readonly kind: string; readonly property: string; readonly states: number };

/** Checks `file` with the variant (and parameters), symmetry off so that counts are exact. */
export async function run(file: string, variant: string, params: Record<string, string | number | boolean> = {}): Promise<CheckResult> {
  const { result } = await check(file, { variant, params, symmetry: false });
  return result;
}

/** Asserts the verdict; returns the result for further claims. */
export async function expectVerdict(file: string, variant: string, expected: Expected, params: Record<string, string | number | boolean> = {}): Promise<CheckResult> {
  const result = await run(file, variant, params);
  if (expected.ok) {
    expect(result.result === 'violation' ? result.violation : result.result).toBe('ok');
    if (result.result === 'ok') expect(result.distinctStates).toBe(expected.distinct);
  } else {
    expect(result.result).toBe('violation');
    if (result.result === 'violation') {
      expect({ kind: result.violation.kind, property: result.violation.property, states: result.violation.trace.length }).toEqual({
        kind: expected.kind,
        property: expected.property,
        states: expected.states,
      });
    }
  }
  return result;
}

/** The actions of a trace, `process: label` for process steps. */
export function actionsOf(result: CheckResult): string[] {
  if (result.result !== 'violation') return [];
  return result.violation.trace.slice(1).map((s) => `${s.process}: ${s.action!.slice(s.action!.indexOf('.') + 1)}`);
}

/** The stored counterexample for a variant names the same property and the same steps as a fresh search. */
export function expectStoredTraceMatches(path: string, result: CheckResult): void {
  const stored = JSON.parse(readFileSync(path, 'utf8')) as { property: string; kind: string; steps: { action: string | null; state: unknown }[] };
  expect(result.result).toBe('violation');
  if (result.result !== 'violation') return;
  expect(stored.property).toBe(result.violation.property);
  expect(stored.kind).toBe(result.violation.kind);
  expect(stored.steps.map((s) => s.action)).toEqual(result.violation.trace.map((s) => s.action));
  expect(stored.steps.at(-1)!.state).toEqual(result.violation.trace.at(-1)!.state);
}
