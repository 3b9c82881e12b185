// A user function's syntax tree, from its source text (what tsx compiled it to), and the names it reads
// from outside itself: those are the captured variables the compiler asks the closure for.
import { parse, type Node } from 'acorn';

/** A parsed function. */
export interface Fn {
  readonly params: readonly Node[];
  readonly body: Node;
  /** An arrow with an expression body. */
  readonly expression: boolean;
  readonly async: boolean;
  readonly generator: boolean;
  /** Names read but not declared inside (captured variables and globals). */
  readonly free: readonly string[];
  /** The text the tree's offsets point into (for messages). */
  readonly source: string;
}

const cache = new WeakMap<Function, Fn>();
const nodeCache = new WeakMap<Node, Fn>();

/** Parses a function value; throws Unsupported-worthy errors as plain Errors with a reason. */
export function parseFunction(fn: Function): Fn {
  let out = cache.get(fn);
  if (!out) cache.set(fn, (out = parseSource(fn.toString())));
  return out;
}

function parseSource(src: string): Fn {
  if (/\{\s*\[native code\]\s*\}$/.test(src)) throw new SyntaxError(`calls ${/^function (\w+)/.exec(src)?.[1] ?? 'a function'}, whose source is not available (a built-in or bound function)`);
  // an arrow or function expression parses in parentheses; a method (`when(s) { ... }`) inside an object
  for (const wrap of [(s: string) => `(${s})`, (s: string) => `({${s}})`]) {
    let program: any;
    try {
      program = parse(wrap(src), { ecmaVersion: 'latest', sourceType: 'module' });
    } catch {
      continue;
    }
    let e = program.body[0]?.expression;
    if (e?.type === 'ObjectExpression') e = e.properties[0]?.value;
    if (e && (e.type === 'ArrowFunctionExpression' || e.type === 'FunctionExpression')) return parseFunctionNode(e, wrap(src));
  }
  throw new SyntaxError('its source does not parse as a function');
}

/** A function node of a tree already parsed (a callback or a helper declared inside). */
export function parseFunctionNode(e: any, source: string): Fn {
  let out = nodeCache.get(e);
  if (!out) {
    out = { params: e.params, body: e.body, expression: e.expression === true, async: e.async === true, generator: e.generator === true, free: freeNames(e), source };
    nodeCache.set(e, out);
  }
  return out;
}

/**
 * The identifiers a function reads that it does not declare. Declarations anywhere inside count for the
 * whole function: a name both declared inside and captured is then unresolvable, and the compiler falls
 * back, which is safe.
 */
function freeNames(fn: any): string[] {
  const declared = new Set<string>();
  const used = new Set<string>();
  const declare = (p: any): void => {
    if (!p) return;
    switch (p.type) {
      case 'Identifier':
        declared.add(p.name);
        return;
      case 'ObjectPattern':
        for (const q of p.properties) declare(q.type === 'RestElement' ? q.argument : q.value);
        return;
      case 'ArrayPattern':
        for (const q of p.elements) declare(q);
        return;
      case 'RestElement':
        return declare(p.argument);
      case 'AssignmentPattern':
        visit(p.right);
        return declare(p.left);
    }
  };
  const visit = (n: any): void => {
    if (!n || typeof n.type !== 'string') return;
    switch (n.type) {
      case 'Identifier':
        used.add(n.name);
        return;
      case 'MemberExpression':
        visit(n.object);
        if (n.computed) visit(n.property);
        return;
      case 'Property':
        if (n.computed) visit(n.key);
        visit(n.value);
        return;
      case 'LabeledStatement':
        return visit(n.body);
      case 'BreakStatement':
      case 'ContinueStatement':
        return;
      case 'VariableDeclarator':
        declare(n.id);
        return visit(n.init);
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        if (n.id) declare(n.id);
        for (const p of n.params) declare(p);
        return visit(n.body);
      case 'CatchClause':
        declare(n.param);
        return visit(n.body);
      case 'ClassDeclaration':
        declare(n.id);
        break;
    }
    for (const key of Object.keys(n)) {
      if (key === 'type' || key === 'start' || key === 'end') continue;
      const v = n[key];
      if (Array.isArray(v)) for (const x of v) visit(x);
      else if (v && typeof v === 'object' && typeof v.type === 'string') visit(v);
    }
  };
  for (const p of fn.params) declare(p);
  visit(fn.body);
  // default values of parameters read names too
  for (const p of fn.params) if (p.type === 'AssignmentPattern') visit(p.right);
  return [...used].filter((n) => !declared.has(n));
}
