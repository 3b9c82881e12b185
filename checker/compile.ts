// Turns a model definition into what the search runs: the slot layout (with program counters added),
// the packing, and one action instance per combination of parameter values (or process instance).
import type { SourceLocation } from '../spec/location.ts';
import type { ActionEntry, ModelDefinition, ProcessEntry, PropertyEntry, StepInfo } from '../spec/model.ts';
import { domainIndex, elementCount, enumOf, formatDomainValue, mapOf, MAX_ELEMENTS, record, type Domain, type Scalarset, type Schema, type Type, type Variants } from '../spec/types.ts';
import { layoutOf, type Layout, type LayoutNode } from './layout.ts';
import { packingFor, type Packing } from './packing.ts';
import { lowerProcedures } from './procedures.ts';
import { SpecError } from './SpecError.ts';

/** One executable instance of an action: the action with its arguments bound. */
export interface ActionInstance {
  readonly index: number;
  /** Index of the action (or process step) in `CompiledModel.actions`. */
  readonly action: number;
  readonly name: string;
  /** Arguments as user code receives them (ids as numbers). */
  readonly args: Readonly<Record<string, unknown>>;
  /** Arguments in JSON form (ids as names), for traces. */
  readonly argsJson: Readonly<Record<string, unknown>>;
  /** The process instance, printed (`phil[Phil2]`, or `cpu`), for process steps. */
  readonly process?: string;
  /** For process steps: the pc slot and the label index it must hold; -1 otherwise. */
  readonly pcSlot: number;
  readonly pcValue: number;
  /** The label index to set after the step, or -1 when `nextLabel` computes it. */
  readonly nextValue: number;
  readonly nextLabel?: (next: any, args: any, prev: any) => string;
  readonly labels?: readonly string[];
  readonly when?: (s: any, args: any) => boolean;
  /** Whether the state offers this instance's step parameters (`oneOf`, `subsets` with a base): checked before `when`. */
  readonly allowed?: (s: any, args: any) => boolean;
  readonly effect?: (next: any, args: any, ctx: any) => unknown;
  readonly step: StepInfo;
}

/** A compiled model. */
export interface CompiledModel {
  readonly vars: Schema;
  readonly layout: Layout;
  readonly packing: Packing;
  readonly actions: readonly ActionEntry[];
  readonly processes: readonly ProcessEntry[];
  readonly instances: readonly ActionInstance[];
  readonly init?: ModelDefinition['init'];
  /** Where `init` was declared (for errors). */
  readonly initLocation?: ModelDefinition['initLocation'];
  readonly invariants: ModelDefinition['invariants'];
  readonly actionInvariants: ModelDefinition['actionInvariants'];
  readonly covers: ModelDefinition['covers'];
  /** State constraints (TLC's CONSTRAINT), empty when none. */
  readonly constraints: NonNullable<ModelDefinition['constraints']>;
  readonly terminal?: (s: any) => boolean;
  readonly checkDeadlock: boolean;
  /** Temporal properties (checked after the search, on the state graph). */
  readonly temporal: NonNullable<ModelDefinition['temporal']>;
  /** Fairness over groups of actions, each name checked to be an action, a process step or a process. */
  readonly fairness: NonNullable<ModelDefinition['fairness']>;
  /** pc slots of every process instance, and the index of label 'done' (-1 if unused). */
  readonly pcSlots: readonly { readonly slot: number; readonly done: number }[];
  /** Scalarsets that occur in the state or as process domains, by name. */
  readonly scalarsets: ReadonlyMap<string, Scalarset>;
}

const productOf = (params: Record<string, Domain>): Record<string, unknown>[] => {
  let out: Record<string, unknown>[] = [{}];
  for (const [k, d] of Object.entries(params)) {
    out = out.flatMap((partial) => d.values.map((v) => ({ ...partial, [k]: v })));
  }
  return out;
};

/** The step parameters of a process step (its `either` branch, its `with` values): every combination. */
function choicesOf(step: NonNullable<ActionEntry['process']>): { args: Record<string, unknown>; json: Record<string, unknown> }[] {
  let out = [{ args: {} as Record<string, unknown>, json: {} as Record<string, unknown> }];
  if (step.branch !== undefined) out = [{ args: { either: step.branch }, json: { either: step.branch } }];
  for (const [k, p] of Object.entries(step.with ?? {})) {
    out = out.flatMap((c) => p.values.map((v) => ({ args: { ...c.args, [k]: v }, json: { ...c.json, [k]: p.json(v) } })));
  }
  return out;
}

/**
 * Most slots of a state, and most action instances of a model: layouts and instances are built as
 * JavaScript objects and generated code, so these are checked before building them (a state of 2^16
 * slots or 2^20 instances is far beyond what an exhaustive search can explore anyway).
 */
const MAX_SLOTS = 2 ** 16;
const MAX_INSTANCES = 2 ** 20;

const count = (n: number) => n.toLocaleString('en-US');

/** The number of slots of a value of `t` at `path`; SPEC_DEFINITION when a collection or the state is too large. */
function slotsOf(t: Type, path: string): number {
  const elements = (n: number, of: () => number): number => {
    if (n > MAX_ELEMENTS) {
      throw new SpecError('SPEC_DEFINITION', `variable ${path}: ${count(n)} elements, over the limit of ${count(MAX_ELEMENTS)}`, { hint: 'use smaller parameters or domains' });
    }
    return n * of();
  };
  let n: number;
  switch (t.kind) {
    case 'bool':
    case 'int':
    case 'enum':
    case 'scalarset':
      return 1;
    case 'option':
      n = ['bool', 'int', 'enum', 'scalarset'].includes((t.of as Type).kind) ? 1 : 1 + slotsOf(t.of, path);
      break;
    case 'array':
      n = elements(t.length, () => slotsOf(t.of, `${path}[]`));
      break;
    case 'map':
      n = elements((t.key as Domain).values.length, () => slotsOf(t.of, `${path}[]`));
      break;
    case 'set':
      n = elements(elementCount(t.of), () => 1);
      break;
    case 'seq':
      n = 1 + elements(t.max, () => slotsOf(t.of, `${path}[]`));
      break;
    case 'record':
      n = 0;
      for (const [k, f] of Object.entries(t.fields as Record<string, Type>)) n += slotsOf(f, `${path}.${k}`);
      break;
    case 'undefinedOr':
      n = 1 + slotsOf(t.of, path);
      break;
    case 'union':
      n = 1;
      for (const [k, v] of Object.entries(t.variants as Variants)) if (v) n += slotsOf(v, `${path}(${k})`);
      break;
  }
  if (n > MAX_SLOTS) throw new SpecError('SPEC_DEFINITION', `variable ${path}: ${count(n)} slots, over the limit of ${count(MAX_SLOTS)} per state`, { hint: 'use smaller parameters or domains' });
  return n;
}

/** Refuses a state of more than MAX_SLOTS slots or a model of more than MAX_INSTANCES action instances. */
function checkSizes(vars: Schema, def: ModelDefinition): void {
  let slots = 0;
  for (const [k, t] of Object.entries(vars)) slots += slotsOf(t, k);
  if (slots > MAX_SLOTS) throw new SpecError('SPEC_DEFINITION', `the state has ${count(slots)} slots, over the limit of ${count(MAX_SLOTS)}`);
  let instances = 0;
  for (const a of def.actions) {
    const proc = a.process ? def.processes.find((p) => p.name === a.process!.name) : undefined;
    const domains = proc ? (proc.over ? [proc.over] : []) : Object.values(a.params as Record<string, Domain>);
    const n = domains.reduce((m, d) => m * d.values.length, 1) * Object.values(a.process?.with ?? {}).reduce((m, p) => m * p.values.length, 1);
    instances += n;
    if (instances > MAX_INSTANCES) {
      throw new SpecError('SPEC_DEFINITION', `action '${a.name}': ${count(n)} instances (one per combination of its parameters' values) make the model's ${count(instances)}, over the limit of ${count(MAX_INSTANCES)}`, {
        location: a.location,
        hint: 'use smaller parameter domains',
      });
    }
  }
}

/** Compiles a definition. Throws SpecError (SPEC_DEFINITION) on a malformed model. */
export function compile(given: ModelDefinition): CompiledModel {
  const def = lowerProcedures(given);
  const vars: Record<string, Type> = { ...def.vars };
  if (def.processes.length > 0) {
    if ('pc' in vars) throw new SpecError('SPEC_DEFINITION', "a model with processes cannot declare a variable named 'pc' (it holds the program counters)", { location: def.location });
    const pcFields: Record<string, Type> = {};
    for (const p of def.processes) {
      const steps = def.actions.filter((a) => a.process?.name === p.name);
      // an effect may also go to 'done' with ctx.goto (its source says so)
      const mayFinish = steps.some((a) => a.process!.next === 'done' || typeof a.process!.next === 'function' || (a.effect !== undefined && /\bgoto\b/.test(String(a.effect))));
      const labelType = enumOf(...p.labels, ...(mayFinish ? ['done'] : []));
      pcFields[p.name] = p.over ? mapOf(p.over, labelType) : labelType;
    }
    vars['pc'] = record(pcFields);
  }
  checkSizes(vars, def);
  const layout = layoutOf(vars);
  const packing = packingFor(layout.cards);

  const pcNode = layout.root.fields.find(([k]) => k === 'pc' && def.processes.length > 0)?.[1] as Extract<LayoutNode, { kind: 'record' }> | undefined;
  const pcSlotOf = (proc: ProcessEntry, self: unknown): number => {
    const node = pcNode!.fields.find(([k]) => k === proc.name)![1];
    if (node.kind === 'leaf') return node.slot;
    const m = node as Extract<LayoutNode, { kind: 'array' | 'map' }>;
    return (m.elems[domainIndex(m.key!, self)] as Extract<LayoutNode, { kind: 'leaf' }>).slot;
  };
  const labelsOf = (proc: ProcessEntry): readonly string[] => {
    const t = (vars['pc'] as { fields: Record<string, Type> }).fields[proc.name]!;
    return (t.kind === 'map' ? (t.of as { values: readonly string[] }) : (t as { values: readonly string[] })).values;
  };

  const instances: ActionInstance[] = [];
  const pcSlots: { slot: number; done: number }[] = [];
  for (const proc of def.processes) {
    const labels = labelsOf(proc);
    for (const self of proc.over ? proc.over.values : [0]) pcSlots.push({ slot: pcSlotOf(proc, self), done: labels.indexOf('done') });
  }
  def.actions.forEach((a, actionIndex) => {
    if (a.process) {
      const proc = def.processes.find((p) => p.name === a.process!.name)!;
      const labels = labelsOf(proc);
      for (const self of proc.over ? proc.over.values : [0]) {
        const shown = proc.over ? `${proc.name}[${formatDomainValue(proc.over, self)}]` : proc.name;
        const next = a.process.next;
        // state-dependent step parameters: kept apart from the guard, so the guard still compiles
        const gated = Object.entries(a.process.with ?? {}).filter(([, p]) => p.allowed);
        const allowed = gated.length === 0 ? undefined : (s: any, args: any) => gated.every(([k, p]) => p.allowed!(s, args, args[k]));
        // one instance per branch and combination of step parameters (withArgs, either), shown as arguments
        for (const combo of choicesOf(a.process)) {
          const args = Object.freeze({ self, ...combo.args });
          instances.push({
            index: instances.length,
            action: actionIndex,
            name: a.name,
            args,
            argsJson: Object.freeze({ ...(proc.over ? { self: formatDomainValue(proc.over, self) } : {}), ...combo.json }),
            process: shown,
            pcSlot: pcSlotOf(proc, self),
            pcValue: labels.indexOf(a.process.label),
            nextValue: typeof next === 'string' ? labels.indexOf(next) : -1,
            nextLabel: typeof next === 'function' ? next : undefined,
            labels,
            when: a.when,
            ...(allowed ? { allowed } : {}),
            effect: a.effect,
            step: Object.freeze({ action: a.name, process: shown, args }),
          });
        }
      }
    } else {
      for (const combo of productOf(a.params as Record<string, Domain>)) {
        const args = Object.freeze(combo);
        const argsJson: Record<string, unknown> = {};
        for (const [k, d] of Object.entries(a.params)) argsJson[k] = d.kind === 'scalarset' ? formatDomainValue(d, combo[k]) : combo[k];
        instances.push({
          index: instances.length,
          action: actionIndex,
          name: a.name,
          args,
          argsJson: Object.freeze(argsJson),
          pcSlot: -1,
          pcValue: -1,
          nextValue: -1,
          when: a.when,
          effect: a.effect,
          step: Object.freeze({ action: a.name, args }),
        });
      }
    }
  });

  return {
    vars,
    layout,
    packing,
    actions: def.actions,
    processes: def.processes,
    instances,
    init: def.init,
    initLocation: def.initLocation,
    invariants: def.invariants,
    actionInvariants: def.actionInvariants,
    covers: def.covers,
    constraints: def.constraints ?? [],
    terminal: def.terminal,
    checkDeadlock: def.checkDeadlock,
    temporal: def.temporal ?? [],
    fairness: checkFairGroups(def),
    pcSlots,
    scalarsets: scalarsetsOf(vars, def.processes, def.actions, def.location),
  };
}

function scalarsetsOf(vars: Schema, processes: readonly ProcessEntry[], actions: readonly ActionEntry[], location: SourceLocation | undefined): Map<string, Scalarset> {
  const found = new Map<string, Scalarset>();
  const visit = (t: Type): void => {
    switch (t.kind) {
      case 'scalarset':
        if (found.has(t.name) && found.get(t.name)!.size !== t.size) {
          throw new SpecError('SPEC_DEFINITION', `two scalarsets are named '${t.name}' with different sizes`, { location });
        }
        found.set(t.name, t);
        return;
      case 'option':
      case 'array':
      case 'seq':
      case 'undefinedOr':
        return visit(t.of);
      case 'set':
        return visit(t.of);
      case 'map':
        visit(t.key);
        return visit(t.of);
      case 'record':
        for (const f of Object.values(t.fields as Record<string, Type>)) visit(f);
        return;
      case 'union':
        for (const v of Object.values(t.variants as Variants)) if (v) visit(v);
        return;
      default:
        return;
    }
  };
  for (const t of Object.values(vars)) visit(t);
  for (const p of processes) if (p.over) visit(p.over);
  for (const a of actions) for (const d of Object.values(a.params)) visit(d);
  return found;
}

/** The fairness groups of `def`, refused when a name is no action, process step or process. */
function checkFairGroups(def: ModelDefinition): NonNullable<ModelDefinition['fairness']> {
  const known = new Set([...def.actions.map((a) => a.name), ...def.processes.map((p) => p.name)]);
  for (const g of def.fairness ?? []) {
    const unknown = g.actions.find((n) => !known.has(n));
    if (unknown !== undefined) {
      throw new SpecError('SPEC_DEFINITION', `fair('${g.kind}', ...): no action, process step or process is named '${unknown}'`, {
        location: g.location,
        hint: `the names are: ${[...known].join(', ')}`,
      });
    }
  }
  return def.fairness ?? [];
}

/** The property entries of a model, all kinds, for listing. */
export function propertyNames(m: CompiledModel): string[] {
  const names = (xs: readonly PropertyEntry<unknown>[]) => xs.map((x) => x.name);
  return [...names(m.invariants), ...names(m.actionInvariants), ...names(m.covers), ...m.temporal.map((t) => t.name)];
}
