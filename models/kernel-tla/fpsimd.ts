// fpsimd: arm64's lazy FPSIMD/SVE register switching, from Catalin Marinas's kernel-tla (fpsimd.tla, PlusCal).
// Threads write and read the FPSIMD/SVE registers in user space, trap into SVE, make syscalls that use kernel-mode
// NEON, and are interrupted and rescheduled; the asserts check that a thread reads back what it wrote. Labels,
// procedures and macros keep the PlusCal names; "zero" is null, a pair << FPSIMD, SVE >> is a two-element array.
// The spec's hand-written `Interrupt(self)` action is the interrupt `irq` of process `thread_` (PlusCal's `thread`, renamed as its translation does) (a hardirq: it never
// nests in its own handler, which the committed spec allowed at label handle_int; with the guard
// `pc[self] # "handle_int"` TLC gives, with SYMMETRY Perms: CPUS={p1}, THREADS={t1}, VALS={v1,v2}: 1,476 distinct /
// 1,982 generated / depth 57; THREADS={t1,t2}, VALS={v1}: 327,121 / 405,647 / 137; committed constants
// THREADS={t1,t2}, VALS={v1,v2}: 3,931,046 / 5,103,598 / 139).
import { array, bool, defineSpec, enumOf, int, mapOf, model, option, record, scalarset, setOf, type EffectContext, type Id, type StateDraft, type StateView } from 'interleave';

export default defineSpec({ name: 'fpsimd', params: { cpus: 1, threads: 2, vals: 2, stack: 6 } }, ({ cpus, threads, vals, stack }) => {
  const Cpu = scalarset('Cpu', cpus);
  const Thread = scalarset('Thread', threads);
  const Val = scalarset('Val', vals);
  const Reg = option(Val); // null: "zero"
  const Vec = array(Reg, 2); // << FPSIMD, SVE >>
  const FOREIGN = 'TIF_FOREIGN_FPSTATE';
  const SVE = 'TIF_SVE';
  const vars = {
    cpu: mapOf(Thread, option(Cpu)),
    runqueue: setOf(Thread),
    interrupts: mapOf(Cpu, enumOf('off', 'on')),
    in_interrupt: mapOf(Thread, bool),
    mode: mapOf(Thread, enumOf('user', 'kernel')),
    preempt_count: mapOf(Thread, int(0, 2)),
    thread: mapOf(Thread, record({ fpsimd_state: Reg, fpsimd_cpu: option(Cpu), sve_state: Vec, flags: setOf(enumOf(FOREIGN, SVE)) })),
    fpsimd_last_state: mapOf(Cpu, option(Thread)),
    fpsimd_context_busy: mapOf(Cpu, bool),
    hwfpsimd: mapOf(Cpu, Vec),
    sve_user_trap: mapOf(Cpu, bool),
    val: mapOf(Thread, Vec),
  };
  type T = Id<'Thread'>;
  type N = StateDraft<typeof vars>; // the draft, as the macros write it
  type Ctx = Pick<EffectContext<any, any>, 'check'>; // what the macros use of a step's ctx

  // the CPU `self` runs on
  const cpu = (s: { readonly cpu: { readonly [t: T]: Id<'Cpu'> | null } }, self: T): Id<'Cpu'> => s.cpu[self]!;
  // macros
  const getCtx = (n: N, self: T, ctx: Ctx) => {
    n.preempt_count[self]++;
    ctx.check('get_cpu_fpsimd_context', !n.fpsimd_context_busy[cpu(n, self)]);
    n.fpsimd_context_busy[cpu(n, self)] = true;
  };
  const putCtx = (n: N, self: T, ctx: Ctx, preempt = true) => {
    ctx.check('put_cpu_fpsimd_context', n.fpsimd_context_busy[cpu(n, self)]);
    n.fpsimd_context_busy[cpu(n, self)] = false;
    if (preempt) n.preempt_count[self]--;
  };
  const fpsimdSave = (n: N, self: T, ctx: Ctx) => {
    ctx.check('fpsimd_save', n.fpsimd_context_busy[cpu(n, self)]);
    const t = n.thread[self];
    if (t.flags.has(FOREIGN)) return;
    if (t.flags.has(SVE)) t.sve_state = [...n.hwfpsimd[cpu(n, self)]];
    else t.fpsimd_state = n.hwfpsimd[cpu(n, self)][0];
  };
  const setIrqs = (n: N, self: T, on: boolean) => void (n.interrupts[cpu(n, self)] = on ? 'on' : 'off');
  const foreign = (s: StateView<typeof vars>, self: T): boolean => s.thread[self].flags.has(FOREIGN);

  return model(vars)
    .init((s, { choose }) => {
      // distinct init threads for each CPU, the others on the runqueue
      for (const p of Cpu.values) s.cpu[choose(Thread.values.filter((t) => s.cpu[t] === null))] = p;
      for (const t of Thread.values) {
        if (s.cpu[t] === null) s.runqueue.add(t);
        s.thread[t]!.flags.add(FOREIGN);
      }
      for (const p of Cpu.values) s.sve_user_trap[p] = true;
    })
    .procedure('kernel_neon_begin', { over: Thread }, {
      knb1: { effect: (n, { self }, ctx) => getCtx(n, self, ctx), next: 'knb2' },
      knb2: { effect: (n, { self }, ctx) => fpsimdSave(n, self, ctx), next: 'knb3' },
      knb3: {
        effect: (n, { self }) => {
          n.fpsimd_last_state[cpu(n, self)] = null;
          n.thread[self]!.flags.add(FOREIGN);
        },
        next: 'return',
      },
    })
    .procedure('kernel_neon_end', { over: Thread }, {
      kne1: { effect: (n, { self }, ctx) => putCtx(n, self, ctx), next: 'return' },
    })
    .procedure('fpsimd_restore_current_state', { over: Thread }, {
      frcs1: { effect: (n, { self }, ctx) => getCtx(n, self, ctx), next: 'frcs2' },
      frcs2: { effect: (n, { self }) => n.thread[self]!.flags.delete(FOREIGN), next: (_n, { self }, prev) => (foreign(prev, self) ? 'frcs3' : 'frcs4') },
      frcs3: {
        effect: (n, { self }, ctx) => {
          const p = cpu(n, self);
          const t = n.thread[self]!;
          ctx.check('task_fpsimd_load', n.fpsimd_context_busy[p]);
          n.hwfpsimd[p] = t.flags.has(SVE) ? [...t.sve_state] : [t.fpsimd_state, null];
          n.fpsimd_last_state[p] = self;
          t.fpsimd_cpu = p;
          n.sve_user_trap[p] = !t.flags.has(SVE);
        },
        next: 'frcs4',
      },
      frcs4: { effect: (n, { self }, ctx) => putCtx(n, self, ctx), next: 'return' },
    })
    .procedure('fpsimd_thread_switch', { over: Thread, locals: { next: option(Thread) } }, {
      fts1: {
        effect: (n, { self }, ctx) => {
          ctx.check('get_cpu_fpsimd_context', !n.fpsimd_context_busy[cpu(n, self)]);
          n.fpsimd_context_busy[cpu(n, self)] = true;
          fpsimdSave(n, self, ctx);
        },
        next: 'fts2',
      },
      // wrong_task or wrong_cpu
      fts2: {
        effect: (n, { self, locals }) => {
          const next = locals.next!;
          if (n.fpsimd_last_state[cpu(n, self)] !== next || n.thread[next]!.fpsimd_cpu !== cpu(n, self)) n.thread[next]!.flags.add(FOREIGN);
          else n.thread[next]!.flags.delete(FOREIGN);
        },
        next: 'fts3',
      },
      fts3: { effect: (n, { self }, ctx) => putCtx(n, self, ctx, false), next: 'return' },
    })
    .procedure('schedule', { over: Thread, locals: { next: option(Thread) } }, {
      sch1: {
        effect: (n, { self, locals }, ctx) => {
          ctx.check('schedule_preemptible', n.preempt_count[self] === 0);
          ctx.check('schedule_irqs_off', n.interrupts[cpu(n, self)] === 'off');
          const next = ctx.choose([...n.runqueue, null]);
          // return if no new thread to schedule, else take it off the runqueue
          if (next === null) setIrqs(n, self, true);
          else (n.runqueue.delete(next), (locals.next = next));
        },
        next: (_n, { locals }) => (locals.next === null ? 'return' : 'sch2'),
      },
      sch2: { call: 'fpsimd_thread_switch', args: (_n, { locals }) => ({ next: locals.next }), next: 'sch3' },
      // add the previous thread to the runqueue and switch to next
      sch3: {
        effect: (n, { self, locals }) => {
          n.runqueue.add(self);
          n.cpu[locals.next!] = cpu(n, self);
          n.cpu[self] = null;
        },
        next: 'sch4',
      },
      // context switching done, wait to be rescheduled
      sch4: { when: (s, { self }) => s.cpu[self] !== null, next: 'sch5' },
      sch5: { effect: (n, { self }) => setIrqs(n, self, true), next: 'return' },
    })
    .procedure('do_notify_resume', { over: Thread }, {
      dnr1: { effect: (n, { self }, ctx) => ctx.check('do_notify_resume_irqs_off', n.interrupts[cpu(n, self)] === 'off'), call: 'schedule', next: 'dnr2' },
      dnr2: { calls: ['fpsimd_restore_current_state'], effect: (n, { self }, ctx) => void (foreign(n, self) && ctx.call('fpsimd_restore_current_state')), next: 'dnr3' },
      // repeat if more work needed
      dnr3: { effect: (n, { self }) => setIrqs(n, self, false), next: (n, { self }) => (foreign(n, self) ? 'dnr1' : 'return') },
    })
    .procedure('interrupt_handler', { over: Thread }, {
      handle_int: {
        calls: ['do_notify_resume', 'schedule'],
        effect: (n, { self }, ctx) => {
          setIrqs(n, self, false);
          n.in_interrupt[self] = true;
          if (n.mode[self] === 'user') ctx.call('do_notify_resume');
          else if (n.preempt_count[self] === 0) ctx.call('schedule');
        },
        next: 'int1',
      },
      int1: {
        effect: (n, { self }) => {
          n.in_interrupt[self] = false;
          setIrqs(n, self, true);
        },
        next: 'return',
      },
    })
    .procedure('do_sve_acc', { over: Thread }, {
      dsa1: { effect: (n, { self }) => void (n.mode[self] = 'kernel'), next: 'dsa2' },
      dsa2: {
        effect: (n, { self }, ctx) => {
          getCtx(n, self, ctx);
          fpsimdSave(n, self, ctx);
        },
        next: 'dsa3',
      },
      dsa3: {
        effect: (n, { self }) => {
          n.thread[self]!.fpsimd_cpu = null;
          n.thread[self]!.flags.add(FOREIGN);
        },
        next: 'dsa4',
      },
      dsa4: { effect: (n, { self }) => void (n.thread[self]!.sve_state = [n.thread[self]!.fpsimd_state, null]), next: 'dsa5' },
      dsa5: {
        effect: (n, { self }, ctx) => {
          n.thread[self]!.flags.add(SVE);
          putCtx(n, self, ctx);
        },
        next: 'dsa6',
      },
      // ret_to_user
      dsa6: { effect: (n, { self }) => setIrqs(n, self, false), call: 'do_notify_resume', next: 'dsa7' },
      dsa7: {
        effect: (n, { self }) => {
          n.mode[self] = 'user';
          setIrqs(n, self, true);
        },
        next: 'return',
      },
    })
    .procedure('kernel_neon', { over: Thread, locals: { kval: Reg } }, {
      kn1: { call: 'kernel_neon_begin', next: 'kn2' },
      kn2: {
        effect: (n, { self, locals }, ctx) => {
          locals.kval = ctx.choose([...Val.values]);
          n.hwfpsimd[cpu(n, self)] = [locals.kval, null];
        },
        next: 'kn3',
      },
      kn3: { effect: (n, { self, locals }, ctx) => ctx.check('read_fpsimd', n.hwfpsimd[cpu(n, self)]![0] === locals.kval), call: 'kernel_neon_end', next: 'return' },
    })
    .procedure('syscall', { over: Thread }, {
      sys_entry: {
        effect: (n, { self }) => {
          n.mode[self] = 'kernel';
          n.thread[self]!.flags.delete(SVE);
          n.sve_user_trap[cpu(n, self)] = true;
        },
        next: 'sys1',
      },
      // exercise in-kernel FPSIMD
      sys1: { calls: ['kernel_neon'], effect: (_n, _a, ctx) => void (ctx.choose([true, false]) && ctx.call('kernel_neon', {}, 'sys1')), next: 'ret_to_user' },
      ret_to_user: { effect: (n, { self }) => setIrqs(n, self, false), call: 'do_notify_resume', next: 'sys2' },
      sys2: {
        effect: (n, { self }) => {
          n.mode[self] = 'user';
          setIrqs(n, self, true);
        },
        next: 'return',
      },
    })
    .process('thread_', Thread, {
      // wait to be scheduled (thread creation); FPSIMD initialisation (normally done by do_notify_resume())
      thr1: { when: (s, { self }) => s.cpu[self] !== null, call: 'fpsimd_restore_current_state', next: 'thr2' },
      thr2: { effect: (n, { self }) => setIrqs(n, self, true), next: 'thr3' },
      // user thread actions: FPSIMD read/write, SVE read/write/trap, syscall (discarding the SVE state)
      thr3: {
        calls: ['do_sve_acc', 'syscall'],
        effect: (n, { self }, ctx) => {
          const p = cpu(n, self);
          const trap = n.sve_user_trap[p]!;
          const branch = ctx.choose(trap ? ['write', 'read', 'sve_acc', 'syscall'] : ['write', 'read', 'write_sve', 'read_sve', 'syscall']);
          const val = n.val[self]!;
          if (branch === 'write') n.hwfpsimd[p] = n.val[self] = [ctx.choose([...Val.values]), null];
          else if (branch === 'read') ctx.check('read_fpsimd', n.hwfpsimd[p]![0] === val[0]);
          else if (branch === 'write_sve') n.hwfpsimd[p] = n.val[self] = [ctx.choose([...Val.values]), ctx.choose([...Val.values])];
          else if (branch === 'read_sve') ctx.check('read_sve', n.hwfpsimd[p]![0] === val[0] && n.hwfpsimd[p]![1] === val[1]);
          else if (branch === 'sve_acc') ctx.call('do_sve_acc');
          else (val[1] = null), ctx.call('syscall');
        },
        next: 'thr3',
      },
    }, {
      stack,
      interrupts: {
        // only running threads, with interrupts on; the handler is non-reentrant
        irq: { handler: 'interrupt_handler', level: 'hardirq', when: (s, { self }) => s.cpu[self] !== null && s.interrupts[s.cpu[self]!] === 'on' && !s.in_interrupt[self] },
      },
    })
    .invariant('SchedInv', (s) => {
      const running = Thread.values.filter((t) => s.cpu[t] !== null);
      return new Set(running.map((t) => s.cpu[t])).size === Cpu.values.length && running.length === Cpu.values.length && [...s.runqueue].every((t) => s.cpu[t] === null);
    });
});
