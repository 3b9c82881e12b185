// Nesting is bounded by construction (one frame per level at most), but the stack is the modeller's claim: a task
// inside a procedure, interrupted by a hardirq and then an NMI needs three frames. Two is an error with the trace
// and the stack it would need, not a hang and not a silent cut.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'nesting-overflows-stack' }, () =>
  model({ x: int(0, 1) })
    .procedure('irq_handler', {}, { h: { next: 'return' } })
    .procedure('nmi_handler', {}, { n: { next: 'return' } })
    .procedure('work', {}, { w: { effect: (n) => void (n.x = 1 - n.x), next: 'return' } })
    .process('task', { run: { call: 'work', next: 'run' } }, {
      stack: 2,
      interrupts: { irq: { handler: 'irq_handler', level: 'hardirq' }, nmi: { handler: 'nmi_handler', level: 'nmi' } },
    }),
);
