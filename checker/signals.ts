// Control signals thrown through user code and compiled code. Plain frozen objects: no stack is captured.

/** Thrown by `ctx.skip()` and by `ctx.choose([])`: ends the branch with no successor. */
export const SKIP: object = Object.freeze({ interleave: 'skip' });

/** Thrown by compiled code when the views must run the branch instead (see compiler/generate.ts). */
export const BAIL: object = Object.freeze({ interleave: 'bail' });

export function bail(): never {
  throw BAIL;
}
