// Everything a run says, in JSON form (states, actions, arguments, error context): what the compiled-vs-views
// tests compare.
import type { CheckResult } from '../../checker/result.ts';

export function outcome(r: CheckResult): unknown {
  if (r.result === 'error') {
    const e = r.error;
    return JSON.parse(JSON.stringify({ result: 'error', code: e.code, message: e.message, location: e.location ?? null, context: e.context ?? null }));
  }
  const base = { result: r.result, distinct: r.distinctStates, generated: r.generatedStates, depth: r.depth, coverage: r.coverage };
  if (r.result === 'violation') {
    const v = r.violation;
    return JSON.parse(JSON.stringify({ ...base, kind: v.kind, property: v.property, message: v.message ?? null, trace: v.trace }));
  }
  return JSON.parse(JSON.stringify(r.result === 'incomplete' ? { ...base, reason: r.reason } : base));
}
