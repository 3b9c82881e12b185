// An interrupt handler is entered only by its interrupt: its frame on the stack is what says the task runs in
// interrupt context, so a step that calls it as a plain procedure would run in the wrong context. tsc accepts it
// (the handler is a procedure); the checker refuses it, naming the step and the user's line.
import { bool, defineSpec, model } from 'interleave';

export default defineSpec({ name: 'handler-called' }, () =>
  model({ on: bool })
    .procedure('timer_interrupt', {}, { tick: { next: 'return' } })
    .process('task', { poll: { call: 'timer_interrupt', next: 'poll' } }, {
      stack: 2,
      interrupts: { timer: { handler: 'timer_interrupt', when: (s) => s.on } },
    }),
);
