// The transaction commit specification, from tlaplus/Examples
// specifications/transaction_commit/TCommit.tla: resource managers each prepare, then all commit or
// all abort. TLC with RM = 3 (deadlock checking off, as in the example's model): 34 distinct states,
// 94 generated, depth 7.
import { defineSpec, enumOf, mapOf, model, scalarset, type Id } from 'interleave';

export default defineSpec({ name: 'TCommit', params: { rms: 3 } }, ({ rms }) => {
  const RM = scalarset('RM', rms);
  const all = (s: { rmState: Readonly<Record<Id<'RM'>, string>> }, ok: (st: string) => boolean) => RM.values.every((r) => ok(s.rmState[r]!));
  const canCommit = (s: { rmState: Readonly<Record<Id<'RM'>, string>> }) => all(s, (st) => st === 'prepared' || st === 'committed');
  const notCommitted = (s: { rmState: Readonly<Record<Id<'RM'>, string>> }) => all(s, (st) => st !== 'committed');
  return (
    model({ rmState: mapOf(RM, enumOf('working', 'prepared', 'committed', 'aborted')) })
      .action('Prepare', { r: RM }, { when: (s, { r }) => s.rmState[r] === 'working', effect: (n, { r }) => void (n.rmState[r] = 'prepared') })
      // Decide(r) is a disjunction: TLC counts each true disjunct as its own successor
      .action('DecideCommit', { r: RM }, {
        when: (s, { r }) => s.rmState[r] === 'prepared' && canCommit(s),
        effect: (n, { r }) => void (n.rmState[r] = 'committed'),
      })
      .action('DecideAbort', { r: RM }, {
        when: (s, { r }) => (s.rmState[r] === 'working' || s.rmState[r] === 'prepared') && notCommitted(s),
        effect: (n, { r }) => void (n.rmState[r] = 'aborted'),
      })
      .invariant('TCConsistent', (s) => !RM.values.some((r1) => RM.values.some((r2) => s.rmState[r1] === 'aborted' && s.rmState[r2] === 'committed')))
      .checkDeadlock(false)
  );
});
