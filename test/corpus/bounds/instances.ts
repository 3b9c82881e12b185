// An action over three parameters whose combinations number 2^21.
import { bool, defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'instances', params: { width: 1024 } }, ({ width }) =>
  model({ b: bool })
    .action('pick', { i: int(0, width - 1), j: int(0, width - 1), k: bool }, { effect: (n) => void (n.b = true) })
    .checkDeadlock(false),
);
