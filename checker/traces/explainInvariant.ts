// Why an invariant fails on a state: the part of it that is false, and the values that part read. The
// invariant's source (acorn, as the compiler parses it) is split at its top-level `&&` (the first false
// conjunct) and `||` (every disjunct is false: the last, by convention the claim after its exceptions),
// and a quantifier `xs.every((x) => ...)` is run element by element for the witness that breaks it
// (`some` has none: no element satisfies it). Each part is evaluated as its own source text with the
// invariant's captured variables (read through the inspector, compiler/closure.ts). A reporting aid, run
// once on the violating state of a printed trace, never during the search.
import { showValue } from '../../spec/types.ts';
import type { CompiledModel } from '../compile.ts';
import { capturedValues } from '../compiler/closure.ts';
import { parseFunction } from '../compiler/parse.ts';
import { Explorer } from '../Explorer.ts';
import { writeValue } from '../layout.ts';
import type { StepRead } from './explain.ts';
import { originalText } from './originalText.ts';
import { recordingView, type KeyPath } from './readRecorder.ts';
import { flatten, printedPath } from './stateDiff.ts';

/** One false part of an invariant, outermost first. */
export interface FalsePart {
  /** Its source text (as tsx compiled it: TypeScript without the types). */
  readonly text: string;
  /** For `every`: the element it fails on, `for d = Dev1`; for `some`: `no d satisfies it`. */
  readonly witness?: string;
}

/** What failed, and with which values. */
export interface InvariantReason {
  readonly parts: readonly FalsePart[];
  /** The values the innermost false part read, in reading order. */
  readonly values: readonly StepRead[];
}

/** Why `property` fails on `state`; null when its source cannot be taken apart (or it holds). */
export function explainInvariant(model: CompiledModel, property: string, state: Readonly<Record<string, unknown>>): InvariantReason | null {
  const entry = model.invariants.find((p) => p.name === property);
  if (!entry) return null;
  try {
    const fn = parseFunction(entry.test);
    const param = fn.params[0] as { type: string; name?: string } | undefined;
    if (fn.params.length !== 1 || param?.type !== 'Identifier') return null;
    const body = expressionOf(fn.body, fn.expression);
    if (!body) return null;
    const captured = capturedValues(entry.test, fn.free.filter((n) => !(n in globalThis)));
    if (captured.missing.length) return null;
    const ex = new Explorer(model);
    writeValue(model.layout.root, ex.draft, state, 'json');
    let reason: InvariantReason | null = null;
    ex.holds(property, (view) => {
      const scope = new Map<string, unknown>([...captured.values, [param.name!, view]]);
      const run = (node: any, s: Map<string, unknown>) => evaluate(fn.source.slice(node.start, node.end), s);
      if (run(body, scope)) return true;
      const parts: FalsePart[] = [];
      const starts: number[] = [];
      let node: any = body;
      let at = scope;
      const text = (n: any) => fn.source.slice(n.start, n.end);
      for (;;) {
        const next = falseChild(node, at, run);
        if (!next) break;
        if (next.witness === undefined) {
          parts.push({ text: text(next.node) });
          starts.push(next.node.start);
        } else if (parts[parts.length - 1]?.text === text(node)) {
          parts[parts.length - 1] = { text: text(node), witness: next.witness };
        } else {
          parts.push({ text: text(node), witness: next.witness });
          starts.push(node.start);
        }
        if (next.node === node) break;
        node = next.node;
        at = next.scope;
      }
      // the text as the spec wrote it (spacing, types), where the source map finds it
      const shift = fn.source.indexOf(entry.test.toString());
      parts.forEach((p, i) => {
        const original = shift < 0 ? null : originalText(entry.test, starts[i]! - shift, p.text);
        if (original) parts[i] = { ...p, text: original };
      });
      // the values the innermost part reads
      const log: KeyPath[] = [];
      run(node, new Map([...at, [param.name!, recordingView(view, (k) => void log.push(k))]]));
      const flat = flatten(state);
      const seen = new Set<string>();
      const values: StepRead[] = [];
      for (const k of log) {
        const path = printedPath(state, k);
        if (path === null || seen.has(path) || !flat.has(path)) continue;
        seen.add(path);
        values.push({ path, value: flat.get(path)! });
      }
      reason = { parts, values };
      return true;
    });
    return reason;
  } catch {
    return null;
  }
}

/** The expression an arrow returns: its body, or the one `return` of a block. */
function expressionOf(body: any, expression: boolean): any {
  if (expression) return body;
  const stmts = body?.body;
  return Array.isArray(stmts) && stmts.length === 1 && stmts[0].type === 'ReturnStatement' ? stmts[0].argument : null;
}

/** The false part of `node` to look into next, or null when it is not split further. */
function falseChild(node: any, scope: Map<string, unknown>, run: (node: any, s: Map<string, unknown>) => unknown): { node: any; scope: Map<string, unknown>; operator?: '&&' | '||'; witness?: string } | null {
  if (node.type === 'LogicalExpression' && (node.operator === '&&' || node.operator === '||')) {
    const operator = node.operator as '&&' | '||';
    const operands = flattenLogical(node, operator);
    const i = operator === '&&' ? operands.findIndex((o) => !run(o, scope)) : operands.length - 1;
    return i >= 0 ? { node: operands[i], scope, operator } : null;
  }
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && !node.callee.computed && node.arguments.length === 1) {
    const method = node.callee.property.name;
    const f = node.arguments[0];
    if ((method !== 'every' && method !== 'some') || (f.type !== 'ArrowFunctionExpression' && f.type !== 'FunctionExpression') || f.params.length !== 1 || f.params[0].type !== 'Identifier') return null;
    const name = f.params[0].name as string;
    const body = expressionOf(f.body, f.expression === true);
    if (method === 'some') return { node, scope, witness: `no ${name} satisfies it` };
    const items = [...(run(node.callee.object, scope) as Iterable<unknown>)];
    for (const item of items) {
      const inner = new Map(scope).set(name, item);
      if (body ? !run(body, inner) : !run(f, inner)) return body ? { node: body, scope: inner, witness: `for ${name} = ${showValue(item)}` } : { node, scope, witness: `for ${name} = ${showValue(item)}` };
    }
  }
  return null;
}

function flattenLogical(node: any, op: string): any[] {
  return node.type === 'LogicalExpression' && node.operator === op ? [...flattenLogical(node.left, op), ...flattenLogical(node.right, op)] : [node];
}

/** Evaluates source text with the names of `scope` bound (a reporting aid: the text is the spec's own). */
function evaluate(text: string, scope: Map<string, unknown>): unknown {
  const names = [...scope.keys()];
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(...names, `"use strict"; return (${text});`)(...names.map((n) => scope.get(n)));
}
