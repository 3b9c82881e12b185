// Diagrams: a trace as a Mermaid sequence diagram and as DOT (lassos marked), and a small spec's whole
// state graph as DOT (DieHard: the 16 states and 96 transitions TLC counts).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../checker/loadSpec.ts';
import { stateGraphToDot, traceToDot } from '../../checker/traces/dot.ts';
import { traceToMermaid, type DiagramTrace } from '../../checker/traces/mermaid.ts';
import { cli, tempFiles } from '../cli/run.ts';

// a process that cycles forever between two labels: a lasso from state 2 back to state 2
const lasso: DiagramTrace = {
  property: 'eventuallyDone',
  kind: 'temporal',
  loop: 1,
  steps: [
    { action: null, args: {}, state: { x: 0, pc: { p: 'a' } } },
    { action: 'p.a', process: 'p', args: {}, state: { x: 1, pc: { p: 'b' } } },
    { action: 'p.b', process: 'p', args: {}, state: { x: 2, pc: { p: 'a' } } },
    { action: 'p.a', process: 'p', args: {}, state: { x: 1, pc: { p: 'b' } } },
  ],
};

describe('graph', () => {
  it("draws DieHard's counterexample as a sequence diagram: one message per step with its changed variables", async () => {
    const dir = tempFiles({});
    await cli('check', 'models/classic/diehard.ts', '--out', join(dir, 'd.json'));
    const r = await cli('graph', join(dir, 'd.json'), '--format', 'mermaid');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        'sequenceDiagram',
        '  participant p1 as actions',
        '  participant state as shared state',
        '  Note over state: 1. initial state<br/>big = 0<br/>small = 0',
        '  p1->>state: 2. FillBigJug',
        '  Note right of state: big: 0 → 5',
        '  p1->>state: 3. BigToSmall',
        '  Note right of state: big: 5 → 2<br/>small: 0 → 3',
        '  p1->>state: 4. EmptySmallJug',
        '  Note right of state: small: 3 → 0',
        '  p1->>state: 5. BigToSmall',
        '  Note right of state: big: 2 → 0<br/>small: 0 → 2',
        '  p1->>state: 6. FillBigJug',
        '  Note right of state: big: 0 → 5',
        '  p1->>state: 7. BigToSmall',
        '  Note right of state: big: 5 → 4<br/>small: 2 → 3',
        '  Note over p1,state: ✗ invariant NotSolved violated',
        '',
      ].join('\n'),
    );
  });

  it('gives each process instance its own lifeline, lists the initial values the trace changes, and escapes Mermaid syntax characters', () => {
    const text = traceToMermaid({
      property: 'p;q',
      kind: 'invariant',
      steps: [
        { action: null, args: {}, state: { s: 'a#b', same: 1 } },
        { action: 'phil.think', process: 'phil[1]', args: { self: 1 }, state: { s: 'x<y', same: 1 } },
        { action: 'tick', args: { n: 2 }, state: { s: 'x<y', same: 1 } },
      ],
    });
    expect(text).toContain('  participant p1 as phil[1]\n  participant p2 as actions\n');
    // the initial note lists what the trace changes; the rest is counted
    expect(text).toContain('  Note over state: 1. initial state<br/>s = a#35;b<br/>(1 other variable never changes)\n');
    expect(text).toContain('  p1->>state: 2. think\n  Note right of state: s: a#35;b → x#lt;y\n');
    expect(text).toContain('  p2->>state: 3. tick(n=2)\n  Note right of state: (no variable changes)\n');
    expect(text).toContain('✗ invariant p#59;q violated');
  });

  it('marks a lasso: its steps inside a Mermaid loop block, and a DOT edge back into the loop state', () => {
    const m = traceToMermaid(lasso);
    expect(m).toContain('  loop lasso: steps 3-4 repeat forever (state 4 is state 2)\n    p1->>state: 3. b\n');
    expect(m).toContain('    p1->>state: 4. a\n    Note right of state: x: 2 → 1<br/>pc.p: a → b\n  end\n');
    const d = traceToDot(lasso);
    expect(d).toContain('  s2 -> s1 [label="a", style=dashed, color=red];');
    expect(d).not.toContain('  s3 [');
    expect(d).toContain('label="✗ temporal property eventuallyDone violated"');
  });

  it("draws DieHard's whole state graph: 16 states and 96 transitions (TLC: 16 distinct, 97 generated with the initial state)", async () => {
    const { model } = await loadModel('models/classic/diehard.ts', ['solve=false']);
    const g = stateGraphToDot(model, 200)!;
    expect(g.states).toBe(16);
    expect(g.edges).toBe(96);
    expect(g.dot.match(/^ {2}s\d+ \[label=/gm)).toHaveLength(16);
    expect(g.dot.match(/^ {2}s\d+ -> s\d+ /gm)).toHaveLength(96);
    expect(g.dot).toContain('  s0 [label="big = 0\\lsmall = 0\\l", peripheries=2];');
    expect(stateGraphToDot(model, 15)).toBeNull();
  });

  it('the CLI refuses a state graph over --max-states and mermaid for a spec (exit 2)', async () => {
    const big = await cli('graph', 'models/classic/diehard.ts', '--format', 'dot', '--max-states', '10');
    expect(big.code).toBe(2);
    expect(big.err).toContain('error[USAGE]: models/classic/diehard.ts: the state graph has more than 10 states, too many to draw');
    const mermaid = await cli('graph', 'models/classic/diehard.ts', '--format', 'mermaid');
    expect(mermaid.code).toBe(2);
    expect(mermaid.err).toContain("error[USAGE]: --format mermaid draws a trace file; a spec's state graph is drawn with --format dot");
    const ok = await cli('graph', 'models/classic/diehard.ts', '--format', 'dot', '-p', 'solve=false', '--out', join(tempFiles({}), 'g.dot'));
    expect(ok.code).toBe(0);
  });
});
