// A stand-in for an effect context in unit tests: records every failed check.
import type { Checks } from '../../spec/kernel/index.ts';

/** The failed checks recorded so far, as `property: message`. */
export interface Recorder extends Checks {
  readonly failures: { property: string; message?: string }[];
  /** The failed properties, in order. */
  properties(): string[];
}

export function recorder(): Recorder {
  const failures: { property: string; message?: string }[] = [];
  return {
    failures,
    check(property, ok, message) {
      if (!ok) failures.push({ property, message });
    },
    properties: () => failures.map((f) => f.property),
  };
}
