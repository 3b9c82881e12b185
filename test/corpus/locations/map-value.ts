// A value written into a map through a local alias leaves its type; a later write makes it worse.
import { defineSpec, int, mapOf, model } from 'interleave';

export default defineSpec({ name: 'map-value' }, () =>
  model({ m: mapOf(int(0, 1), int(0, 3)) }).process('p', {
    a: {
      effect: (s) => {
        const m = s.m;
        m[0] = 1;
        m[1] = m[0] + 3;
        m[1] = m[1] + 1;
      },
      next: 'a',
    },
  }),
);
