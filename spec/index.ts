// The public entry of the DSL: everything a spec imports.
export { defineSpec, isSpec } from './defineSpec.ts';
export type { BuildParams, ParamValue, Spec } from './defineSpec.ts';
export { model, ModelBuilder } from './model.ts';
export type {
  ActionDef,
  Args,
  EffectContext,
  Fairness,
  ModelDefinition,
  Params,
  PcView,
  ReadState,
  StepArgs,
  StepDef,
  StepInfo,
  WriteState,
} from './model.ts';
export { array, bool, enumOf, int, mapOf, option, record, ref, scalarset, seq, setOf } from './types.ts';
export type {
  ArrayType,
  BoolType,
  Domain,
  DomainValue,
  EnumType,
  IntType,
  MapType,
  OptionType,
  RecordType,
  Scalarset,
  Schema,
  SeqType,
  SetType,
  Type,
} from './types.ts';
export type { ArrayDraft, ArrayView, Draft, SeqDraft, SeqView, SetDraft, SetView, StateDraft, StateView, Value, View } from './views.ts';
export type { SourceLocation } from './location.ts';
