// `interleave show`: a spec as the source declares it (ts-morph, with lines) and as each variant
// builds it (the runtime: parameter values, types, process instances, which steps exist).
import { readFileSync } from 'node:fs';
import type { ParamValue } from '../../spec/defineSpec.ts';
import { describeType, type Domain } from '../../spec/types.ts';
import type { CompiledModel } from '../compile.ts';
import { importSpec, instantiate } from '../loadSpec.ts';
import { readSpecSource } from './readSpecSource.ts';
import type { GuardEffect, PropertyKind, Span, SpecSource } from './SpecSource.ts';

/** An item's place in the file, when known. */
export interface Place {
  readonly line?: number;
  readonly endLine?: number;
}

/** Items built by only some variants list them; absent means every variant builds the item. */
export interface InVariants {
  readonly variants?: readonly string[];
  /** In the source, but no variant builds it with these parameters (e.g. behind `if (param)`). */
  readonly unbuilt?: true;
}

export interface StepSummary extends Place, InVariants {
  readonly label: string;
  readonly guard?: Span;
  readonly effect?: Span;
  /** The next label, or `(computed)` when a function chooses it. */
  readonly next: string;
}
export interface ProcessSummary extends Place, InVariants {
  readonly name: string;
  /** The instance domain (`Proc` with 3 ids) or null for one instance. */
  readonly over: string | null;
  readonly instances: number;
  readonly steps: readonly StepSummary[];
}
export interface ActionSummary extends Place, InVariants {
  readonly name: string;
  /** `name: type` of each parameter. */
  readonly params: readonly string[];
  readonly guard?: Span;
  readonly effect?: Span;
}
export interface PropertySummary extends Place, InVariants {
  readonly name: string;
  readonly kind: PropertyKind;
}

/** A spec: source and runtime together. */
export interface SpecSummary {
  readonly file: string;
  readonly name: string;
  readonly params: readonly ({ readonly name: string; readonly value: ParamValue } & Place)[];
  readonly variants: readonly ({ readonly name: string } & Place)[];
  readonly scalarsets: readonly ({ readonly name: string; readonly size: number } & Place)[];
  readonly variables: readonly ({ readonly name: string; readonly type: string; readonly written?: string } & Place)[];
  readonly processes: readonly ProcessSummary[];
  readonly actions: readonly ActionSummary[];
  readonly properties: readonly PropertySummary[];
  readonly deadlockChecked: boolean;
  readonly hasTerminal: boolean;
}

const place = (s: Span | undefined): Place => (s ? { line: s.line, endLine: s.endLine } : {});

/** Loads `file`, builds every variant with `params`, and reads its source. */
export async function summarizeSpec(file: string, params: Readonly<Record<string, ParamValue>> = {}): Promise<SpecSummary> {
  const spec = await importSpec(file);
  const source = readSpecSource(file, readFileSync(file, 'utf8'));
  const variantNames = spec.variants.length ? spec.variants : [undefined];
  const builds: { variant: string | undefined; model: CompiledModel }[] = [];
  for (const v of variantNames) {
    const loaded = instantiate(spec, file, params, v);
    builds.push({ variant: v, model: loaded.model });
  }
  const first = builds[0]!.model;
  const allVariants = spec.variants;
  // which variants build an item; undefined when all do (or the spec has no variants)
  const inVariants = (has: (m: CompiledModel) => boolean): InVariants => {
    const vs = builds.filter((b) => has(b.model)).map((b) => b.variant!);
    return allVariants.length && vs.length < allVariants.length ? { variants: vs } : {};
  };
  const union = <T>(pick: (m: CompiledModel) => readonly T[], key: (t: T) => string): T[] => {
    const seen = new Map<string, T>();
    for (const b of builds) for (const t of pick(b.model)) if (!seen.has(key(t))) seen.set(key(t), t);
    return [...seen.values()];
  };
  // a process may be written once per variant branch: the source item is the one around the built call
  const within = (span: Span, line: number | undefined) => line !== undefined && span.line <= line && line <= span.endLine;
  const srcProcess = (name: string, line: number | undefined) => {
    const named = source.processes.filter((s) => s.name === name);
    return named.find((s) => within(s.span, line)) ?? named[0];
  };
  const srcStep = (name: string, line: number | undefined) => {
    const [process] = name.split('.');
    return srcProcess(process!, line)?.steps.find((s) => s.name === name) ?? source.processes.flatMap((p) => p.steps).find((s) => s.name === name);
  };

  const processes = union((m) => m.processes, (p) => p.name).map((p): ProcessSummary => {
    const src = srcProcess(p.name, p.location?.line);
    const steps = union((m) => m.actions.filter((a) => a.process?.name === p.name), (a) => a.name).map((a): StepSummary => {
      const s = srcStep(a.name, a.location?.line);
      return {
        label: a.process!.label,
        ...place(s?.span),
        ...(s?.guard ? { guard: s.guard } : {}),
        ...(s?.effect ? { effect: s.effect } : {}),
        next: typeof a.process!.next === 'string' ? a.process!.next : '(computed)',
        ...inVariants((m) => m.actions.some((x) => x.name === a.name)),
      };
    });
    return {
      name: p.name,
      ...place(src?.span ?? (p.location ? { line: p.location.line, endLine: p.location.line } : undefined)),
      over: p.over ? describeDomain(p.over) : null,
      instances: p.over ? p.over.values.length : 1,
      steps,
      ...inVariants((m) => m.processes.some((x) => x.name === p.name)),
    };
  });
  // processes and steps that the source declares but no variant built with these parameters
  for (const src of source.processes) {
    const built = processes.find((p) => p.name === src.name);
    const unbuilt = src.steps.filter((st) => !built?.steps.some((b) => b.label === st.label)).map((st): StepSummary => ({ label: st.label, ...place(st.span), ...guardEffect(st), next: isLabel(st.next) ? st.next : '(computed)', unbuilt: true }));
    if (built) (built.steps as StepSummary[]).push(...unbuilt);
    else processes.push({ name: src.name, ...place(src.span), over: src.over, instances: 0, steps: unbuilt, unbuilt: true });
  }
  const actions = union((m) => m.actions.filter((a) => !a.process), (a) => a.name).map((a): ActionSummary => {
    const named = source.actions.filter((x) => x.name === a.name);
    const s = named.find((x) => within(x.span, a.location?.line)) ?? named[0];
    return {
      name: a.name,
      ...place(s?.span ?? (a.location ? { line: a.location.line, endLine: a.location.line } : undefined)),
      params: Object.entries(a.params).map(([k, d]) => `${k}: ${describeDomain(d)}`),
      ...(s?.guard ? { guard: s.guard } : {}),
      ...(s?.effect ? { effect: s.effect } : {}),
      ...inVariants((m) => m.actions.some((x) => x.name === a.name)),
    };
  });
  const kinds: [PropertyKind, (m: CompiledModel) => readonly { name: string; location?: { line: number } }[]][] = [
    ['invariant', (m) => m.invariants],
    ['actionInvariant', (m) => m.actionInvariants],
    ['cover', (m) => m.covers],
  ];
  for (const src of source.actions) {
    if (!actions.some((a) => a.name === src.name)) actions.push({ name: src.name, ...place(src.span), params: src.params ? [src.params] : [], ...guardEffect(src), unbuilt: true });
  }
  const temporal = union((m) => m.temporal, (t) => t.name);
  const properties = [
    ...kinds.flatMap(([kind, pick]) => union(pick, (x) => x.name).map((x) => ({ x, kind, pick }))),
    ...temporal.map((t) => ({ x: t as { name: string; location?: { line: number } }, kind: t.kind as PropertyKind, pick: (m: CompiledModel) => m.temporal })),
  ].map(({ x, kind, pick }): PropertySummary => {
      const s = source.properties.find((p) => p.name === x.name);
      return { name: x.name, kind, ...place(s?.span ?? (x.location ? { line: x.location.line, endLine: x.location.line } : undefined)), ...inVariants((m) => pick(m).some((y) => y.name === x.name)) };
  });
  for (const src of source.properties) {
    if (!properties.some((p) => p.name === src.name)) properties.push({ name: src.name, kind: src.kind, ...place(src.span), unbuilt: true });
  }
  return {
    file,
    name: spec.name,
    params: Object.entries({ ...spec.params, ...params }).map(([name, value]) => ({ name, value, ...place(source.params.find((p) => p.name === name)?.span) })),
    variants: spec.variants.map((name) => ({ name, ...place(source.variants.find((v) => v.name === name)?.span) })),
    scalarsets: [...first.scalarsets.values()].map((s) => ({ name: s.name, size: s.size, ...place(source.scalarsets.find((x) => x.name === s.name)?.span) })),
    variables: Object.entries(first.vars)
      .filter(([k]) => k !== 'pc' || first.processes.length === 0)
      .map(([name, t]) => {
        const s = source.variables.find((v) => v.name === name);
        return { name, type: describeType(t), ...(s ? { written: s.type } : {}), ...place(s?.span) };
      }),
    processes,
    actions,
    properties,
    deadlockChecked: first.checkDeadlock,
    hasTerminal: first.terminal !== undefined,
  };
}

const isLabel = (next: string) => /^[A-Za-z_][\w-]*$/.test(next);
const guardEffect = (x: GuardEffect): GuardEffect => ({ ...(x.guard ? { guard: x.guard } : {}), ...(x.effect ? { effect: x.effect } : {}) });

function describeDomain(d: Domain): string {
  return d.kind === 'scalarset' ? `${d.name} (${d.size} ids)` : describeType(d);
}
