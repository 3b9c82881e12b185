// Hand-written explicit-state BFS of models/kernel-tla/fpsimd.ts (arm64's lazy FPSIMD/SVE switching, with
// procedures, a call stack and an interrupt) without symmetry: its twin, with the same transition system, so
// the same distinct states, transitions and depth, and the same properties checked (the asserts of the
// macros and of the user thread, SchedInv, deadlock). The call stack is what interleave's lowering of
// procedures keeps (checker/procedures.ts): per thread a depth and `stack` frames of (procedure, return label,
// the procedure's one local), unused frames zero; an interrupt pushes a frame of interrupt_handler returning
// to the interrupted label, never while such a frame is live. In the style of migrate.cjs: the state is a
// plain byte array with fixed offsets, bit-packed into 32-bit words stored in a Uint32Array that is also the
// BFS queue, with an open-addressing hash table of state indices over an Int32Array.
// usage: node fpsimd.cjs [cpus=1] [threads=2] [vals=1] [stack=6]
'use strict';
const { packedStates } = require('./packedStates.cjs');
const args = process.argv.slice(2).map(Number);
const NC = args[0] || 1, NT = args[1] || 2, NV = args[2] || 1, STACK = args[3] || 6;
function bitsFor(max) { let b = 1; while ((1 << b) <= max) b++; return b; }

// ---------------- labels and procedures ----------------
// a label's procedure; 0 is the process itself. Procedure numbers: 0 none (an unused frame)
const PROCS = ['', 'kernel_neon_begin', 'kernel_neon_end', 'fpsimd_restore_current_state', 'fpsimd_thread_switch', 'schedule', 'do_notify_resume', 'interrupt_handler', 'do_sve_acc', 'kernel_neon', 'syscall'];
const [, P_KNB, P_KNE, P_FRCS, P_FTS, P_SCH, P_DNR, P_INT, P_DSA, P_KN, P_SYS] = PROCS.keys();
const LABELS = ['thr1', 'thr2', 'thr3', 'knb1', 'knb2', 'knb3', 'kne1', 'frcs1', 'frcs2', 'frcs3', 'frcs4', 'fts1', 'fts2', 'fts3', 'sch1', 'sch2', 'sch3', 'sch4', 'sch5', 'dnr1', 'dnr2', 'dnr3', 'handle_int', 'int1', 'dsa1', 'dsa2', 'dsa3', 'dsa4', 'dsa5', 'dsa6', 'dsa7', 'kn1', 'kn2', 'kn3', 'sys_entry', 'sys1', 'ret_to_user', 'sys2'];
const L = Object.fromEntries(LABELS.map((l, i) => [l, i]));
// the first label of each procedure
const FIRST = [-1, L.knb1, L.kne1, L.frcs1, L.fts1, L.sch1, L.dnr1, L.handle_int, L.dsa1, L.kn1, L.sys_entry];

// ---------------- layout ----------------
// options are 0 null, 1 + value; pairs << FPSIMD, SVE >> are two fields
const widths = [];
const field = (w) => (widths.push(w), widths.length - 1);
const fields = (n, w) => { const f = widths.length; for (let i = 0; i < n; i++) field(w); return f; };
const BV = bitsFor(NV), BC = bitsFor(NC), BT = bitsFor(NT);
const CPU = fields(NT, BC), RQ = fields(NT, 1), INI = fields(NT, 1), MODE = fields(NT, 1), PRE = fields(NT, 2);
const FS = fields(NT, BV), FC = fields(NT, BC), SV0 = fields(NT, BV), SV1 = fields(NT, BV), FOR = fields(NT, 1), SVE = fields(NT, 1);
const VAL0 = fields(NT, BV), VAL1 = fields(NT, BV);
const IRQ = fields(NC, 1), LAST = fields(NC, BT), BUSY = fields(NC, 1), HW0 = fields(NC, BV), HW1 = fields(NC, BV), TRAP = fields(NC, 1);
const PC = fields(NT, bitsFor(LABELS.length - 1)), DEPTH = fields(NT, bitsFor(STACK));
// frames of thread t: FR + (t * STACK + i) * 3 + (0 procedure, 1 return label + 1, 2 local)
const FR = widths.length;
for (let k = 0; k < NT * STACK; k++) field(bitsFor(PROCS.length - 1)), field(bitsFor(LABELS.length)), field(Math.max(BV, BT));
const LEN = widths.length;
const frame = (self, i) => FR + (self * STACK + i) * 3;

const WORD = new Int32Array(LEN), SHIFT = new Int32Array(LEN), MASK = new Int32Array(LEN);
let W = 1;
for (let f = 0, pos = 0; f < LEN; f++) {
  if (pos + widths[f] > 32) { W++; pos = 0; }
  WORD[f] = W - 1; SHIFT[f] = pos; MASK[f] = (1 << widths[f]) - 1; pos += widths[f];
}

// ---------------- macros ----------------
let failed = null; // the first failed assert of the step being run
const check = (ok, what) => { if (!ok && failed === null) failed = what; };
function cpu(t, self) { const c = t[CPU + self]; if (c === 0) throw new Error(`thread ${self} runs on no CPU`); return c - 1; }
function getCtx(t, self) {
  if (t[PRE + self] === 2) throw new Error('preempt_count passes 2');
  t[PRE + self]++;
  const p = cpu(t, self);
  check(!t[BUSY + p], 'get_cpu_fpsimd_context'); t[BUSY + p] = 1;
}
function putCtx(t, self, preempt) {
  const p = cpu(t, self);
  check(t[BUSY + p], 'put_cpu_fpsimd_context'); t[BUSY + p] = 0;
  if (preempt) { if (t[PRE + self] === 0) throw new Error('preempt_count below 0'); t[PRE + self]--; }
}
function fpsimdSave(t, self) {
  const p = cpu(t, self);
  check(t[BUSY + p], 'fpsimd_save');
  if (t[FOR + self]) return;
  if (t[SVE + self]) { t[SV0 + self] = t[HW0 + p]; t[SV1 + self] = t[HW1 + p]; } else t[FS + self] = t[HW0 + p];
}
const setIrqs = (t, self, on) => { t[IRQ + cpu(t, self)] = on; };

// ---------------- the call stack ----------------
function call(t, self, proc, ret, local) {
  const d = t[DEPTH + self];
  if (d === STACK) throw new Error(`thread ${self}: ${PROCS[proc]} -> ${LABELS[ret]} with every frame in use`);
  const f = frame(self, d);
  t[f] = proc; t[f + 1] = ret + 1; t[f + 2] = local;
  t[DEPTH + self] = d + 1; t[PC + self] = FIRST[proc];
}
function ret(t, self) {
  const d = t[DEPTH + self] - 1, f = frame(self, d);
  t[PC + self] = t[f + 1] - 1;
  t[f] = 0; t[f + 1] = 0; t[f + 2] = 0; t[DEPTH + self] = d;
}
function tailCall(t, self, proc) { // the callee takes the caller's frame and return label, its local zero
  const f = frame(self, t[DEPTH + self] - 1);
  t[f] = proc; t[f + 2] = 0; t[PC + self] = FIRST[proc];
}
const local = (t, self) => frame(self, t[DEPTH + self] - 1) + 2; // the top frame's local
const go = (t, self, label) => { t[PC + self] = label; };

// ---------------- the steps ----------------
function succ(s, t, emit) {
  for (let self = 0; self < NT; self++) {
    // the interrupt, at any label: on a CPU with interrupts on, not in interrupt_handler
    if (s[CPU + self] !== 0 && s[IRQ + s[CPU + self] - 1] && !s[INI + self]) {
      let inHandler = false;
      for (let i = 0; i < s[DEPTH + self]; i++) if (s[frame(self, i)] === P_INT) inHandler = true;
      if (!inHandler) { t.set(s); call(t, self, P_INT, s[PC + self], 0); emit(t); }
    }
    step(s, t, self, emit);
  }
}

function step(s, t, self, emit) {
  const pc = s[PC + self];
  switch (pc) {
    // thread_
    case L.thr1: if (s[CPU + self] === 0) return; t.set(s); call(t, self, P_FRCS, L.thr2, 0); return emit(t);
    case L.thr2: t.set(s); setIrqs(t, self, 1); go(t, self, L.thr3); return emit(t);
    case L.thr3: {
      const p = cpu(s, self), trap = s[TRAP + p];
      // write
      for (let v = 1; v <= NV; v++) { t.set(s); t[HW0 + p] = t[VAL0 + self] = v; t[HW1 + p] = t[VAL1 + self] = 0; emit(t); }
      // read
      t.set(s); check(t[HW0 + p] === t[VAL0 + self], 'read_fpsimd'); emit(t);
      if (!trap) {
        // write_sve, read_sve
        for (let v = 1; v <= NV; v++) for (let w = 1; w <= NV; w++) { t.set(s); t[HW0 + p] = t[VAL0 + self] = v; t[HW1 + p] = t[VAL1 + self] = w; emit(t); }
        t.set(s); check(t[HW0 + p] === t[VAL0 + self] && t[HW1 + p] === t[VAL1 + self], 'read_sve'); emit(t);
      } else {
        t.set(s); call(t, self, P_DSA, L.thr3, 0); emit(t); // sve_acc
      }
      t.set(s); t[VAL1 + self] = 0; call(t, self, P_SYS, L.thr3, 0); return emit(t); // syscall
    }
    // kernel_neon_begin
    case L.knb1: t.set(s); getCtx(t, self); go(t, self, L.knb2); return emit(t);
    case L.knb2: t.set(s); fpsimdSave(t, self); go(t, self, L.knb3); return emit(t);
    case L.knb3: t.set(s); t[LAST + cpu(t, self)] = 0; t[FOR + self] = 1; ret(t, self); return emit(t);
    // kernel_neon_end
    case L.kne1: t.set(s); putCtx(t, self, true); ret(t, self); return emit(t);
    // fpsimd_restore_current_state
    case L.frcs1: t.set(s); getCtx(t, self); go(t, self, L.frcs2); return emit(t);
    case L.frcs2: t.set(s); t[FOR + self] = 0; go(t, self, s[FOR + self] ? L.frcs3 : L.frcs4); return emit(t);
    case L.frcs3: {
      t.set(s);
      const p = cpu(t, self);
      check(t[BUSY + p], 'task_fpsimd_load');
      if (t[SVE + self]) { t[HW0 + p] = t[SV0 + self]; t[HW1 + p] = t[SV1 + self]; } else { t[HW0 + p] = t[FS + self]; t[HW1 + p] = 0; }
      t[LAST + p] = self + 1; t[FC + self] = p + 1; t[TRAP + p] = t[SVE + self] ? 0 : 1;
      go(t, self, L.frcs4); return emit(t);
    }
    case L.frcs4: t.set(s); putCtx(t, self, true); ret(t, self); return emit(t);
    // fpsimd_thread_switch(next)
    case L.fts1: {
      t.set(s);
      const p = cpu(t, self);
      check(!t[BUSY + p], 'get_cpu_fpsimd_context'); t[BUSY + p] = 1;
      fpsimdSave(t, self); go(t, self, L.fts2); return emit(t);
    }
    case L.fts2: {
      t.set(s);
      const next = t[local(t, self)] - 1, p = cpu(t, self);
      t[FOR + next] = t[LAST + p] !== next + 1 || t[FC + next] !== p + 1 ? 1 : 0;
      go(t, self, L.fts3); return emit(t);
    }
    case L.fts3: t.set(s); putCtx(t, self, false); ret(t, self); return emit(t);
    // schedule(next)
    case L.sch1: {
      for (let next = -1; next < NT; next++) { // -1: no thread to schedule
        if (next >= 0 && !s[RQ + next]) continue;
        t.set(s);
        check(t[PRE + self] === 0, 'schedule_preemptible');
        check(!t[IRQ + cpu(t, self)], 'schedule_irqs_off');
        if (next < 0) { setIrqs(t, self, 1); ret(t, self); }
        else { t[RQ + next] = 0; t[local(t, self)] = next + 1; go(t, self, L.sch2); }
        emit(t);
      }
      return;
    }
    case L.sch2: t.set(s); call(t, self, P_FTS, L.sch3, s[local(s, self)]); return emit(t);
    case L.sch3: {
      t.set(s);
      const next = t[local(t, self)] - 1;
      t[RQ + self] = 1; t[CPU + next] = cpu(t, self) + 1; t[CPU + self] = 0;
      go(t, self, L.sch4); return emit(t);
    }
    case L.sch4: if (s[CPU + self] === 0) return; t.set(s); go(t, self, L.sch5); return emit(t);
    case L.sch5: t.set(s); setIrqs(t, self, 1); ret(t, self); return emit(t);
    // do_notify_resume
    case L.dnr1: t.set(s); check(!t[IRQ + cpu(t, self)], 'do_notify_resume_irqs_off'); call(t, self, P_SCH, L.dnr2, 0); return emit(t);
    case L.dnr2: t.set(s); if (t[FOR + self]) call(t, self, P_FRCS, L.dnr3, 0); else go(t, self, L.dnr3); return emit(t);
    case L.dnr3: t.set(s); setIrqs(t, self, 0); if (t[FOR + self]) go(t, self, L.dnr1); else ret(t, self); return emit(t);
    // interrupt_handler
    case L.handle_int:
      t.set(s); setIrqs(t, self, 0); t[INI + self] = 1;
      if (t[MODE + self] === 0) call(t, self, P_DNR, L.int1, 0);
      else if (t[PRE + self] === 0) call(t, self, P_SCH, L.int1, 0);
      else go(t, self, L.int1);
      return emit(t);
    case L.int1: t.set(s); t[INI + self] = 0; setIrqs(t, self, 1); ret(t, self); return emit(t);
    // do_sve_acc
    case L.dsa1: t.set(s); t[MODE + self] = 1; go(t, self, L.dsa2); return emit(t);
    case L.dsa2: t.set(s); getCtx(t, self); fpsimdSave(t, self); go(t, self, L.dsa3); return emit(t);
    case L.dsa3: t.set(s); t[FC + self] = 0; t[FOR + self] = 1; go(t, self, L.dsa4); return emit(t);
    case L.dsa4: t.set(s); t[SV0 + self] = t[FS + self]; t[SV1 + self] = 0; go(t, self, L.dsa5); return emit(t);
    case L.dsa5: t.set(s); t[SVE + self] = 1; putCtx(t, self, true); go(t, self, L.dsa6); return emit(t);
    case L.dsa6: t.set(s); setIrqs(t, self, 0); call(t, self, P_DNR, L.dsa7, 0); return emit(t);
    case L.dsa7: t.set(s); t[MODE + self] = 0; setIrqs(t, self, 1); ret(t, self); return emit(t);
    // kernel_neon(kval)
    case L.kn1: t.set(s); call(t, self, P_KNB, L.kn2, 0); return emit(t);
    case L.kn2:
      for (let v = 1; v <= NV; v++) {
        t.set(s); const p = cpu(t, self);
        t[local(t, self)] = v; t[HW0 + p] = v; t[HW1 + p] = 0;
        go(t, self, L.kn3); emit(t);
      }
      return;
    case L.kn3: t.set(s); check(t[HW0 + cpu(t, self)] === t[local(t, self)], 'read_fpsimd'); tailCall(t, self, P_KNE); return emit(t);
    // syscall
    case L.sys_entry: t.set(s); t[MODE + self] = 1; t[SVE + self] = 0; t[TRAP + cpu(t, self)] = 1; go(t, self, L.sys1); return emit(t);
    case L.sys1:
      t.set(s); call(t, self, P_KN, L.sys1, 0); emit(t);
      t.set(s); go(t, self, L.ret_to_user); return emit(t);
    case L.ret_to_user: t.set(s); setIrqs(t, self, 0); call(t, self, P_DNR, L.sys2, 0); return emit(t);
    case L.sys2: t.set(s); t[MODE + self] = 0; setIrqs(t, self, 1); ret(t, self); return emit(t);
  }
  throw new Error(`unknown label ${pc}`);
}

// ---------------- the properties ----------------
const seen = new Uint8Array(NC);
function schedInv(s) {
  seen.fill(0);
  let running = 0, distinct = 0;
  for (let t = 0; t < NT; t++) {
    const c = s[CPU + t];
    if (c !== 0) { running++; if (!seen[c - 1]) { seen[c - 1] = 1; distinct++; } }
    if (s[RQ + t] && c !== 0) return false;
  }
  return distinct === NC && running === NC;
}
const inv = (s) => (schedInv(s) ? null : 'SchedInv');

// ---------------- search ----------------
const t0 = process.hrtime.bigint();
const visited = packedStates(W, WORD, SHIFT, MASK, 1 << 18);
const { pack, unpack, insert } = visited;
let edges = 0, depth = 0, violation = null;
// the initial states: each CPU runs a distinct thread (chosen in CPU order), the others are on the runqueue;
// every thread's state is foreign, every CPU traps SVE; pc thr1, interrupts off
const inits = [];
(function place(s, p) {
  if (p === NC) {
    for (let t = 0; t < NT; t++) { if (s[CPU + t] === 0) s[RQ + t] = 1; s[FOR + t] = 1; s[PC + t] = L.thr1; }
    for (let c = 0; c < NC; c++) s[TRAP + c] = 1;
    return inits.push(s);
  }
  for (let t = 0; t < NT; t++) if (s[CPU + t] === 0) { const n = s.slice(); n[CPU + t] = p + 1; place(n, p + 1); }
})(new Uint8Array(LEN), 0);
for (const s of inits) {
  pack(s);
  if (insert() && violation === null) { const v = inv(s); if (v) violation = v; }
}
depth = 1;
let head = 0, levelEnd = visited.count, found = 0;
const cur = new Uint8Array(LEN), tmp = new Uint8Array(LEN);
const emit = (t) => {
  edges++; found++;
  if (failed !== null) { if (violation === null) violation = failed; failed = null; return; }
  pack(t);
  if (insert() && violation === null) { const v = inv(t); if (v) violation = v; }
};
while (head < visited.count && violation === null) {
  if (head === levelEnd) { depth++; levelEnd = visited.count; }
  unpack(head, cur); head++;
  found = 0;
  succ(cur, tmp, emit);
  if (found === 0 && violation === null) violation = 'deadlock';
}
if (visited.count > levelEnd) depth++; // the last level's states were stored but never reached as a level
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const mu = process.memoryUsage();
console.log(JSON.stringify({ model: 'fpsimd', cpus: NC, threads: NT, vals: NV, stack: STACK, words: W, inits: inits.length, states: visited.count, edges, depth, violation,
  secs: +secs.toFixed(3), states_per_s: Math.round(visited.count / secs), rssMB: Math.round(mu.rss / 1048576) }));
