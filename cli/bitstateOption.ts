// `check --bitstate[=SIZE]`: the size of the bit array, as SPIN's -wN (2^N bits) or as bytes (512MB).
import { MAX_BITSTATE_BITS, parseBitstateSize } from '../checker/BitStateSet.ts';
import { SpecError } from '../checker/SpecError.ts';

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
