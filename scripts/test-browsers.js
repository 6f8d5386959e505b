#!/usr/bin/env node
/**
 * Runs the browser test suite in each browser, one after another (two cores here: never two
 * browsers at once), and prints last a combined closing line
 *
 *   wtr: N passed, N failed, N skipped
 *
 * after one line per browser (`wtr[firefox]: …`). Exits non-zero when any run failed or printed
 * no summary. WebKit gets its X display (Xvfb) and WebKitWebDriver started here, and both are
 * stopped by their PIDs when its run ends.
 *
 * WebKit runs twice. WebKitGTK takes `prefers-color-scheme` and `prefers-reduced-motion` from GTK's
 * settings when it starts, and WebDriver classic cannot change them as the other two browsers'
 * drivers can, so after the whole suite (in a light system with motion) the tests that follow the
 * system (SYSTEM_FILES) run again in WebKit started in a dark system that prefers reduced motion:
 * GTK_THEME=Adwaita:dark, and `gtk-enable-animations=false` in a settings.ini of its own. This
 * second run is left out when `--files` picks files, unless it names one of those. In the same way,
 * WebKit runs WEBKIT_OWN_SESSION_FILES (scripts/browsers.js says why) in a session of their own.
 *
 * A browser this machine lacks fails the run under CI (`CI` set: `.ci/run` installs all three);
 * elsewhere it is left out with a warning that names the Debian packages to install, so that
 * `npm test` on a machine with Chromium alone still tests something and says what it skipped.
 *
 * usage: node scripts/test-browsers.js [--coverage] [chromium|firefox|webkit …] [wtr args…]
 *   With no browser named, all three run. --coverage applies to Chromium (the only browser that
 *   reports coverage). Other arguments go to every wtr run, e.g. `--files test/a11y/*.test.ts`:
 *   `npm run test:firefox -- --files test/a11y/keyboard.test.ts`.
 */
import {spawn} from 'node:child_process';
import {mkdtempSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import {
  BROWSERS,
  WEBKIT_OWN_SESSION_FILES,
  missingPackages,
} from './browsers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WTR = path.join(ROOT, 'node_modules/@web/test-runner/dist/bin.js');
const SUMMARY =
  /^wtr(?:\[[a-z, ]+\])?: (\d+) passed, (\d+) failed, (\d+) skipped$/;
/** The tests that follow the system's dark theme and reduced motion: WebKit runs them again in such a system. */
const SYSTEM_FILES = ['test/a11y/system-preferences.test.ts'];

const argv = process.argv.slice(2);
const coverage = argv.includes('--coverage');
// Browser names pick the browsers; anything else (but --coverage) goes to every wtr run.
const named = argv.filter((a) => BROWSERS.includes(/** @type {any} */ (a)));
const passthrough = argv.filter(
  (a) => a !== '--coverage' && a !== '--' && !named.includes(a)
);
const browsers = named.length ? named : [...BROWSERS];

/**
 * `args` without `--files` and its values (wtr takes every `--files` given, not the last one).
 * @param {string[]} args
 */
function withoutFiles(args) {
  const kept = [];
  let inFiles = false;
  for (const arg of args) {
    if (arg.startsWith('-')) inFiles = arg === '--files';
    if (!inFiles) kept.push(arg);
  }
  return kept;
}

/** @param {number} ms */
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A free TCP port on the loopback interface. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const {port} = /** @type {import('node:net').AddressInfo} */ (
        server.address()
      );
      server.close(() => resolve(port));
    });
  });
}

/**
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} name
 */
async function stop(child, name) {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid)
    return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const done = await Promise.race([
    exited.then(() => true),
    delay(5000).then(() => false),
  ]);
  if (!done) {
    console.error(
      `${name} (pid ${child.pid}) did not stop on SIGTERM; killing it`
    );
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * Starts Xvfb on a free display number, and WebKitWebDriver on a free port; with `darkSystem`,
 * the browsers it starts see a dark GTK theme and GTK's animations turned off.
 * @param {{darkSystem?: boolean}} [options]
 * @returns {Promise<{env: Record<string, string>, stop: () => Promise<void>}>}
 */
async function startWebKitServices({darkSystem = false} = {}) {
  /** @type {import('node:child_process').ChildProcess[]} */
  const started = [];
  /** The GTK settings of the dark system (a config home of its own), while it is up. */
  let configHome = '';
  const stopAll = async () => {
    for (const child of started.reverse()) await stop(child, child.spawnfile);
    if (configHome) rmSync(configHome, {recursive: true, force: true});
  };
  /** @type {Record<string, string>} */
  let system = {};
  if (darkSystem) {
    configHome = mkdtempSync(path.join(tmpdir(), 'hc-gtk-'));
    mkdirSync(path.join(configHome, 'gtk-3.0'));
    writeFileSync(
      path.join(configHome, 'gtk-3.0', 'settings.ini'),
      '[Settings]\ngtk-enable-animations=false\n'
    );
    system = {GTK_THEME: 'Adwaita:dark', XDG_CONFIG_HOME: configHome};
  }
  try {
    // -displayfd: Xvfb picks a free display and writes its number to fd 3 once it accepts clients.
    const xvfb = spawn(
      'Xvfb',
      ['-displayfd', '3', '-screen', '0', '1920x1080x24', '-nolisten', 'tcp'],
      {
        stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
      }
    );
    started.push(xvfb);
    const display = await new Promise((resolve, reject) => {
      let text = '';
      const timer = setTimeout(
        () => reject(new Error('Xvfb did not report a display within 20 s')),
        20000
      );
      xvfb.once('error', (error) => {
        clearTimeout(timer);
        reject(
          new Error(
            `cannot start Xvfb (apt-get install xvfb): ${error.message}`
          )
        );
      });
      xvfb.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Xvfb exited (${code}) before reporting a display`));
      });
      /** @type {import('node:stream').Readable} */ (xvfb.stdio[3]).on(
        'data',
        (chunk) => {
          text += chunk;
          if (text.includes('\n')) {
            clearTimeout(timer);
            resolve(`:${text.trim()}`);
          }
        }
      );
    });
    const port = await freePort();
    const driver = spawn(
      'WebKitWebDriver',
      [`--port=${port}`, '--host=127.0.0.1'],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {...process.env, ...system, DISPLAY: display},
      }
    );
    started.push(driver);
    driver.once('error', (error) =>
      console.error(
        `cannot start WebKitWebDriver (apt-get install webkit2gtk-driver): ${error.message}`
      )
    );
    const deadline = Date.now() + 30000;
    for (;;) {
      if (driver.exitCode !== null || driver.signalCode !== null)
        throw new Error('WebKitWebDriver exited at start');
      try {
        const response = await fetch(`http://127.0.0.1:${port}/status`);
        const body = /** @type {any} */ (await response.json());
        if (body?.value?.ready !== false) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error('WebKitWebDriver did not answer /status within 30 s');
      await delay(100);
    }
    /** @type {Record<string, string>} */
    const env = {DISPLAY: display, WEBKIT_WEBDRIVER_PORT: String(port)};
    // What the system is, for the `media` command (test/plugins/emulation-commands.js).
    if (darkSystem)
      Object.assign(env, {
        WTR_SYSTEM_COLOR_SCHEME: 'dark',
        WTR_SYSTEM_REDUCED_MOTION: 'reduce',
      });
    return {env, stop: stopAll};
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * One wtr run in one browser; its output passes through, and its summary line is read.
 * @param {string} browser
 * @param {string} label names the run in its summary line
 * @param {string[]} wtrArgs
 * @param {Record<string, string>} extraEnv
 * @returns {Promise<{counts: {passed: number, failed: number, skipped: number} | null, code: number | null, seconds: number}>}
 */
function runWtr(browser, label, wtrArgs, extraEnv) {
  const args = [
    WTR,
    ...(coverage && browser === 'chromium' ? ['--coverage'] : []),
    ...wtrArgs,
  ];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        ...extraEnv,
        WTR_BROWSER: browser,
        WTR_SUMMARY_LABEL: label,
      },
    });
    /** @type {{passed: number, failed: number, skipped: number} | null} */
    let counts = null;
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const match = SUMMARY.exec(line.trim());
        if (match)
          counts = {passed: +match[1], failed: +match[2], skipped: +match[3]};
      }
    });
    child.on('close', (code) => {
      const match = SUMMARY.exec(pending.trim());
      if (match)
        counts = {passed: +match[1], failed: +match[2], skipped: +match[3]};
      resolve({
        counts,
        code,
        seconds: Math.round((Date.now() - started) / 100) / 10,
      });
    });
  });
}

/** @type {{stop: () => Promise<void>} | undefined} WebKit's Xvfb and WebKitWebDriver, while up */
let running;
// Interrupted (Ctrl-C, a kill, or the reader of our output gone): still stop Xvfb and
// WebKitWebDriver, which would otherwise outlive us.
const bail = async (/** @type {number} */ code) => {
  await running?.stop().catch(() => {});
  process.exit(code);
};
process.once('SIGINT', () => void bail(130));
process.once('SIGTERM', () => void bail(143));
process.stdout.on('error', () => void bail(1));

const total = {passed: 0, failed: 0, skipped: 0};
/** @type {string[]} */
const lines = [];
let ok = true;
/** @type {string[]} */
const leftOut = [];
for (const browser of browsers) {
  const missing = missingPackages(browser);
  if (missing.length) {
    const install = `apt-get install ${missing.join(' ')}`;
    if (process.env.CI) {
      console.error(
        `\n${browser}: not installed (${install}); CI runs every browser`
      );
      lines.push(
        `wtr[${browser}]: 0 passed, 1 failed, 0 skipped (not installed: ${install})`
      );
      total.failed += 1;
      ok = false;
    } else {
      console.warn(
        `\n${browser}: NOT TESTED, not installed on this machine (${install})`
      );
      leftOut.push(`${browser} (${install})`);
    }
    continue;
  }
  /** @type {Array<{label: string, what: string, args: string[], darkSystem: boolean}>} */
  const runs = [];
  const picked = passthrough.includes('--files');
  /** Whether a run of `files` of its own belongs to this call: no --files given, or one of them named. */
  const wanted = (/** @type {string[]} */ files) =>
    !picked || files.some((f) => passthrough.includes(f));
  // (In WebKit, the files of its own session out of the main run, also when --files names them.)
  const own = browser === 'webkit' ? WEBKIT_OWN_SESSION_FILES : [];
  const mainArgs = passthrough.filter((a) => !own.includes(a));
  if (!picked || withoutFiles(mainArgs).length < mainArgs.length - 1) {
    runs.push({
      label: browser,
      what: 'browser tests',
      args: mainArgs,
      darkSystem: false,
    });
  }
  if (own.length && wanted(own)) {
    const args = [...withoutFiles(passthrough), '--files', ...own];
    runs.push({
      label: 'webkit, own session',
      what: 'the files that run in a session of their own',
      args,
      darkSystem: false,
    });
  }
  if (browser === 'webkit' && wanted(SYSTEM_FILES)) {
    const args = [...withoutFiles(passthrough), '--files', ...SYSTEM_FILES];
    const what =
      'the tests that follow the system, in a dark system with reduced motion';
    runs.push({label: 'webkit, dark system', what, args, darkSystem: true});
  }
  for (const {label, what, args, darkSystem} of runs) {
    console.log(
      `\n=== ${browser}: ${what}${coverage && browser === 'chromium' ? ', with coverage' : ''} ===\n`
    );
    /** @type {Awaited<ReturnType<typeof startWebKitServices>> | undefined} */
    let services;
    let result;
    try {
      if (browser === 'webkit')
        running = services = await startWebKitServices({darkSystem});
      result = await runWtr(browser, label, args, services?.env ?? {});
    } catch (error) {
      console.error(
        `${label}: ${error instanceof Error ? error.message : error}`
      );
      result = {counts: null, code: 1, seconds: 0};
    } finally {
      await services?.stop();
      running = undefined;
    }
    // A run that printed no summary (it crashed, or never started) counts as one failure.
    const counts = result.counts ?? {passed: 0, failed: 1, skipped: 0};
    if (result.code !== 0 || !result.counts || counts.failed > 0) ok = false;
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
    lines.push(
      `wtr[${label}]: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped` +
        ` (${result.seconds} s${result.code === 0 ? '' : `, exit ${result.code}`})`
    );
  }
}

console.log('');
for (const line of lines) console.log(line);
if (leftOut.length)
  console.log(
    `not tested here, for want of the browser: ${leftOut.join(', ')}`
  );
// Every browser left out: nothing was tested, which is no pass.
if (leftOut.length === browsers.length) {
  console.error(
    'no browser to test in: install at least one of the packages above'
  );
  ok = false;
}
if (!ok && total.failed === 0) total.failed = 1; // a non-zero exit with no failed test counted
console.log(
  `wtr: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`
);
process.exit(ok ? 0 : 1);
