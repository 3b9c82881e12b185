// Integer command-line options, validated once at entry. yargs' own `type: 'number'` turns `abc` into
// NaN (which a budget then silently ignores) and accepts -1 and 1.5; here yargs hands over the text and
// a bad value is a usage error naming the flag and the value, before any spec is loaded.
import { SpecError } from '../checker/SpecError.ts';

/** What an integer option accepts. */
export interface IntegerOptionSpec {
  readonly describe: string;
  /** Smallest accepted value (default 1: a count). */
  readonly min?: number;
  readonly default?: number;
}

/** A yargs option whose value is a safe integer of at least `min`; anything else is error[USAGE]. */
export function integerOption(flag: string, spec: IntegerOptionSpec) {
  const min = spec.min ?? 1;
  return {
    type: 'string' as const,
    describe: spec.describe,
    ...(spec.default !== undefined ? { default: String(spec.default) } : {}),
    coerce: (raw: unknown): number => parseInteger(flag, raw, min),
  };
}

/** Parses the value of `--flag`: a safe integer of at least `min` (`-Infinity`: any integer). */
export function parseInteger(flag: string, raw: unknown, min: number): number {
  const expected = min === -Infinity ? 'an integer' : min === 1 ? 'a positive integer' : `an integer of at least ${min}`;
  if (Array.isArray(raw)) throw new SpecError('USAGE', `--${flag} is given ${raw.length} times: give it once`);
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (text === '') throw new SpecError('USAGE', `--${flag} needs a value: ${expected}`);
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new SpecError('USAGE', `--${flag} ${text}: expected ${expected}`);
  }
  return value;
}
