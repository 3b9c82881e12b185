// Runs inline specs through the search with liveness checking, and checks lassos independently.
import { expect } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import type { CompiledModel } from '../../checker/compile.ts';
import { LivenessCheck } from '../../checker/liveness/LivenessCheck.ts';
import { verifyLasso } from '../../checker/liveness/verifyLasso.ts';
import { instantiate } from '../../checker/loadSpec.ts';
import type { CheckResult } from '../../checker/result.ts';
import type { ModelBuilder, Schema } from '../../spec/index.ts';
import { defineSpec } from '../../spec/index.ts';

/** Searches a model built inline, then decides its temporal properties. */
export async function checkInline(build: () => ModelBuilder<Schema> | ModelBuilder<any>, options: { noDeadlock?: boolean } = {}): Promise<{ model: CompiledModel; result: CheckResult }> {
  const { model } = instantiate(defineSpec({ name: 'inline' }, build), 'inline.ts');
  const live = new LivenessCheck(model);
  const result = await live.finish(await bfs(model, { ...options, ...live.hooks({}) }));
  return { model, result };
}

/** Asserts that a result is a temporal violation whose lasso replays, closes and is fair; returns it. */
export function expectLasso(model: CompiledModel, result: CheckResult, property: string) {
  expect(result.result).toBe('violation');
  if (result.result !== 'violation') throw new Error('no violation');
  const v = result.violation;
  expect(v.kind).toBe('temporal');
  expect(v.property).toBe(property);
  expect(v.loop).toBeTypeOf('number');
  expect(verifyLasso(model, property, v.trace, v.loop!)).toEqual({ ok: true, stutters: v.loop === v.trace.length - 1 });
  return v;
}
