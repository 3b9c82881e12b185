// The alternating bit protocol, from tlaplus/Examples specifications/SpecifyingSystems/TLC (AlternatingBit.tla and
// MCAlternatingBit.tla, Specifying Systems ch. 14): a sender and a receiver over two lossy FIFO channels `msgQ` and
// `ackQ`, unbounded in the spec and bounded for TLC by CONSTRAINT SeqConstraint == Len(msgQ) <= msgQLen /\
// Len(ackQ) <= ackQLen.
// TLC with Data = {d1, d2}, msgQLen = ackQLen = 2: 240 distinct states, 1,392 generated, depth 10
// (specifications/SpecifyingSystems/manifest.json). The cfg also checks SentLeadsToRcvd and ABCSpec under
// ABFairness; liveness under a constraint is not supported here (docs/constraints.md), so this port checks the
// safety part: the counts (ABTypeInv is what the types say). Lose(c) yields one successor per lost position `i`, even when two
// positions hold the same message (TLC counts each witness of \E i). No SYMMETRY in the cfg.
import { defineSpec, int, model, record, scalarset, seq } from 'interleave';

export default defineSpec({ name: 'MCAlternatingBit', params: { data: 2, msgQLen: 2, ackQLen: 2 } }, ({ data, msgQLen, ackQLen }) => {
  const Data = scalarset('Data', data);
  const Bit = int(0, 1);
  return (
    model({
      msgQ: seq(record({ bit: Bit, data: Data }), msgQLen + 1),
      ackQ: seq(Bit, ackQLen + 1),
      sBit: Bit,
      sAck: Bit,
      rBit: Bit,
      sent: Data,
      rcvd: Data,
    })
      // ABInit: empty queues, sAck = rBit = sBit \in {0, 1}, sent and rcvd \in Data
      .init((s, { choose }) => {
        s.sBit = s.sAck = s.rBit = choose([0, 1]);
        s.sent = choose([...Data.values]);
        s.rcvd = choose([...Data.values]);
      })
      // \E d \in Data : SndNewValue(d)
      .action('SndNewValue', { d: Data }, {
        when: (s) => s.sAck === s.sBit,
        effect: (n, { d }) => {
          n.sent = d;
          n.sBit = 1 - n.sBit;
          n.msgQ.push({ bit: n.sBit, data: d });
        },
      })
      .action('ReSndMsg', { when: (s) => s.sAck !== s.sBit, effect: (n) => void n.msgQ.push({ bit: n.sBit, data: n.sent }) })
      .action('RcvMsg', {
        when: (s) => s.msgQ.length > 0,
        effect: (n) => {
          const m = n.msgQ.shift()!;
          n.rBit = m.bit;
          n.rcvd = m.data;
        },
      })
      .action('SndAck', { effect: (n) => void n.ackQ.push(n.rBit) })
      .action('RcvAck', { when: (s) => s.ackQ.length > 0, effect: (n) => void (n.sAck = n.ackQ.shift()!) })
      // Lose(c): \E i \in 1..Len(c) : c' = c without its i-th element
      .action('LoseMsg', { when: (s) => s.msgQ.length > 0, effect: (n, _, { choose }) => void n.msgQ.splice(choose([...n.msgQ.keys()]), 1) })
      .action('LoseAck', { when: (s) => s.ackQ.length > 0, effect: (n, _, { choose }) => void n.ackQ.splice(choose([...n.ackQ.keys()]), 1) })
      .constraint('SeqConstraint', (s) => s.msgQ.length <= msgQLen && s.ackQ.length <= ackQLen)
  );
});
