// Packs the package as npm would publish it (`npm pack` runs the build
// through `prepack`) and checks what ships: every `exports` target is in the
// tarball, nothing but the build and the docs is, and the types resolve for
// a TypeScript consumer.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {gzipSync} from 'node:zlib';
import {
  mkdtempSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {ownCodeSize} from '../../scripts/own-code-size.js';
import {
  OWN_CODE_GZIP_BUDGET,
  SCRIPT_TAG_GZIP_BUDGET,
} from '../../scripts/size-budgets.js';

const root = new URL('../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'human-connect-pack-'));
let files: string[] = [];

before(() => {
  const out = execFileSync(
    'npm',
    ['pack', '--json', '--pack-destination', work],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }
  );
  // The build's own output comes first; npm's JSON answer is the last thing printed.
  const [info] = JSON.parse(out.slice(out.lastIndexOf('[\n  {')));
  files = info.files.map((f: {path: string}) => f.path);
  const consumer = join(work, 'consumer');
  mkdirSync(join(consumer, 'node_modules'), {recursive: true});
  execFileSync('tar', [
    '-xzf',
    join(work, info.filename),
    '-C',
    join(consumer, 'node_modules'),
  ]);
  execFileSync('mv', [
    join(consumer, 'node_modules/package'),
    join(consumer, 'node_modules/human-connect'),
  ]);
  // The consumer's other dependencies (lit, react, their types) are the project's own.
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name.startsWith('.') || name === 'human-connect') continue;
    symlinkSync(
      join(root, 'node_modules', name),
      join(consumer, 'node_modules', name)
    );
  }
});

after(() => rmSync(work, {recursive: true, force: true}));

function targets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Object.values(value as Record<string, unknown>).flatMap(targets);
}

test('every exports target, and main, module, types, unpkg, customElements, is in the tarball', () => {
  const wanted = new Set([
    ...targets(pkg.exports),
    pkg.main,
    pkg.module,
    pkg.types,
    pkg.unpkg,
    pkg.jsdelivr,
    pkg.customElements,
  ]);
  for (const target of wanted) {
    assert.ok(
      files.includes(target.replace(/^\.\//, '')),
      `${target} is missing from the package`
    );
  }
});

test('the script-tag bundle ships each locale as a file it checks by its integrity hash', () => {
  const bundle = readFileSync(join(root, 'dist/human-connect.min.js'), 'utf8');
  const locales = files.filter((f) => /^dist\/locales\/[\w-]+\.json$/.test(f));
  assert.deepEqual(
    locales.map((f) => f.slice('dist/locales/'.length, -5)).sort(),
    ['ar', 'de', 'es', 'fr', 'pt-BR', 'zh-Hans']
  );
  for (const file of locales) {
    const integrity = `sha256-${createHash('sha256')
      .update(readFileSync(join(root, file)))
      .digest('base64')}`;
    assert.ok(bundle.includes(integrity), `the bundle knows ${file}'s hash`);
  }
  assert.ok(
    !bundle.includes('Dispositivo'),
    'no locale is inside the bundle itself'
  );
});

test('size budgets: the script-tag bundle and the ES module entry’s own code', async (t) => {
  const bundle = gzipSync(
    readFileSync(join(root, 'dist/human-connect.min.js')),
    {level: 9}
  ).length;
  // The package as published: its ES entry, as a host's bundler ships it (Lit left to the host).
  const own = await ownCodeSize(
    join(work, 'consumer/node_modules/human-connect/dist/human-connect.js')
  );
  t.diagnostic(
    `script-tag bundle ${bundle} B gzip (budget ${SCRIPT_TAG_GZIP_BUDGET}); ` +
      `own first-load code ${own.gzip} B gzip in ${own.chunks} chunk(s) (budget ${OWN_CODE_GZIP_BUDGET})`
  );
  assert.ok(
    bundle <= SCRIPT_TAG_GZIP_BUDGET,
    `script-tag bundle: ${bundle} bytes gzipped`
  );
  assert.ok(
    own.gzip <= OWN_CODE_GZIP_BUDGET,
    `ES module entry's own code: ${own.gzip} bytes gzipped`
  );
  assert.deepEqual(
    own.externals.filter((id) => !/^(lit|@lit)(\/|$)|^@lit\//.test(id)),
    [],
    'the first load imports nothing but Lit’s packages'
  );
});

test('no sources, tests, demo or tooling leak into the package', () => {
  const allowed =
    /^(dist\/|custom-elements\.json$|README\.md$|LICENSE$|CHANGELOG\.md$|package\.json$)/;
  assert.deepEqual(
    files.filter((f) => !allowed.test(f)),
    []
  );
  assert.deepEqual(
    files.filter((f) => /\.test\.|mocks|mockServiceWorker/.test(f)),
    []
  );
});

test('the manifest lists the element with its attributes, events, parts and properties', () => {
  const manifest = JSON.parse(
    readFileSync(join(root, 'custom-elements.json'), 'utf8')
  );
  const element = manifest.modules
    .flatMap((m: {declarations?: unknown[]}) => m.declarations ?? [])
    .find((d: {tagName?: string}) => d.tagName === 'human-connect');
  assert.ok(element, 'human-connect is in custom-elements.json');
  const names = (list: {name: string}[] = []) => list.map((x) => x.name);
  assert.deepEqual(names(element.attributes), [
    'token',
    'api-base',
    'open',
    'locale',
    'display',
    'theme',
  ]);
  assert.deepEqual(names(element.events), [
    'connect',
    'disconnect',
    'close',
    'error',
  ]);
  for (const member of [
    'token',
    'apiBase',
    'open',
    'locale',
    'display',
    'theme',
    'tokenProvider',
    'show',
    'hide',
  ]) {
    assert.ok(names(element.members).includes(member), `member ${member}`);
  }
  assert.ok(element.cssParts.length >= 10);
  assert.ok(
    element.cssProperties.some((p: {name: string}) => p.name === '--hc-brand')
  );
});

test('the types resolve for a TypeScript consumer', () => {
  const consumer = join(work, 'consumer');
  writeFileSync(
    join(consumer, 'index.ts'),
    `import {HumanConnectElement, type ConnectResult} from 'human-connect';
import {HumanConnectElement as Unregistered} from 'human-connect/element.js';
import {HumanConnect} from 'human-connect/react';
const el: HumanConnectElement = document.createElement('human-connect');
el.addEventListener('close', (e) => e.detail.reason satisfies 'user' | 'done' | 'error');
el.addEventListener('connect', (e) => { const r: ConnectResult = e.detail; void r; });
const same: typeof Unregistered = HumanConnectElement;
void same; void HumanConnect;
`
  );
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'ES2021',
        module: 'ESNext',
        moduleResolution: 'bundler',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        noEmit: true,
        skipLibCheck: false,
        types: [],
      },
      files: ['index.ts'],
    })
  );
  try {
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', consumer], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    assert.fail(`tsc failed:\n${(error as {stdout?: string}).stdout}`);
  }
});
