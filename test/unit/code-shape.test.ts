import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Small files, small functions (#14): a server file stays under MAX_FILE_LINES and a function under
 * MAX_FUNCTION_LINES unless it is listed below with the reason. Pure: parses the sources, no database.
 *
 * A function's length is its own lines: its span less the spans of the functions written inside it. A
 * service is a closure factory (`createXService(deps)` returning its functions), so the factory is measured
 * by what it does itself (wiring, the returned object), and each inner function on its own.
 */
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;
const roots = ['server', 'workers'];

/** "path" → why the file may be longer. This list must only shrink: a stale entry fails the test. */
const longFiles: Record<string, string> = {
  'server/modules/reference/reference-data.ts':
    'data tables (regions, 品目, policy values, the holiday calendar), one row a line; its header says so',
};

/** "path: function" → why it may be longer. This list must only shrink: a stale entry fails the test. */
const longFunctions: Record<string, string> = {
  'server/modules/demo/demo-catalogue.ts: productSeeds': 'a data table of demo products, one entry a product',
  'server/modules/demo/replay/tender-plans.ts: tenderPlans': "a data table of the demo year's tenders, one entry a tender",
  'server/app.ts: buildApp': 'the composition root: one registration a line, in the order the hooks must run',
  'server/platform/file-checks.ts: rewritePng': 'one pass over a PNG chunk stream, kept whole so the byte offsets read in one place',
  'server/modules/credit/credit.routes.ts: creditRoutes.<anonymous>': 'a route table: one declaration (schema, access, handler) per route',
  'server/modules/catalogue/catalogue.routes.ts: catalogueRoutes.<anonymous>':
    'a route table: one declaration (schema, access, handler) per route',
  'server/modules/assets/assets.routes.ts: assetsRoutes.<anonymous>': 'a route table: one declaration (schema, access, handler) per route',
  'server/modules/organizations/organizations.routes.ts: organizationsRoutes.<anonymous>':
    'a route table: one declaration (schema, access, handler) per route',
  'server/modules/quotations/quotations.routes.ts: quotationsRoutes.<anonymous>':
    'a route table: one declaration (schema, access, handler) per route',
  'server/modules/auctions/auctions.routes.ts: auctionsRoutes.<anonymous>':
    'a route table: one declaration (schema, access, handler) per route',
  'server/modules/orders/orders.routes.ts: ordersRoutes.<anonymous>': 'a route table: one declaration (schema, access, handler) per route',
  'server/modules/risk/risk.routes.ts: riskRoutes.<anonymous>': 'a route table: one declaration (schema, access, handler) per route',
  'server/modules/experts/experts.routes.ts: expertsRoutes.<anonymous>':
    'a route table: one declaration (schema, access, handler) per route',
  'server/modules/ocds/ocds.routes.ts: ocdsRoutes.<anonymous>': 'a route table',
};

const repo = join(import.meta.dirname, '../..');

function sourceFiles(): string[] {
  return roots.flatMap((root) =>
    readdirSync(join(repo, root), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) =>
        relative(repo, join(repo, root, f))
          .split('\\')
          .join('/'),
      ),
  );
}

type FunctionNode = ts.FunctionLikeDeclaration;

function isFunction(node: ts.Node): node is FunctionNode {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessor(node) ||
    ts.isSetAccessor(node)
  );
}

/** A function's name as a reader would look for it: its own, its variable's or property's, or what it is passed to. */
function nameOf(fn: FunctionNode): string {
  if (fn.name) return fn.name.getText();
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.initializer === fn) return parent.name.getText();
  if (ts.isCallExpression(parent)) {
    const callee = parent.expression;
    const called = ts.isPropertyAccessExpression(callee) ? callee.name.getText() : callee.getText();
    return `<callback of ${called}>`;
  }
  return '<anonymous>';
}

/** Each function in a file with its path of names (outer.inner) and its own length in lines. */
export function measureFunctions(fileName: string, text: string): { name: string; ownLines: number }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
  const span = (node: ts.Node) => lineOf(node.getEnd()) - lineOf(node.getStart()) + 1;
  const found: { name: string; ownLines: number }[] = [];
  const visit = (node: ts.Node, path: string[]) => {
    if (!isFunction(node)) {
      ts.forEachChild(node, (child) => visit(child, path));
      return;
    }
    const name = [...path, nameOf(node)];
    let nested = 0;
    const inner = (child: ts.Node) => {
      if (isFunction(child)) {
        nested += span(child);
        visit(child, name);
      } else ts.forEachChild(child, inner);
    };
    ts.forEachChild(node, inner);
    found.push({ name: name.join('.'), ownLines: span(node) - nested });
  };
  visit(source, []);
  return found;
}

const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

describe('code shape', () => {
  const files = sourceFiles().map((file) => ({ file, text: readFileSync(join(repo, file), 'utf8') }));

  it(`keeps server files under ${MAX_FILE_LINES} lines unless a reason is listed`, () => {
    expect(files.length).toBeGreaterThan(100);
    const long = files.filter(({ text }) => lineCount(text) > MAX_FILE_LINES).map(({ file, text }) => `${file} (${lineCount(text)})`);
    expect(long.filter((entry) => !(entry.replace(/ \(\d+\)$/, '') in longFiles))).toEqual([]);
    const stale = Object.keys(longFiles).filter((file) => !long.some((entry) => entry.startsWith(`${file} (`)));
    expect(stale).toEqual([]);
  });

  it(`keeps functions under ${MAX_FUNCTION_LINES} lines of their own unless a reason is listed`, () => {
    const long = files.flatMap(({ file, text }) =>
      measureFunctions(file, text)
        .filter((f) => f.ownLines > MAX_FUNCTION_LINES)
        .map((f) => `${file}: ${f.name}`),
    );
    expect(long.filter((entry) => !(entry in longFunctions))).toEqual([]);
    expect(Object.keys(longFunctions).filter((entry) => !long.includes(entry))).toEqual([]);
  });

  it('measures a function by its own lines, naming inner functions by their path', () => {
    const body = Array.from({ length: 5 }, (_, i) => `  const a${i} = ${i};`).join('\n');
    const text = `export function createThing() {\n  function inner() {\n${body}\n  }\n  return { inner, run: () => tx(async () => {\n${body}\n  }) };\n}\n`;
    expect(measureFunctions('x.ts', text)).toEqual([
      { name: 'createThing.inner', ownLines: 7 },
      { name: 'createThing.run.<callback of tx>', ownLines: 7 },
      { name: 'createThing.run', ownLines: 0 },
      { name: 'createThing', ownLines: 2 },
    ]);
  });
});
