// A sequence counter (seqcount_t, e.g. mm->write_protect_seq), with its real sequence numbers: odd
// while a write section is open. A reader keeps the value it read in a variable of
// `seqcountSnapshotType` and compares it later. The counter is bounded by the number of write
// sections a model can run (a model that loops over writes needs a wider bound, or flags as in
// mmuNotifier.ts).
import { int, record, type IntType, type RecordType } from '../types.ts';
import { KernelCheck, type Checks } from './checks.ts';

/** The state of a sequence counter. */
export interface SeqcountState {
  sequence: number;
}

/** The record type of a counter that goes through at most `maxWriteSections` write sections. */
export function seqcountType(maxWriteSections = 1): RecordType<{ sequence: IntType }> {
  return record({ sequence: int(0, 2 * maxWriteSections) });
}
/** The type of a reader's saved sequence number. */
export function seqcountSnapshotType(maxWriteSections = 1): IntType {
  return int(0, 2 * maxWriteSections);
}

/** `raw_read_seqcount`: the current value, odd while a writer is inside. */
export function rawReadSeqcount(sc: Readonly<SeqcountState>): number {
  return sc.sequence;
}
/** Whether a write section is open (the value is odd). */
export function seqcountWriteInProgress(sc: Readonly<SeqcountState>): boolean {
  return (sc.sequence & 1) === 1;
}
/** `read_seqcount_retry`: true when the counter moved since `start` was read. */
export function readSeqcountRetry(sc: Readonly<SeqcountState>, start: number): boolean {
  return sc.sequence !== start;
}
/** `raw_write_seqcount_begin`: opens a write section. Reports `unbalanced-call` when one is open. */
export function writeSeqcountBegin(ctx: Checks, sc: SeqcountState): void {
  if (seqcountWriteInProgress(sc)) {
    ctx.check(KernelCheck.unbalanced, false, 'write_seqcount_begin inside an open write section');
    return;
  }
  sc.sequence = sc.sequence + 1;
}
/** `raw_write_seqcount_end`: closes the write section. Reports `unbalanced-call` when none is open. */
export function writeSeqcountEnd(ctx: Checks, sc: SeqcountState): void {
  if (!seqcountWriteInProgress(sc)) {
    ctx.check(KernelCheck.unbalanced, false, 'write_seqcount_end without write_seqcount_begin');
    return;
  }
  sc.sequence = sc.sequence + 1;
}
