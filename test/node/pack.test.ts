// Packs the package as npm would publish it (`npm pack` runs the build
// through `prepack`) and checks what ships: every `exports` target is in the
// tarball, nothing but the build and the docs is, the types resolve for
// a TypeScript consumer, the sandbox's bin runs from an install with nothing
// else in it, and `human-connect/mock` works with the consumer's own msw
// while staying out of what the widget loads.
import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import {gzipSync} from 'node:zlib';
import {
  mkdtempSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {rollup} from 'rollup';
import {LAZY_EXPORTS, MANGLED_NAMES} from '../../scripts/mangled-names.js';
import {ownCodeSize} from '../../scripts/own-code-size.js';
import {
  OWN_CODE_GZIP_BUDGET,
  SCRIPT_TAG_FILES,
} from '../../scripts/size-budgets.js';

const root = new URL('../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'human-connect-pack-'));
const consumer = join(work, 'consumer');
/** An install of the package alone: no lit, no msw, no tsx, no esbuild next to it. */
const bare = join(work, 'bare');
const BIN = 'dist/sandbox/cli.js';
let files: string[] = [];
/** The mode npm recorded for each file of the tarball. */
let modes = new Map<string, number>();

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
  modes = new Map(
    info.files.map((f: {path: string; mode: number}) => [f.path, f.mode])
  );
  for (const dir of [consumer, bare]) {
    mkdirSync(join(dir, 'node_modules'), {recursive: true});
    execFileSync('tar', [
      '-xzf',
      join(work, info.filename),
      '-C',
      join(dir, 'node_modules'),
    ]);
    execFileSync('mv', [
      join(dir, 'node_modules/package'),
      join(dir, 'node_modules/human-connect'),
    ]);
  }
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

/** The script-tag file of the package whose name matches `pattern`. */
function scriptTagFile(pattern: RegExp): string {
  const file = files.find((f) => pattern.test(f.slice('dist/'.length)));
  assert.ok(file, `a dist/ file matching ${pattern}`);
  return file;
}

test("the UI's two files shorten each listed name as the one-file build does", () => {
  // Terser meets them one after another: a name the entry reaches on the later file's exports
  // but keeps whole, while the later file shortens it, is a call to nothing.
  const [, ui, later, full] = SCRIPT_TAG_FILES.map(({pattern}) =>
    scriptTagFile(pattern)
  );
  const kept = (file: string) => {
    const code = readFileSync(join(root, file), 'utf8');
    return [...MANGLED_NAMES, ...LAZY_EXPORTS].filter((name) =>
      new RegExp(`\\.${name}\\b`).test(code)
    );
  };
  const whole = new Set(kept(full));
  for (const file of [ui, later])
    assert.deepEqual(
      kept(file).filter((name) => !whole.has(name)),
      [],
      `${file} keeps whole names that the one-file build shortens`
    );
});

test('the loader knows the UI file by its integrity hash, and holds none of the widget', () => {
  const [loader, ui, later] = SCRIPT_TAG_FILES.map(({pattern}) =>
    scriptTagFile(pattern)
  );
  const code = readFileSync(join(root, loader), 'utf8');
  // Both files of the UI: the entry, fetched on intent, and what it loads on first use.
  for (const file of [ui, later]) {
    const integrity = `sha384-${createHash('sha384')
      .update(readFileSync(join(root, file)))
      .digest('base64')}`;
    assert.ok(code.includes(integrity), `the loader knows ${file}’s hash`);
    assert.ok(
      code.includes(JSON.stringify(file.slice('dist/'.length))),
      `the loader knows ${file}’s name`
    );
  }
  for (const marker of [
    'customElements',
    'lit-html',
    'Your connected sources',
  ]) {
    assert.ok(!code.includes(marker), `the loader has ${marker}`);
  }
});

test('the loader runs where there is no window, and does nothing there', () => {
  // (The files with the widget need a DOM as they load: Lit's templates do.)
  const loader = scriptTagFile(SCRIPT_TAG_FILES[0].pattern);
  execFileSync(process.execPath, [join(root, loader)], {stdio: 'pipe'});
});

test('the script-tag files with the widget ship each locale as a file they check by its integrity hash', () => {
  const locales = files.filter((f) => /^dist\/locales\/[\w-]+\.json$/.test(f));
  assert.deepEqual(
    locales.map((f) => f.slice('dist/locales/'.length, -5)).sort(),
    ['ar', 'de', 'es', 'fr', 'pt-BR', 'zh-Hans']
  );
  // (the UI's later file loads no locale: its entry does)
  for (const {pattern} of SCRIPT_TAG_FILES.slice(1).filter(
    ({label}) => label !== 'UI, fetched on first use'
  )) {
    const name = scriptTagFile(pattern);
    const bundle = readFileSync(join(root, name), 'utf8');
    for (const file of locales) {
      const integrity = `sha256-${createHash('sha256')
        .update(readFileSync(join(root, file)))
        .digest('base64')}`;
      assert.ok(bundle.includes(integrity), `${name} knows ${file}'s hash`);
    }
    assert.ok(
      !bundle.includes('Dispositivo'),
      `no locale is inside ${name} itself`
    );
  }
});

test('size budgets: the script-tag files and the ES module entry’s own code', async (t) => {
  const scriptTag = SCRIPT_TAG_FILES.map(({label, pattern, budget}) => {
    const name = scriptTagFile(pattern);
    const gzip = gzipSync(readFileSync(join(root, name)), {level: 9}).length;
    return {label, name, gzip, budget};
  });
  // The package as published: its ES entry, as a host's bundler ships it (Lit left to the host).
  const own = await ownCodeSize(
    join(work, 'consumer/node_modules/human-connect/dist/human-connect.js')
  );
  t.diagnostic(
    [
      ...scriptTag.map(
        ({label, gzip, budget}) => `${label} ${gzip} B gzip (budget ${budget})`
      ),
      `own first-load code ${own.gzip} B gzip in ${own.chunks} chunk(s) (budget ${OWN_CODE_GZIP_BUDGET})`,
    ].join('; ')
  );
  for (const {name, gzip, budget} of scriptTag)
    assert.ok(gzip <= budget, `${name}: ${gzip} bytes gzipped`);
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
    'login',
    'return-url',
    'resume',
    'source-id',
    'lock-source',
    'featured-sources',
    'connection-id',
  ]);
  assert.deepEqual(names(element.events), [
    'connect',
    'disconnect',
    'close',
    'error',
    'step',
  ]);
  for (const member of [
    'token',
    'apiBase',
    'open',
    'locale',
    'display',
    'theme',
    'tokenProvider',
    'login',
    'returnUrl',
    'resume',
    'sourceId',
    'lockSource',
    'featuredSources',
    'show',
    'hide',
    'resumeLogin',
  ]) {
    assert.ok(names(element.members).includes(member), `member ${member}`);
  }
  // The seam of the gallery and the tests is not part of it.
  assert.ok(!names(element.members).includes('page'), 'page is internal');
  assert.ok(element.cssParts.length >= 10);
  assert.ok(
    element.cssProperties.some((p: {name: string}) => p.name === '--hc-brand')
  );
});

test('the types resolve for a TypeScript consumer', () => {
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
import {createConnectService, MOCK_SESSION_TOKEN, type ConnectService, type ScenarioName} from 'human-connect/mock';
import type {HttpHandler} from 'msw';
const service: ConnectService = createConnectService({apiBase: 'https://connect.test/v1', loginUrl: 'https://connect.test/login'});
const handlers: HttpHandler[] = service.handlers;
const scenario: ScenarioName = 'slow';
service.useScenario(scenario);
void handlers; void (MOCK_SESSION_TOKEN satisfies string);
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

test('the human-connect-sandbox bin is listed, executable, and ships as one file', () => {
  assert.deepEqual(pkg.bin, {'human-connect-sandbox': BIN});
  assert.ok(files.includes(BIN), `${BIN} is in the package`);
  assert.equal(
    (modes.get(BIN) ?? 0) & 0o111,
    0o111,
    'executable in the tarball'
  );
  const installed = join(bare, 'node_modules/human-connect', BIN);
  assert.equal(statSync(installed).mode & 0o111, 0o111, 'executable unpacked');
  const code = readFileSync(installed, 'utf8');
  assert.ok(code.startsWith('#!/usr/bin/env node\n'));
  // Anything but Node's own modules would have to be installed next to it.
  const specifiers = [
    ...code.matchAll(/(?:\bfrom|\bimport|\brequire)\s*\(?\s*["']([^"']+)["']/g),
  ].map((m) => m[1]!);
  assert.ok(specifiers.includes('node:http'), 'the imports were found');
  assert.deepEqual(
    specifiers.filter((s) => !s.startsWith('node:')),
    [],
    'the bin imports only node: modules'
  );
  assert.deepEqual(
    Object.keys(pkg.dependencies).sort(),
    ['@lit/localize', '@lit/react', 'lit'],
    'the runtime dependencies are only Lit’s'
  );
  assert.deepEqual(pkg.peerDependenciesMeta.msw, {optional: true});
});

test('the bin starts with plain node from an install of the package alone', async () => {
  const child = spawn(
    process.execPath,
    [join(bare, 'node_modules/human-connect', BIN), '--port', '0'],
    {cwd: bare, stdio: ['ignore', 'pipe', 'pipe']}
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(
        () => reject(new Error(`no API base printed:\n${output}`)),
        15_000
      );
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const m = /^human-connect sandbox: (http:\/\/\S+)\/v1$/m.exec(output);
        if (!m) return;
        clearTimeout(timer);
        resolve(m[1]!);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited with ${code}:\n${output}`));
      });
    });
    const session = await fetch(`${url}/v1/session`, {
      headers: {Authorization: 'Bearer mock-session-token'},
    });
    assert.equal(session.status, 200);
    assert.equal((await session.json()).app.name, 'Acme Health Coach');

    const page = await fetch(`${url}/login`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const html = await page.text();
    assert.ok(html.includes('src="/login/login.js"'), html);
    const script = await fetch(`${url}/login/login.js`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
    assert.ok((await script.text()).length > 1000, 'the compiled login script');
    const css = await fetch(`${url}/login/login.css`);
    assert.equal(css.status, 200);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null) child.kill();
    await exited;
  }
});

test('human-connect/mock answers the API through the consumer’s own msw (a node:test file)', () => {
  writeFileSync(
    join(consumer, 'mock.test.mjs'),
    `import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {setupServer} from 'msw/node';
import {createConnectService, MOCK_CLIENT_ID, MOCK_CLIENT_SECRET, MOCK_SESSION_TOKEN, SCENARIOS} from 'human-connect/mock';

const apiBase = 'https://connect.test/v1';
const service = createConnectService({apiBase, loginUrl: 'https://connect.test/login', latencyMs: 0});
const server = setupServer(...service.handlers);
before(() => server.listen({onUnhandledRequest: 'error'}));
after(() => { service.dispose(); server.close(); });

test('a session token from POST /tokens opens GET /session', async () => {
  const tokens = await fetch(apiBase + '/tokens', {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({client_id: MOCK_CLIENT_ID, client_secret: MOCK_CLIENT_SECRET, client_user_id: 'alice', type: 'session'}),
  });
  assert.equal(tokens.status, 200);
  const {session_token} = await tokens.json();
  const session = await fetch(apiBase + '/session', {headers: {Authorization: 'Bearer ' + session_token}});
  assert.equal(session.status, 200);
  assert.equal((await session.json()).user.id, service.humanIdOf('alice'));
  assert.ok(MOCK_SESSION_TOKEN && SCENARIOS.some((s) => s.name === 'serverError'));
});
`
  );
  let out = '';
  try {
    // NODE_TEST_CONTEXT is how this run talks to the files it starts: the child is a run of its own.
    const {NODE_TEST_CONTEXT: _, ...env} = process.env;
    out = execFileSync(
      process.execPath,
      ['--test', '--test-reporter=tap', 'mock.test.mjs'],
      {cwd: consumer, encoding: 'utf8', stdio: 'pipe', env}
    );
  } catch (error) {
    assert.fail(`node --test failed:\n${(error as {stdout?: string}).stdout}`);
  }
  assert.match(out, /^# pass 1$/m);
});

/** Every module a host's bundler would load for an entry, `import()`s included. */
async function moduleGraph(entry: string) {
  const externals = new Set<string>();
  const bundle = await rollup({
    input: entry,
    external: (id) => {
      const bare = !id.startsWith('.') && !id.startsWith('/');
      if (bare) externals.add(id);
      return bare;
    },
    onwarn: () => {},
  });
  await bundle.close();
  return {files: bundle.watchFiles, externals: [...externals]};
}

test('human-connect/mock is in neither the widget’s entries nor the script-tag bundle', async () => {
  const installed = join(consumer, 'node_modules/human-connect');
  for (const entry of [
    'dist/human-connect.js',
    'dist/element.js',
    'dist/react.js',
  ]) {
    const graph = await moduleGraph(join(installed, entry));
    assert.ok(graph.files.length > 10, `${entry}'s graph was walked`);
    assert.deepEqual(
      graph.files.filter((f) => /\/dist\/(mock|sandbox)\//.test(f)),
      [],
      `${entry} reaches no mock file`
    );
    assert.deepEqual(
      graph.externals.filter((id) => /^msw(\/|$)/.test(id)),
      [],
      `${entry} imports no msw`
    );
  }
  // Strings only the mock service has; each must be in the mock, or the check proves nothing.
  const markers = [
    'mock-client-secret',
    'mock-session-token',
    'human-connect-mock',
    'Human-Connect-Signature',
    'Acme Health Coach',
    'Mercy General Hospital',
  ];
  const mock = readFileSync(join(installed, 'dist/mock/index.js'), 'utf8');
  const scriptTag = SCRIPT_TAG_FILES.map(({pattern}) => scriptTagFile(pattern));
  for (const marker of markers) {
    assert.ok(mock.includes(marker), `the mock has ${marker}`);
    for (const file of scriptTag) {
      const code = readFileSync(join(installed, file), 'utf8');
      assert.ok(!code.includes(marker), `${file} has ${marker}`);
    }
  }
});
