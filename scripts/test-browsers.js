#!/usr/bin/env node
/**
 * Runs the browser tests: the runs of scripts/test-plan.js for the browsers named (all three when
 * none is), in the plan's two lanes side by side (Chromium then Firefox in one, WebKit's runs in
 * the other; a run keeps about one core busy), or with `--serial` one run at a time. The first
 * lane's output passes through as it comes; the other's is printed when it ends. Side by side a
 * whole run takes about 40 % less time, though each browser runs 1.6 times slower: the tests
 * drive the login popup one step per command (test/helpers/popup.ts), so that even then none
 * nears the runner's fixed 20 s limit on a command. Prints a line per run
 * (`wtr[firefox]: …`) and, last and alone, the combined `wtr: N passed, N failed, N skipped`.
 * Exits non-zero when a run failed or printed no summary.
 *
 * usage: node scripts/test-browsers.js [chromium|firefox|webkit …] [wtr args…]
 *   `--files a b …` gives each run the files named that it takes, and leaves out a run that takes
 *   none. The plan's coverage run measures coverage when no --files are given (a part of the suite
 *   cannot meet the threshold set for the whole), or with --coverage. Other arguments go to every
 *   run: `npm run test:webkit -- --files test/a11y/*.test.ts`.
 *
 * A browser this machine lacks fails the run under CI (`CI` set; `.ci/run` installs all three);
 * elsewhere it is left out with a warning that names the Debian packages to install, so that
 * `npm test` on a machine with Chromium alone still tests something and says what it left out.
 * For WebKit, Xvfb and WebKitWebDriver are started before each run and stopped by their PIDs
 * after it, also on Ctrl-C.
 */
import {spawn} from 'node:child_process';
import {
  mkdtempSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import {BROWSERS, missingPackages} from './browsers.js';
import {RUNS, namedFiles, takes} from './test-plan.js';
import {delay, poll} from './poll.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WTR = path.join(ROOT, 'node_modules/@web/test-runner/dist/bin.js');
const SUMMARY =
  /^wtr(?:\[[\w-]+\])?: (\d+) passed, (\d+) failed, (\d+) skipped$/;

const argv = process.argv.slice(2);
// Browser names pick the browsers; `--files` and its values pick files; the rest goes to wtr.
const named = argv.filter((a) => BROWSERS.includes(/** @type {any} */ (a)));
const browsers = named.length ? named : [...BROWSERS];
/** @type {string[] | null} the `--files` values, null when none is given */
let filesArgs = null;
/** @type {string[]} */
const passthrough = [];
let inFiles = false;
for (const arg of argv) {
  if (arg === '--files') {
    filesArgs ??= [];
    inFiles = true;
  } else if (arg.startsWith('--files=')) {
    (filesArgs ??= []).push(arg.slice('--files='.length));
    inFiles = false;
  } else if (arg.startsWith('-')) {
    inFiles = false;
    if (!['--', '--coverage', '--serial'].includes(arg)) passthrough.push(arg);
  } else if (inFiles) filesArgs?.push(arg);
  else if (!named.includes(arg)) passthrough.push(arg);
}
const coverageAlways = argv.includes('--coverage');
const serial = argv.includes('--serial');

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
 * Starts Xvfb on a free display number, and WebKitWebDriver on a free port. With `darkSystem`,
 * the browsers it starts see a dark GTK theme and GTK's animations turned off, from which
 * WebKitGTK takes prefers-color-scheme and prefers-reduced-motion.
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
        // Under Xvfb there is no GPU: WebKitGTK's accelerated compositing runs on software
        // OpenGL, the costliest way to draw. Without it the same tests take a quarter less time
        // (the locale walk and the axe walk: 59 s, then 46 s), and leave the other lane more of
        // the CPU. What the tests check (the DOM, layout, focus) does not depend on it.
        env: {
          ...process.env,
          ...system,
          DISPLAY: display,
          WEBKIT_DISABLE_COMPOSITING_MODE: '1',
        },
      }
    );
    started.push(driver);
    driver.once('error', (error) =>
      console.error(
        `cannot start WebKitWebDriver (apt-get install webkit2gtk-driver): ${error.message}`
      )
    );
    await poll(
      async () => {
        if (driver.exitCode !== null || driver.signalCode !== null)
          throw new Error('WebKitWebDriver exited at start');
        try {
          const response = await fetch(`http://127.0.0.1:${port}/status`);
          const body = /** @type {any} */ (await response.json());
          return body?.value?.ready !== false;
        } catch {
          return false; // not listening yet
        }
      },
      30000,
      'WebKitWebDriver did not answer /status within 30 s',
      100
    );
    const env = {DISPLAY: display, WEBKIT_WEBDRIVER_PORT: String(port)};
    return {env, stop: stopAll};
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * One wtr run; its output passes through, and its summary line is read.
 * @param {import('./test-plan.js').Run} run
 * @param {string[]} wtrArgs
 * @param {Record<string, string>} extraEnv
 * @param {(text: string) => void} write where its output goes
 * @returns {Promise<{counts: {passed: number, failed: number, skipped: number} | null, code: number | null, seconds: number}>}
 */
function runWtr(run, wtrArgs, extraEnv, write) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [WTR, ...wtrArgs], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {...process.env, ...extraEnv, WTR_RUN: run.name},
    });
    /** @type {{passed: number, failed: number, skipped: number} | null} */
    let counts = null;
    let pending = '';
    /** @param {string} line */
    const read = (line) => {
      const match = SUMMARY.exec(line.trim());
      if (match)
        counts = {passed: +match[1], failed: +match[2], skipped: +match[3]};
    };
    child.stdout.on('data', (chunk) => {
      write(String(chunk));
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(read);
    });
    child.on('close', (code) => {
      read(pending);
      resolve({
        counts,
        code,
        seconds: Math.round((Date.now() - started) / 100) / 10,
      });
    });
  });
}

/** @type {Set<{stop: () => Promise<void>}>} WebKit's Xvfb and WebKitWebDriver, while up */
const running = new Set();
// Interrupted (Ctrl-C, a kill, or the reader of our output gone): still stop Xvfb and
// WebKitWebDriver, which would otherwise outlive us.
const bail = async (/** @type {number} */ code) => {
  await Promise.all([...running].map((s) => s.stop().catch(() => {})));
  process.exit(code);
};
process.once('SIGINT', () => void bail(130));
process.once('SIGTERM', () => void bail(143));
process.stdout.on('error', () => void bail(1));

/**
 * @typedef {{file: string, test: string, message: string}} Failure a failed test, or an error of
 *   a file's session (`test` empty), as scripts/wtr-summary-reporter.js reports it
 */

const total = {passed: 0, failed: 0, skipped: 0};
/** @type {(Failure & {run: string})[]} what failed, in every run */
const failed = [];
/** @type {string[]} */
const lines = [];
let ok = true;

/** @type {string[] | null} the test files named with --files */
let picked = null;
if (filesArgs) {
  picked = [];
  for (const pattern of filesArgs) {
    const files = namedFiles(pattern);
    if (!files.length) {
      console.error(`--files ${pattern}: no test file matches it`);
      console.log('wtr: 0 passed, 1 failed, 0 skipped');
      process.exit(1);
    }
    picked.push(...files);
  }
  picked = [...new Set(picked)];
}
/** Each run of the browsers asked for, with the files named that it takes (null: all its own). */
const plan = RUNS.filter((run) => browsers.includes(run.browser))
  .map((run) => ({
    run,
    files: picked && picked.filter((file) => takes(run, file)),
  }))
  .filter(({files}) => !files || files.length);
for (const file of picked ?? []) {
  if (!plan.some(({files}) => files?.includes(file)))
    console.warn(
      `${file}: no run of ${browsers.join(', ')} takes it (scripts/test-plan.js)`
    );
}

/** @type {string[]} */
const leftOut = [];
let ran = 0;
/** @type {typeof plan} the runs to make, of the browsers this machine has */
const queue = [];
for (const browser of browsers) {
  const runs = plan.filter(({run}) => run.browser === browser);
  if (!runs.length) continue;
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
  queue.push(...runs);
}

/**
 * One run of the plan, its output written through `write`.
 * @param {{run: import('./test-plan.js').Run, files: string[] | null}} item
 * @param {(text: string) => void} write
 */
async function runOne({run, files}, write) {
  const coverage = Boolean(run.coverage && (!files || coverageAlways));
  const about = [
    run.darkSystem && 'in a dark system that prefers reduced motion',
    files && `${files.length} of the files named`,
    coverage && 'with coverage',
  ].filter(Boolean);
  write(`\n=== ${[run.name, ...about].join(', ')} ===\n\n`);
  const args = [
    ...(coverage ? ['--coverage'] : []),
    ...(files ? ['--files', ...files] : []),
    ...passthrough,
  ];
  let {result, lost, failures} = await session(run, args, write);
  let counts = result.counts ?? {passed: 0, failed: 1, skipped: 0};
  let again = '';
  // The browser went down (WebKit's web process has, now and then, on a busy machine) and only
  // the files it never ran failed: those run again, in a fresh browser, as long as each browser
  // gets further than the last (a file that takes every browser down ends it). A test that
  // failed is never run again.
  let retries = 0;
  while (result.counts && lost.length && counts.failed === lost.length) {
    write(
      `\n=== ${run.name}: the browser went down; ${lost.length} file(s) it never ran, in a new one: ${lost.join(', ')} ===\n\n`
    );
    const retry = await session(
      run,
      ['--files', ...lost, ...passthrough],
      write
    );
    failures = retry.failures;
    // (no summary: the lost files still count as failed, as the last browser left them)
    if (!retry.result.counts) break;
    retries += lost.length;
    counts = {
      passed: counts.passed + retry.result.counts.passed,
      failed: retry.result.counts.failed,
      skipped: counts.skipped + retry.result.counts.skipped,
    };
    result = {
      counts,
      code: retry.result.code,
      // tenths of a second, as each run's own
      seconds: Math.round((result.seconds + retry.result.seconds) * 10) / 10,
    };
    again = `, ${retries} file(s) run again after the browser went down`;
    // (no further than the last browser: the same files would take the next one down too)
    if (retry.lost.length >= lost.length) break;
    lost = retry.lost;
  }
  ran += 1;
  failed.push(...failures.map((failure) => ({...failure, run: run.name})));
  // A run that printed no summary (it crashed, or never started) counts as one failure.
  if (result.code !== 0 || !result.counts || counts.failed > 0) ok = false;
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
  lines.push(
    `wtr[${run.name}]: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped` +
      ` (${result.seconds} s${result.code === 0 ? '' : `, exit ${result.code}`}${again})`
  );
}

/**
 * One test-runner process for `run`, in a browser of its own (WebKit's services started and
 * stopped around it).
 * @param {import('./test-plan.js').Run} run
 * @param {string[]} args
 * @param {(text: string) => void} write
 * @returns {Promise<{result: Awaited<ReturnType<typeof runWtr>>, lost: string[], failures: Failure[]}>}
 *   the run's result, the files whose session reported no test, and what failed
 *   (scripts/wtr-summary-reporter.js)
 */
async function session(run, args, write) {
  const reportFile = path.join(
    mkdtempSync(path.join(tmpdir(), 'hc-wtr-')),
    'report.json'
  );
  /** @type {Awaited<ReturnType<typeof startWebKitServices>> | undefined} */
  let services;
  let result;
  try {
    if (run.browser === 'webkit') {
      services = await startWebKitServices(run);
      running.add(services);
    }
    // A free port of its own: wtr, told none, takes 8000, and two runs starting at once (or
    // `npm start` left open) would race for it.
    result = await runWtr(
      run,
      ['--port', String(await freePort()), ...args],
      {...services?.env, WTR_REPORT: reportFile},
      write
    );
  } catch (error) {
    write(`${run.name}: ${error instanceof Error ? error.message : error}\n`);
    result = {counts: null, code: 1, seconds: 0};
  } finally {
    if (services) {
      await services.stop();
      running.delete(services);
    }
  }
  /** @type {{lost: string[], failures: Failure[]}} */
  let report = {lost: [], failures: []};
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8'));
  } catch {
    // no summary written: the run never got that far
  }
  rmSync(path.dirname(reportFile), {recursive: true, force: true});
  return {result, ...report};
}

const lanes = serial
  ? [queue]
  : [0, 1].map((lane) => queue.filter(({run}) => run.lane === lane));
await Promise.all(
  lanes.map(async (items, index) => {
    // The first lane's output as it comes; another's, whole, when it ends.
    let held = '';
    const write =
      index === 0
        ? (/** @type {string} */ text) => void process.stdout.write(text)
        : (/** @type {string} */ text) => void (held += text);
    for (const item of items) await runOne(item, write);
    if (held) process.stdout.write(held);
  })
);

console.log('');
// Again at the end, where a log cut to its tail still shows it: the second lane's output comes
// whole when it ends, and a failure in it may be thousands of lines up.
if (failed.length) {
  console.log('what failed:');
  for (const {run, file, test, message} of failed)
    console.log(
      `  [${run}] ${file}${test ? ` > ${test}` : ''}\n${message.replace(/^/gm, '      ')}`
    );
  console.log('');
}
// In the plan's order, whichever lane finished first.
const order = (/** @type {string} */ line) =>
  RUNS.findIndex((run) => line.startsWith(`wtr[${run.name}]`));
for (const line of lines.sort((a, b) => order(a) - order(b))) console.log(line);
if (leftOut.length)
  console.log(
    `not tested here, for want of the browser: ${leftOut.join(', ')}`
  );
// Nothing run (every browser left out, or no file named that a run takes): no pass.
if (!ran && ok) {
  console.error(
    leftOut.length
      ? 'no browser to test in: install at least one of the packages above'
      : 'no test to run'
  );
  ok = false;
}
if (!ok && total.failed === 0) total.failed = 1; // a non-zero exit with no failed test counted
console.log(
  `wtr: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`
);
process.exit(ok ? 0 : 1);
