// ctxsw, from Catalin Marinas's kernel-tla (ctxsw.tla): mm_struct reference counting across context switches
// (exec_mmap, exit_mm, mmput/mmdrop, lazy-TLB borrowing of active_mm, rq->prev_mm dropped in
// finish_task_switch), with interrupts that call schedule() between any two steps of a running task.
// TLC with PROCS = {p1, p2}, TASKS = {t1, t2}, MMS = {m1} (PreemptSpec, its SYMMETRY Perms): 889,282 distinct
// states, 1,992,844 generated, depth 109; without SYMMETRY 3,556,660 / 7,970,235 / 109.
//
// The PlusCal's procedures are lowered here as its translator lowers them, not written with `.procedure`:
// - a step calls conditionally (`if (...) call mmdrop(...)`), or one of two procedures (exec_mmap);
//   (`.procedure` now has these: `ctx.call(...)` on a branch, docs/kernel.md)
// - `call P; return` is a tail call: the callee's frame replaces the caller's (now `next: 'return'` on a call);
// - Interrupt (outside the algorithm) pushes a frame from whatever label the task is at;
// - a tail call does not restore the caller's parameters, so exec_mmap's `_mm`, mmput's `_mm_m` and
//   context_switch's `prev`/`next` keep their last values after the call (and frames save them): TLC's counts
//   include those values.
// So each task (and each CPU's idle task) has PlusCal's per-process procedure variables and a stack of frames
// `{ procedure, pc, <saved variables> }`, and a step writes its next label with `goto` (the pc as PlusCal's `pc'`).
// Variant frame-locals restores the parameters on a tail call, as `.procedure` locals would: 46,669 orbits
// (185,137 states) instead of 889,282. Unions are tagged records (TASKS \cup PROCS: `TaskRef`; MMS \cup {"null",
// "init_mm"}: `MmRef`), and the helpers take `any` states, since a procedure runs for a Task or for a Cpu id.
import { defineSpec, enumOf, eq, int, mapOf, model, option, record, scalarset, seq, setOf } from 'interleave';

export default defineSpec({ name: 'ctxsw', params: { procs: 2, tasks: 2, mms: 1 }, variants: ['pluscal', 'frame-locals'] }, ({ procs, tasks, mms, variant }) => {
  const Cpu = scalarset('Cpu', procs); // PROCS, also naming each CPU's idle task
  const Task = scalarset('Task', tasks);
  const MM = scalarset('MM', mms);
  // "null", "init_mm" or an mm of MMS; 'default' is PlusCal's defaultInitValue
  const MmRef = record({ kind: enumOf('default', 'null', 'init_mm', 'mm'), m: option(MM) });
  // a task of TASKS or the idle task of a CPU (both null: defaultInitValue)
  const TaskRef = record({ t: option(Task), p: option(Cpu) });
  const task_struct = record({ mm: option(MM), active_mm: MmRef, cpu: option(Cpu), state: enumOf('running', 'dead') });
  const most = 2 * (procs + tasks) + 2; // above any count reached (a count outside its type is an error, not a wrap)
  const mm_struct = record({ mm_users: int(0, most), mm_count: int(0, most) });
  const labels = ['thread_init', 'thread_start', 't1', 'thread_end', 'idle_start', 'mmd1', 'mmp1', 'emap1', 'exm1', 'fts1', 'fts2', 'cs1', 'cs2', 'cs3', 'sch1', 'handle_irq', 'done'] as const;
  type Label = (typeof labels)[number];
  const frame = record({
    procedure: enumOf('mmdrop', 'mmput', 'exec_mmap', 'exit_mm', 'finish_task_switch', 'context_switch', 'schedule', 'interrupt'),
    pc: enumOf(...labels),
    _mm_: MmRef, _mm_m: option(MM), _mm: option(MM), oldmm: MmRef, prev: TaskRef, next: TaskRef,
  });
  // PlusCal's procedure variables of one process, and its call stack (top last)
  const proc_vars = record({ _mm_: MmRef, _mm_m: option(MM), _mm: option(MM), prev: TaskRef, next: TaskRef, oldmm: MmRef, stack: seq(frame, 4) });

  type R = { kind: 'default' | 'null' | 'init_mm' | 'mm'; m: symbol | null };
  const DEFAULT: R = { kind: 'default', m: null }, NULL: R = { kind: 'null', m: null }, INIT: R = { kind: 'init_mm', m: null };
  const mmRef = (m: symbol | null): R => (m === null ? NULL : { kind: 'mm', m });
  const mmCopy = (r: R): R => ({ kind: r.kind, m: r.m });
  const taskCopy = (r: { t: symbol | null; p: symbol | null }) => ({ t: r.t, p: r.p });
  const isTask = (x: symbol): boolean => Task.values.some((t) => t === x);
  const refOf = (x: symbol) => (isTask(x) ? { t: x, p: null } : { t: null, p: x });
  // task[x], pc[x] and the procedure variables of x, a task or a CPU's idle task
  const T = (s: any, x: symbol): any => (isTask(x) ? s.task[x] : s.idle_task[x]);
  const V = (s: any, x: symbol): any => (isTask(x) ? s.vars[x] : s.idle_vars[x]);
  const deref = (s: any, r: { t: symbol | null; p: symbol | null }): any => (r.t !== null ? s.task[r.t] : s.idle_task[r.p!]);
  const pcOf = (s: any, x: symbol): Label => (isTask(x) ? s.pc.thread[x] : s.pc.idle[x]);
  const goto = (n: any, x: symbol, l: Label) => void (isTask(x) ? (n.pc.thread[x] = l) : (n.pc.idle[x] = l));
  const MM_ = (s: any, r: R): any => (r.kind === 'init_mm' ? s.init_mm : s.mm[r.m!]);
  const Running = (s: any, x: symbol) => T(s, x).cpu !== null;
  const cpu = (s: any, x: symbol): symbol => T(s, x).cpu;

  const empty = { _mm_: DEFAULT, _mm_m: null, _mm: null, oldmm: DEFAULT, prev: { t: null, p: null }, next: { t: null, p: null } };
  const call = (n: any, x: symbol, procedure: string, pc: Label, saved: object, to: Label) =>
    void (V(n, x).stack.push({ ...empty, procedure, pc, ...saved }), goto(n, x, to));
  const tailCall = (n: any, x: symbol, procedure: string, saved: object, to: Label) => {
    const v = V(n, x), head = v.stack.pop();
    // PlusCal restores the caller's local variables here, not its parameters; variant frame-locals restores both
    if (variant === 'frame-locals') for (const f of PARAMS[head.procedure] ?? []) v[f] = f === 'prev' || f === 'next' ? taskCopy(head[f]) : head[f];
    call(n, x, procedure, head.pc, saved, to);
  };
  const PARAMS: Record<string, string[]> = { mmput: ['_mm_m'], exec_mmap: ['_mm'], context_switch: ['prev', 'next'] };
  const ret = (n: any, x: symbol) => goto(n, x, V(n, x).stack.pop().pc);
  const here = (n: any, { self }: Self) => pcOf(n, self) as any;
  type Self = { self: symbol };
  // a step whose effect sets the pc itself (PlusCal's pc'), as every branch of the translation does
  const step = (effect: (n: any, args: Self, ctx: any) => void, when?: (s: any, args: Self) => boolean) => ({ ...(when ? { when } : {}), effect, next: here });

  const mmdrop = (n: any, x: symbol, m: R, pc: Label | null) => {
    const v = V(n, x);
    const saved = { _mm_: mmCopy(v._mm_) };
    if (pc === null) tailCall(n, x, 'mmdrop', saved, 'mmd1');
    else call(n, x, 'mmdrop', pc, saved, 'mmd1');
    v._mm_ = m;
  };
  const mmput = (n: any, x: symbol, m: symbol, pc: Label | null) => {
    const v = V(n, x);
    if (pc === null) tailCall(n, x, 'mmput', { _mm_m: v._mm_m }, 'mmp1');
    else call(n, x, 'mmput', pc, { _mm_m: v._mm_m }, 'mmp1');
    v._mm_m = m;
  };

  // the procedures, run by tasks and idle tasks alike
  const procedures = {
    mmd1: step((n, { self }) => {
      const v = V(n, self), m = v._mm_;
      if (--MM_(n, m).mm_count === 0) n.freemms.add(m.m);
      v._mm_ = mmCopy(v.stack.at(-1)._mm_);
      ret(n, self);
    }),
    mmp1: step((n, { self }) => {
      const v = V(n, self), m = v._mm_m;
      if (--n.mm[m].mm_users === 0) return mmdrop(n, self, mmRef(m), null);
      v._mm_m = v.stack.at(-1)._mm_m;
      ret(n, self);
    }),
    emap1: step((n, { self }) => {
      const t = T(n, self), old_mm = t.mm, active_mm = mmCopy(t.active_mm);
      const m = V(n, self)._mm;
      t.mm = m;
      t.active_mm = mmRef(m);
      n.proc_mm[t.cpu] = mmRef(m); // switch_mm
      if (old_mm !== null) mmput(n, self, old_mm, null);
      else mmdrop(n, self, active_mm, null);
    }),
    exm1: step((n, { self }) => {
      const t = T(n, self), m = t.mm;
      if (m === null) return ret(n, self);
      n.mm[m].mm_count++; // mmgrab
      t.mm = null;
      mmput(n, self, m, null);
    }),
    fts1: step((n, { self }) => {
      const prev_mm = n.prev_mm[cpu(n, self)];
      if (prev_mm.kind !== 'null') mmdrop(n, self, mmCopy(prev_mm), 'fts2');
      else goto(n, self, 'fts2');
    }, (s, { self }) => Running(s, self)),
    fts2: step((n, { self }) => {
      n.prev_mm[cpu(n, self)] = NULL;
      n.interrupts[cpu(n, self)] = 'on';
      ret(n, self);
    }),
    cs1: step((n, { self }) => {
      const v = V(n, self), next = deref(n, v.next);
      v.oldmm = mmCopy(deref(n, v.prev).active_mm);
      if (next.mm === null) {
        next.active_mm = mmCopy(v.oldmm);
        MM_(n, v.oldmm).mm_count++;
      } else n.proc_mm[cpu(n, self)] = mmRef(next.mm);
      goto(n, self, 'cs2');
    }),
    cs2: step((n, { self }) => {
      const v = V(n, self), prev = deref(n, v.prev);
      if (prev.mm === null) {
        prev.active_mm = NULL;
        n.prev_mm[cpu(n, self)] = mmCopy(v.oldmm);
      }
      goto(n, self, 'cs3');
    }),
    cs3: step((n, { self }) => {
      const v = V(n, self), prev = deref(n, v.prev);
      deref(n, v.next).cpu = prev.cpu; // switch_to
      prev.cpu = null;
      if (prev.state === 'running' && v.prev.t !== null) n.runqueue.add(v.prev.t);
      v.oldmm = mmCopy(v.stack.at(-1).oldmm);
      tailCall(n, self, 'finish_task_switch', {}, 'fts1');
    }),
    sch1: step((n, { self }, ctx) => {
      const v = V(n, self);
      const next = ctx.choose(n.runqueue.size > 0 ? [...n.runqueue].map((t: symbol) => ({ t, p: null })) : [{ t: null, p: cpu(n, self) }]);
      if (!eq(refOf(self), next)) {
        if (next.t !== null) n.runqueue.delete(next.t);
        const saved = { oldmm: mmCopy(v.oldmm), prev: taskCopy(v.prev), next: taskCopy(v.next) };
        tailCall(n, self, 'context_switch', saved, 'cs1');
        v.next = next;
        v.prev = refOf(self);
        v.oldmm = DEFAULT;
      } else {
        n.interrupts[cpu(n, self)] = 'on';
        ret(n, self);
      }
    }),
    handle_irq: step((n, { self }) => {
      n.interrupts[cpu(n, self)] = 'off'; // usually done by the hardware
      tailCall(n, self, 'schedule', {}, 'sch1');
    }),
  };

  // what an idle task runs: the interrupt and what it calls
  const { mmp1: _p, emap1: _e, exm1: _x, ...scheduling } = procedures;

  // Interrupt(self): a running task with interrupts on, not already in the handler, calls interrupt()
  const interrupt = {
    when: (s: any, { self }: Self) => Running(s, self) && s.interrupts[cpu(s, self)] === 'on' && pcOf(s, self) !== 'handle_irq',
    effect: (n: any, { self }: Self) => call(n, self, 'interrupt', pcOf(n, self), {}, 'handle_irq'),
  };

  return model({
    task: mapOf(Task, task_struct),
    idle_task: mapOf(Cpu, task_struct),
    mm: mapOf(MM, mm_struct),
    init_mm: mm_struct,
    proc_mm: mapOf(Cpu, MmRef),
    interrupts: mapOf(Cpu, enumOf('on', 'off')),
    prev_mm: mapOf(Cpu, MmRef),
    freemms: setOf(MM),
    runqueue: setOf(Task),
    vars: mapOf(Task, proc_vars),
    idle_vars: mapOf(Cpu, proc_vars),
  })
    .init((s) => {
      for (const t of Task.values) Object.assign(s.task[t]!, { mm: null, active_mm: NULL, cpu: null, state: 'running' });
      for (const p of Cpu.values) Object.assign(s.idle_task[p]!, { mm: null, active_mm: INIT, cpu: p, state: 'running' });
      s.init_mm.mm_count = procs + 1; // idle tasks + 1
      for (const p of Cpu.values) (s.proc_mm[p] = INIT as any), (s.prev_mm[p] = NULL as any);
      for (const m of MM.values) s.freemms.add(m);
      for (const x of [...Task.values, ...Cpu.values]) Object.assign(V(s, x), empty);
    })
    .process('thread', Task, {
      thread_init: {
        effect: (n: any, { self }) => {
          n.runqueue.add(self); // wait to be scheduled
          call(n, self, 'finish_task_switch', 'thread_start', {}, 'fts1'); // schedule_tail()
        },
        next: here,
      },
      thread_start: {
        effect: (n: any, { self }, ctx) => {
          const v = V(n, self), t = n.task[self];
          const either = ctx.choose([...[...n.freemms].map((m: symbol) => ({ exec: m })), { exit: true }, { other: true }]) as any;
          if (either.exec) {
            // replace the current mm
            n.freemms.delete(either.exec);
            Object.assign(n.mm[either.exec], { mm_users: 1, mm_count: 1 }); // mm_init
            call(n, self, 'exec_mmap', 'thread_start', { _mm: v._mm }, 'emap1');
            v._mm = either.exec;
          } else if (either.exit) call(n, self, 'exit_mm', 't1', {}, 'exm1');
          else if (t.mm !== null) {
            // do something else (paired mmget/mmput)
            n.mm[t.mm].mm_users++;
            mmput(n, self, t.mm, 'thread_start');
          }
        },
        next: here,
      },
      t1: { next: 'thread_end' },
      thread_end: { effect: (n, { self }) => void (n.task[self]!.state = 'dead'), next: 'done' },
      ...procedures,
    })
    .process('idle', Cpu, { idle_start: { when: (s, { self }) => Running(s, self), next: 'idle_start' }, ...scheduling })
    .action('Interrupt', { self: Task }, interrupt)
    .action('InterruptIdle', { self: Cpu }, interrupt)
    .invariant('SchedInv', (s: any) => {
      const all = [...Task.values.map((t) => s.task[t]), ...Cpu.values.map((p) => s.idle_task[p])];
      if ([...s.runqueue].some((t: symbol) => s.task[t].cpu !== null)) return false;
      return all.every((a, i) => a.cpu === null || all.every((b, j) => i === j || a.cpu !== b.cpu));
    })
    .invariant('MMInv', (s: any) => {
      const all = [...Task.values.map((t) => s.task[t]), ...Cpu.values.map((p) => s.idle_task[p])];
      return (
        MM.values.every((m) => {
          const x = s.mm[m];
          return (
            (x.mm_users > 0 || all.every((t) => t.mm !== m)) &&
            (x.mm_count > 0 || all.every((t) => !eq(t.active_mm, mmRef(m)))) &&
            (x.mm_users === 0 || x.mm_count > 0)
          );
        }) &&
        [...s.freemms].every((m: symbol) => s.mm[m].mm_count === 0) &&
        Cpu.values.every((p) => s.proc_mm[p].kind !== 'mm' || !s.freemms.has(s.proc_mm[p].m)) &&
        s.init_mm.mm_count > 0
      );
    })
    // TypeInv, beyond what the types say: proc_mm is never "null", nothing holds defaultInitValue
    .invariant('TypeInv', (s: any) =>
      Cpu.values.every((p) => s.proc_mm[p].kind === 'init_mm' || s.proc_mm[p].kind === 'mm') &&
      Cpu.values.every((p) => s.prev_mm[p].kind !== 'default') &&
      [...Task.values.map((t) => s.task[t]), ...Cpu.values.map((p) => s.idle_task[p])].every((t) => t.active_mm.kind !== 'default'),
    );
});
