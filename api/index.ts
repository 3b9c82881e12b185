// The public entry of the package, `import { ... } from 'interleave'`: the DSL a spec is written in
// (spec/index.ts, itself an explicit list, re-exported whole so the two never drift) and the functions
// that check, simulate, replay and minimize from a program or a test runner, each returning a
// discriminated union. The vitest matchers are `interleave/vitest` (api/vitest.ts), kept apart so that
// this entry never loads vitest.
export * from '../spec/index.ts';
export { check } from './check.ts';
export type { CheckContext, CheckOptions, CheckOutcome } from './check.ts';
export { simulate } from './simulate.ts';
export type { SimulateOptions, SimulateOutcome } from './simulate.ts';
export { replay } from './replay.ts';
export type { ReplayOptions, ReplayOutcome } from './replay.ts';
export { minimize } from './minimize.ts';
export type { MinimizeOptions, MinimizeOutcome } from './minimize.ts';
export type { TraceTarget } from './openTrace.ts';
export { SpecError } from '../checker/SpecError.ts';
export type { SpecErrorCode, SpecErrorContext } from '../checker/SpecError.ts';
export type { ActionCoverage, CheckResult, IncompleteReason, LivenessStatistics, Statistics, TraceStep, Violation, ViolationKind } from '../checker/result.ts';
export type { TraceFile, TraceFileStep } from '../checker/traceFile.ts';
export type { DivergenceReason, ReplayResult } from '../checker/traces/replay.ts';
export type { SimulateResult, SimulationStats } from '../checker/traces/simulate.ts';
export type { MinimizePhase, MinimizeResult, TraceSize } from '../checker/traces/minimize.ts';
export type { StepViolation } from '../checker/traces/Stepper.ts';
export type { Change } from '../checker/traces/stateDiff.ts';
