// `check --bitstate[=SIZE]`: the size of the bit array, as SPIN's -wN (2^N bits) or as bytes (512MB).
import { MAX_BITSTATE_BITS, parseBitstateSize } from '../checker/BitStateSet.ts';
import { SpecError } from '../checker/SpecError.ts';
import { integerOption, parseInteger } from './integerOption.ts';

/** The value of `--bitstate`: bits of the array (a bare `--bitstate`: 2^30); undefined when not given. */
export function bitstateBits(raw: unknown): number | undefined {
  if (raw === undefined || raw === false) return undefined;
  if (Array.isArray(raw)) throw new SpecError('USAGE', `--bitstate is given ${raw.length} times: give it once`);
  const text = raw === true ? '' : String(raw);
  const bits = parseBitstateSize(text);
  if (bits === null || bits < 64 || bits > MAX_BITSTATE_BITS) {
    throw new SpecError('USAGE', `--bitstate=${text}: expected a size: N up to 35 for 2^N bits (SPIN's -wN), or bytes such as 512MB or 1GiB (at most 4 GiB), written --bitstate=SIZE`);
  }
  return bits;
}

/** `--bitstate-hashes`: 1 to 32 (SPIN's -k; default 3). */
export const bitstateHashesOption = {
  ...integerOption('bitstate-hashes', { default: 3, describe: "bits set per state with --bitstate (SPIN's -k), 1 to 32" }),
  coerce: (raw: unknown): number => {
    const k = parseInteger('bitstate-hashes', raw, 1);
    if (k > 32) throw new SpecError('USAGE', `--bitstate-hashes ${k}: expected 1 to 32`);
    return k;
  },
};
