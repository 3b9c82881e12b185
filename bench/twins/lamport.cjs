// Hand-written explicit-state BFS of Lamport's mutual exclusion with FIFO channels: the twin of
// bench/models/lamport.ts (same transition system, so the same distinct states, transitions and
// depth), in the style of bfs.cjs: the state is a plain byte array with fixed offsets, bit-packed into
// a few 32-bit words, stored in a Uint32Array that is also the BFS queue, with an open-addressing hash
// table of state indices over an Int32Array.
// usage: node lamport.cjs [n=3] [maxClock=4] [capacity=3]
'use strict';
const { packedStates } = require('./packedStates.cjs');
const args = process.argv.slice(2).map(Number);
const N = args[0] || 3, MAX = args[1] ?? 4, CAP = args[2] || 3;

// ---------------- layout: field offsets in the byte state, and bit widths ----------------
// pc[i] (0 request, 1 enter, 2 exit = in the critical section), clock[i], queue[i][j] (0 none,
// ts + 1 otherwise), acked[i] (bit mask of processes), chan[i][j]: length then CAP x (kind, ts) with
// kind 1 req, 2 ack, 3 rel (unused slots 0, so each state has one byte form)
const REQ = 1, ACK = 2, REL = 3;
function bitsFor(max) { let b = 1; while ((1 << b) <= max) b++; return b; }
const PC = 0, CLK = N, Q = 2 * N, ACKD = 2 * N + N * N, CH = 3 * N + N * N;
const CHW = 1 + 2 * CAP; // bytes per channel
const LEN = CH + N * N * CHW;
const chan = (i, j) => CH + (i * N + j) * CHW;
const widths = [];
for (let i = 0; i < N; i++) widths.push(2);
for (let i = 0; i < N; i++) widths.push(bitsFor(MAX));
for (let k = 0; k < N * N; k++) widths.push(bitsFor(MAX + 1));
for (let i = 0; i < N; i++) widths.push(N);
for (let k = 0; k < N * N; k++) { widths.push(bitsFor(CAP)); for (let c = 0; c < CAP; c++) widths.push(2, bitsFor(MAX)); }
// fields never straddle a word: WORD[f] is the field's word, SHIFT[f] its bit offset there
const WORD = new Int32Array(LEN), SHIFT = new Int32Array(LEN), MASK = new Int32Array(LEN);
let W = 1;
for (let f = 0, pos = 0; f < LEN; f++) {
  if (pos + widths[f] > 32) { W++; pos = 0; }
  WORD[f] = W - 1; SHIFT[f] = pos; MASK[f] = (1 << widths[f]) - 1; pos += widths[f];
}

// ---------------- the model ----------------
function push(t, i, j, kind, ts) {
  const c = chan(i, j), len = t[c];
  if (len === CAP) throw new Error(`channel ${i}->${j} overflows its capacity ${CAP}`);
  t[c + 1 + 2 * len] = kind; t[c + 2 + 2 * len] = ts; t[c] = len + 1;
}
function shift(t, c) { // drops the head of the channel at offset c
  const len = t[c];
  for (let k = 1; k < 2 * len - 1; k++) t[c + k] = t[c + k + 2];
  t[c + 2 * len - 1] = 0; t[c + 2 * len] = 0; t[c] = len - 1;
}
function init() { return new Uint8Array(LEN); }
function succ(s, t, emit) {
  for (let i = 0; i < N; i++) {
    const pc = s[PC + i];
    if (pc === 0) { // request
      if (s[CLK + i] < MAX) {
        t.set(s);
        const ts = s[CLK + i] + 1;
        t[CLK + i] = ts; t[Q + i * N + i] = ts + 1; t[ACKD + i] = 0;
        for (let j = 0; j < N; j++) if (j !== i) push(t, i, j, REQ, ts);
        t[PC + i] = 1; emit(t);
      }
    } else if (pc === 1) { // enter
      if (s[ACKD + i] === (((1 << N) - 1) & ~(1 << i))) {
        const mine = s[Q + i * N + i];
        let ok = true;
        for (let j = 0; j < N; j++) {
          const theirs = s[Q + i * N + j];
          if (j !== i && theirs !== 0 && (theirs < mine || (theirs === mine && j < i))) { ok = false; break; }
        }
        if (ok) { t.set(s); t[PC + i] = 2; emit(t); }
      }
    } else { // exit
      t.set(s);
      t[Q + i * N + i] = 0;
      for (let j = 0; j < N; j++) if (j !== i) push(t, i, j, REL, s[CLK + i]);
      t[PC + i] = 0; emit(t);
    }
  }
  for (let from = 0; from < N; from++) {
    for (let to = 0; to < N; to++) {
      const c = chan(from, to);
      if (s[c] === 0) continue;
      const kind = s[c + 1], ts = s[c + 2];
      const clock = (s[CLK + to] > ts ? s[CLK + to] : ts) + 1;
      if (clock > MAX) continue;
      t.set(s); shift(t, c);
      t[CLK + to] = clock;
      if (kind === REQ) { t[Q + to * N + from] = ts + 1; push(t, to, from, ACK, clock); }
      else if (kind === ACK) t[ACKD + to] |= 1 << from;
      else t[Q + to * N + from] = 0;
      emit(t);
    }
  }
}
function inv(s) { let c = 0; for (let i = 0; i < N; i++) if (s[PC + i] === 2) c++; return c <= 1; }

// ---------------- search ----------------
const t0 = process.hrtime.bigint();
const visited = packedStates(W, WORD, SHIFT, MASK, 1 << 20);
const { pack, unpack, insert } = visited;
let edges = 0, depth = 0, violation = null;
const first = init();
if (!inv(first)) violation = Array.from(first);
pack(first); insert(); depth = 1;
let head = 0, levelEnd = 1;
const cur = new Uint8Array(LEN), tmp = new Uint8Array(LEN);
const emit = (t) => {
  edges++; pack(t);
  if (insert()) { if (!inv(t) && violation === null) violation = Array.from(t); }
};
while (head < visited.count && violation === null) {
  if (head === levelEnd) { depth++; levelEnd = visited.count; }
  unpack(head, cur); head++;
  succ(cur, tmp, emit);
}
if (visited.count > levelEnd) depth++; // the last level's states were stored but never reached as a level
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const mu = process.memoryUsage();
console.log(JSON.stringify({ model: 'lamport', N, maxClock: MAX, capacity: CAP, words: W, states: visited.count, edges, depth, violation,
  secs: +secs.toFixed(3), states_per_s: Math.round(visited.count / secs), rssMB: Math.round(mu.rss / 1048576) }));
