// The two-phase commit protocol, from tlaplus/Examples specifications/transaction_commit/TwoPhase.tla:
// a transaction manager collects Prepared messages and broadcasts Commit or Abort. Messages are a set
// that only grows. TLC with RM = 3: 288 distinct states, 1146 generated, depth 11.
import { bool, defineSpec, enumOf, mapOf, model, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'TwoPhase', params: { rms: 3 } }, ({ rms }) => {
  const RM = scalarset('RM', rms);
  return (
    model({
      rmState: mapOf(RM, enumOf('working', 'prepared', 'committed', 'aborted')),
      tmState: enumOf('init', 'committed', 'aborted'),
      tmPrepared: setOf(RM),
      // msgs, split by message type: [type: "Prepared", rm: RM] \cup [type: {"Commit", "Abort"}]
      preparedMsgs: setOf(RM),
      commitMsg: bool,
      abortMsg: bool,
    })
      .init((s) => {
        for (const r of RM.values) s.rmState[r] = 'working';
        s.tmState = 'init';
      })
      .action('TMCommit', {
        when: (s) => s.tmState === 'init' && s.tmPrepared.size === rms,
        effect: (n) => {
          n.tmState = 'committed';
          n.commitMsg = true;
        },
      })
      .action('TMAbort', {
        when: (s) => s.tmState === 'init',
        effect: (n) => {
          n.tmState = 'aborted';
          n.abortMsg = true;
        },
      })
      .action('TMRcvPrepared', { r: RM }, {
        when: (s, { r }) => s.tmState === 'init' && s.preparedMsgs.has(r),
        effect: (n, { r }) => n.tmPrepared.add(r),
      })
      .action('RMPrepare', { r: RM }, {
        when: (s, { r }) => s.rmState[r] === 'working',
        effect: (n, { r }) => {
          n.rmState[r] = 'prepared';
          n.preparedMsgs.add(r);
        },
      })
      .action('RMChooseToAbort', { r: RM }, {
        when: (s, { r }) => s.rmState[r] === 'working',
        effect: (n, { r }) => void (n.rmState[r] = 'aborted'),
      })
      .action('RMRcvCommitMsg', { r: RM }, { when: (s) => s.commitMsg, effect: (n, { r }) => void (n.rmState[r] = 'committed') })
      .action('RMRcvAbortMsg', { r: RM }, { when: (s) => s.abortMsg, effect: (n, { r }) => void (n.rmState[r] = 'aborted') })
      .invariant('TCConsistent', (s) => !RM.values.some((r1) => RM.values.some((r2) => s.rmState[r1] === 'aborted' && s.rmState[r2] === 'committed')))
  );
});
