// A state of 80 bits (5 counters of 16 bits), so the visited set keys it by fingerprint: four counters
// stepped to 4 in any order (625 states), the fifth set from the sum.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'wide', params: { top: 4 } }, ({ top }) =>
  model({ a: int(0, 65535), b: int(0, 65535), c: int(0, 65535), d: int(0, 65535), sum: int(0, 65535) })
    .action('incA', { when: (s) => s.a < top, effect: (n, _, { prev }) => void ((n.a = prev.a + 1), (n.sum = prev.sum + 1)) })
    .action('incB', { when: (s) => s.b < top, effect: (n, _, { prev }) => void ((n.b = prev.b + 1), (n.sum = prev.sum + 1)) })
    .action('incC', { when: (s) => s.c < top, effect: (n, _, { prev }) => void ((n.c = prev.c + 1), (n.sum = prev.sum + 1)) })
    .action('incD', { when: (s) => s.d < top, effect: (n, _, { prev }) => void ((n.d = prev.d + 1), (n.sum = prev.sum + 1)) })
    .checkDeadlock(false),
);
