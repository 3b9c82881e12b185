// Which spec a trace file may make interleave load, and with which parameters. A trace file is data,
// often downloaded or attached to a bug report; the spec it names is code. So the `spec` field is
// trusted only as far as it stays in the user's own working tree, and the parameters it records are
// checked against what the spec declares before anything is built. Everything else needs the spec
// named on the command line (`--spec`), which is always allowed.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ParamValue, Spec } from '../../spec/defineSpec.ts';
import { importSpec } from '../loadSpec.ts';
import { SpecError } from '../SpecError.ts';
import type { LoadedTraceFile } from './loadTraceFile.ts';

/** File names a trace may name as its spec: specs are TypeScript modules. */
const SPEC_EXTENSION = /\.ts$/;

/**
 * The folder a trace file's spec must stay inside: the git work tree holding `cwd` (the nearest folder
 * at or above it with a `.git` entry, a folder or a worktree's file), or `cwd` itself outside git.
 * Returned with symbolic links resolved.
 */
export function workingTreeRoot(cwd: string = process.cwd()): string {
  const start = realpathSync(cwd);
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

const inside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

/**
 * The spec file a trace names, as a path from the working directory, once it is known to be a `.ts`
 * file inside `root` (after resolving symbolic links). The one gate between a trace's `spec` field and
 * an import. Throws TRACE_FILE naming `$.spec` when it is not; SPEC_LOAD when the file is missing.
 */
export function specNamedByTrace(file: LoadedTraceFile, root: string = workingTreeRoot()): string {
  const named = file.trace.spec;
  const refuse = (why: string): never => {
    throw new SpecError('TRACE_FILE', `${file.path}: $.spec: ${JSON.stringify(named)} ${why}: a trace file may only name a .ts spec inside the working tree (${root})`, {
      hint: `a trace file is data and does not choose the code that runs: name the spec yourself with --spec <file>`,
    });
  };
  if (isAbsolute(named) || /^[A-Za-z]:|^[\\/]/.test(named)) refuse('is an absolute path');
  if (named.includes('\0')) refuse('holds a NUL character');
  if (!SPEC_EXTENSION.test(named)) refuse('is not a .ts file');
  if (named.split(/[\\/]/).includes('node_modules')) refuse('is inside node_modules');
  const lexical = resolve(dirname(resolve(file.path)), named);
  if (!existsSync(lexical)) {
    if (!inside(root, lexical)) refuse(`resolves to ${lexical}, outside the working tree`);
    const shown = relative(process.cwd(), lexical) || lexical;
    throw new SpecError('SPEC_LOAD', `${file.path}: the spec it names is not found: ${shown}`, {
      hint: `the trace names its spec relative to the trace file's folder ("spec": ${JSON.stringify(named)}); give another with --spec`,
    });
  }
  const real = realpathSync(lexical);
  if (!inside(root, real)) refuse(`resolves to ${real}${real === lexical ? '' : ' (through a symbolic link)'}, outside the working tree`);
  if (!SPEC_EXTENSION.test(real)) refuse(`leads to ${real}, not a .ts file`);
  if (!statSync(real).isFile()) refuse('is not a file');
  return relative(process.cwd(), lexical) || lexical;
}

/**
 * Checks a trace's recorded parameters and variant against what `spec` declares: every parameter is
 * declared (an own key) and has its default's type (numbers: safe integers); the variant is one of the
 * spec's. `variantOverride`, when given, replaces the recorded variant, which is then not checked.
 * Throws TRACE_FILE naming `$.params.<name>` or `$.variant`.
 */
export function checkTraceParams(file: LoadedTraceFile, spec: Spec, variantOverride?: string): void {
  const fail = (at: string, what: string, hint?: string): never => {
    throw new SpecError('TRACE_FILE', `${file.path}: ${at}: ${what}`, hint ? { hint } : {});
  };
  const declared = Object.keys(spec.params);
  for (const [k, v] of Object.entries(file.trace.params as Record<string, ParamValue>)) {
    const at = `$.params${/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`}`;
    if (!Object.hasOwn(spec.params, k)) {
      fail(at, `spec '${spec.name}' has no parameter '${k}'`, declared.length ? `its parameters: ${declared.join(', ')}` : 'it declares no parameters');
    }
    const def = spec.params[k];
    if (typeof v !== typeof def) fail(at, `expected a ${typeof def} (the type of its default, ${JSON.stringify(def)}), found ${typeof v} ${JSON.stringify(v)}`);
    if (typeof v === 'number' && !Number.isSafeInteger(v)) fail(at, `expected an integer, found ${JSON.stringify(v)}`);
  }
  const variant = file.trace.variant;
  if (variantOverride !== undefined || variant === null) return;
  if (!spec.variants.includes(variant)) {
    fail('$.variant', `spec '${spec.name}' has no variant ${JSON.stringify(variant)}`, spec.variants.length ? `its variants: ${spec.variants.join(', ')}` : 'it declares no variants: the variant must be null');
  }
}

/**
 * The spec a trace runs on: the one given (`spec`, loaded wherever it is) or the one it names (inside `root`,
 * said through `onSpec` before the import), imported, with the trace's parameters checked against it.
 */
export async function specForTrace(
  file: LoadedTraceFile,
  path: string,
  overrides: { readonly spec?: string; readonly variant?: string; readonly root?: string; readonly onSpec?: (notice: string) => void },
): Promise<{ spec: Spec; specFile: string }> {
  let specFile = overrides.spec;
  if (specFile === undefined) {
    specFile = specNamedByTrace(file, overrides.root);
    overrides.onSpec?.(`loading spec ${specFile} (named by trace ${path})`);
  }
  const spec = await importSpec(specFile);
  checkTraceParams(file, spec, overrides.variant);
  return { spec, specFile };
}
