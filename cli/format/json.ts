// The text of every `--json` object: two-space indent, a final newline, and each source location's
// `file` relative to the working directory (as the text reports print them), never an absolute path
// that differs machine to machine.
import { isAbsolute, relative } from 'node:path';
import type { ParamValue } from '../../spec/defineSpec.ts';

/** `value` as the JSON text a command prints. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, (key, v: unknown) => (key === 'file' && typeof v === 'string' && isAbsolute(v) ? relative(process.cwd(), v) || v : v), 2)}\n`;
}

/** `params` without `variant`, and `variant` apart (null when the spec has none), as trace files keep them. */
export function paramsAndVariant(params: Readonly<Record<string, ParamValue>> | undefined): { params: Record<string, ParamValue>; variant: string | null } {
  const { variant, ...rest } = (params ?? {}) as Record<string, ParamValue>;
  return { params: rest, variant: variant === undefined ? null : String(variant) };
}
