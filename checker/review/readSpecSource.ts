// Reads a spec file's source with ts-morph: the `defineSpec`, `model`, `scalarset` calls and the
// builder's `.action/.process/.invariant/...` calls, with the lines of every item. Only syntax is read
// (no type checking), so it is fast and works on a file from any revision, even one that does not compile.
import { Node, Project, SyntaxKind, type CallExpression, type Expression, type ObjectLiteralExpression, type SourceFile } from 'ts-morph';
import type {
  ActionSource,
  GuardEffect,
  ModelPartSource,
  ParamSource,
  ProcessSource,
  PropertyKind,
  PropertySource,
  ScalarsetSource,
  SourceItem,
  Span,
  SpecSource,
  StepSource,
  VariableSource,
} from './SpecSource.ts';

let shared: Project | undefined;
const project = (): Project => (shared ??= new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true } }));

const PROPERTY_METHODS: Readonly<Record<string, PropertyKind>> = {
  invariant: 'invariant',
  actionInvariant: 'actionInvariant',
  cover: 'cover',
  eventually: 'eventually',
  alwaysEventually: 'alwaysEventually',
  eventuallyAlways: 'eventuallyAlways',
  leadsTo: 'leadsTo',
  leadsToAlways: 'leadsToAlways',
  initiallyLeadsTo: 'initiallyLeadsTo',
  stable: 'actionInvariant',
};
const PART_METHODS = new Set(['init', 'terminal', 'checkDeadlock']);

/** Reads the spec items declared in `text` (the content of `file`). */
export function readSpecSource(file: string, text: string): SpecSource {
  const sf = project().createSourceFile(`/virtual/${Math.random().toString(36).slice(2)}.ts`, text, { overwrite: true });
  try {
    return new Reader(file, sf).read();
  } finally {
    project().removeSourceFile(sf);
  }
}

/** Whether `text` declares a spec: it calls `defineSpec(...)`. */
export function declaresSpec(text: string): boolean {
  if (!text.includes('defineSpec')) return false;
  const sf = project().createSourceFile(`/virtual/${Math.random().toString(36).slice(2)}.ts`, text, { overwrite: true });
  try {
    return sf.getDescendantsOfKind(SyntaxKind.CallExpression).some((c) => calleeName(c) === 'defineSpec');
  } finally {
    project().removeSourceFile(sf);
  }
}

function calleeName(call: CallExpression): string | undefined {
  const e = call.getExpression();
  return Node.isIdentifier(e) ? e.getText() : undefined;
}

function methodName(call: CallExpression): string | undefined {
  const e = call.getExpression();
  return Node.isPropertyAccessExpression(e) ? e.getName() : undefined;
}

/** A literal's value, or the expression's text in brackets. */
function nameOf(node: Node): string {
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  if (Node.isIdentifier(node) || Node.isNumericLiteral(node)) return node.getText();
  if (Node.isComputedPropertyName(node)) return nameOf(node.getExpression());
  return `[${node.getText()}]`;
}

const isLiteralName = (node: Node | undefined): boolean =>
  node !== undefined && (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node) || Node.isTemplateExpression(node));

class Reader {
  readonly #lines: string[];

  constructor(
    readonly file: string,
    readonly sf: SourceFile,
  ) {
    this.#lines = sf.getFullText().split('\n');
  }

  /** The spec's variant names, when `defineSpec({ variants })` lists them literally. */
  #variantNames: readonly string[] = [];

  read(): SpecSource {
    let name: string | null = null;
    for (const call of this.sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      if (calleeName(call) !== 'defineSpec') continue;
      const meta = this.#objectOf(call.getArguments()[0]);
      const vs = meta && this.#prop(meta, 'variants');
      if (vs && Node.isArrayLiteralExpression(vs)) this.#variantNames = vs.getElements().map((v) => nameOf(v));
    }
    const params: ParamSource[] = [];
    const variants: SourceItem[] = [];
    const scalarsets: ScalarsetSource[] = [];
    const variables: VariableSource[] = [];
    const processes: ProcessSource[] = [];
    const actions: ActionSource[] = [];
    const properties: PropertySource[] = [];
    const parts: ModelPartSource[] = [];
    for (const call of this.sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const args = call.getArguments();
      switch (calleeName(call)) {
        case 'defineSpec': {
          const meta = this.#objectOf(args[0]);
          if (!meta) break;
          const n = this.#prop(meta, 'name');
          if (n && (Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n))) name = n.getLiteralValue();
          const ps = this.#objectOf(this.#prop(meta, 'params'));
          for (const p of ps?.getProperties() ?? []) {
            if (Node.isPropertyAssignment(p)) params.push({ ...this.#item(nameOf(p.getNameNode()), p), value: p.getInitializerOrThrow().getText() });
          }
          const vs = this.#prop(meta, 'variants');
          if (vs && Node.isArrayLiteralExpression(vs)) for (const v of vs.getElements()) variants.push(this.#item(nameOf(v), v));
          break;
        }
        case 'model': {
          const vars = this.#objectOf(args[0]);
          for (const p of vars?.getProperties() ?? []) {
            if (Node.isPropertyAssignment(p)) variables.push({ ...this.#item(nameOf(p.getNameNode()), p), type: p.getInitializerOrThrow().getText() });
            else if (Node.isShorthandPropertyAssignment(p)) variables.push({ ...this.#item(p.getName(), p), type: p.getName() });
          }
          break;
        }
        case 'scalarset':
          if (isLiteralName(args[0])) scalarsets.push({ ...this.#item(nameOf(args[0]!), call), size: args[1]?.getText() ?? '?' });
          break;
      }
      const method = methodName(call);
      if (!method) continue;
      if (method === 'action' && isLiteralName(args[0]) && args.length >= 2) {
        const def = this.#objectOf(args[args.length - 1]);
        actions.push({ ...this.#item(nameOf(args[0]!), call), params: args.length >= 3 ? args[1]!.getText() : null, ...this.#guardEffect(def) });
      } else if (method === 'process' && isLiteralName(args[0]) && args.length >= 2) {
        processes.push(this.#process(call));
      } else if (Object.hasOwn(PROPERTY_METHODS, method) && isLiteralName(args[0])) {
        properties.push({ ...this.#item(nameOf(args[0]!), call), kind: PROPERTY_METHODS[method]! });
      } else if (PART_METHODS.has(method) && args.length === 1 && (method === 'checkDeadlock' || Node.isArrowFunction(args[0]) || Node.isFunctionExpression(args[0]))) {
        parts.push(this.#item(method, call));
      }
    }
    const byLine = <T extends SourceItem>(xs: T[]): T[] => xs.sort((a, b) => a.span.line - b.span.line);
    return {
      file: this.file,
      name,
      params,
      variants,
      scalarsets: byLine(scalarsets),
      variables,
      processes: byLine(processes),
      actions: byLine(actions),
      properties: byLine(properties),
      parts: byLine(parts),
    };
  }

  #process(call: CallExpression): ProcessSource {
    const args = call.getArguments();
    const name = nameOf(args[0]!);
    // process(name, steps[, options]) or process(name, over, steps[, options])
    const single = Node.isObjectLiteralExpression(args[1]) || args.length === 2;
    const over = single ? null : args[1]!.getText();
    const stepsArg = single ? args[1]! : args[2]!;
    const steps: StepSource[] = [];
    if (stepsArg) this.#collectSteps(name, stepsArg, undefined, steps, this.#conditions(call));
    // the header: the call without the text of its steps argument
    const item = this.#item(name, call);
    const stepsText = stepsArg ? stepsArg.getText() : '';
    const headerLines = item.lines.join('\n').replace(stepsText, '{ … }').split('\n');
    return { ...item, over, headerLines, steps };
  }

  /** Collects the steps of a steps object, following spreads, conditionals and local constants. */
  #collectSteps(process: string, expr: Node, condition: string | undefined, out: StepSource[], where: readonly Condition[]): void {
    const e = this.#resolve(expr);
    if (!e) return;
    if (Node.isConditionalExpression(e)) {
      const cond = e.getCondition();
      this.#collectSteps(process, e.getWhenTrue(), join(condition, cond.getText()), out, [...where, { node: cond, holds: true }]);
      this.#collectSteps(process, e.getWhenFalse(), join(condition, `!(${cond.getText()})`), out, [...where, { node: cond, holds: false }]);
      return;
    }
    if (Node.isBinaryExpression(e) && e.getOperatorToken().getKind() === SyntaxKind.AmpersandAmpersandToken) {
      this.#collectSteps(process, e.getRight(), join(condition, e.getLeft().getText()), out, [...where, { node: e.getLeft(), holds: true }]);
      return;
    }
    if (!Node.isObjectLiteralExpression(e)) return;
    for (const p of e.getProperties()) {
      if (Node.isSpreadAssignment(p)) {
        this.#collectSteps(process, p.getExpression(), condition, out, where);
        continue;
      }
      let label: string;
      let value: Node | undefined;
      if (Node.isPropertyAssignment(p)) {
        label = nameOf(p.getNameNode());
        value = p.getInitializer();
      } else if (Node.isShorthandPropertyAssignment(p)) {
        label = p.getName();
        value = p.getNameNode();
      } else {
        continue;
      }
      const def = this.#objectOf(value);
      const next = def ? this.#prop(def, 'next') : undefined;
      out.push({
        ...this.#item(`${process}.${label}`, p, where),
        process,
        label,
        next: next ? (Node.isStringLiteral(next) || Node.isNoSubstitutionTemplateLiteral(next) ? next.getLiteralValue() : next.getText()) : '?',
        ...this.#guardEffect(def),
        ...(condition ? { condition } : {}),
      });
    }
  }

  #guardEffect(def: ObjectLiteralExpression | undefined): GuardEffect {
    if (!def) return {};
    const span = (key: string): Span | undefined => {
      const p = def.getProperty(key);
      return p ? this.#span(p) : undefined;
    };
    const guard = span('when');
    const effect = span('effect');
    return { ...(guard ? { guard } : {}), ...(effect ? { effect } : {}) };
  }

  /** The value of a property of an object literal (following shorthand), or undefined. */
  #prop(obj: ObjectLiteralExpression, key: string): Node | undefined {
    const p = obj.getProperty(key);
    if (!p) return undefined;
    if (Node.isPropertyAssignment(p)) return this.#resolve(p.getInitializer());
    if (Node.isShorthandPropertyAssignment(p)) return this.#resolve(p.getNameNode());
    return p;
  }

  #objectOf(node: Node | undefined): ObjectLiteralExpression | undefined {
    const e = this.#resolve(node);
    return e && Node.isObjectLiteralExpression(e) ? e : undefined;
  }

  /** Looks through parentheses, `as`/`satisfies` and identifiers bound to a local constant. */
  #resolve(node: Node | undefined, depth = 0): Node | undefined {
    if (!node || depth > 8) return node;
    if (Node.isParenthesizedExpression(node) || Node.isAsExpression(node) || Node.isSatisfiesExpression(node)) {
      return this.#resolve((node as { getExpression(): Expression }).getExpression(), depth + 1);
    }
    if (Node.isIdentifier(node)) {
      const name = node.getText();
      const decl = this.sf.getDescendantsOfKind(SyntaxKind.VariableDeclaration).find((d) => d.getName() === name && d.getInitializer());
      return decl ? this.#resolve(decl.getInitializer(), depth + 1) : node;
    }
    // a call of a local function that returns one expression, e.g. `model(schemaFor(Dev))`
    if (Node.isCallExpression(node) && Node.isIdentifier(node.getExpression())) {
      const name = node.getExpression().getText();
      const fn = this.sf.getDescendantsOfKind(SyntaxKind.FunctionDeclaration).find((f) => f.getName() === name && f.getBody());
      const returns = fn?.getDescendantsOfKind(SyntaxKind.ReturnStatement).filter((r) => r.getFirstAncestorByKind(SyntaxKind.FunctionDeclaration) === fn) ?? [];
      if (returns.length === 1 && returns[0]!.getExpression()) return this.#resolve(returns[0]!.getExpression(), depth + 1);
    }
    return node;
  }

  #span(node: Node, start = node.getStart()): Span {
    return { line: this.sf.getLineAndColumnAtPos(start).line, endLine: node.getEndLineNumber() };
  }

  /** The text from `start` to the node's end as lines, the first one indented as in the file. */
  #textLines(node: Node, start = node.getStart()): string[] {
    const lines = this.sf.getFullText().slice(start, node.getEnd()).split('\n');
    const first = this.#lines[this.sf.getLineAndColumnAtPos(start).line - 1] ?? '';
    lines[0] = /^\s*/.exec(first)![0] + lines[0];
    return lines.map((l) => l.replace(/\s+$/, ''));
  }

  /**
   * The conditions under which the code at `node` runs, outermost first: the branches of `if`/`else`,
   * an earlier `if` of the same block that returns, `?:`, `&&`/`||` and `switch` cases around it.
   */
  #conditions(node: Node): Condition[] {
    const out: Condition[] = [];
    let child = node;
    for (let parent = node.getParent(); parent; child = parent, parent = parent.getParent()) {
      if (Node.isIfStatement(parent)) {
        if (child === parent.getThenStatement()) out.push({ node: parent.getExpression(), holds: true });
        else if (child === parent.getElseStatement()) out.push({ node: parent.getExpression(), holds: false });
      } else if (Node.isConditionalExpression(parent)) {
        if (child === parent.getWhenTrue()) out.push({ node: parent.getCondition(), holds: true });
        else if (child === parent.getWhenFalse()) out.push({ node: parent.getCondition(), holds: false });
      } else if (Node.isBinaryExpression(parent) && child === parent.getRight()) {
        const op = parent.getOperatorToken().getKind();
        if (op === SyntaxKind.AmpersandAmpersandToken) out.push({ node: parent.getLeft(), holds: true });
        else if (op === SyntaxKind.BarBarToken) out.push({ node: parent.getLeft(), holds: false });
      } else if (Node.isCaseClause(parent)) {
        const sw = parent.getFirstAncestorByKind(SyntaxKind.SwitchStatement);
        if (sw) out.push({ node: parent.getExpression(), holds: true, switchOn: sw.getExpression() });
      } else if (Node.isBlock(parent) || Node.isSourceFile(parent)) {
        // `if (c) { ...; return x; }` earlier in the block: what follows runs only when c is false
        const earlier: Condition[] = [];
        for (const st of parent.getStatements()) {
          if (st === child) break;
          if (Node.isIfStatement(st) && !st.getElseStatement() && alwaysLeaves(st.getThenStatement())) earlier.push({ node: st.getExpression(), holds: false });
        }
        out.push(...earlier.reverse());
      }
    }
    return out.reverse();
  }

  /** A condition's value for one variant: true, false, or undefined when it depends on more than the variant. */
  #evaluate(node: Node, variant: string, depth = 0): unknown {
    if (depth > 16) return undefined;
    const e = (n: Node) => this.#evaluate(n, variant, depth + 1);
    if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
    if (Node.isParenthesizedExpression(node) || Node.isAsExpression(node)) return e(node.getExpression());
    if (Node.isIdentifier(node)) {
      if (node.getText() === 'variant') return variant;
      const resolved = this.#resolve(node);
      return resolved && resolved !== node ? e(resolved) : undefined;
    }
    if (Node.isPropertyAccessExpression(node)) return node.getName() === 'variant' ? variant : undefined;
    if (Node.isPrefixUnaryExpression(node) && node.getOperatorToken() === SyntaxKind.ExclamationToken) {
      const v = e(node.getOperand());
      return v === undefined ? undefined : !v;
    }
    if (Node.isBinaryExpression(node)) {
      const op = node.getOperatorToken().getKind();
      const l = e(node.getLeft());
      if (op === SyntaxKind.AmpersandAmpersandToken) return l === undefined ? (e(node.getRight()) === false ? false : undefined) : l ? e(node.getRight()) : l;
      if (op === SyntaxKind.BarBarToken) return l === undefined ? (e(node.getRight()) ? true : undefined) : l ? l : e(node.getRight());
      const r = e(node.getRight());
      if (l === undefined || r === undefined) return undefined;
      if (op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.EqualsEqualsToken) return l === r;
      if (op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken) return l !== r;
      return undefined;
    }
    // ['a', 'b'].includes(variant)
    const callee = Node.isCallExpression(node) ? node.getExpression() : undefined;
    if (Node.isCallExpression(node) && callee && Node.isPropertyAccessExpression(callee) && callee.getName() === 'includes') {
      const list = this.#resolve(callee.getExpression());
      const x = node.getArguments()[0] ? e(node.getArguments()[0]!) : undefined;
      if (!list || !Node.isArrayLiteralExpression(list) || x === undefined) return undefined;
      const values = list.getElements().map(e);
      return values.includes(x) ? true : values.includes(undefined) ? undefined : false;
    }
    return undefined;
  }

  /** The branch text and the variants that reach it. */
  #where(conds: readonly Condition[]): Pick<SourceItem, 'branch' | 'variants'> {
    if (conds.length === 0) return {};
    const text = (c: Condition) => {
      const t = c.switchOn ? `${c.switchOn.getText()} === ${c.node.getText()}` : c.node.getText();
      return c.holds ? t : `!(${t})`;
    };
    const holds = (c: Condition, v: string) => {
      const x = c.switchOn ? (([a, b]) => (a === undefined || b === undefined ? undefined : a === b))([this.#evaluate(c.switchOn, v), this.#evaluate(c.node, v)]) : this.#evaluate(c.node, v);
      return x === undefined ? undefined : Boolean(x) === c.holds;
    };
    const reached = this.#variantNames.filter((v) => conds.every((c) => holds(c, v) !== false));
    const told = this.#variantNames.length > 0 && reached.length < this.#variantNames.length;
    return { branch: conds.map(text).join(' && '), ...(told ? { variants: reached } : {}) };
  }

  /** An item spanning `node`; a method call of a chain spans from its `.` only. */
  #item(name: string, node: Node, conditions: readonly Condition[] = this.#conditions(node)): SourceItem {
    let start = node.getStart();
    if (Node.isCallExpression(node)) {
      const callee = node.getExpression();
      if (Node.isPropertyAccessExpression(callee)) {
        const from = callee.getExpression().getEnd();
        const dot = this.sf.getFullText().indexOf('.', from);
        start = dot >= 0 && dot < callee.getNameNode().getStart() ? dot : callee.getNameNode().getStart();
      }
    }
    return { name, span: this.#span(node, start), lines: this.#textLines(node, start), ...this.#where(conditions) };
  }
}

/** A condition the code at some node runs under: `node` is true (or false), or `switchOn === node`. */
interface Condition {
  readonly node: Node;
  readonly holds: boolean;
  readonly switchOn?: Node;
}

/** Whether a statement always returns or throws. */
function alwaysLeaves(st: Node): boolean {
  if (Node.isReturnStatement(st) || Node.isThrowStatement(st)) return true;
  if (Node.isBlock(st)) {
    const last = st.getStatements().at(-1);
    return last !== undefined && alwaysLeaves(last);
  }
  if (Node.isIfStatement(st)) return alwaysLeaves(st.getThenStatement()) && st.getElseStatement() !== undefined && alwaysLeaves(st.getElseStatement()!);
  return false;
}

function join(a: string | undefined, b: string): string {
  return a ? `${a} && ${b}` : b;
}
