// Loads a spec file and instantiates it with parameters: the entry of every command.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isSpec, type ParamValue, type Spec } from '../spec/defineSpec.ts';
import { firstUserFrame, type SourceLocation } from '../spec/location.ts';
import { compile, type CompiledModel } from './compile.ts';
import { SpecError } from './SpecError.ts';

/** A spec file loaded and instantiated for one set of parameters. */
export interface LoadedModel {
  readonly file: string;
  readonly spec: Spec;
  /** Every parameter's value, defaults filled in, plus `variant` when the spec has variants. */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly variant?: string;
  readonly model: CompiledModel;
}

let beforeSpecImport: (() => Promise<void>) | undefined;

/**
 * Sets what must run before the first spec is imported: bin/interleave.js registers tsx (a spec is
 * TypeScript) only then, so commands that load no spec (`--help`) start without it.
 */
export function setSpecImportHook(hook: () => Promise<void>): void {
  beforeSpecImport = hook;
}

/** Imports a spec file and returns its default export (or its only spec export). */
export async function importSpec(file: string): Promise<Spec> {
  const path = resolve(file);
  if (!existsSync(path)) throw new SpecError('SPEC_LOAD', `spec file not found: ${file}`);
  await beforeSpecImport?.();
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    const { message, location } = importFailure(e);
    throw new SpecError('SPEC_LOAD', `${file} does not load: ${message}`, { location: location ?? { file: path, line: 1, column: 1 }, cause: e });
  }
  if (isSpec(mod['default'])) return mod['default'];
  const specs = Object.values(mod).filter(isSpec);
  if (specs.length === 1) return specs[0]!;
  throw new SpecError('SPEC_LOAD', `${file} exports ${specs.length ? 'several specs and no default' : 'no spec'}`, {
    hint: 'export default defineSpec({ name, params, variants }, (p) => model({...})...)',
    location: { file: path, line: 1, column: 1 },
  });
}

/**
 * Why an import failed, and where: a syntax error (esbuild's `file:line:col: ERROR: text`, column 0-based)
 * at its own place, anything else (a throw at module level) at the first frame in user code.
 */
function importFailure(e: unknown): { message: string; location?: SourceLocation } {
  const text = typeof (e as { message?: unknown } | null)?.message === 'string' ? (e as { message: string }).message : String(e);
  const syntax = /^(.+?):(\d+):(\d+): ERROR: (.*)$/m.exec(text);
  if (syntax) return { message: syntax[4]!, location: { file: syntax[1]!, line: Number(syntax[2]), column: Number(syntax[3]) + 1 } };
  return { message: text.split('\n')[0]!, location: firstUserFrame(e, true) };
}

/** Parses `k=v` strings against the spec's declared parameters (a value takes its default's type). */
export function parseParams(spec: Spec, pairs: readonly string[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new SpecError('PARAM', `--param ${pair}: expected name=value`);
    const k = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    if (k === 'variant') {
      out[k] = raw;
      continue;
    }
    if (!Object.hasOwn(spec.params, k)) throw unknownParam(spec, k);
    const def = spec.params[k];
    if (typeof def === 'number') {
      if (!/^-?\d+$/.test(raw)) throw new SpecError('PARAM', `--param ${k}=${raw}: ${k} is an integer`);
      out[k] = Number(raw);
    } else if (typeof def === 'boolean') {
      if (raw !== 'true' && raw !== 'false') throw new SpecError('PARAM', `--param ${k}=${raw}: ${k} is true or false`);
      out[k] = raw === 'true';
    } else {
      out[k] = raw;
    }
  }
  return out;
}

function unknownParam(spec: Spec, k: string): SpecError {
  const known = Object.keys(spec.params);
  return new SpecError('PARAM', `spec '${spec.name}' has no parameter '${k}'`, {
    hint: known.length ? `its parameters: ${known.map((p) => `${p} (default ${spec.params[p]})`).join(', ')}` : 'it declares no parameters',
  });
}

/** Builds and compiles a spec for the given parameters and variant. */
export function instantiate(spec: Spec, file: string, given: Readonly<Record<string, ParamValue>> = {}, variant?: string): LoadedModel {
  for (const k of Object.keys(given)) if (k !== 'variant' && !Object.hasOwn(spec.params, k)) throw unknownParam(spec, k);
  const chosen = variant ?? (given['variant'] as string | undefined);
  if (chosen !== undefined && !spec.variants.includes(chosen)) {
    throw new SpecError('VARIANT', `spec '${spec.name}' has no variant '${chosen}'`, {
      hint: spec.variants.length ? `its variants: ${spec.variants.join(', ')}` : 'it declares no variants',
    });
  }
  const v = chosen ?? spec.variants[0];
  const params: Record<string, ParamValue> = { ...spec.params };
  for (const [k, val] of Object.entries(given)) if (k !== 'variant') params[k] = val;
  if (v !== undefined) params['variant'] = v;
  let model: CompiledModel;
  try {
    const builder = spec.build({ ...params, variant: v ?? 'default' });
    if (!builder || typeof (builder as { build?: unknown }).build !== 'function') {
      throw new SpecError('SPEC_DEFINITION', `spec '${spec.name}': the build function must return model(...)`);
    }
    model = compile(builder.build());
  } catch (e) {
    // an error about the model as a whole (raised after the build function returned) points at defineSpec
    if (e instanceof SpecError) throw e.location ? e : new SpecError(e.code, e.message, { ...e.options, location: spec.location });
    throw new SpecError('SPEC_DEFINITION', `spec '${spec.name}' does not build: ${e instanceof Error ? e.message : String(e)}`, {
      location: firstUserFrame(e) ?? spec.location,
      cause: e,
    });
  }
  return Object.freeze({ file: resolve(file), spec, params: Object.freeze(params), variant: v, model });
}

/** Imports and instantiates in one go. */
export async function loadModel(file: string, params: readonly string[] = [], variant?: string): Promise<LoadedModel> {
  const spec = await importSpec(file);
  return instantiate(spec, file, parseParams(spec, params), variant);
}
