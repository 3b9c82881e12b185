// A spec whose module throws while it loads: reviewed against itself, it loads at neither revision.
import { defineSpec, int, model } from 'interleave';

const sizes: number[] = [];
if (sizes.length === 0) throw new Error('no sizes configured');

export default defineSpec({ name: 'throws-on-load' }, () => model({ x: int(0, 2) }));
