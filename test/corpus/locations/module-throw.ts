// The module throws while it loads.
import { defineSpec, int, model } from 'interleave';

const sizes: number[] = [];
if (sizes.length === 0) throw new Error('no sizes configured');

export default defineSpec({ name: 'module-throw' }, () => model({ x: int(0, 2) }));
