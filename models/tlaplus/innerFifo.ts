// InnerFIFO, from tlaplus/Examples specifications/SpecifyingSystems/FIFO (MCInnerFIFO.tla, after Specifying Systems
// ch. 4): a buffer `q` between two handshake channels `in` and `out` (Channel.tla: val, rdy, ack). `q` is unbounded
// in the spec; MCInnerFIFO bounds it for TLC with CONSTRAINT qConstraint == Len(q) <= qLen.
// TLC with Message = {m1, m2, m3}, qLen = 3: 3,864 distinct states, 9,660 generated, depth 11
// (specifications/SpecifyingSystems/manifest.json). The BufRcv steps that make q one longer than qLen are generated
// and counted, then dropped by the constraint, so q's type holds qLen + 1 messages. No SYMMETRY in the cfg: the
// counts are those of `--no-symmetry`.
import { defineSpec, int, model, record, scalarset, seq } from 'interleave';

export default defineSpec({ name: 'MCInnerFIFO', params: { messages: 3, qLen: 3 } }, ({ messages, qLen }) => {
  const Message = scalarset('Message', messages);
  const Channel = record({ val: Message, rdy: int(0, 1), ack: int(0, 1) });
  return (
    model({ in: Channel, out: Channel, q: seq(Message, qLen + 1) })
      // InChan!Init /\ OutChan!Init /\ q = << >>, where Channel's Init is val \in Data /\ rdy \in {0, 1} /\ ack = rdy
      .init((s, { choose }) => {
        s.in.val = choose([...Message.values]);
        s.in.rdy = s.in.ack = choose([0, 1]);
        s.out.val = choose([...Message.values]);
        s.out.rdy = s.out.ack = choose([0, 1]);
      })
      // \E msg \in Message : SSend(msg), that is InChan!Send(msg)
      .action('SSend', { msg: Message }, {
        when: (s) => s.in.rdy === s.in.ack,
        effect: (n, { msg }) => {
          n.in.val = msg;
          n.in.rdy = 1 - n.in.rdy;
        },
      })
      // InChan!Rcv /\ q' = Append(q, in.val)
      .action('BufRcv', {
        when: (s) => s.in.rdy !== s.in.ack,
        effect: (n) => {
          n.q.push(n.in.val);
          n.in.ack = 1 - n.in.ack;
        },
      })
      // q # << >> /\ OutChan!Send(Head(q)) /\ q' = Tail(q)
      .action('BufSend', {
        when: (s) => s.q.length > 0 && s.out.rdy === s.out.ack,
        effect: (n) => {
          n.out.val = n.q.shift()!;
          n.out.rdy = 1 - n.out.rdy;
        },
      })
      // OutChan!Rcv
      .action('RRcv', { when: (s) => s.out.rdy !== s.out.ack, effect: (n) => void (n.out.ack = 1 - n.out.ack) })
      .constraint('qConstraint', (s) => s.q.length <= qLen)
  );
});
