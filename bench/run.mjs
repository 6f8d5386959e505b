#!/usr/bin/env node
/**
 * `npm run bench`: measures the production script-tag bundle (dist/human-connect.min.js) in
 * headless Chromium and prints a table, also written to BENCHMARKS.md, with the competitor's
 * script (humanapi-connect-client) side by side. BENCHMARKS.md says how each figure is taken.
 *
 *   npm run bench                 dist/human-connect.min.js if it is newer than every source, else
 *                                 the same bundle built from the sources into a directory of the
 *                                 bench's own (rollup.config.js's script-tag build; dist/ untouched)
 *   npm run bench -- --build      always build it from the sources
 *   npm run bench -- --no-build   dist/ as it is, however old
 *   npm run bench -- --no-write   print only; leave BENCHMARKS.md alone
 *   --runs=30 --sw-runs=5 --typing-runs=30 --lists=20,1000,10000 --open-close=200 --add-remove=50
 *   --slow-runs=10 --host-runs=60
 *
 * The pages come from the project's dev server (web-dev-server.config.js, through
 * bench/web-dev-server.config.mjs), the mock Connect service from sandbox/, the page's code
 * from bench/page.ts. Timings are figures, never checks: the run exits 1 only when a leak check
 * finds something growing with the number of cycles, and 2 when the benchmark cannot run.
 */
import {spawn} from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import {createServer} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {deflateSync} from 'node:zlib';
import {chromiumLaunchOptions} from '../scripts/chromium.js';
import {ownCodeSize, sizes} from '../scripts/own-code-size.js';
import {
  OWN_CODE_GZIP_BUDGET,
  FULL_GZIP_BUDGET,
  LOADER_GZIP_BUDGET,
  UI_GZIP_BUDGET,
  UI_LATER_GZIP_BUDGET,
} from '../scripts/size-budgets.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
process.chdir(ROOT);

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name, fallback) => {
  const hit = argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
};
const RUNS = Math.max(1, Number(option('runs', 30)));
const TYPING_RUNS = Math.max(1, Number(option('typing-runs', 30)));
const LIST_SIZES = option('lists', '20,1000,10000').split(',').map(Number);
const OPEN_CLOSE_CYCLES = Number(option('open-close', 200));
const ADD_REMOVE_CYCLES = Number(option('add-remove', 50));
const SCROLL_MS = 2000;
const LIST_BUDGET_MS = 45_000;
const SW_RUNS = Math.max(1, Number(option('sw-runs', 5)));
const SLOW_RUNS = Math.max(1, Number(option('slow-runs', 10)));
/** Host-page loads of each kind: its figures are a few milliseconds, in a noise of as many. */
const HOST_RUNS = Math.max(1, Number(option('host-runs', 60)));
/** A slow mobile network: 150 ms round trip, 1.6 Mbps down, 750 kbps up (DevTools' "Fast 3G"). */
const SLOW_NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};
const NO_THROTTLE = {
  offline: false,
  latency: 0,
  downloadThroughput: -1,
  uploadThroughput: -1,
};

// The script-tag files: the loader hosts load, the UI file it fetches on intent, and the one-file
// build. The start, typing, list and leak figures drive the one-file build: the same widget,
// loaded at once.
const LOADER = 'dist/human-connect.min.js';
const UI_FILE = /^human-connect\.ui\.[\w-]+\.min\.js$/;
const UI_LATER_FILE = /^human-connect\.ui-later\.[\w-]+\.min\.js$/;
const BUNDLE = 'dist/human-connect.full.min.js';
const LOCALES_DIR = 'dist/locales';
/** The script-tag files' names in a dist directory. */
const scriptTagFiles = (dir) =>
  readdirSync(dir).filter((f) => /^human-connect\..*min\.js$/.test(f));
const COMPETITOR_NAME = 'humanapi-connect-client';
const COMPETITOR = `node_modules/${COMPETITOR_NAME}/build/humanapi-connect-client.js`;
const CHROME = chromiumLaunchOptions.executablePath;
const CHROME_ARGS = [
  ...chromiumLaunchOptions.args,
  // No page kept alive in the back/forward cache: each run's navigation ends the last page.
  '--disable-features=BackForwardCache',
];

const t0 = Date.now();
const log = (...a) =>
  console.error(
    `[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s]`,
    ...a
  );
/** Phases and when each began, for the run's own timing line. */
const phases = [];
function phase(name, detail = '') {
  phases.push({name, at: Date.now()});
  log(detail ? `${name}: ${detail}` : name);
}
function phaseDurations() {
  return phases
    .map(
      (p, i) =>
        `${p.name} ${(((phases[i + 1]?.at ?? Date.now()) - p.at) / 1000).toFixed(0)} s`
    )
    .join(' · ');
}

// ---------------------------------------------------------------------------------------------
// Statistics and formatting

function quantile(values, q) {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
const median = (v) => quantile(v, 0.5);
const p95 = (v) => quantile(v, 0.95);
const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');
const kb = (n) => (Number.isFinite(n) ? `${(n / 1024).toFixed(2)} KB` : 'n/a');
const mb = (n) =>
  Number.isFinite(n) ? `${(n / 1024 / 1024).toFixed(2)} MB` : 'n/a';
const int = (n) =>
  Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const yes = (ok) => (ok ? 'yes' : 'NO');

// ---------------------------------------------------------------------------------------------
// Build

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(p))
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

let rollupConfigs;
/** rollup.config.js's builds (imported once: its plugins keep state across builds). */
async function loadRollupConfigs() {
  rollupConfigs ??= [
    (await import(pathToFileURL(path.join(ROOT, 'rollup.config.js')).href))
      .default,
  ].flat();
  return rollupConfigs;
}

/**
 * The script-tag bundle the benchmark measures, copied into (or built into) `dir`/dist, which
 * the bench's dev server serves as /dist/: so a build of dist/ running at the same time (the
 * project's `npm run build` starts by deleting dist/) can neither break nor change a run, and
 * the benchmark never writes to dist/ itself.
 *
 * - dist/human-connect.min.js newer than every source (src/, rollup.config.js, scripts/, …):
 *   that file and its locale files are copied;
 * - else, or with --build: the bundle is built from the sources with rollup.config.js's own
 *   script-tag build (the same plugins, defines and terser options as `npm run build`, so the
 *   same bytes), written to `dir`/dist rather than dist/;
 * - --no-build: dist/ as it is, however old.
 */
async function prepareBundle(dir) {
  const out = path.join(dir, 'dist');
  const inputs = [
    'src',
    'rollup.config.js',
    'scripts',
    'tsconfig.json',
    'package.json',
    'lit-localize.json',
  ];
  const sourcesAt = Math.max(...inputs.map(newestMtime));
  const bundleAt = [LOADER, BUNDLE].every((f) => existsSync(f))
    ? Math.min(statSync(LOADER).mtimeMs, statSync(BUNDLE).mtimeMs)
    : 0;
  const stale = bundleAt < sourcesAt;
  const copy = () => {
    for (const file of scriptTagFiles('dist'))
      cpSync(path.join('dist', file), path.join(out, file));
    if (existsSync(LOCALES_DIR))
      cpSync(LOCALES_DIR, path.join(out, 'locales'), {recursive: true});
  };
  if (flag('no-build')) {
    if (!bundleAt)
      throw new Error(`${BUNDLE} is missing and --no-build was given`);
    copy();
    return {
      out,
      note: `${BUNDLE} as it was (--no-build)${stale ? ', although older than the sources' : ''}`,
    };
  }
  if (!flag('build') && bundleAt && !stale) {
    copy();
    return {out, note: `${BUNDLE}, newer than every source, used as it was`};
  }
  const why = flag('build')
    ? '--build'
    : bundleAt
      ? 'dist/ was older than the sources'
      : 'dist/ was missing';
  phase('build', `the script-tag bundle, from the sources (${why})`);
  const {rollup} = await import('rollup');
  // The UI file, the one-file build and the loader, in rollup.config.js's order: the loader
  // learns the UI file's name and hash from the build before it.
  const configs = (await loadRollupConfigs()).filter((c) =>
    [c.output]
      .flat()
      .some((o) => /^human-connect\..*min\.js$/.test(o?.entryFileNames ?? ''))
  );
  if (configs.length !== 3)
    throw new Error(
      'rollup.config.js has not the three script-tag builds (UI, one file, loader)'
    );
  for (const cfg of configs) {
    const bundle = await rollup({...cfg, onwarn: () => {}});
    for (const o of [cfg.output].flat()) await bundle.write({...o, dir: out});
    await bundle.close();
  }
  return {
    out,
    note: `built from the sources (${why}) with rollup.config.js's script-tag build, into a directory of the bench's own (dist/ untouched)`,
  };
}

// ---------------------------------------------------------------------------------------------
// 1. Bytes

/**
 * The ES module entry's own first-load code: rollup.config.js's ES build (the package's dist/
 * files) written to a directory of the bench's own, then measured as `npm test`'s budget does
 * (scripts/own-code-size.js: rebundled with rollup, Lit external, minified with terser).
 */
async function esEntrySizes(dir) {
  const {rollup} = await import('rollup');
  const configs = await loadRollupConfigs();
  const esm = configs.find((c) =>
    [c.input].flat().includes('src/human-connect.ts')
  );
  if (!esm)
    throw new Error(
      'rollup.config.js has no build with src/human-connect.ts as an input'
    );
  const out = path.join(dir, 'esm');
  const bundle = await rollup({...esm, onwarn: () => {}});
  for (const o of [esm.output].flat()) await bundle.write({...o, dir: out});
  await bundle.close();
  return ownCodeSize(path.join(out, 'human-connect.js'));
}

async function measureBytes(distDir, workDir) {
  const file = (name) => sizes(readFileSync(path.join(distDir, name)));
  const loader = file(path.basename(LOADER));
  const ui = file(readdirSync(distDir).find((f) => UI_FILE.test(f)));
  const uiLater = file(readdirSync(distDir).find((f) => UI_LATER_FILE.test(f)));
  const bundle = file(path.basename(BUNDLE));
  const localesDir = path.join(distDir, 'locales');
  const locales = existsSync(localesDir)
    ? readdirSync(localesDir).map((f) => ({
        file: `${LOCALES_DIR}/${f}`,
        ...sizes(readFileSync(path.join(localesDir, f))),
      }))
    : [];
  const largestLocale = locales.sort((a, b) => b.gzip - a.gzip)[0];
  const es = await esEntrySizes(workDir);
  if (!existsSync(COMPETITOR)) {
    throw new Error(
      `${COMPETITOR} is missing: npm i -D ${COMPETITOR_NAME}@2.4.1 (npm ci installs it)`
    );
  }
  const competitorVersion = JSON.parse(
    readFileSync(`node_modules/${COMPETITOR_NAME}/package.json`, 'utf8')
  ).version;
  const competitor = sizes(readFileSync(COMPETITOR));
  return {
    loader,
    ui,
    uiLater,
    bundle,
    locales: locales.length,
    largestLocale,
    es,
    competitor,
    competitorVersion,
  };
}

// ---------------------------------------------------------------------------------------------
// Dev server and browser

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const {port} = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** bench/page.ts with msw and the mock in one file (see bench/web-dev-server.config.mjs). */
async function bundlePage(dir) {
  const {rollup} = await import('rollup');
  const {nodeResolve} = await import('@rollup/plugin-node-resolve');
  const {default: esbuild} = await import('rollup-plugin-esbuild');
  const bundle = await rollup({
    input: 'bench/page.ts',
    plugins: [
      nodeResolve({browser: true, extensions: ['.ts', '.js']}),
      esbuild({
        target: 'es2022',
        tsconfig: 'tsconfig.json',
        define: {'process.env.NODE_ENV': '"production"'},
      }),
    ],
    onwarn: () => {},
  });
  await bundle.write({
    dir,
    format: 'es',
    inlineDynamicImports: true,
    entryFileNames: 'page.js',
  });
  await bundle.close();
  return path.join(dir, 'page.js');
}

async function startServer(pageJs, distDir) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      'node_modules/@web/dev-server/dist/bin.js',
      '--config',
      'bench/web-dev-server.config.mjs',
      '--port',
      String(port),
    ],
    {
      env: {
        ...process.env,
        CI: 'true',
        NO_OPEN: '1',
        BENCH_PAGE_JS: pageJs,
        BENCH_DIST_DIR: distDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const origin = `http://localhost:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the dev server exited:\n${output}`);
    try {
      const res = await fetch(`${origin}/bench/page.html`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`the dev server did not answer within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin,
    output: () => output,
    stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The measurements, each on fresh pages

async function main() {
  const loadAvg = os.loadavg();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hc-bench-'));
  let server;
  let browser;
  const pageErrors = [];
  try {
    const {out: distDir, note: buildNote} = await prepareBundle(tmp);
    phase('bytes');
    const bytes = await measureBytes(distDir, tmp);

    const {default: puppeteer} = await import('puppeteer-core');
    phase(
      'setup',
      'bundling the bench page, starting the dev server and Chromium'
    );
    server = await startServer(await bundlePage(tmp), distDir);
    browser = await puppeteer.launch({
      executablePath: CHROME,
      headless: true,
      args: CHROME_ARGS,
      defaultViewport: {width: 1280, height: 800},
      protocolTimeout: 300_000,
    });
    const chromium = await browser.version();

    // The dev server must hand the bundle over byte for byte.
    for (const [url, file] of [
      [BUNDLE, path.join(distDir, path.basename(BUNDLE))],
      [LOADER, path.join(distDir, path.basename(LOADER))],
      [COMPETITOR, COMPETITOR],
    ]) {
      const served = Buffer.from(
        await (await fetch(`${server.origin}/${url}`)).arrayBuffer()
      );
      if (!served.equals(readFileSync(file)))
        throw new Error(`the dev server changed ${url} on its way`);
    }

    // One tab; each run navigates it anew, so every run has a fresh document and JS realm (a new
    // tab per run costs about a second more here, for no difference to the figures).
    const tab = await browser.newPage();
    const during = () => phases.at(-1)?.name ?? '';
    tab.on('pageerror', (e) =>
      pageErrors.push(`${during()}: ${e.message ?? e}`)
    );
    tab.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`${during()}: ${m.text()}`);
    });
    const cdp = await tab.createCDPSession();
    await serveLogos(cdp);
    async function freshPage(query = '', page = tab) {
      await page.goto(`${server.origin}/bench/page.html${query}`, {
        waitUntil: 'load',
      });
      await page.waitForFunction(() => window.bench !== undefined, {
        timeout: 30_000,
      });
      await page.evaluate(() => window.bench.ready);
      // Let the page (and the mock's start) go quiet before measuring.
      await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
      return page;
    }
    async function widgetPage(query = '', inTab = tab) {
      const page = await freshPage(query, inTab);
      const load = await page.evaluate(
        (src) => window.bench.loadScript(src),
        `/${BUNDLE}`
      );
      return {page, load};
    }

    // 2. Start --------------------------------------------------------------------------------
    phase(
      'start',
      `${RUNS} runs of human-connect, ${RUNS} of ${COMPETITOR_NAME}, ${SW_RUNS} through the service worker`
    );
    const start = {
      parse: [],
      insertToLoad: [],
      open: [],
      waiting: [],
      own: [],
      openSw: [],
      waitingSw: [],
      competitorParse: [],
      competitorInsertToLoad: [],
    };
    for (let i = -1; i < RUNS; i++) {
      // Run -1 warms the HTTP cache (and the modules of the page) and is not counted.
      const {page, load} = await widgetPage();
      await page.evaluate(() => new Promise((r) => setTimeout(r, 30)));
      const open = await page.evaluate(() => window.bench.openToInteractive());
      if (i === 0)
        start.roundTrip = {
          page: await page.evaluate(() => window.bench.mockRoundTrip(15)),
        };
      if (i < 0) continue;
      start.parse.push(load.parseEvaluate);
      start.insertToLoad.push(load.total);
      start.open.push(open.total);
      start.waiting.push(open.waiting);
      start.own.push(open.total - open.waiting);
    }
    // The same through msw's service worker (as the demo and the tests answer), fewer runs, in a
    // browser context of its own so that its worker never controls the other runs' pages. A
    // second tab holds a mocked page open all along there: msw's worker unregisters itself when
    // its last page goes, and would be registered again at every run.
    {
      const context = await browser.createBrowserContext();
      const anchor = await context.newPage();
      await freshPage('?transport=sw', anchor);
      const swTab = await context.newPage();
      await swTab.bringToFront(); // a hidden tab gets no animation frames
      for (let i = -1; i < SW_RUNS; i++) {
        const {page} = await widgetPage('?transport=sw', swTab);
        await page.evaluate(() => new Promise((r) => setTimeout(r, 30)));
        const open = await page.evaluate(() =>
          window.bench.openToInteractive()
        );
        if (i === 0)
          start.roundTrip.sw = await page.evaluate(() =>
            window.bench.mockRoundTrip(15)
          );
        if (i < 0) continue;
        start.openSw.push(open.total);
        start.waitingSw.push(open.waiting);
      }
      await context.close();
    }
    for (let i = -1; i < RUNS; i++) {
      const page = await freshPage('?nomock');
      const load = await page.evaluate(
        (src) => window.bench.loadScript(src),
        `/${COMPETITOR}`
      );
      if (i < 0) continue;
      start.competitorParse.push(load.parseEvaluate);
      start.competitorInsertToLoad.push(load.total);
    }

    // 2b. The loader ---------------------------------------------------------------------------
    phase(
      'loader',
      `${RUNS} runs of the loader and its intent, ${SLOW_RUNS} on a slow network, ${RUNS} host-page loads each`
    );
    const loader = {
      parse: [],
      insertToLoad: [],
      uiReady: [],
      intentFocused: [],
      intentClick: [],
      intentOwn: [],
      slowFocused: [],
      slowClick: [],
      hostTasks: {none: [], loader: [], competitor: []},
      hostScripts: {none: [], loader: [], competitor: []},
    };
    for (let i = -1; i < RUNS; i++) {
      const page = await freshPage();
      const load = await page.evaluate(
        (src) => window.bench.loadScript(src),
        `/${LOADER}`
      );
      const run = await page.evaluate(() =>
        window.bench.launcherToInteractive(true)
      );
      if (i < 0) continue;
      loader.parse.push(load.parseEvaluate);
      loader.insertToLoad.push(load.total);
      loader.uiReady.push(run.uiReady);
      loader.intentFocused.push(run.focused);
      loader.intentClick.push(run.total);
      loader.intentOwn.push(run.total - run.waiting);
    }
    // No intent before the click, on a slow network: every byte of the UI file comes over it (the
    // HTTP cache off), and the mock answers each request a round trip later.
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', {cacheDisabled: true});
    for (let i = -1; i < SLOW_RUNS; i++) {
      const page = await freshPage();
      await page.evaluate((src) => window.bench.loadScript(src), `/${LOADER}`);
      await cdp.send('Network.emulateNetworkConditions', SLOW_NETWORK);
      await page.evaluate(
        (ms) => window.bench.setLatency(ms),
        SLOW_NETWORK.latency
      );
      const run = await page.evaluate(() =>
        window.bench.launcherToInteractive(false)
      );
      await cdp.send('Network.emulateNetworkConditions', NO_THROTTLE);
      if (i < 0) continue;
      loader.slowFocused.push(run.focused);
      loader.slowClick.push(run.total);
    }
    await cdp.send('Network.setCacheDisabled', {cacheDisabled: false});
    // The host page's main thread up to its `load`: without a widget, with the loader, with
    // humanapi-connect-client's script, each in its <head> as a host writes it. Each load in a
    // tab of its own: the renderer's counters start with it (a navigation in one tab may change
    // process and start them again).
    for (let i = -1; i < HOST_RUNS; i++) {
      for (const kind of ['none', 'loader', 'competitor']) {
        const host = await browser.newPage();
        const session = await host.createCDPSession();
        await session.send('Performance.enable');
        await host.goto(`${server.origin}/bench/host-${kind}.html`, {
          waitUntil: 'load',
        });
        const {metrics} = await session.send('Performance.getMetrics');
        const metric = (name) =>
          (metrics.find((m) => m.name === name)?.value ?? NaN) * 1000;
        if (i >= 0) {
          loader.hostTasks[kind].push(metric('TaskDuration'));
          loader.hostScripts[kind].push(metric('ScriptDuration'));
        }
        await host.close();
      }
    }

    // 3. Typing -------------------------------------------------------------------------------
    phase('typing', `"mercy general" at 50 ms a key, ${TYPING_RUNS} runs`);
    const typing = {
      sent: [],
      aborted: [],
      nextPages: [],
      latencies: [],
      committed: [],
      frames: [],
      fromBody: [],
      framesFromBody: [],
      unpaired: 0,
      answers: 0,
      queries: [],
    };
    for (let i = 0; i < TYPING_RUNS; i++) {
      const {page} = await widgetPage();
      await page.evaluate(() => window.bench.openToInteractive());
      await page.evaluate(() => window.bench.settle(150));
      await page.evaluate(() => window.bench.selectSearch());
      await page.evaluate(() => window.bench.startRecording());
      await page.keyboard.type('mercy general', {delay: 50});
      await page.evaluate(() => window.bench.settle(300));
      const r = await page.evaluate(() => window.bench.stopRecording());
      typing.sent.push(r.sent);
      typing.aborted.push(r.aborted);
      typing.nextPages.push(r.nextPages);
      typing.latencies.push(...r.latencies);
      typing.fromBody.push(...r.fromBody);
      typing.framesFromBody.push(...r.framesFromBody);
      typing.committed.push(...r.committed);
      typing.frames.push(...r.frames);
      typing.unpaired += r.unpaired;
      typing.answers += r.answers;
      typing.queries.push(r.queries);
    }

    // 4. Long lists ---------------------------------------------------------------------------
    const lists = [];
    for (const n of LIST_SIZES) {
      phase(`list ${n}`, `${n.toLocaleString('en-US')} results`);
      const {page} = await widgetPage();
      await page.evaluate(() => window.bench.openToInteractive());
      const loaded = await page.evaluate(
        (count, budget) => window.bench.loadList(count, budget),
        n,
        LIST_BUDGET_MS
      );
      const memory = await counters(cdp);
      const frames = await page.evaluate(
        (d) => window.bench.scrollFrames(d),
        SCROLL_MS
      );
      lists.push({n, ...loaded, ...memory, frames});
    }

    // 5. Leaks --------------------------------------------------------------------------------
    phase(
      'leaks',
      `${OPEN_CLOSE_CYCLES} open/close cycles, ${ADD_REMOVE_CYCLES} add/remove cycles`
    );
    const leaks = [];
    {
      const {page} = await widgetPage();
      const measure = async () => {
        await page.evaluate(() => window.bench.clearMockLog());
        return counters(cdp);
      };
      const cycle = async (name, total, run) => {
        await run(5); // warm-up: first-use caches (templates, styles, logos) are not leaks
        const before = await measure();
        await run(Math.floor(total / 2));
        const half = await measure();
        await run(total - Math.floor(total / 2));
        const after = await measure();
        leaks.push({
          name,
          total,
          before,
          half,
          after,
          ...leakVerdict(half, after),
        });
      };
      await cycle('`HumanConnect.open()` / `close()`', OPEN_CLOSE_CYCLES, (k) =>
        page.evaluate((n) => window.bench.openClose(n), k)
      );
      await cycle('add / remove `<human-connect>`', ADD_REMOVE_CYCLES, (k) =>
        page.evaluate((n) => window.bench.addRemove(n), k)
      );
    }

    // 6. Repeat queries -------------------------------------------------------------------------
    phase('repeat queries');
    let repeat;
    {
      const {page} = await widgetPage();
      await page.evaluate(() => window.bench.openToInteractive());
      await page.evaluate(() => window.bench.settle(150));
      const typeQuery = async (q) => {
        const since = await page.evaluate(() => window.bench.now());
        await page.evaluate(() => window.bench.selectSearch());
        await page.keyboard.type(q, {delay: 50});
        await page.evaluate(() => window.bench.settle(400));
        return page.evaluate(
          (s) => ({
            requests: window.bench.sourcesCount(s),
            first: window.bench.firstOptionText(),
          }),
          since
        );
      };
      const first = await typeQuery('mercy');
      const second = await typeQuery('general');
      const third = await typeQuery('mercy');
      const back = await page.evaluate(() => window.bench.consentAndBack());
      const backRequests = back.ok
        ? await page.evaluate((s) => window.bench.sourcesCount(s), back.since)
        : null;
      repeat = {
        first,
        second,
        third,
        sameResults: third.first === first.first && !!first.first,
        back,
        backRequests,
        steps: await page.evaluate(() => window.bench.stepEvents()),
      };
    }

    phase('report');
    return {
      loadAvg,
      loadAvgEnd: os.loadavg(),
      buildNote,
      bytes,
      chromium,
      start,
      loader,
      typing,
      lists,
      leaks,
      repeat,
      pageErrors,
    };
  } finally {
    await browser?.close().catch(() => {});
    if (process.env.BENCH_DEBUG) console.error(server?.output());
    server?.stop();
    rmSync(tmp, {recursive: true, force: true});
  }
}

/** A 64×64 PNG of one colour. */
function png(r, g, b) {
  const crcTable = Array.from({length: 256}, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buf) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(64, 0);
  ihdr.writeUInt32BE(64, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([
    Buffer.from([0]),
    Buffer.from(Array.from({length: 64}, () => [r, g, b]).flat()),
  ]);
  const pixels = deflateSync(
    Buffer.concat(Array.from({length: 64}, () => row))
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Answers the logo requests (https://logos.connect.mock/…) from here, through the DevTools
 * protocol's Fetch domain: in the browser process, never on the page's thread, as a CDN would.
 * Each logo is a 64×64 PNG in one of 12 colours. (The mock's own logos are SVG, and Chromium
 * makes a document of every SVG image: that costs the page more than the widget itself does
 * while a long list scrolls, so it would hide what the widget costs.)
 */
async function serveLogos(cdp) {
  const logos = Array.from({length: 12}, (_, i) => {
    const [r, g, b] = [
      ((i * 97) % 200) + 30,
      ((i * 53) % 200) + 30,
      ((i * 29) % 200) + 30,
    ];
    return png(r, g, b).toString('base64');
  });
  cdp.on('Fetch.requestPaused', ({requestId, request}) => {
    let h = 0;
    for (const c of request.url) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    cdp
      .send('Fetch.fulfillRequest', {
        requestId,
        responseCode: 200,
        responseHeaders: [
          {name: 'Content-Type', value: 'image/png'},
          {name: 'Cache-Control', value: 'public, max-age=3600'},
          {name: 'Access-Control-Allow-Origin', value: '*'},
        ],
        body: logos[h % logos.length],
      })
      .catch(() => {}); // the page may be gone already
  });
  await cdp.send('Fetch.enable', {
    patterns: [
      {urlPattern: 'https://logos.connect.mock/*', requestStage: 'Request'},
    ],
  });
}

/** Heap after a full garbage collection, and the renderer's DOM and listener counters. */
async function counters(cdp) {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const {usedSize} = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const listenersOf = async (expression) => {
    const {result} = await cdp.send('Runtime.evaluate', {expression});
    const {listeners} = await cdp.send('DOMDebugger.getEventListeners', {
      objectId: result.objectId,
    });
    await cdp.send('Runtime.releaseObject', {objectId: result.objectId});
    return listeners.length;
  };
  return {
    heap: usedSize,
    documents: dom.documents,
    nodes: dom.nodes,
    jsEventListeners: dom.jsEventListeners,
    windowListeners: await listenersOf('window'),
    documentListeners: await listenersOf('document'),
  };
}

/** Growth between half the cycles and all of them: heap under 10 %, every count equal or less. */
function leakVerdict(half, after) {
  const heapGrowth = (after.heap - half.heap) / half.heap;
  const grown = [];
  if (heapGrowth >= 0.1) grown.push(`heap +${(heapGrowth * 100).toFixed(1)} %`);
  for (const key of [
    'documents',
    'nodes',
    'jsEventListeners',
    'windowListeners',
    'documentListeners',
  ]) {
    if (after[key] > half[key])
      grown.push(`${key} ${half[key]} → ${after[key]}`);
  }
  return {heapGrowth, grown, ok: grown.length === 0};
}

// ---------------------------------------------------------------------------------------------
// Report

function table(head, rows) {
  return {head, rows};
}

function toMarkdown(t) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [
    line(t.head),
    line(t.head.map(() => '---')),
    ...t.rows.map(line),
  ].join('\n');
}

function toText(t) {
  const strip = (s) => String(s).replace(/`/g, '').replace(/\*\*/g, '');
  const cells = [t.head, ...t.rows].map((r) => r.map(strip));
  const widths = t.head.map((_, i) =>
    Math.max(...cells.map((r) => r[i].length))
  );
  const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [
    line(cells[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ].join('\n');
}

function report(r) {
  const cpu = os.cpus();
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const machine = [
    ['date', date],
    ['CPU', `${cpu[0]?.model ?? 'unknown'}, ${cpu.length} cores`],
    [
      'load average (1/5/15 min) at start, at end',
      `${r.loadAvg.map((v) => v.toFixed(2)).join(' / ')}, ${r.loadAvgEnd.map((v) => v.toFixed(2)).join(' / ')}`,
    ],
    [
      'this run',
      `${((Date.now() - t0) / 1000).toFixed(0)} s: ${phaseDurations()}`,
    ],
    ['node', process.version],
    ['Chromium', `${r.chromium} (${CHROME}, headless)`],
    ['bundle measured', r.buildNote],
  ];
  const b = r.bytes;
  const sections = [];

  sections.push({
    title: '1. Bytes',
    tables: [
      table(
        ['file', 'minified', 'gzip -9', 'brotli', 'budget (gzip)'],
        [
          [
            `script-tag loader \`${LOADER}\` (what every host page loads)`,
            kb(b.loader.min),
            kb(b.loader.gzip),
            kb(b.loader.brotli),
            `${kb(LOADER_GZIP_BUDGET)}: ${yes(b.loader.gzip <= LOADER_GZIP_BUDGET)}`,
          ],
          [
            'its UI file `dist/human-connect.ui.<hash>.min.js` (fetched on intent; English)',
            kb(b.ui.min),
            kb(b.ui.gzip),
            kb(b.ui.brotli),
            `${kb(UI_GZIP_BUDGET)}: ${yes(b.ui.gzip <= UI_GZIP_BUDGET)}`,
          ],
          [
            'and its later file `dist/human-connect.ui-later.<hash>.min.js` (the views after the search; fetched while the person searches)',
            kb(b.uiLater.min),
            kb(b.uiLater.gzip),
            kb(b.uiLater.brotli),
            `${kb(UI_LATER_GZIP_BUDGET)}: ${yes(b.uiLater.gzip <= UI_LATER_GZIP_BUDGET)}`,
          ],
          [
            `one-file build \`${BUNDLE}\` (everything, English)`,
            kb(b.bundle.min),
            kb(b.bundle.gzip),
            kb(b.bundle.brotli),
            `${kb(FULL_GZIP_BUDGET)}: ${yes(b.bundle.gzip <= FULL_GZIP_BUDGET)}`,
          ],
          [
            'ES module entry `src/human-connect.ts`, own code (Lit external)',
            kb(b.es.min),
            kb(b.es.gzip),
            kb(b.es.brotli),
            `${kb(OWN_CODE_GZIP_BUDGET)}: ${yes(b.es.gzip <= OWN_CODE_GZIP_BUDGET)}`,
          ],
          [
            `\`${COMPETITOR_NAME}@${b.competitorVersion}\` \`build/humanapi-connect-client.js\``,
            kb(b.competitor.min),
            kb(b.competitor.gzip),
            kb(b.competitor.brotli),
            '',
          ],
          [
            'ratio: loader / humanapi',
            ratio(b.loader.min, b.competitor.min),
            ratio(b.loader.gzip, b.competitor.gzip),
            ratio(b.loader.brotli, b.competitor.brotli),
            '',
          ],
          [
            'ratio: one-file build / humanapi',
            ratio(b.bundle.min, b.competitor.min),
            ratio(b.bundle.gzip, b.competitor.gzip),
            ratio(b.bundle.brotli, b.competitor.brotli),
            '',
          ],
          [
            'ratio: ES entry / humanapi',
            ratio(b.es.min, b.competitor.min),
            ratio(b.es.gzip, b.competitor.gzip),
            ratio(b.es.brotli, b.competitor.brotli),
            '',
          ],
          ...(b.largestLocale
            ? [
                [
                  `largest locale file \`${b.largestLocale.file}\` (of ${b.locales}; fetched only when used)`,
                  kb(b.largestLocale.min),
                  kb(b.largestLocale.gzip),
                  kb(b.largestLocale.brotli),
                  '',
                ],
              ]
            : []),
        ]
      ),
    ],
    notes: [
      `The script-tag bundle's locale messages are separate JSON files next to it (\`${LOCALES_DIR}/\`), fetched only when that language is used; English is inside the bundle.`,
      `The ES entry is measured as \`npm test\`'s budget measures it (scripts/own-code-size.js): rollup.config.js's ES build, bundled again by rollup with Lit's packages external (it imports ${b.es.externals.map((e) => `\`${e}\``).join(', ')}), minified with terser, its first-load chunks joined; it needs ${b.es.chunks} file(s) at first load, and ${b.es.lazyChunks} lazily imported chunk(s) (locales, lazy views) add ${kb(b.es.lazyGzipTotal)} gzip in all, each only when used.`,
      `humanapi-connect-client's script is only its loader: the Connect UI itself is a hosted iframe app it then loads, not counted here.`,
    ],
  });

  const s = r.start;
  const rt = s.roundTrip ?? {page: NaN, sw: NaN};
  sections.push({
    title: `2. Start (${RUNS} runs, a fresh page each, the bundle in the HTTP cache)`,
    tables: [
      table(
        ['measure', 'median', 'p95', 'target', 'met'],
        [
          [
            'human-connect: bundle parse + evaluate',
            ms(median(s.parse)),
            ms(p95(s.parse)),
            '',
            '',
          ],
          [
            'human-connect: `<script>` inserted → `load`',
            ms(median(s.insertToLoad)),
            ms(p95(s.insertToLoad)),
            '',
            '',
          ],
          [
            'humanapi-connect-client: script parse + evaluate',
            ms(median(s.competitorParse)),
            ms(p95(s.competitorParse)),
            '',
            '',
          ],
          [
            'humanapi-connect-client: `<script>` inserted → `load`',
            ms(median(s.competitorInsertToLoad)),
            ms(p95(s.competitorInsertToLoad)),
            '',
            '',
          ],
          [
            '`HumanConnect.open()` → search field focused, popular sources painted',
            ms(median(s.open)),
            ms(p95(s.open)),
            '',
            '',
          ],
          [
            "… of which waiting for the mock's answers (`GET /session`, `GET /sources`)",
            ms(median(s.waiting)),
            ms(p95(s.waiting)),
            '',
            '',
          ],
          [
            "… **the widget's own time**: no request pending (the two above subtracted, run by run)",
            ms(median(s.own)),
            ms(p95(s.own)),
            '< 50 ms',
            yes(median(s.own) < 50),
          ],
          [
            `\`open()\` → interactive, answers through msw's service worker (${SW_RUNS} runs)`,
            ms(median(s.openSw)),
            ms(p95(s.openSw)),
            '',
            '',
          ],
        ]
      ),
    ],
    notes: [
      'Parse + evaluate: from the last byte of the script (Resource Timing `responseEnd`) to its `load` event. Insert → load adds the fetch from the HTTP cache. The first, cold run is not counted.',
      '`open()` → interactive: to the frame after the shadow root\'s `input[role="combobox"]` has focus and `[role="option"]` rows exist (a `requestAnimationFrame`, then a task), so it includes waiting for the next frame (up to 16.7 ms).',
      `The mock answers in the page: the mock service's msw handlers run on the page's own thread (msw's \`getResponse\`), with no added latency, no service worker and no hop; logos (64×64 PNGs) are answered by the benchmark through the DevTools protocol, off the page's thread, as from a CDN. It still costs the mock's own work (it ranks the 5,200-source catalogue for \`GET /sources\`), on the same thread, while the widget waits: that is the "waiting" row (the time some API request was pending). The widget's own time is the rest: what the widget adds on top of the server's answers, which is what the 50 ms target is held against (work the widget does while a request is pending is hidden behind the network with a real server too). A \`GET /session\` takes ${ms(rt.page)} answered in the page and ${ms(rt.sw)} through msw's service worker (median of 15, idle page).`,
      'humanapi-connect-client opens a hosted iframe app, which cannot load here, so only its script is timed.',
    ],
  });

  const l = r.loader;
  const added = (figures, kind) => median(figures[kind]) - median(figures.none);
  sections.push({
    title: `2b. The script-tag loader: before intent, on intent, with none (${RUNS} runs; ${SLOW_RUNS} on a slow network)`,
    tables: [
      table(
        ['measure', 'median', 'p95', 'target', 'met'],
        [
          [
            `what a host page loads before any intent: the loader, ${kb(r.bytes.loader.gzip)} gzip (humanapi-connect-client: ${kb(r.bytes.competitor.gzip)})`,
            '',
            '',
            `≤ ${kb(LOADER_GZIP_BUDGET)}`,
            yes(r.bytes.loader.gzip <= LOADER_GZIP_BUDGET),
          ],
          [
            'loader: parse + evaluate',
            ms(median(l.parse)),
            ms(p95(l.parse)),
            '',
            '',
          ],
          [
            'humanapi-connect-client: parse + evaluate (from section 2)',
            ms(median(r.start.competitorParse)),
            ms(p95(r.start.competitorParse)),
            '',
            '',
          ],
          [
            'pointer over the launcher → UI file fetched and run',
            ms(median(l.uiReady)),
            ms(p95(l.uiReady)),
            '',
            '',
          ],
          [
            '… then the click → search field focused, ready for typing',
            ms(median(l.intentFocused)),
            ms(p95(l.intentFocused)),
            '< 50 ms',
            yes(median(l.intentFocused) < 50),
          ],
          [
            '… the click → popular sources painted too',
            ms(median(l.intentClick)),
            ms(p95(l.intentClick)),
            '',
            '',
          ],
          [
            "… … of which the widget's own time (the mock's answers subtracted, run by run)",
            ms(median(l.intentOwn)),
            ms(p95(l.intentOwn)),
            '< 50 ms',
            yes(median(l.intentOwn) < 50),
          ],
          [
            `no intent before it, on a slow network (${SLOW_NETWORK.latency} ms round trip, 1.6 Mbps, no HTTP cache): click → search field focused`,
            ms(median(l.slowFocused)),
            ms(p95(l.slowFocused)),
            '',
            '',
          ],
          [
            '… click → popular sources painted too',
            ms(median(l.slowClick)),
            ms(p95(l.slowClick)),
            '',
            '',
          ],
          [
            "host page's main-thread time up to `load`, added by the loader (its script's share)",
            `${ms(added(l.hostTasks, 'loader'))} (${ms(added(l.hostScripts, 'loader'))})`,
            '',
            '',
            '',
          ],
          [
            "… added by humanapi-connect-client's script (its script's share)",
            `${ms(added(l.hostTasks, 'competitor'))} (${ms(added(l.hostScripts, 'competitor'))})`,
            '',
            '',
            '',
          ],
        ]
      ),
    ],
    notes: [
      'The loader fetches the UI file on the first sign of intent (pointer-over or focus of a launcher, `open()`, `preload()`, a `<human-connect>` on the page once it is idle). On intent, the UI has come and run before the hand reaches the button: the click then costs what the one-file build costs (section 2). With no intent before the click, the click pays one request for the UI file (one round trip and its bytes over the network), then one more round trip for the session and the popular sources, read together.',
      `Main-thread time: DevTools' \`TaskDuration\` (and, in brackets, \`ScriptDuration\`) at the \`load\` event of bench/host-*.html (a page with a heading, a button and the script in its \`<head>\`, ${HOST_RUNS} loads of each, each in a new tab), median minus the median of the same page without any script (${ms(median(l.hostTasks.none))}, of which script ${ms(median(l.hostScripts.none))}).`,
      'The files are served gzipped, as a CDN serves them. On a slow network, the click with no intent before it waits for the UI file, then for the session and the popular sources together.',
    ],
  });

  const ty = r.typing;
  sections.push({
    title: `3. Typing "mercy general" at 50 ms a key (${TYPING_RUNS} runs, mock answering at once)`,
    tables: [
      table(
        ['measure', 'value', 'target', 'met'],
        [
          [
            '`GET …/sources?q=` requests sent per run (median / max)',
            `${median(ty.sent)} / ${Math.max(...ty.sent)}`,
            '≤ 2',
            yes(Math.max(...ty.sent) <= 2),
          ],
          [
            'of which aborted (total over all runs)',
            String(ty.aborted.reduce((a, v) => a + v, 0)),
            '',
            '',
          ],
          [
            'next pages (`cursor=`) also read per run (median / max)',
            `${median(ty.nextPages)} / ${Math.max(...ty.nextPages)}`,
            '',
            '',
          ],
          [
            'queries sent (first run)',
            ty.queries[0]?.map((q) => `"${q}"`).join(', ') || 'none',
            '',
            '',
          ],
          [
            `answer → results painted, p50 (n = ${ty.latencies.length})`,
            ms(median(ty.latencies)),
            '',
            '',
          ],
          [
            'answer → results painted, p95',
            ms(p95(ty.latencies)),
            '< 16 ms',
            yes(p95(ty.latencies) < 16),
          ],
          [
            "answer → rows in the DOM (the widget's own work on it), p50 / p95",
            `${ms(median(ty.committed))} / ${ms(p95(ty.committed))}`,
            '',
            '',
          ],
          [
            'frames from the answer to the one that drew it (1: the very next frame), p50 / max',
            `${median(ty.frames)} / ${Math.max(...ty.frames)}`,
            '1',
            yes(Math.max(...ty.frames) <= 1),
          ],
          [
            'answers drawn by the very next frame',
            `${ty.frames.filter((f) => f <= 1).length} of ${ty.frames.length}`,
            '',
            '',
          ],
          [
            `body in hand (\`response.json()\` resolved) → results painted, p50 / p95 (n = ${ty.fromBody.length})`,
            `${ms(median(ty.fromBody))} / ${ms(p95(ty.fromBody))}`,
            '',
            '',
          ],
          [
            '… drawn by the very next frame after the body was in hand',
            `${ty.framesFromBody.filter((f) => f <= 1).length} of ${ty.framesFromBody.length}`,
            '',
            '',
          ],
          [
            'answers that changed nothing in the list',
            `${ty.unpaired} of ${ty.answers}`,
            '',
            '',
          ],
        ]
      ),
    ],
    notes: [
      "Typed with puppeteer's `keyboard.type(…, {delay: 50})` into the focused search field, on a fresh page each run. Requests: first pages of a non-empty `q`; pages read through the cursor are counted apart.",
      "Answer: the moment `fetch` hands the widget its response. Painted: the frame after the last change to the listbox's rows that followed it (a MutationObserver, then `requestAnimationFrame` and a task); so it includes waiting for the next frame, up to 16.7 ms, and p95 under 16 ms means the results are drawn in the very next frame.",
      'That wait depends on where in a frame the answer lands, not on the widget: an answer handled in no time at all still waits 0–16.7 ms for the next frame (8.3 ms on average, 15.9 ms at p95), and the figure also counts that frame\'s own style, layout and paint. So two more figures for the same answers: "rows in the DOM" is from the answer to the last change to the list\'s rows (the MutationObserver\'s time): the widget reading the response and rendering, plus any wait when it leaves part of the work to a later frame or task. "Frames" counts the frames from the answer to the one that drew its last change, with a `requestAnimationFrame` callback that runs first in every frame while recording (a change made during a frame\'s animation-frame callbacks is drawn by that frame, one made in a task between frames by the next): 1 means the answer was complete in the very next frame, the best possible.',
      "\"Body in hand\" is when the widget's `response.json()` resolved: `fetch` resolves once the headers are in, and the body is read in later tasks (here, from the mock's stream; on a network, as its bytes arrive), so a frame can pass between the two that no code of the widget's can use. From the body on, the figure is the widget's: reading it, validating it, rendering the rows, and that frame's style, layout and paint; \"drawn by the very next frame\" is the best possible, since the body also lands at a random point of a frame.",
    ],
  });

  sections.push({
    title: `4. Long lists (synthetic \`q=bench<N>\` with exactly N results, loaded through the cursor)`,
    tables: [
      table(
        [
          'results',
          'loaded',
          'pages',
          'how',
          'elements in shadow root',
          'options in DOM',
          'JS heap',
          'DOM nodes (renderer)',
          `scrolling to the end in ${SCROLL_MS / 1000} s: frames, frame time p50 / p95 / max`,
          'load time',
        ],
        r.lists.map((l) => [
          int(l.n),
          `${int(l.loaded)}${l.stalled ? ' (stalled)' : ''}`,
          int(l.pages),
          l.how,
          int(l.shadowElements),
          int(l.options),
          mb(l.heap),
          int(l.nodes),
          l.frames.scrolled
            ? `${l.frames.frames}: ${ms(l.frames.p50)} / ${ms(l.frames.p95)} / ${ms(l.frames.max)}`
            : 'nothing to scroll',
          `${(l.loadMs / 1000).toFixed(1)} s`,
        ])
      ),
    ],
    notes: (() => {
      const a = r.lists.find((l) => l.n === 1000);
      const z = r.lists.find((l) => l.n === 10000);
      let verdict = 'not measured';
      if (a && z && (a.loaded < a.n || z.loaded < z.n))
        verdict = `not shown: only ${int(a.loaded)} and ${int(z.loaded)} results could be loaded`;
      else if (a && z) {
        const flat = z.shadowElements <= a.shadowElements * 1.1 + 10;
        verdict = `${flat ? 'met' : 'NOT met'} (${int(a.shadowElements)} → ${int(z.shadowElements)} elements in the shadow root; flat: within 10 %)`;
      }
      return [
        `Target: DOM nodes flat from 1,000 to 10,000 results: ${verdict}.`,
        `Rows are the mock catalogue's sources with ids and names of their own. Loading presses "Show more results" while there is one, else scrolls the list (and anything scrolling around it) to its end, every 100 ms; "stalled": neither brought a page within 3 s. Loading stops after ${LIST_BUDGET_MS / 1000} s at most.`,
        `Logos: 64×64 PNGs from the benchmark, as in section 2 (${r.lists.map((l) => `${l.imagesLoaded} of ${l.images}`).join(', ')} logos in the DOM had loaded when counted).`,
        `JS heap: \`Runtime.getHeapUsage\` after \`HeapProfiler.collectGarbage\`; DOM nodes (renderer): \`Memory.getDOMCounters\`, every node of the renderer process, the host page's included. Frames: the list scrolled from top to bottom at a constant speed in ${SCROLL_MS / 1000} s (the position set in each animation frame from the clock); the figures are the number of frames drawn and the times between them (16.7 ms: every frame on time).`,
      ];
    })(),
  });

  const leakRows = [];
  for (const l of r.leaks) {
    for (const [label, key, fmt] of [
      ['JS heap', 'heap', mb],
      ['DOM nodes', 'nodes', int],
      ['documents', 'documents', int],
      ['JS event listeners', 'jsEventListeners', int],
      ['listeners on window', 'windowListeners', int],
      ['listeners on document', 'documentListeners', int],
    ]) {
      leakRows.push([
        l.name,
        label,
        fmt(l.before[key]),
        fmt(l.half[key]),
        fmt(l.after[key]),
      ]);
    }
    leakRows.push([
      l.name,
      '**verdict**',
      '',
      '',
      l.ok
        ? `no growth (heap ${(l.heapGrowth * 100).toFixed(1)} %)`
        : `**GROWS: ${l.grown.join('; ')}**`,
    ]);
  }
  sections.push({
    title: '5. Leaks',
    tables: [
      table(
        [
          'cycles',
          'counter',
          'before (after 5 warm-up cycles)',
          'after half',
          'after all',
        ],
        leakRows
      ),
    ],
    notes: [
      `${OPEN_CLOSE_CYCLES} cycles of \`HumanConnect.open()\`, popular sources shown, \`HumanConnect.close()\`; then ${ADD_REMOVE_CYCLES} cycles of adding an open \`<human-connect>\`, its popular sources shown, removing it. Counted after 3 forced garbage collections (\`HeapProfiler.collectGarbage\`), with the mock's own request log emptied: heap from \`Runtime.getHeapUsage\`, nodes, documents and JS listeners from \`Memory.getDOMCounters\`, window and document listeners from \`DOMDebugger.getEventListeners\`.`,
      'Target: no growth. The run fails when, from half the cycles to all of them, the heap grows by 10 % or more, or any count grows at all.',
    ],
  });

  const rp = r.repeat;
  const req = (c) =>
    c
      ? `${c.first}${c.next ? ` (+ ${c.next} next page${c.next > 1 ? 's' : ''})` : ''}`
      : 'could not reach consent';
  sections.push({
    title: '6. Repeat queries',
    tables: [
      table(
        ['step', '`GET …/sources` requests', 'target', 'met'],
        [
          ['type "mercy"', req(rp.first.requests), '', ''],
          ['select all, type "general"', req(rp.second.requests), '', ''],
          [
            'select all, type "mercy" again',
            req(rp.third.requests),
            '0',
            yes(rp.third.requests.first === 0),
          ],
          [
            'choose a source, Decline (back to search from consent)',
            req(rp.backRequests),
            '0',
            rp.backRequests ? yes(rp.backRequests.first === 0) : 'n/a',
          ],
        ]
      ),
    ],
    notes: [
      `The \`step\` events of this page (open, search, select-source, consent, decline, search): ${rp.steps.count}, ${rp.steps.totalMs.toFixed(2)} ms in all to dispatch, listener included (at most ${rp.steps.maxMs.toFixed(2)} ms for one), a listener on \`window\` copying each detail as a host's analytics would.`,
      `The third answer ${rp.third.requests.first === 0 ? 'needed no request' : `needed ${rp.third.requests.first} request(s)`}; its first result is ${rp.sameResults ? 'the same as the first time' : `"${rp.third.first}" (the first time: "${rp.first.first}")`}. Counted: first pages of \`GET …/sources\` (any query), with pages read through the cursor in brackets.`,
    ],
  });

  const md = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.mjs); every figure below is from one run on the machine described here. The production script-tag bundle runs in headless Chromium against the msw mock of the Connect service, with no added latency. Timings are figures, not tests: only the leak check fails the run.',
    '',
    toMarkdown(table(['', ''], machine)),
    '',
    ...sections.flatMap((sec) => [
      `## ${sec.title}`,
      '',
      ...sec.tables.flatMap((t) => [toMarkdown(t), '']),
      ...sec.notes.map((n) => `- ${n}`),
      '',
    ]),
    ...(r.pageErrors.length
      ? [
          '## Errors the pages logged',
          '',
          ...[...new Set(r.pageErrors)]
            .slice(0, 20)
            .map((e) => `- \`${e.replace(/`/g, "'")}\``),
          '',
        ]
      : []),
    '## How to run it',
    '',
    '```sh',
    'npm run bench                 # dist/ if newer than the sources, else built from them (dist/ untouched)',
    'npm run bench -- --build      # always build; --no-build measures dist/ as it is',
    'npm run bench -- --no-write   # print only',
    '```',
    '',
    "It takes about one and a half to three minutes on the machine above. The code: `bench/run.mjs` (the runs and this report), `bench/page.html` and `bench/page.ts` (the host page and what it measures), `bench/web-dev-server.config.mjs` (the project's dev server, serving the measured files byte for byte).",
    '',
  ].join('\n');

  const text = [
    ...machine.map(([k, v]) => `${k}: ${v}`),
    '',
    ...sections.flatMap((sec) => [
      `== ${sec.title}`,
      ...sec.tables.flatMap((t) => [toText(t), '']),
    ]),
    ...(r.pageErrors.length
      ? [
          `page errors: ${[...new Set(r.pageErrors)].slice(0, 5).join(' | ')}`,
          '',
        ]
      : []),
  ].join('\n');
  return {md, text};
}

try {
  const results = await main();
  const {md, text} = report(results);
  console.log(text);
  if (!flag('no-write')) {
    writeFileSync('BENCHMARKS.md', md);
    log('wrote BENCHMARKS.md');
  }
  const failed = results.leaks.filter((l) => !l.ok);
  log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (failed.length) {
    console.error(
      `bench: leak check failed: ${failed.map((l) => `${l.name.replace(/`/g, '')}: ${l.grown.join('; ')}`).join(' · ')}`
    );
    process.exit(1);
  }
} catch (error) {
  console.error('bench: could not run:', error);
  process.exit(2);
}
