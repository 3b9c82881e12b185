// int() with its bounds the wrong way round.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'int-bounds' }, () =>
  model({
    x: int(3, 1),
  }),
);
