// Which test files run in which browser and session: the one table that both
// web-test-runner.config.js (one run per process, picked by WTR_RUN) and scripts/test-browsers.js
// (the runs of the browsers asked for, one after another) read. To add a file or isolate one,
// change this table.
import {readdirSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The browser tests. test/node/, test/controllers/ and test/e2e/ hold the Node-side ones (node:test). */
const ALL = ['test/**/*.test.ts'];
const NODE = ['test/node/**', 'test/controllers/**', 'test/e2e/**'];
// Screenshots are pictures of one engine's rendering (fonts, anti-aliasing, form controls), and
// their baselines are Chromium's. What they show is asserted in every browser by test/a11y/.
const SCREENSHOTS = 'test/visual/**';
// Its page loads the built bundle, whose locale files come through msw's service worker with an
// integrity hash. Twice in about six CI runs, WebKit's web process went down right after this file
// had passed, and took every later file with it; alone it has passed every time.
const OWN_SESSION = 'test/i18n/load-locale.script-tag.test.ts';
// The tests that follow the system's dark theme and reduced motion. WebKitGTK reads both from GTK
// when it starts, and WebDriver classic cannot change them: a second WebKit session starts in a
// dark system that prefers reduced motion (GTK settings, scripts/test-browsers.js).
const SYSTEM = 'test/a11y/system-preferences.test.ts';
// WebKit's web process slows down over a long session: the files that render every state, in
// seven locales or under axe, took 145 s and 36-56 s late in the main session, and 12 s and 19 s
// alone in a fresh browser. They run in a WebKit session of their own, after the main one.
const WEBKIT_SECOND_SESSION = [
  'test/i18n/locales.test.ts',
  'test/a11y/states.test.ts',
];
// Firefox's files that run in the second lane, after WebKit's: beside each other Chromium takes
// about 355 s, Firefox 330 and WebKit's runs 430 (WebKit without compositing, see
// scripts/test-browsers.js), so Firefox whole in the first lane left the second idle for two
// minutes. Measure before moving files: `WTR_SLOWEST=1 npm run test:browser` prints each
// file's time per run.
const FIREFOX_SECOND_LANE = [
  'test/i18n/locales.test.ts',
  'test/examples/html.test.ts',
  'test/flow/session.test.ts',
  'test/flow/connect-flow.test.ts',
  'test/embed/script-tag.test.ts',
  'test/views/connections-view.test.ts',
  'test/flow/network-faults.test.ts',
  'test/sandbox/http-faults.test.ts',
];

/**
 * @typedef {object} Run
 * @property {string} name WTR_RUN's value, and the label of the run's summary line
 * @property {'chromium' | 'firefox' | 'webkit'} browser
 * @property {string[]} files globs from the repository root
 * @property {string[]} exclude globs
 * @property {boolean} [coverage] measures coverage (only Chromium reports any)
 * @property {boolean} [darkSystem] WebKit started in a dark system that prefers reduced motion
 * @property {0 | 1} lane the runs of one lane go one after another, the two lanes side by side:
 *   a browser run keeps about one core busy (it waits on popups, the network and the page), so
 *   two at once use a two-core machine without crowding it; WebKit, the longest, has the second
 *   lane, with the few of Firefox's files that even the lanes out
 */

/** @type {Run[]} in the order they run */
export const RUNS = [
  {
    name: 'chromium',
    lane: 0,
    browser: 'chromium',
    files: ALL,
    exclude: [...NODE],
    coverage: true,
  },
  {
    name: 'firefox',
    lane: 0,
    browser: 'firefox',
    files: ALL,
    exclude: [...NODE, SCREENSHOTS, ...FIREFOX_SECOND_LANE],
  },
  {
    name: 'webkit',
    lane: 1,
    browser: 'webkit',
    files: ALL,
    exclude: [...NODE, SCREENSHOTS, OWN_SESSION, ...WEBKIT_SECOND_SESSION],
  },
  {
    name: 'webkit-second-session',
    lane: 1,
    browser: 'webkit',
    files: WEBKIT_SECOND_SESSION,
    exclude: [],
  },
  {
    name: 'webkit-own-session',
    lane: 1,
    browser: 'webkit',
    files: [OWN_SESSION],
    exclude: [],
  },
  {
    name: 'webkit-dark-system',
    lane: 1,
    browser: 'webkit',
    files: [SYSTEM],
    exclude: [],
    darkSystem: true,
  },
  {
    name: 'firefox-second-lane',
    lane: 1,
    browser: 'firefox',
    files: FIREFOX_SECOND_LANE,
    exclude: [],
  },
];

/** The run this test-runner process is: WTR_RUN, by default `chromium`. */
export function selectedRun() {
  const name = process.env.WTR_RUN || 'chromium';
  const run = RUNS.find((r) => r.name === name);
  if (!run) {
    const names = RUNS.map((r) => r.name).join(', ');
    throw new Error(`WTR_RUN=${name}: use one of ${names}`);
  }
  return run;
}

/**
 * The run's files as @web/test-runner's `files` option.
 * @param {Run} run
 */
export const wtrFiles = (run) => [
  ...run.files,
  ...run.exclude.map((glob) => `!${glob}`),
];

/**
 * A glob as a regular expression over paths from the repository root: `**` (any directories),
 * `*` and `?` (within one directory), `{a,b}`.
 * @param {string} glob
 */
function globToRegExp(glob) {
  let source = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') ((braces += 1), (source += '(?:'));
    else if (char === '}' && braces) ((braces -= 1), (source += ')'));
    else if (char === ',' && braces) source += '|';
    else source += char.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Whether the run takes this file (a path from the repository root).
 * @param {Run} run
 * @param {string} file
 */
export const takes = (run, file) =>
  run.files.some((glob) => globToRegExp(glob).test(file)) &&
  !run.exclude.some((glob) => globToRegExp(glob).test(file));

/**
 * The files under `dir` (a path from the repository root), as paths from the root.
 * @param {string} dir
 * @returns {string[]}
 */
function filesUnder(dir) {
  return readdirSync(path.join(ROOT, dir), {
    recursive: true,
    withFileTypes: true,
  })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      path.relative(ROOT, path.join(entry.parentPath ?? entry.path, entry.name))
    );
}

/**
 * The folder a glob's files are under: its part before the first wildcard.
 * @param {string} glob
 */
const baseOf = (glob) => path.dirname(`${glob.split(/[*?{]/)[0]}-`);

/**
 * The test files that a `--files` argument (a path or glob from the current folder) names, among
 * the files under the folders that the plan's globs start from.
 * @param {string} pattern
 * @returns {string[]}
 */
export function namedFiles(pattern) {
  const glob = globToRegExp(path.relative(ROOT, path.resolve(pattern)));
  const bases = new Set(RUNS.flatMap((run) => run.files.map(baseOf)));
  const files = new Set([...bases].flatMap(filesUnder));
  return [...files].filter((file) => glob.test(file));
}
