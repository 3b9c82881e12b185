// The TypeScript text of a part of a spec function, for messages: the function is taken apart on the
// JavaScript tsx compiled it to (acorn, what the compiler parses), whose text has lost its spacing and
// types; the same route (operand i of an `&&`/`||` chain, the body of a quantifier's callback) is followed
// in the TypeScript source, found at the function's own location (functionLocation.ts). Loads the
// TypeScript parser (through ts-morph, ~0.4 s) only when called.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as TS from 'typescript';
import { functionLocation } from '../functionLocation.ts';

/** One move from a node to a part of it. */
export type Route = { readonly operand: number; readonly operator: '&&' | '||' } | { readonly callbackBody: true };

/** The TypeScript texts of the parts `routes[0]`, `routes[0..1]`, ... of `fn`'s returned expression; null when not found. */
export function originalTexts(fn: Function, routes: readonly (readonly Route[])[]): (string | null)[] | null {
  const at = functionLocation(fn);
  if (!at) return null;
  let ts: typeof TS;
  try {
    ts = (createRequire(import.meta.url)('ts-morph') as { ts: typeof TS }).ts;
  } catch {
    return null;
  }
  const text = readFileSync(at.file, 'utf8');
  const file = ts.createSourceFile(at.file, text, ts.ScriptTarget.Latest, true);
  const pos = file.getPositionOfLineAndCharacter(at.line - 1, at.column - 1);
  let found: TS.ArrowFunction | TS.FunctionExpression | undefined;
  // the source map points at the function's start or at its first parameter: the innermost function whose
  // head (up to its body) holds the position
  const visit = (n: TS.Node): void => {
    if (!(n.pos <= pos && pos < n.end)) return;
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && n.getStart(file) <= pos && pos < n.body.getStart(file)) found = n;
    ts.forEachChild(n, visit);
  };
  visit(file);
  if (!found) return null;
  const root = returned(ts, found);
  return routes.map((route) => {
    let node: TS.Node | null = root;
    for (const step of route) {
      if (!node) break;
      node = move(ts, node, step);
    }
    return node ? node.getText(file) : null;
  });
}

function unwrap(ts: typeof TS, n: TS.Node): TS.Node {
  while (ts.isParenthesizedExpression(n) || ts.isNonNullExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n)) n = n.expression;
  return n;
}

function returned(ts: typeof TS, f: TS.ArrowFunction | TS.FunctionExpression): TS.Node | null {
  const body = f.body;
  if (!ts.isBlock(body)) return unwrap(ts, body);
  const only = body.statements.length === 1 ? body.statements[0] : undefined;
  return only && ts.isReturnStatement(only) && only.expression ? unwrap(ts, only.expression) : null;
}

function move(ts: typeof TS, node: TS.Node, step: Route): TS.Node | null {
  if ('callbackBody' in step) {
    const f = ts.isCallExpression(node) ? node.arguments[0] : undefined;
    return f && (ts.isArrowFunction(f) || ts.isFunctionExpression(f)) ? returned(ts, f) : null;
  }
  const kind = step.operator === '&&' ? ts.SyntaxKind.AmpersandAmpersandToken : ts.SyntaxKind.BarBarToken;
  const operands: TS.Node[] = [];
  const flat = (n: TS.Node): void => {
    n = unwrap(ts, n);
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === kind) {
      flat(n.left);
      flat(n.right);
    } else operands.push(n);
  };
  flat(node);
  return operands[step.operand] ?? null;
}
