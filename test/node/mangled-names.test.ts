// The script-tag bundle shortens the member names in scripts/mangled-names.js.
// That is safe only for inner members: ones that the flow and the element
// declare themselves, that no page reads, and that no service answer carries.
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {test} from 'node:test';
import ts from 'typescript';
import {LAZY_EXPORTS, MANGLED_NAMES} from '../../scripts/mangled-names.js';

const read = (file: string) =>
  readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

const inner = [
  'src/flow/flow-controller.ts',
  'src/flow/source-search.ts',
  'src/human-connect.component.ts',
  'src/views/results-list.ts',
]
  .map(read)
  .join('\n');
// The public surface and the wire: the contract's shapes, the events' details,
// the script-tag API, the element's documented members.
const outer = [
  'src/api/types.ts',
  'src/events.ts',
  'src/embed/global-api.ts',
  'src/embed/launchers.ts',
  'src/embed/script-tag.ts',
  'src/react.ts',
]
  .map(read)
  .join('\n');

test('each shortened name is an inner member of the flow or the element', () => {
  for (const name of MANGLED_NAMES) {
    assert.match(
      inner,
      new RegExp(`^\\s+(?:private |readonly |async )*${name}\\s*[(:=?<]`, 'm'),
      `${name} is declared in the flow or the element`
    );
  }
});

test('no shortened name is public, on the wire, or read by the page', () => {
  for (const name of MANGLED_NAMES) {
    assert.doesNotMatch(outer, new RegExp(`\\b${name}\\b`), name);
  }
  const element = read('src/human-connect.component.ts');
  const publicMembers = [
    ...element.matchAll(/^ {2}(?!private|protected|static|override)(\w+)/gm),
  ].map((m) => m[1]);
  for (const name of MANGLED_NAMES) {
    assert.ok(
      !publicMembers.includes(name),
      `${name} is public on the element`
    );
  }
});

test('each shortened lazy export is a lazy module’s export, public nowhere, and read by no page', () => {
  const lazy = ['src/flow', 'src/views'].flatMap((dir) =>
    readdirSync(new URL(`../../${dir}`, import.meta.url))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => read(`${dir}/${f}`))
  );
  const page = read('src/flow/page.ts');
  for (const name of LAZY_EXPORTS) {
    assert.ok(
      lazy.some((code) =>
        new RegExp(
          `^export (?:async )?(?:function|const) ${name}\\b`,
          'm'
        ).test(code)
      ),
      `${name} is exported by a module of src/flow or src/views`
    );
    assert.doesNotMatch(outer, new RegExp(`\\b${name}\\b`), name);
    // (a Page is the host's seam: its members keep their names)
    assert.doesNotMatch(
      page.slice(0, page.indexOf('export const browserPage')),
      new RegExp(`\\b${name}\\b`),
      name
    );
    assert.ok(!MANGLED_NAMES.includes(name), `${name} is listed once`);
  }
});

/** Each `.ts` file under `src/`, parsed. */
function sourceFiles(dir = 'src'): ts.SourceFile[] {
  return readdirSync(new URL(`../../${dir}`, import.meta.url), {
    withFileTypes: true,
  }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(`${dir}/${entry.name}`)
      : entry.name.endsWith('.ts')
        ? [
            ts.createSourceFile(
              `${dir}/${entry.name}`,
              read(`${dir}/${entry.name}`),
              ts.ScriptTarget.Latest,
              true // parents set: a key is told from a class member by its parent
            ),
          ]
        : []
  );
}

// The ES build's plugin renames members (`this.name`, `x.name`, declarations), not the keys of
// object literals nor the names a destructuring reads: a shortened name in one of those would
// be read under one name and written under the other in the ES build (terser, in the script-tag
// bundle, renames both alike, so only the ES build would break).
test('no shortened name is an object literal key or read by destructuring', () => {
  const shortened = new Set<string>(MANGLED_NAMES);
  const found: string[] = [];
  for (const file of sourceFiles()) {
    const visit = (node: ts.Node): void => {
      const name =
        ts.isPropertyAssignment(node) ||
        ts.isShorthandPropertyAssignment(node) ||
        ts.isMethodDeclaration(node)
          ? ts.isObjectLiteralExpression(node.parent)
            ? node.name
            : undefined
          : ts.isBindingElement(node)
            ? (node.propertyName ?? node.name)
            : undefined;
      if (name && ts.isIdentifier(name) && shortened.has(name.text)) {
        const {line} = file.getLineAndCharacterOfPosition(node.getStart(file));
        found.push(`${file.fileName}:${line + 1} ${name.text}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  assert.deepEqual(found, []);
});
