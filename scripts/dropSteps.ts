// Removes labelled steps from a process of a spec's source, as a patch that deletes a block of kernel
// code would: each removed step's property goes, and every `next` that could name it names what came
// after it instead (`cond ? 'removed' : 'other'` becomes `'other'`). Used to derive the edited spec of
// the review example (scripts/review-example.sh) and by its test.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Node, Project, SyntaxKind, type ObjectLiteralExpression, type SourceFile } from 'ts-morph';

/** The source `text` without the steps `labels` of process `process`. */
export function dropSteps(text: string, process: string, labels: readonly string[]): string {
  const project = new Project({ useInMemoryFileSystem: true });
  const sf = project.createSourceFile('/spec.ts', text);
  const steps = stepsOf(sf, process);
  const nextOf = new Map<string, string>();
  for (const label of labels) {
    const prop = steps.getProperty(label);
    if (!prop || !Node.isPropertyAssignment(prop)) throw new Error(`process '${process}' has no step '${label}'`);
    const next = prop.getInitializerIfKindOrThrow(SyntaxKind.ObjectLiteralExpression).getProperty('next');
    const target = next && Node.isPropertyAssignment(next) ? next.getInitializer() : undefined;
    if (!target || !Node.isStringLiteral(target)) throw new Error(`step '${label}': only a step with a literal next label can be dropped`);
    nextOf.set(label, target.getLiteralValue());
    prop.remove();
  }
  // a removed step's successor, following chains of removed steps
  const after = (label: string): string => (nextOf.has(label) ? after(nextOf.get(label)!) : label);
  for (;;) {
    const ref = steps.getDescendantsOfKind(SyntaxKind.StringLiteral).find((s) => nextOf.has(s.getLiteralValue()));
    if (!ref) break;
    const replacement = `'${after(ref.getLiteralValue())}'`;
    const parent = ref.getParent();
    if (Node.isConditionalExpression(parent)) {
      const other = parent.getWhenTrue() === ref ? parent.getWhenFalse() : parent.getWhenTrue();
      const same = Node.isStringLiteral(other) && other.getLiteralValue() === after(ref.getLiteralValue());
      parent.replaceWithText(same ? other.getText() : parent.getText().replace(ref.getText(), replacement));
    } else {
      ref.replaceWithText(replacement);
    }
  }
  // `next: (n, { self }) => ('label')` reads better as `next: 'label'`
  for (const arrow of steps.getDescendantsOfKind(SyntaxKind.ArrowFunction).reverse()) {
    if (arrow.wasForgotten()) continue;
    let body: Node = arrow.getBody();
    while (Node.isParenthesizedExpression(body)) body = body.getExpression();
    if (Node.isStringLiteral(body)) arrow.replaceWithText(body.getText());
  }
  return sf.getFullText();
}

function stepsOf(sf: SourceFile, process: string): ObjectLiteralExpression {
  for (const call of sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    const args = call.getArguments();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'process') continue;
    if (!Node.isStringLiteral(args[0]) || args[0].getLiteralValue() !== process) continue;
    const steps = args.find((a, i) => i > 0 && Node.isObjectLiteralExpression(a));
    if (steps && Node.isObjectLiteralExpression(steps)) return steps;
  }
  throw new Error(`no .process('${process}', ...) call with a steps object`);
}

// `node --import tsx scripts/dropSteps.ts <spec.ts> <process> <label>...` prints the edited spec.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, proc, ...labels] = process.argv.slice(2);
  if (!file || !proc || labels.length === 0) {
    process.stderr.write('usage: node --import tsx scripts/dropSteps.ts <spec.ts> <process> <label>...\n');
    process.exit(2);
  }
  process.stdout.write(dropSteps(readFileSync(file, 'utf8'), proc, labels));
}
