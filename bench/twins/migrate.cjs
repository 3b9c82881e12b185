// Hand-written explicit-state BFS of models/migrate.ts (variant `fixed`, two devices, no symmetry): its
// twin, with the same transition system, so the same distinct states, transitions and depth, and the
// same properties checked on every state (the invariants, the action invariants, the kernel checks of
// the page and notifier primitives, deadlock outside quiescence). In the style of lamport.cjs: the
// state is a plain byte array with fixed offsets, bit-packed into 32-bit words stored in a Uint32Array
// that is also the BFS queue, with an open-addressing hash table of state indices over an Int32Array.
// usage: node migrate.cjs
'use strict';
const { packedStates } = require('./packedStates.cjs');
const ND = 2; // devices

// ---------------- layout ----------------
// page names (pte.page, mirror/hmmPfn page): 0 none, 1 zero, 2 S0, 3 S1, 4 device; a device as an
// option: 0 null, 1 + d. pte.entry: 0 none, 1 zero, 2 present, 3 migration, 4 devicePrivate.
const NONE_P = 0, ZERO_P = 1, S0 = 2, S1 = 3, DEVP = 4;
const E_NONE = 0, E_ZERO = 1, E_PRESENT = 2, E_MIGRATION = 3, E_DEVPRIV = 4;
const widths = [];
const field = (w) => (widths.push(w), widths.length - 1);
const PTE_E = field(3), PTE_P = field(3), PTE_D = field(2);
// struct pages: S0, S1, then one per device; refs 0..3, pins 0..1, mapcount 0..1, locked, data 0..2
const REFS = 0, PINS = 1, MAPC = 2, LOCK = 3, DATA = 4, PGW = 5;
const PG = widths.length;
for (let k = 0; k < 2 + ND; k++) field(2), field(1), field(1), field(1), field(2);
const MIR = widths.length; // mirror[d]: page, dev
for (let d = 0; d < ND; d++) field(3), field(2);
const HMM = widths.length; // hmmPfn[d]: page, dev
for (let d = 0; d < ND; d++) field(3), field(2);
const ACTIVE = field(3); // notifier.active 0..4
const SUB = widths.length; // notifier.sub[d]: invalidated, snapshot (0 none, 1 valid, 2 stale)
for (let d = 0; d < ND; d++) field(1), field(2);
const MIG = widths.length; // migration[d]: src (0 none, 1 hole, 2 S0, 3 S1), dst, migrate
for (let d = 0; d < ND; d++) field(2), field(1), field(1);
const RAM_SRC = field(2), RAM_DST = field(2), RAM_MIG = field(1); // ram.dst: 0 none, 1 S0, 2 S1
const CWN = field(2), PINNED = field(2); // 0 none, 1 S0, 2 S1
const GUPREF = field(1); // how the pinner holds PINNED: 0 a pin (FOLL_PIN), 1 a plain reference (FOLL_GET)
const PC_DEV = widths.length;
for (let d = 0; d < ND; d++) field(2);
const PC_MIG = widths.length;
for (let d = 0; d < ND; d++) field(4);
const PC_CW = field(2), PC_SF = field(4), PC_PIN = field(2);
const LEN = widths.length;
const MAX_REFS = 3, MAX_PINS = 1, MAX_MAPC = 1, MAX_ACTIVE = 4;
// pcs: device 0 readBegin, 1 hmmRangeFault, 2 mapMirror; migrate 0 setup_invalidateStart, 1 collect,
// 2 setup_invalidateEnd, 3 unmap, 4 allocAndCopy, 5 pages_invalidateStart, 6 pages_insertPage,
// 7 pages_migrateMapping, 8 pages_invalidateEnd, 9 finalizeAndMap, 10 finalize, 11 done; cpuWrite 0
// handleMmFault_write, 1 setPte, 2 invalidateEnd, 3 done; swapFault 0 doSwapPage, 1 setup_invalidateStart,
// 2 collect, 3 setup_invalidateEnd, 4 unmap, 5 allocAndCopy, 6 pages_migrateMapping, 7 finalize,
// 8 doSwapPage_unlock; pinner 0 pinUserPages (a pin or a plain reference), 1 dmaWrite, 2 unpinUserPages, 3 done
const M_DONE = 11, CW_DONE = 3, PIN_DONE = 3;

const WORD = new Int32Array(LEN), SHIFT = new Int32Array(LEN), MASK = new Int32Array(LEN);
let W = 1;
for (let f = 0, pos = 0; f < LEN; f++) {
  if (pos + widths[f] > 32) { W++; pos = 0; }
  WORD[f] = W - 1; SHIFT[f] = pos; MASK[f] = (1 << widths[f]) - 1; pos += widths[f];
}

// ---------------- the kernel primitives ----------------
let failed = null; // the first failed kernel check of the step being run
const check = (ok, what) => { if (!ok && failed === null) failed = what; };
const pageAt = (page, dev) => PG + PGW * (page === DEVP ? 1 + dev : page - 2); // dev is 1 + d
const refcounted = (page) => page >= S0;
const isFree = (t, b) => t[b + REFS] === 0 && t[b + PINS] === 0;
const refCount = (t, b) => t[b + REFS] + t[b + PINS] * 1024;
function inc(t, f, max) { if (t[f] === max) throw new Error(`field ${f} passes ${max}`); t[f]++; }
function getPage(t, b) { if (isFree(t, b)) return check(false, 'use-after-free'); inc(t, b + REFS, MAX_REFS); }
function putPage(t, b) {
  if (t[b + REFS] === 0) { check(false, 'refcount-underflow'); return false; }
  t[b + REFS]--; return isFree(t, b);
}
function addRmap(t, b) { if (isFree(t, b)) return check(false, 'use-after-free'); inc(t, b + MAPC, MAX_MAPC); }
function removeRmap(t, b) { if (t[b + MAPC] === 0) return check(false, 'refcount-underflow'); t[b + MAPC]--; }
function trylock(t, b) { if (t[b + LOCK]) return false; t[b + LOCK] = 1; return true; }
function unlock(t, b) { if (!t[b + LOCK]) return check(false, 'double-unlock'); t[b + LOCK] = 0; }
const usePage = (t, b) => check(!isFree(t, b), 'use-after-free');
function allocate(t, b, data, locked) {
  if (!isFree(t, b)) throw new Error('alloc_page into a page that is in use');
  t[b + REFS] = 1; t[b + LOCK] = locked; t[b + DATA] = data;
}
function put(t, b) { if (putPage(t, b)) { check(!t[b + LOCK], 'freedWhileLocked'); t[b + DATA] = 0; } }
function setPte(t, entry, page, dev) { t[PTE_E] = entry; t[PTE_P] = page; t[PTE_D] = dev; }
function map(t, entry, page, dev) { const b = pageAt(page, dev); getPage(t, b); addRmap(t, b); setPte(t, entry, page, dev); }
function invalidateStart(t) {
  inc(t, ACTIVE, MAX_ACTIVE);
  for (let d = 0; d < ND; d++) {
    t[MIR + 2 * d] = NONE_P; t[MIR + 2 * d + 1] = 0; // dmirror_do_update
    t[SUB + 2 * d] = 1; if (t[SUB + 2 * d + 1] === 1) t[SUB + 2 * d + 1] = 2;
  }
}
function invalidateEnd(t) {
  if (t[ACTIVE] === 0) return check(false, 'unbalanced-call');
  if (--t[ACTIVE] === 0) for (let d = 0; d < ND; d++) t[SUB + 2 * d] = 0;
}
function readRetry(t, d) {
  const snap = t[SUB + 2 * d + 1];
  if (snap === 0) throw new Error('mmu_interval_read_retry without mmu_interval_read_begin');
  return snap === 2;
}
const freeSystemPage = (t) => (isFree(t, pageAt(S1, 0)) ? S1 : isFree(t, pageAt(S0, 0)) ? S0 : NONE_P);
const sysOf = (code) => code + 1; // ram.dst / cwn / pinned code (1 S0, 2 S1) to its page name
const codeOf = (page) => page - 1;
function hasExtraRefs(t, page, dev, faultPage) {
  const extra = 1 + (faultPage ? 1 : 0) + (page === DEVP ? 1 : 0);
  const b = pageAt(page, dev);
  return refCount(t, b) - extra > t[b + MAPC];
}

// ---------------- the steps ----------------
const STEP_MIGRATE_MAPPING = 1, STEP_RAM_MAPPING = 2; // the steps the action invariants look at
function succ(s, t, emit) {
  for (let d = 0; d < ND; d++) { // device[d]
    const pc = s[PC_DEV + d], snap = SUB + 2 * d + 1;
    if (pc === 0) {
      if (s[SUB + 2 * d]) continue;
      t.set(s); t[snap] = 1; t[PC_DEV + d] = 1; emit(t, 0);
    } else if (pc === 1) {
      const retry = readRetry(s, d), e = s[PTE_E];
      if (!(retry || (e !== E_MIGRATION && !(e === E_DEVPRIV && s[PTE_D] !== 1 + d)))) continue;
      t.set(s);
      if (retry) t[snap] = 0;
      else if (e === E_NONE) setPte(t, E_ZERO, ZERO_P, 0);
      else { t[HMM + 2 * d] = s[PTE_P]; t[HMM + 2 * d + 1] = s[PTE_D]; }
      t[PC_DEV + d] = retry ? 0 : e === E_NONE ? 1 : 2;
      emit(t, 0);
    } else {
      t.set(s);
      if (!readRetry(t, d)) { t[MIR + 2 * d] = t[HMM + 2 * d]; t[MIR + 2 * d + 1] = t[HMM + 2 * d + 1]; }
      t[HMM + 2 * d] = NONE_P; t[HMM + 2 * d + 1] = 0; t[snap] = 0;
      t[PC_DEV + d] = 0; emit(t, 0);
    }
  }
  for (let d = 0; d < ND; d++) { // migrate[d]
    const pc = s[PC_MIG + d];
    if (pc === M_DONE) continue;
    const SRC = MIG + 3 * d, DST = SRC + 1, MG = SRC + 2, own = pageAt(DEVP, 1 + d);
    t.set(s);
    let next = pc + 1, step = 0;
    switch (pc) {
      case 0: invalidateStart(t); break;
      case 1: {
        const e = t[PTE_E];
        if (e === E_NONE || e === E_ZERO) { t[SRC] = 1; t[MG] = 1; }
        else if (e === E_PRESENT) {
          const p = t[PTE_P], dv = t[PTE_D], b = pageAt(p, dv);
          getPage(t, b);
          if (!trylock(t, b)) { putPage(t, b); break; }
          setPte(t, E_MIGRATION, p, dv); removeRmap(t, b); putPage(t, b);
          t[SRC] = p; t[MG] = 1; // S0 and S1 have the same codes in both enums
        }
        break;
      }
      case 2: invalidateEnd(t); next = t[SRC] === 0 ? M_DONE : t[SRC] === 1 ? 4 : 3; break;
      case 3: {
        const src = t[SRC];
        if (hasExtraRefs(t, src, 0, false)) {
          map(t, E_PRESENT, src, 0); unlock(t, pageAt(src, 0)); put(t, pageAt(src, 0));
          t[SRC] = 0; t[MG] = 0;
        }
        next = t[MG] ? 4 : M_DONE;
        break;
      }
      case 4: {
        if (isFree(t, own)) {
          const hole = t[SRC] === 1;
          if (!hole) usePage(t, pageAt(t[SRC], 0));
          allocate(t, own, hole ? 0 : t[pageAt(t[SRC], 0) + DATA], 1);
          t[DST] = 1;
        }
        next = t[SRC] !== 1 ? 7 : t[DST] ? 5 : 6;
        break;
      }
      case 5: invalidateStart(t); break;
      case 6:
        if (t[DST] && (t[PTE_E] === E_NONE || t[PTE_E] === E_ZERO)) map(t, E_DEVPRIV, DEVP, 1 + d);
        else t[MG] = 0;
        next = t[DST] ? 8 : 9;
        break;
      case 7:
        if (!t[DST] || refCount(t, pageAt(t[SRC], 0)) !== 1) t[MG] = 0;
        next = 9; step = STEP_MIGRATE_MAPPING;
        break;
      case 8: invalidateEnd(t); break;
      case 9: if (t[MG] && t[DST]) { t[MIR + 2 * d] = DEVP; t[MIR + 2 * d + 1] = 1 + d; } break;
      case 10: {
        const src = t[SRC], commit = t[MG] && t[DST];
        if (src === S0 || src === S1) {
          if (commit) map(t, E_DEVPRIV, DEVP, 1 + d); else map(t, E_PRESENT, src, 0);
          unlock(t, pageAt(src, 0)); put(t, pageAt(src, 0));
        }
        if (t[DST]) { unlock(t, own); put(t, own); }
        t[SRC] = 0; t[DST] = 0; t[MG] = 0;
        break;
      }
    }
    t[PC_MIG + d] = next;
    emit(t, step, d);
  }
  { // cpuWrite
    const pc = s[PC_CW];
    if (pc === 0) {
      const e = s[PTE_E], p = freeSystemPage(s);
      if ((e === E_NONE || e === E_ZERO) && p !== NONE_P) {
        t.set(s);
        const b = pageAt(p, 0);
        allocate(t, b, 0, 0);
        if (e === E_NONE) { addRmap(t, b); setPte(t, E_PRESENT, p, 0); }
        else { t[CWN] = codeOf(p); invalidateStart(t); }
        t[PC_CW] = e === E_ZERO ? 1 : CW_DONE;
        emit(t, 0);
      }
    } else if (pc === 1) {
      t.set(s);
      const p = sysOf(t[CWN]), b = pageAt(p, 0);
      if (t[PTE_E] === E_ZERO) { addRmap(t, b); setPte(t, E_PRESENT, p, 0); }
      else put(t, b);
      t[CWN] = 0; t[PC_CW] = 2; emit(t, 0);
    } else if (pc === 2) {
      t.set(s); invalidateEnd(t); t[PC_CW] = CW_DONE; emit(t, 0);
    }
  }
  { // swapFault
    const pc = s[PC_SF];
    let ok = true;
    if (pc === 0) ok = s[PTE_E] === E_DEVPRIV && !s[pageAt(DEVP, s[PTE_D]) + LOCK];
    if (ok) {
      t.set(s);
      let next = pc + 1, step = 0;
      const src = t[RAM_SRC], own = src ? pageAt(DEVP, src) : -1;
      switch (pc) {
        case 0: { const b = pageAt(DEVP, t[PTE_D]); trylock(t, b); getPage(t, b); t[RAM_SRC] = t[PTE_D]; break; }
        case 1: invalidateStart(t); break;
        case 2:
          if (t[PTE_E] === E_DEVPRIV && t[PTE_D] === src) {
            getPage(t, own); setPte(t, E_MIGRATION, DEVP, src); removeRmap(t, own); putPage(t, own);
            t[RAM_MIG] = 1;
          }
          break;
        case 3: invalidateEnd(t); next = t[RAM_MIG] ? 4 : 8; break;
        case 4:
          if (hasExtraRefs(t, DEVP, src, true)) { map(t, E_DEVPRIV, DEVP, src); put(t, own); t[RAM_MIG] = 0; }
          next = t[RAM_MIG] ? 5 : 8;
          break;
        case 5: {
          const p = freeSystemPage(t);
          if (p !== NONE_P) {
            usePage(t, own);
            allocate(t, pageAt(p, 0), t[own + DATA], 1);
            t[MIR + 2 * (src - 1)] = NONE_P; t[MIR + 2 * (src - 1) + 1] = 0;
            t[RAM_DST] = codeOf(p);
          }
          break;
        }
        case 6: if (t[RAM_DST] === 0 || refCount(t, own) !== 2) t[RAM_MIG] = 0; step = STEP_RAM_MAPPING; break;
        case 7: {
          const dst = t[RAM_DST] ? sysOf(t[RAM_DST]) : NONE_P;
          if (t[RAM_MIG] && dst !== NONE_P) map(t, E_PRESENT, dst, 0); else map(t, E_DEVPRIV, DEVP, src);
          put(t, own);
          if (dst !== NONE_P) { unlock(t, pageAt(dst, 0)); put(t, pageAt(dst, 0)); }
          t[RAM_DST] = 0; t[RAM_MIG] = 0;
          break;
        }
        case 8: unlock(t, own); put(t, own); t[RAM_SRC] = 0; next = 0; break;
      }
      t[PC_SF] = next;
      emit(t, step);
    }
  }
  { // pinner
    const pc = s[PC_PIN];
    if (pc === 0) {
      if (s[PTE_E] === E_PRESENT) {
        for (const get of [0, 1]) { // pin_user_pages, get_user_pages
          t.set(s);
          t[PINNED] = codeOf(t[PTE_P]); t[GUPREF] = get;
          const b = pageAt(t[PTE_P], 0);
          if (get) getPage(t, b);
          else if (!isFree(t, b)) inc(t, b + PINS, MAX_PINS);
          t[PC_PIN] = 1; emit(t, 0);
        }
      }
    } else if (pc === 1) {
      t.set(s);
      const b = pageAt(sysOf(t[PINNED]), 0);
      usePage(t, b); t[b + DATA] = 2;
      t[PC_PIN] = 2; emit(t, 0);
    } else if (pc === 2) {
      t.set(s);
      const b = pageAt(sysOf(t[PINNED]), 0);
      if (t[GUPREF]) put(t, b);
      else if (t[b + PINS] === 0) check(false, 'refcount-underflow');
      else { t[b + PINS]--; if (isFree(t, b)) { check(!t[b + LOCK], 'freedWhileLocked'); t[b + DATA] = 0; } }
      t[PINNED] = 0; t[GUPREF] = 0; t[PC_PIN] = PIN_DONE; emit(t, 0);
    }
  }
}

// ---------------- the properties ----------------
const same = (p1, d1, p2, d2) => p1 === p2 && d1 === d2;
const allocated = (s, page, dev) => !refcounted(page) || !isFree(s, pageAt(page, dev));
function mirrorMatchesPte(s, d) {
  const mp = s[MIR + 2 * d], md = s[MIR + 2 * d + 1], e = s[PTE_E];
  if (mp === NONE_P) return true;
  if (e === E_ZERO) return mp === ZERO_P;
  if (e === E_PRESENT) return same(s[PTE_P], s[PTE_D], mp, md);
  const src = s[MIG + 3 * d], mg = s[MIG + 3 * d + 2], dst = s[MIG + 3 * d + 1], pc = s[PC_MIG + d];
  if (e === E_DEVPRIV) {
    if (s[PTE_D] !== 1 + d) return false;
    if (same(mp, md, DEVP, 1 + d)) return true;
    return mp === ZERO_P && src === 1 && mg === 1 && (pc === 8 || pc === 9);
  }
  if (e === E_MIGRATION) {
    const committed = pc === 10 && mg && dst && (src === S0 || src === S1);
    return committed && same(s[PTE_P], s[PTE_D], src, 0) && same(mp, md, DEVP, 1 + d);
  }
  return false;
}
function quiescent(s) {
  for (let d = 0; d < ND; d++) if (s[PC_MIG + d] !== 0 && s[PC_MIG + d] !== M_DONE) return false;
  return s[PC_SF] === 0 && s[PC_CW] !== 1 && s[PC_CW] !== 2;
}
function inv(s) {
  // mirrorCoherent
  if (s[ACTIVE] === 0) for (let d = 0; d < ND; d++) if (!mirrorMatchesPte(s, d)) return 'mirrorCoherent';
  // noUseAfterFree
  if (!allocated(s, s[PTE_P], s[PTE_D]) || !allocated(s, sysOf(s[PINNED]) % 4, 0) || !allocated(s, sysOf(s[CWN]) % 4, 0) || !allocated(s, sysOf(s[RAM_DST]) % 4, 0)) return 'noUseAfterFree';
  if (s[RAM_SRC] !== 0 && !allocated(s, DEVP, s[RAM_SRC])) return 'noUseAfterFree';
  for (let d = 0; d < ND; d++) {
    const src = s[MIG + 3 * d];
    if (!allocated(s, s[MIR + 2 * d], s[MIR + 2 * d + 1]) || ((src === S0 || src === S1) && !allocated(s, src, 0)) || (s[MIG + 3 * d + 1] && !allocated(s, DEVP, 1 + d))) return 'noUseAfterFree';
  }
  // migrationEntryLocked
  if (s[PTE_E] === E_MIGRATION && !s[pageAt(s[PTE_P], s[PTE_D]) + LOCK]) return 'migrationEntryLocked';
  // quiescentClean
  if (quiescent(s)) {
    if (s[PTE_E] === E_MIGRATION || s[ACTIVE] > 0) return 'quiescentClean';
    for (let k = 0; k < 2 + ND; k++) {
      const page = k < 2 ? S0 + k : DEVP, dev = k < 2 ? 0 : k - 1, b = pageAt(page, dev);
      const mapped = (s[PTE_E] === E_PRESENT || s[PTE_E] === E_DEVPRIV) && same(s[PTE_P], s[PTE_D], page, dev) ? 1 : 0;
      const held = page === sysOf(s[PINNED]) ? 1 : 0, got = s[GUPREF] ? held : 0;
      if (s[b + LOCK] || s[b + MAPC] !== mapped || s[b + REFS] !== mapped + got || s[b + PINS] !== held - got) return 'quiescentClean';
    }
  }
  return null;
}
/** noPinnedSourceCommitted and migrationKeepsData on the successor of a pages_migrateMapping step. */
function actionInv(t, step, d) {
  let srcB, srcData, dstData;
  if (step === STEP_MIGRATE_MAPPING) {
    if (!t[MIG + 3 * d + 2]) return null;
    srcB = pageAt(t[MIG + 3 * d], 0); srcData = t[srcB + DATA]; dstData = t[pageAt(DEVP, 1 + d) + DATA];
  } else {
    if (!t[RAM_MIG]) return null;
    srcB = pageAt(DEVP, t[RAM_SRC]); srcData = t[srcB + DATA]; dstData = t[pageAt(sysOf(t[RAM_DST]), 0) + DATA];
  }
  if (t[srcB + PINS] !== 0) return 'noPinnedSourceCommitted';
  return dstData === srcData ? null : 'migrationKeepsData';
}

// ---------------- search ----------------
const t0 = process.hrtime.bigint();
const visited = packedStates(W, WORD, SHIFT, MASK, 1 << 18);
const { pack, unpack, insert } = visited;
let edges = 0, depth = 0, violation = null;
// the initial states: the page is the zero page, or S0 mapped
const inits = [new Uint8Array(LEN), new Uint8Array(LEN)];
setPte(inits[0], E_ZERO, ZERO_P, 0);
setPte(inits[1], E_PRESENT, S0, 0);
{ const b = pageAt(S0, 0); inits[1][b + REFS] = 1; inits[1][b + MAPC] = 1; inits[1][b + DATA] = 1; }
for (const s of inits) {
  pack(s);
  if (insert() && violation === null) { const v = inv(s); if (v) violation = v; }
}
depth = 1;
let head = 0, levelEnd = visited.count, found = 0;
const cur = new Uint8Array(LEN), tmp = new Uint8Array(LEN);
const emit = (t, step, d) => {
  edges++; found++;
  if (failed !== null) { if (violation === null) violation = failed; failed = null; return; }
  if (step !== 0 && violation === null) { const v = actionInv(t, step, d); if (v) violation = v; }
  pack(t);
  if (insert() && violation === null) { const v = inv(t); if (v) violation = v; }
};
while (head < visited.count && violation === null) {
  if (head === levelEnd) { depth++; levelEnd = visited.count; }
  unpack(head, cur); head++;
  found = 0;
  succ(cur, tmp, emit);
  if (found === 0 && !quiescent(cur) && violation === null) violation = 'deadlock';
}
if (visited.count > levelEnd) depth++; // the last level's states were stored but never reached as a level
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const mu = process.memoryUsage();
console.log(JSON.stringify({ model: 'migrate', devices: ND, words: W, states: visited.count, edges, depth, violation,
  secs: +secs.toFixed(3), states_per_s: Math.round(visited.count / secs), rssMB: Math.round(mu.rss / 1048576) }));
