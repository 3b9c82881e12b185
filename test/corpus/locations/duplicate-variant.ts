// A variant listed twice: defineSpec refuses it when the module loads.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'duplicate-variant', variants: ['a', 'a'] }, () => model({ x: int(0, 2) }));
