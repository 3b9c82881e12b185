// An element popped from a sequence and pushed back inside a record with a field its type lacks: the
// bad write is reported at its line with the value, where the diagnostic re-run once chased the popped
// element through the place it had left (a cycle) and never returned.
import { defineSpec, int, model, record, seq } from 'interleave';

export default defineSpec({ name: 'pop-then-push-self' }, () =>
  model({ qr: seq(record({ t: int(0, 2) }), 2) })
    .init((s) => void s.qr.push({ t: 1 }))
    .action('a', {
      effect: (n) => {
        const v = n.qr.pop();
        n.qr.push({ t: 0, x: v } as never);
      },
    }),
);
