// A model with processes may not declare `pc`: refused after the build, at the model(...) call.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'pc-variable' }, () =>
  model({ pc: int(0, 2) }).process('p', { a: { next: 'a' } }),
);
