// Generates the mutants of a spec's actions from its source. The source is TypeScript (type
// annotations, `as const`, non-null `!`), so it is read with ts-morph (the TypeScript parser, syntax only)
// rather than acorn, which reads JavaScript only and which the spec compiler uses on the code tsx already
// stripped. Every mutant is the original text with one or two ranges replaced, so its diff is exactly the
// mutation and everything else (comments, layout, relative imports) stays as written.
//
// Where: the bodies of effects, guards, `next` functions and their helpers. Not mutated: the arguments of
// the property and model-part calls (`.invariant`, `.cover`, `.init`, `.terminal`, `.constraint`, ...), the
// helpers those reach (a mutant must change the protocol, not the claim about it), `defineSpec`'s and
// `model`'s arguments (names and types). Data that lists a variant's steps (an object keyed by variant
// names whose value is an array, as `models/pgmap.ts` writes its walker programs) has its elements of the
// checked variant dropped and swapped.
import { Node, Project, SyntaxKind, type SourceFile } from 'ts-morph';
import type { Mutant, MutationOperator, TextEdit } from './Mutant.ts';

/** Calls of kernel primitives (spec/kernel/) that change state: skipping one is a plausible kernel bug. */
const PRIMITIVE_FUNCTIONS = new Set([
  'spinLock', 'spinUnlock', 'downRead', 'downWrite', 'upRead', 'upWrite',
  'getPage', 'putPage', 'unpinPage', 'pageAddRmap', 'pageRemoveRmap', 'lockPage', 'unlockPage', 'allocPage', 'usePage',
  'percpuRefGet', 'percpuRefPut', 'percpuRefKill', 'percpuRefInit', 'complete', 'reinitCompletion', 'waitForCompletion',
  'writeSeqcountBegin', 'writeSeqcountEnd', 'atomicSet', 'xchg', 'fetchAdd', 'fetchOr', 'fetchAnd',
  'localIrqDisable', 'localIrqEnable', 'localIrqSave', 'localIrqRestore', 'preemptDisable', 'preemptEnable',
]);
/** Methods of the primitive objects (`mmuIntervalNotifier(...)`, `rcu(...)`). */
const PRIMITIVE_METHODS = new Set([
  'invalidateRangeStart', 'invalidateRangeEnd', 'readBegin', 'readDone',
  'readLock', 'readUnlock', 'synchronize', 'free', 'callRcu', 'alloc',
]);
/** Draft collection updates: a write like an assignment. */
const COLLECTION_WRITES = new Set(['add', 'delete', 'clear', 'push', 'shift', 'pop', 'splice']);
/** Builder calls whose arguments are claims or set-up, not actions. */
const NOT_ACTIONS = new Set([
  'invariant', 'actionInvariant', 'cover', 'eventually', 'alwaysEventually', 'eventuallyAlways', 'leadsTo', 'leadsToAlways',
  'initiallyLeadsTo', 'stable', 'constraint', 'terminal', 'init', 'fair', 'checkDeadlock',
]);

let shared: Project | undefined;
const project = (): Project => (shared ??= new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true } }));

/** What to generate. */
export interface MutationRequest {
  /** The variant to be checked: its entry in a step list keyed by variant is mutated. */
  readonly variant?: string;
  readonly operators?: readonly MutationOperator[];
}

/** The mutants of `text`, numbered in source order; duplicates (same mutated text) are dropped. */
export function generateMutants(text: string, request: MutationRequest = {}): Mutant[] {
  const sf = project().createSourceFile(`/virtual/${Math.random().toString(36).slice(2)}.ts`, text, { overwrite: true });
  try {
    return new Generator(sf, text, request).run();
  } finally {
    project().removeSourceFile(sf);
  }
}

interface Candidate {
  readonly operator: MutationOperator;
  readonly description: string;
  readonly edits: readonly TextEdit[];
}

class Generator {
  readonly #out: Candidate[] = [];
  /** [start, end) ranges never mutated. */
  readonly #excluded: [number, number][] = [];

  constructor(
    readonly sf: SourceFile,
    readonly text: string,
    readonly request: MutationRequest,
  ) {}

  run(): Mutant[] {
    this.#exclude();
    for (const node of this.sf.getDescendants()) {
      if (Node.isPropertyAssignment(node) && this.request.variant && nameOf(node) === this.request.variant) this.#stepList(node);
      if (this.#isExcluded(node)) continue;
      if (Node.isPropertyAssignment(node) && nameOf(node) === 'when') this.#guard(node);
      else if (Node.isObjectLiteralExpression(node)) this.#steps(node);
      if (!this.#inAction(node)) continue;
      if (Node.isExpressionStatement(node)) this.#statement(node);
      else if (Node.isVoidExpression(node) && isWrite(node.getExpression()) && this.#writesState(node.getExpression())) this.#add('drop-write', `drop ${short(node.getExpression())}`, [edit(node, 'void 0')]);
      else if (Node.isBlock(node)) this.#swaps(node.getStatements());
      else if (Node.isIfStatement(node) && !throws(node.getThenStatement()) && !isClaim(node)) this.#condition(node.getExpression(), false);
    }
    const wanted = this.request.operators ? new Set(this.request.operators) : null;
    const seen = new Set<string>();
    const mutants: Mutant[] = [];
    const ordered = this.#out
      .map((c) => ({ c, at: Math.min(...c.edits.map((e) => e.start)) }))
      .sort((a, b) => a.at - b.at);
    for (const { c, at } of ordered) {
      if (wanted && !wanted.has(c.operator)) continue;
      const mutated = apply(this.text, c.edits);
      if (mutated === this.text || seen.has(mutated)) continue;
      seen.add(mutated);
      mutants.push({ id: mutants.length + 1, operator: c.operator, description: c.description, line: this.sf.getLineAndColumnAtPos(at).line, text: mutated });
    }
    return mutants;
  }

  #add(operator: MutationOperator, description: string, edits: TextEdit[]): void {
    this.#out.push({ operator, description, edits });
  }

  /** Property and model-part arguments, `defineSpec`/`model` arguments, and helpers only they reach. */
  #exclude(): void {
    const claimNodes: Node[] = [];
    for (const call of this.sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const callee = call.getExpression();
      const method = Node.isPropertyAccessExpression(callee) ? callee.getName() : null;
      const fn = Node.isIdentifier(callee) ? callee.getText() : null;
      if ((method && NOT_ACTIONS.has(method)) || fn === 'model') claimNodes.push(...call.getArguments());
      if (fn === 'defineSpec' && call.getArguments()[0]) claimNodes.push(call.getArguments()[0]!);
      if (fn === 'defineSpec' && call.getArguments()[1]) this.#factories.add(call.getArguments()[1]!);
    }
    // helpers (functions bound to a name) referenced from a claim are claims too, transitively
    const helpers = new Map<string, Node>();
    for (const d of this.sf.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
      const init = d.getInitializer();
      if (init && (Node.isArrowFunction(init) || Node.isFunctionExpression(init))) helpers.set(d.getName(), init);
    }
    for (const f of this.sf.getDescendantsOfKind(SyntaxKind.FunctionDeclaration)) if (f.getName()) helpers.set(f.getName()!, f);
    const reach = (roots: Node[], into: [number, number][]) => {
      const queue = [...roots];
      const done = new Set<Node>();
      while (queue.length) {
        const n = queue.pop()!;
        if (done.has(n)) continue;
        done.add(n);
        into.push([n.getStart(), n.getEnd()]);
        for (const id of n.getDescendantsOfKind(SyntaxKind.Identifier)) {
          const h = helpers.get(id.getText());
          if (h && !done.has(h)) queue.push(h);
        }
      }
    };
    reach(claimNodes, this.#excluded);
    // the step functions: `when`, `effect` and `next` of steps and actions
    const stepFunctions = this.sf
      .getDescendantsOfKind(SyntaxKind.PropertyAssignment)
      .filter((p) => ['when', 'effect', 'next'].includes(nameOf(p)))
      .flatMap((p): Node[] => {
        const f = p.getInitializer();
        return f && (Node.isArrowFunction(f) || Node.isFunctionExpression(f)) ? [f] : [];
      });
    reach(stepFunctions, this.#actions);
  }

  #isExcluded(node: Node): boolean {
    const at = node.getStart();
    return this.#excluded.some(([s, e]) => at >= s && at < e);
  }

  /** Inside a guard, effect or next function, or a helper they reach (and not the spec's factory). */
  #inAction(node: Node): boolean {
    const f = enclosingFunction(node);
    if (f === undefined || this.#factories.has(f)) return false;
    const at = node.getStart();
    return this.#actions.some(([s, e]) => at >= s && at < e);
  }

  /** [start, end) of the step functions and the helpers they reach. */
  readonly #actions: [number, number][] = [];

  /** The functions given to `defineSpec`. */
  readonly #factories = new Set<Node>();

  #statement(node: Node & { getExpression(): Node }): void {
    const e = node.getExpression();
    if (isWrite(e) && this.#writesState(e)) {
      this.#add('drop-write', `drop ${short(e)}`, [dropStatement(this.text, node)]);
      return;
    }
    if (!Node.isCallExpression(e)) return;
    const callee = e.getExpression();
    const name = Node.isIdentifier(callee) ? callee.getText() : Node.isPropertyAccessExpression(callee) ? callee.getName() : '';
    if ((Node.isIdentifier(callee) && PRIMITIVE_FUNCTIONS.has(name)) || (Node.isPropertyAccessExpression(callee) && PRIMITIVE_METHODS.has(name))) {
      this.#add('skip-call', `skip ${short(e)}`, [dropStatement(this.text, node)]);
    }
  }

  /**
   * Whether a write's target is rooted at a parameter or a local of a function that runs in a step (the
   * draft `n`, or `const pg = n.pgmap[id]`), not at a constant of the spec's factory (`walker[label] = ...`
   * builds the model).
   */
  #writesState(e: Node): boolean {
    const root = rootIdentifier(e);
    if (!root) return false;
    for (let f = enclosingFunction(e); f; f = enclosingFunction(f)) {
      if (declares(f, root)) return !this.#factories.has(f);
    }
    return false;
  }

  /** Adjacent statements of a block exchanged, when neither declares, returns or jumps. */
  #swaps(statements: readonly Node[]): void {
    for (let i = 0; i + 1 < statements.length; i++) {
      const a = statements[i]!;
      const b = statements[i + 1]!;
      if (!swappable(a) || !swappable(b)) continue;
      this.#add('swap-statements', `swap ${short(a)} / ${short(b)}`, [
        { start: a.getStart(), end: a.getEnd(), text: b.getText() },
        { start: b.getStart(), end: b.getEnd(), text: a.getText() },
      ]);
    }
  }

  /** A guard: each conjunct dropped and negated; a single condition replaced by `true`. */
  #guard(node: Node): void {
    if (!Node.isPropertyAssignment(node)) return;
    const f = node.getInitializer();
    if (!f || !(Node.isArrowFunction(f) || Node.isFunctionExpression(f))) return;
    const body = f.getBody();
    const expr = Node.isBlock(body) ? singleReturn(body) : body;
    if (!expr) return;
    const conjuncts = conjunctsOf(expr);
    if (conjuncts.length === 1) this.#add('weaken-guard', `guard ${short(expr)} -> true`, [edit(expr, 'true')]);
    else this.#condition(expr, true);
  }

  /** A condition's conjuncts dropped and negated; a single branch condition negated. */
  #condition(expr: Node, isGuard: boolean): void {
    const conjuncts = conjunctsOf(expr);
    if (conjuncts.length === 1) {
      if (!isGuard) this.#add('negate-guard', `negate ${short(expr)}`, [edit(expr, negate(expr))]);
      return;
    }
    for (let i = 0; i < conjuncts.length; i++) {
      const c = conjuncts[i]!;
      const others = conjuncts.filter((_, j) => j !== i).map((o) => o.getText());
      this.#add('weaken-guard', `drop conjunct ${short(c)}`, [edit(expr, others.join(' && '))]);
      this.#add('negate-guard', `negate conjunct ${short(c)}`, [edit(c, negate(c))]);
    }
  }

  /** A steps object (properties with `effect` and `next`): each effect dropped; a step and its literal next swapped. */
  #steps(obj: Node): void {
    if (!Node.isObjectLiteralExpression(obj)) return;
    const steps = new Map<string, { effect?: Node; next?: string; prop: Node }>();
    for (const p of obj.getProperties()) {
      if (!Node.isPropertyAssignment(p)) continue;
      const def = p.getInitializer();
      if (!def || !Node.isObjectLiteralExpression(def)) continue;
      const effect = def.getProperty('effect');
      const next = def.getProperty('next');
      if (!effect || !next) continue;
      const nextInit = Node.isPropertyAssignment(next) ? next.getInitializer() : undefined;
      steps.set(nameOf(p), { effect, prop: p, ...(nextInit && Node.isStringLiteral(nextInit) ? { next: nextInit.getLiteralValue() } : {}) });
    }
    for (const [label, s] of steps) {
      if (s.effect) this.#add('drop-step', `drop the effect of step ${label}`, [dropProperty(this.text, s.effect)]);
      const after = s.next ? steps.get(s.next) : undefined;
      if (s.effect && after?.effect && Node.isPropertyAssignment(s.effect) && Node.isPropertyAssignment(after.effect)) {
        const a = s.effect.getInitializerOrThrow();
        const b = after.effect.getInitializerOrThrow();
        this.#add('swap-steps', `swap the effects of steps ${label} / ${s.next}`, [
          { start: a.getStart(), end: a.getEnd(), text: b.getText() },
          { start: b.getStart(), end: b.getEnd(), text: a.getText() },
        ]);
      }
    }
  }

  /** `variant: [op, op, ...]`: each element dropped, adjacent elements swapped. */
  #stepList(p: Node): void {
    if (!Node.isPropertyAssignment(p)) return;
    const list = p.getInitializer();
    if (!list || !Node.isArrayLiteralExpression(list)) return;
    const els = list.getElements();
    if (els.length < 2) return;
    els.forEach((el, i) => {
      const rest = els.filter((_, j) => j !== i).map((e) => e.getText());
      this.#add('drop-step', `drop ${el.getText()} from ${nameOf(p)}`, [{ start: list.getStart(), end: list.getEnd(), text: `[${rest.join(', ')}]` }]);
      const b = els[i + 1];
      if (b) this.#add('swap-steps', `swap ${el.getText()} / ${b.getText()} in ${nameOf(p)}`, [
        { start: el.getStart(), end: el.getEnd(), text: b.getText() },
        { start: b.getStart(), end: b.getEnd(), text: el.getText() },
      ]);
    });
  }
}

function nameOf(p: Node): string {
  if (!Node.isPropertyAssignment(p)) return '';
  const n = p.getNameNode();
  return Node.isStringLiteral(n) ? n.getLiteralValue() : n.getText();
}

/** An assignment or increment of a property/element, or a draft collection update. */
function isWrite(e: Node): boolean {
  const inner = Node.isParenthesizedExpression(e) ? e.getExpression() : e;
  if (Node.isBinaryExpression(inner)) {
    const op = inner.getOperatorToken().getKind();
    return op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment && isStateAccess(inner.getLeft());
  }
  if (Node.isPostfixUnaryExpression(inner) || Node.isPrefixUnaryExpression(inner)) {
    const op = inner.getOperatorToken();
    return (op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken) && isStateAccess(inner.getOperand());
  }
  if (Node.isCallExpression(inner)) {
    const callee = inner.getExpression();
    return Node.isPropertyAccessExpression(callee) && COLLECTION_WRITES.has(callee.getName()) && isStateAccess(callee.getExpression());
  }
  return false;
}

function enclosingFunction(node: Node): Node | undefined {
  return node.getFirstAncestor((a) => Node.isArrowFunction(a) || Node.isFunctionExpression(a) || Node.isFunctionDeclaration(a) || Node.isMethodDeclaration(a));
}

/** The identifier an access chain, assignment, update or collection call starts from. */
function rootIdentifier(e: Node): string | undefined {
  let n: Node = e;
  for (;;) {
    if (Node.isParenthesizedExpression(n) || Node.isNonNullExpression(n)) n = n.getExpression();
    else if (Node.isBinaryExpression(n)) n = n.getLeft();
    else if (Node.isPostfixUnaryExpression(n) || Node.isPrefixUnaryExpression(n)) n = n.getOperand();
    else if (Node.isCallExpression(n) || Node.isPropertyAccessExpression(n) || Node.isElementAccessExpression(n)) n = n.getExpression();
    else return Node.isIdentifier(n) ? n.getText() : undefined;
  }
}

/** Whether function `f` has a parameter or a local variable named `name` (destructured ones included). */
function declares(f: Node, name: string): boolean {
  if (!(Node.isArrowFunction(f) || Node.isFunctionExpression(f) || Node.isFunctionDeclaration(f) || Node.isMethodDeclaration(f))) return false;
  for (const p of f.getParameters()) {
    const n = p.getNameNode();
    const names = Node.isIdentifier(n) ? [n.getText()] : n.getDescendantsOfKind(SyntaxKind.Identifier).map((i) => i.getText());
    if (names.includes(name)) return true;
  }
  return f.getDescendantsOfKind(SyntaxKind.VariableDeclaration).some((d) => enclosingFunction(d) === f && d.getName() === name);
}

/** A branch that only throws (a parameter check), or a block whose first statement throws. */
function throws(s: Node): boolean {
  if (Node.isThrowStatement(s)) return true;
  return Node.isBlock(s) && s.getStatements().length > 0 && Node.isThrowStatement(s.getStatements()[0]);
}

const isStateAccess = (e: Node): boolean => Node.isPropertyAccessExpression(e) || Node.isElementAccessExpression(e) || Node.isNonNullExpression(e);

function swappable(s: Node): boolean {
  return (Node.isExpressionStatement(s) || Node.isIfStatement(s)) && !isClaim(s);
}

/** `ctx.check(...)` in an effect, or `if (c) ctx.check(...)`: a property, not the protocol. */
function isClaim(s: Node): boolean {
  if (Node.isIfStatement(s)) return !s.getElseStatement() && isClaim(s.getThenStatement());
  if (Node.isBlock(s)) return s.getStatements().length === 1 && isClaim(s.getStatements()[0]!);
  if (!Node.isExpressionStatement(s)) return false;
  const e = s.getExpression();
  return Node.isCallExpression(e) && Node.isPropertyAccessExpression(e.getExpression()) && e.getExpression().getText().endsWith('.check');
}

function singleReturn(block: Node): Node | undefined {
  if (!Node.isBlock(block)) return undefined;
  const st = block.getStatements();
  return st.length === 1 && Node.isReturnStatement(st[0]) ? st[0].getExpression() : undefined;
}

function conjunctsOf(e: Node): Node[] {
  const inner = Node.isParenthesizedExpression(e) ? e.getExpression() : e;
  if (Node.isBinaryExpression(inner) && inner.getOperatorToken().getKind() === SyntaxKind.AmpersandAmpersandToken) {
    return [...conjunctsOf(inner.getLeft()), ...conjunctsOf(inner.getRight())];
  }
  return [e];
}

function negate(e: Node): string {
  if (Node.isPrefixUnaryExpression(e) && e.getOperatorToken() === SyntaxKind.ExclamationToken) {
    const operand = e.getOperand();
    return Node.isParenthesizedExpression(operand) ? operand.getExpression().getText() : operand.getText();
  }
  const simple = Node.isIdentifier(e) || Node.isCallExpression(e) || Node.isPropertyAccessExpression(e) || Node.isElementAccessExpression(e) || Node.isParenthesizedExpression(e);
  return simple ? `!${e.getText()}` : `!(${e.getText()})`;
}

const edit = (n: Node, text: string): TextEdit => ({ start: n.getStart(), end: n.getEnd(), text });

/** Removes a statement: its whole lines when it has them to itself, else replaced by `{}`. */
function dropStatement(text: string, node: Node): TextEdit {
  const start = node.getStart();
  const end = node.getEnd();
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  const lineEnd = nl < 0 ? text.length : nl + 1;
  const before = text.slice(lineStart, start);
  const after = text.slice(end, nl < 0 ? text.length : nl);
  if (/^\s*$/.test(before) && /^\s*(\/\/.*)?$/.test(after)) return { start: lineStart, end: lineEnd, text: '' };
  return { start, end, text: '{}' };
}

/** Removes an object property with its trailing comma (its whole lines when it has them to itself). */
function dropProperty(text: string, node: Node): TextEdit {
  let end = node.getEnd();
  if (text[end] === ',') end++;
  const start = node.getStart();
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  if (/^\s*$/.test(text.slice(lineStart, start)) && /^\s*(\/\/.*)?$/.test(text.slice(end, nl < 0 ? text.length : nl))) {
    return { start: lineStart, end: nl < 0 ? text.length : nl + 1, text: '' };
  }
  return { start, end, text: '' };
}

function apply(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function short(n: Node): string {
  const t = n.getText().replace(/\s+/g, ' ');
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}
