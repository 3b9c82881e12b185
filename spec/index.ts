// The public entry of the DSL: everything a spec imports.
export { defineSpec, isSpec } from './defineSpec.ts';
export type { BuildParams, ParamType, ParamValue, Spec } from './defineSpec.ts';
export { model, ModelBuilder } from './model.ts';
export type { CallStepDef, ContextLevel, EitherStepDef, InterruptDef, PreemptDef, ProcedureArgs, ProcedureLabels, ProcedureReadArgs, ProcedureStepDef, StepBody, StepContext, ProcedureTable, ProcessOptions, ProcessStep } from './procedure.ts';
export { CONTEXT_LEVELS } from './procedure.ts';
export { oneOf, subsets } from './choice.ts';
export type { ChoiceArgs, ChoiceDomain, ChoiceOf, Choices, ChoiceStep, ChoiceValue, StepTools, SubsetsOf } from './choice.ts';
export type {
  ActionDef,
  Args,
  EffectContext,
  InitContext,
  NoResult,
  ProcessPc,
  Fairness,
  ModelDefinition,
  Params,
  PcView,
  ReadState,
  StepArgs,
  StepDef,
  StepInfo,
  TemporalEntry,
  TemporalKind,
  TemporalPredicate,
  WithProcess,
  WriteState,
} from './model.ts';
export { array, bool, enumOf, idName, int, mapOf, option, record, ref, scalarset, seq, setOf, union, orUndefined, shownAs } from './types.ts';
export type {
  ArrayType,
  BoolType,
  Domain,
  DomainValue,
  Element,
  ElementValue,
  EnumType,
  Id,
  IdList,
  IntType,
  MapType,
  OptionType,
  RecordDomain,
  RecordType,
  Scalarset,
  Schema,
  SeqType,
  SetType,
  Type,
  UndefinedOrType,
  UnionType,
  Variants,
} from './types.ts';
export type { ArrayDraft, ArrayView, Draft, Frozen, SeqDraft, SeqView, SetDraft, SetView, StateDraft, StateView, UnionValue, Value, View } from './views.ts';
export type { SourceLocation } from './location.ts';
// The kernel primitives library (spec/kernel/): its own index is the one list of its exports.
export * from './kernel/index.ts';
