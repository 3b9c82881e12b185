// A naive second implementation of fixtures/mirror.ts over plain JSON states and a string-keyed
// visited set, written from hmm.rst's pattern without the library: its state count is what the
// checker must find.

interface Sub {
  invalidated: boolean;
  snapshot: 'none' | 'valid' | 'stale';
}
interface State {
  pte: 'old' | 'new';
  mirror: string[];
  walked: string[];
  active: number;
  sub: Sub[];
  lock: number | null;
  migrator: 'start' | 'set' | 'end' | 'done';
  device: ('begin' | 'fault' | 'program' | 'done')[];
}

function successors(s: State, retry: boolean): State[] {
  const out: State[] = [];
  const next = (f: (t: State) => void) => {
    const t = structuredClone(s);
    f(t);
    out.push(t);
  };
  if (s.migrator === 'start')
    next((t) => {
      t.active++;
      for (let d = 0; d < 2; d++) {
        t.mirror[d] = 'none';
        t.sub[d]!.invalidated = true;
        if (t.sub[d]!.snapshot === 'valid') t.sub[d]!.snapshot = 'stale';
      }
      t.migrator = 'set';
    });
  if (s.migrator === 'set') next((t) => ((t.pte = 'new'), (t.migrator = 'end')));
  if (s.migrator === 'end')
    next((t) => {
      t.active--;
      if (t.active === 0) for (const sub of t.sub) sub.invalidated = false;
      t.migrator = 'done';
    });
  for (let d = 0; d < 2; d++) {
    const pc = s.device[d];
    if (pc === 'begin' && !s.sub[d]!.invalidated) next((t) => ((t.sub[d]!.snapshot = 'valid'), (t.device[d] = 'fault')));
    if (pc === 'fault') next((t) => ((t.walked[d] = t.pte), (t.device[d] = 'program')));
    if (pc === 'program' && s.lock === null)
      next((t) => {
        const again = retry && t.sub[d]!.snapshot === 'stale';
        if (!again) t.mirror[d] = t.walked[d]!;
        t.walked[d] = 'none';
        t.sub[d]!.snapshot = 'none';
        t.device[d] = t.mirror[d] === 'none' ? 'begin' : 'done';
      });
  }
  return out;
}

/** The number of reachable states of the mirror fixture. */
export function countMirrorStates(retry: boolean): number {
  const init: State = {
    pte: 'old',
    mirror: ['none', 'none'],
    walked: ['none', 'none'],
    active: 0,
    sub: [
      { invalidated: false, snapshot: 'none' },
      { invalidated: false, snapshot: 'none' },
    ],
    lock: null,
    migrator: 'start',
    device: ['begin', 'begin'],
  };
  const seen = new Set([JSON.stringify(init)]);
  const queue = [init];
  while (queue.length) {
    for (const t of successors(queue.shift()!, retry)) {
      const k = JSON.stringify(t);
      if (!seen.has(k)) {
        seen.add(k);
        queue.push(t);
      }
    }
  }
  return seen.size;
}
