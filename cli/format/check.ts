// Prints the result of `interleave check`, as text or as one JSON object.
import type { LoadedModel } from '../../checker/loadSpec.ts';
import type { CheckResult, Statistics } from '../../checker/result.ts';
import { formatSpecError, specErrorJson } from './error.ts';
import { invariantReasonLines, printTrace, where } from './trace.ts';
import { count } from './count.ts';
import { paramsAndVariant } from './json.ts';

const n = (x: number) => x.toLocaleString('en-US');

/** `spec (variant v, k=v, ...)` */
export function describeRun(loaded: LoadedModel): string {
  const { variant, ...rest } = loaded.params as Record<string, unknown>;
  const parts = [...(variant !== undefined ? [`variant ${String(variant)}`] : []), ...Object.entries(rest).map(([k, v]) => `${k}=${String(v)}`)];
  return `${loaded.spec.name}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/** The statistics; the actions never enabled only after a complete search without violation (elsewhere they mean nothing). */
function statsLines(s: Statistics, complete: boolean): string[] {
  const secs = (s.durationMs / 1000).toFixed(s.durationMs < 10_000 ? 2 : 1);
  const lines = [
    `${count(s.distinctStates, 'distinct state')}, ${n(s.generatedStates)} generated, depth ${s.depth}, ${secs} s (${n(s.statesPerSecond)} states/s)`,
    s.bitstate
      ? `states hashed into a bit array (${s.stateBits} bits each): distinct states may share all their bits`
      : s.exactStore
      ? `states stored exactly (${s.stateBits} bits each): no fingerprint collisions possible`
      : `fingerprint collision probability: ${s.collisionProbability.toExponential(1)}`,
  ];
  if (s.bitstate) lines.push(...bitstateLines(s.bitstate));
  if (s.disk) {
    const d = s.disk;
    const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
    lines.push(`disk: visited set ${d.merges ? `merged ${d.merges === 1 ? 'once' : `${n(d.merges)} times`} into a file of ${n(d.keysOnDisk)} keys (${mib(d.keysOnDisk * 8)} MiB)` : 'in memory'}; queue ${d.queueBytes ? `${mib(d.queueBytes)} MiB through its file` : 'in memory'}; parent log on disk`);
  }
  if (s.liveness) {
    const l = s.liveness;
    lines.push(
      `liveness: ${n(l.properties)} temporal ${l.properties === 1 ? 'property' : 'properties'} on a graph of ${n(l.edges)} edges (${l.bytesPerEdge.toFixed(1)} bytes/edge, ${n(Math.round((l.graphBytes + l.labelBytes) / 1024))} KiB), ${(l.durationMs / 1000).toFixed(2)} s`,
    );
  }
  // an interrupt is one action per label it may hit (`proc.irq@label`): masked at some labels is its point, so it is
  // listed only when it never fires at all, by its own name
  const irqNever = (c: (typeof s.coverage)[number]): boolean => c.action.includes('@');
  const irqs = new Map<string, boolean>();
  for (const c of s.coverage.filter(irqNever)) irqs.set(c.action.split('@')[0]!, (irqs.get(c.action.split('@')[0]!) ?? false) || c.enabled);
  const never = [
    ...s.coverage.filter((c) => !c.enabled && !irqNever(c)),
    ...[...irqs].filter(([, fired]) => !fired).map(([action]) => ({ action, location: s.coverage.find((c) => c.action.startsWith(`${action}@`))!.location })),
  ];
  if (complete && never.length) lines.push(`never enabled: ${never.map((c) => `${c.action}${c.location ? ` (${where(c.location)})` : ''}`).join(', ')}`);
  return lines;
}

/** The coverage estimate of a bitstate search, as SPIN gives it. */
function bitstateLines(b: NonNullable<Statistics['bitstate']>): string[] {
  const size = b.bits % (8 * 2 ** 20) === 0 ? `${n(b.bits / (8 * 2 ** 20))} MiB` : b.bits % (8 * 2 ** 10) === 0 ? `${n(b.bits / (8 * 2 ** 10))} KiB` : `${n(Math.ceil(b.bits / 8))} bytes`;
  const exp = Number.isInteger(Math.log2(b.bits)) ? ` (2^${Math.log2(b.bits)})` : '';
  const hf = b.hashFactor === Infinity ? 'inf' : b.hashFactor >= 100 ? n(Math.round(b.hashFactor)) : b.hashFactor.toFixed(1);
  const verdict = b.hashFactor >= 100 ? 'likely close to complete' : b.hashFactor >= 10 ? 'some states may be missed' : 'many states are likely missed: give a larger --bitstate';
  const om = b.expectedOmissions < 0.01 ? b.expectedOmissions.toExponential(1) : b.expectedOmissions < 100 ? b.expectedOmissions.toFixed(2) : n(Math.round(b.expectedOmissions));
  return [
    `bitstate: ${n(b.bits)} bits${exp}, ${size}, ${b.hashes} hash function${b.hashes === 1 ? '' : 's'} (seed ${b.seed}), ${(100 * b.bitsSet / b.bits).toPrecision(2)}% of the bits set`,
    `bitstate coverage: hash factor ${hf} (${verdict}); expected states missed: at least ${om}`,
  ];
}

/** The line that closes a lasso: stuttering, or back to the loop's first state. */
function lassoEnd(length: number, loop: number): string {
  return loop === length - 1
    ? `   then stutters forever: state ${loop + 1} repeats with no step taken`
    : `   state ${length} is state ${loop + 1}: the loop ${loop + 1}..${length} repeats forever`;
}

/** Human-readable report. */
export function formatCheck(loaded: LoadedModel, r: CheckResult, options: { full?: boolean; lanes?: boolean; coverage?: boolean; out?: string } = {}): string {
  if (r.result === 'error') return `${formatSpecError(r.error).join('\n')}\n`;
  const lines: string[] = [];
  if (r.result === 'ok') {
    lines.push(`${describeRun(loaded)}: no violation in ${count(r.distinctStates, 'distinct state')}`);
  } else if (r.result === 'incomplete' && r.reason === 'bitstate') {
    lines.push(`${describeRun(loaded)}: incomplete (bitstate): no violation in the ${count(r.distinctStates, 'state')} stored; the bit array may have taken new states for seen ones, so this is not a pass`);
  } else if (r.result === 'incomplete') {
    const why = r.reason === 'interrupted' ? 'interrupted' : r.reason === 'memory' ? `out of memory after ${count(r.distinctStates, 'state')}` : 'stopped at --max-states';
    lines.push(`${describeRun(loaded)}: ${why}: no violation in the ${count(r.distinctStates, 'state')} explored (search incomplete, not a pass)`);
    if (r.reason === 'memory') lines.push('  the memory budget is --max-memory <MiB> (default: 75% of the machine\'s memory); use smaller parameters or raise it');
  } else {
    const v = r.violation;
    const what =
      v.kind === 'deadlock'
        ? v.property // `deadlock`, or `deadlock (murphi)`
        : v.kind === 'cover'
          ? `cover property ${v.property} is never satisfied`
          : `${v.kind === 'action' ? 'action property' : v.kind === 'temporal' ? 'temporal property' : 'invariant'} ${v.property} violated`;
    lines.push(`${describeRun(loaded)}: ${what}${v.location ? ` (${where(v.location)})` : ''}`);
    if (v.message) lines.push(`  ${v.message}`);
    lines.push(...invariantReasonLines(loaded.model, v, v.trace));
    if (v.trace.length) {
      const lasso = v.loop !== undefined;
      lines.push('', `Counterexample${lasso ? ' (a lasso)' : ''}, ${count(v.trace.length, 'state')}:`, ...printTrace(loaded.model, v.trace, { full: options.full, lanes: options.lanes, loop: v.loop }));
      if (lasso) lines.push(lassoEnd(v.trace.length, v.loop!));
      lines.push('');
    }
  }
  lines.push(...statsLines(r, r.result === 'ok'));
  if (options.coverage) {
    lines.push('coverage (generated / distinct):');
    for (const c of r.coverage) lines.push(`  ${c.action}: ${n(c.generated)} / ${n(c.distinct)}${c.enabled ? '' : '  never enabled'}`);
  }
  if (options.out && r.result === 'violation' && r.violation.trace.length) lines.push(`trace written to ${options.out}; replay it with: interleave replay ${options.out}`);
  return `${lines.join('\n')}\n`;
}

/** The `--json` object. */
export function checkJson(loaded: LoadedModel | null, specFile: string, r: CheckResult, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const head = { spec: specFile, specName: loaded?.spec.name, ...paramsAndVariant(loaded?.params), ...extra };
  if (r.result === 'error') return { result: 'error', ...head, error: specErrorJson(r.error) };
  const { result, ...rest } = r as CheckResult & { result: string };
  return { result, ...head, ...rest };
}
