// The spec's own text of a part of one of its functions, for messages. The function is taken apart on the
// JavaScript tsx compiled it to (acorn, as the compiler parses it), whose text has lost its spacing and
// types; the part's start is mapped back through the source map (functionLocation.ts) and its end found by
// scanning the spec's text to the end of the operand (brackets, strings and comments skipped). The result is
// kept only when it has the compiled part's identifiers, in order; else the caller prints the compiled text.
import { readFileSync } from 'node:fs';
import { sourcePosition } from '../functionLocation.ts';

const files = new Map<string, readonly string[] | null>();

/**
 * The spec's text of the part of `fn` that starts at `offset` in `fn.toString()` and reads `compiled` there
 * (an operand: it ends at an `&&` or `||` it does not hold itself). Null when not found.
 */
export function originalText(fn: Function, offset: number, compiled: string): string | null {
  const at = sourcePosition(fn, offset);
  if (!at) return null;
  let lines = files.get(at.file);
  if (lines === undefined) {
    try {
      lines = readFileSync(at.file, 'utf8').split('\n');
    } catch {
      lines = null;
    }
    files.set(at.file, lines);
  }
  if (!lines || at.line > lines.length) return null;
  const rest = [lines[at.line - 1]!.slice(at.column - 1), ...lines.slice(at.line, at.line + 40)].join('\n');
  // an operator the part holds at its top level does not end it
  const holds = { '&&': operandEnd(compiled, { '&&': true, '||': false }) < compiled.length, '||': operandEnd(compiled, { '&&': false, '||': true }) < compiled.length };
  const text = rest.slice(0, operandEnd(rest, { '&&': !holds['&&'], '||': !holds['||'] })).trim();
  return sameIdentifiers(text, compiled) ? text : null;
}

/** Where the operand that starts `s` ends: a depth-0 `&&` or `||` (those `stop` names), `?`, `:`, `,`, `;` or closing bracket. */
function operandEnd(s: string, stop: { readonly '&&': boolean; readonly '||': boolean }): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const two = s.slice(i, i + 2);
    if (c === '"' || c === "'" || c === '`') {
      i = stringEnd(s, i);
      continue;
    }
    if (two === '//') {
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? s.length : nl;
      continue;
    }
    if (two === '/*') {
      const close = s.indexOf('*/', i + 2);
      i = close < 0 ? s.length : close + 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0) {
      if ((two === '||' && stop['||']) || (two === '&&' && stop['&&'])) return i;
      if (two === '||' || two === '&&') {
        i++;
        continue;
      }
      if (two === '?.' || two === '??') {
        i++;
        continue;
      }
      if (c === '?' || c === ':' || c === ',' || c === ';') return i;
    }
  }
  return s.length;
}

function stringEnd(s: string, i: number): number {
  const q = s[i]!;
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === q) return j;
  }
  return s.length;
}

/** Whether the two texts name the same identifiers in the same order (types, being TypeScript's alone, are skipped). */
function sameIdentifiers(original: string, compiled: string): boolean {
  const ids = (t: string) => t.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '""').match(/[A-Za-z_$][\w$]*/g) ?? [];
  const want = ids(compiled);
  const have = ids(original);
  let k = 0;
  for (const id of have) if (k < want.length && id === want[k]) k++;
  return k === want.length && want.length > 0;
}
