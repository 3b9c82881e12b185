// Lamport's mutual exclusion (1978, with explicit acknowledgements) between n processes that talk only
// through FIFO channels, one `seq(record)` per ordered pair. The twin of bench/twins/lamport.cjs, a
// benchmark of message passing: every step pushes to or shifts from a channel of records.
//
// Process i: `request` ticks its logical clock, queues its own request (ts, i) and sends `req(ts)` to
// every other process; `enter` waits until every other process acknowledged it and (ts, i) is the
// smallest request i knows of; `exit` drops its request and sends `rel`. `receive` takes the head of
// the channel from one process to another: a `req` is queued and answered with an `ack`, an `ack` is
// counted, a `rel` removes the sender's request. Receiving sets the clock to max(clock, ts) + 1.
// Clocks are bounded by `maxClock`: a step that would pass it is not taken, so the search covers every
// run until some clock reaches the bound (and stops there: deadlock checking is off).
// n = 3, capacity 3: maxClock 3: 501 states; 5: 8,425; 7: 76,523; 9: 652,426 (the bench size).
import { defineSpec, enumOf, int, mapOf, model, option, record, seq, setOf } from 'interleave';

export default defineSpec({ name: 'lamport', params: { n: 3, maxClock: 4, capacity: 3 } }, ({ n, maxClock, capacity }) => {
  const Proc = int(0, n - 1);
  const Ts = int(0, maxClock);
  const Message = record({ kind: enumOf('req', 'ack', 'rel'), ts: Ts });
  const procs = Array.from({ length: n }, (_, i) => i);
  return model({
    clock: mapOf(Proc, Ts),
    // queue[i][j]: the timestamp of j's pending request as i knows it
    queue: mapOf(Proc, mapOf(Proc, option(Ts))),
    // acked[i]: who acknowledged i's pending request
    acked: mapOf(Proc, setOf(Proc)),
    // chan[i][j]: messages from i to j, oldest first
    chan: mapOf(Proc, mapOf(Proc, seq(Message, capacity))),
  })
    .process('p', Proc, {
      request: {
        when: (s, { self }) => s.clock[self]! < maxClock,
        effect: (s, { self }) => {
          const ts = s.clock[self]! + 1;
          s.clock[self] = ts;
          s.queue[self]![self] = ts;
          s.acked[self]!.clear();
          for (const j of procs) if (j !== self) s.chan[self]![j]!.push({ kind: 'req', ts });
        },
        next: 'enter',
      },
      enter: {
        when: (s, { self }) => {
          if (s.acked[self]!.size !== n - 1) return false;
          const mine = s.queue[self]![self]!;
          for (const j of procs) {
            const theirs = s.queue[self]![j];
            if (j !== self && theirs !== null && (theirs! < mine! || (theirs === mine && j < self))) return false;
          }
          return true;
        },
        next: 'exit',
      },
      exit: {
        effect: (s, { self }) => {
          s.queue[self]![self] = null;
          for (const j of procs) if (j !== self) s.chan[self]![j]!.push({ kind: 'rel', ts: s.clock[self]! });
        },
        next: 'request',
      },
    })
    .action('receive', { from: Proc, to: Proc }, {
      when: (s, { from, to }) => {
        const head = s.chan[from]![to]![0];
        return head !== undefined && Math.max(s.clock[to]!, head.ts) < maxClock;
      },
      effect: (s, { from, to }) => {
        const m = s.chan[from]![to]!.shift()!;
        const clock = Math.max(s.clock[to]!, m.ts) + 1;
        s.clock[to] = clock;
        if (m.kind === 'req') {
          s.queue[to]![from] = m.ts;
          s.chan[to]![from]!.push({ kind: 'ack', ts: clock });
        } else if (m.kind === 'ack') s.acked[to]!.add(from);
        else s.queue[to]![from] = null;
      },
    })
    .invariant('mutex', (s) => procs.filter((i) => s.pc.p[i] === 'exit').length <= 1)
    .checkDeadlock(false);
});
