import {defaultReporter} from '@web/test-runner';
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {popupCommandPlugin} from './test/plugins/popup-command.js';
import {processCommandPlugin} from './test/plugins/process-command.js';
import {browserCommandsPlugin} from './test/plugins/browser-commands.js';
import {afterCommands} from './test/plugins/driver.js';
import {forcedColorsCommandPlugin} from './test/plugins/forced-colors-command.js';
import {mswWorkerMiddleware} from './scripts/dev-server/msw-worker-middleware.js';
import {builtFilesMiddleware} from './scripts/dev-server/built-files-middleware.js';
import {strictCspMiddleware} from './test/csp/policy.js';
import {hapiReadmePageMiddleware} from './test/plugins/hapi-readme-page.js';
import {tsFallbackMiddleware} from './scripts/dev-server/ts-fallback-middleware.js';
import {
  frameworkDepsPlugins,
  nodeEnvDefine,
} from './scripts/dev-server/framework-deps.js';
import {packageVersionDefine} from './scripts/package-version.js';
import {summaryLineReporter} from './scripts/wtr-summary-reporter.js';
import {launcherFor} from './scripts/browsers.js';
import {selectedRun, wtrFiles} from './scripts/test-plan.js';
import {visualRegressionPlugin} from '@web/test-runner-visual-regression/plugin';

// One run of scripts/test-plan.js per process: WTR_RUN=chromium (the default), firefox, webkit,
// webkit-own-session or webkit-dark-system. `npm test` runs them all (scripts/test-browsers.js).
const run = selectedRun();
const {browser} = run;

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: wtrFiles(run),
  // Lit's production build, as hosts ship it: the tests run what users run. It also costs less:
  // Chromium's run alone took 212 s and 103 CPU-seconds, against 233 s and 117 with Lit's
  // development build (beside the other lane in CI the difference was lost in the noise).
  // `npm start` keeps the development build and its warnings.
  nodeResolve: {exportConditions: ['production']},
  concurrency: 1,
  concurrentBrowsers: 1,
  // (WebKit: the runner's own steps wait for the tests' driver commands, test/plugins/driver.js)
  browsers: [afterCommands(await launcherFor(browser))],
  // strictCspMiddleware: test/csp/strict.html is served under the strict policy.
  middleware: [
    // dist/'s script-tag files as built: their integrity hashes must match.
    builtFilesMiddleware,
    mswWorkerMiddleware,
    strictCspMiddleware,
    // Human API Connect's README page, rendered with a token (test/embed/hapi-readme.test.ts).
    hapiReadmePageMiddleware,
    tsFallbackMiddleware(),
  ],
  plugins: [
    esbuildPlugin({
      ts: true,
      tsx: true,
      target: 'es2021',
      tsconfig: 'tsconfig.json',
      define: {...nodeEnvDefine, ...packageVersionDefine},
    }),
    // React (CommonJS) and Vue for the examples' tests (test/examples/).
    ...frameworkDepsPlugins(),
    popupCommandPlugin(),
    // the sandbox (and the example) as processes of their own (test/sandbox/)
    processCommandPlugin(),
    // viewport, media and type in all three browsers (test/helpers/browser.ts). WebKit cannot
    // change the media features: the page has the system's, which this run says.
    browserCommandsPlugin({
      system: run.darkSystem
        ? {colorScheme: 'dark', reducedMotion: 'reduce'}
        : {colorScheme: 'light', reducedMotion: 'no-preference'},
    }),
    // Forced colours (Windows High Contrast) in Chromium: test/visual/forced-colors.test.ts.
    forcedColorsCommandPlugin(),
    // Screenshot tests (test/visual/): baselines are committed under test/screenshots/;
    // `npm run test:update-screenshots` rewrites them after an intended change.
    visualRegressionPlugin({
      update: process.argv.includes('--update-visual-baseline'),
      baseDir: 'test/screenshots',
      diffOptions: {threshold: 0.1},
      // Runs of the same browser here give identical pictures; the small allowance absorbs
      // anti-aliasing noise while a corner radius changed from 12px to 4px still fails.
      failureThreshold: 0.01,
      failureThresholdType: 'percent',
    }),
  ],
  testFramework: {
    // A backstop for a test that hangs, not a measure of speed: on a busy machine a test takes
    // several times as long. Firefox (BiDi) and WebKit (WebDriver classic, software-rendered
    // under Xvfb) drive the popup and the keyboard with many more round trips than Chromium's CDP.
    // (60 s there: a popup login driven over WebDriver on a machine under load took over 30.)
    config: {ui: 'bdd', timeout: browser === 'chromium' ? 20000 : 60000},
  },
  // A backstop for a file that never reports, not a measure: each test has its own timeout above,
  // and a busy machine (CI beside a build) may take several times as long over a whole file.
  testsFinishTimeout: Number(process.env.WTR_FINISH_TIMEOUT ?? 600000),
  coverageConfig: {
    include: ['src/**/*.ts'],
    exclude: ['node_modules/**', 'test/**'],
    report: true,
    reportDir: 'coverage',
    reporters: ['lcov', 'text-summary'],
    threshold: {statements: 0, branches: 0, functions: 0, lines: 85},
  },
  reporters: [
    defaultReporter(),
    // scripts/test-browsers.js sets WTR_RUN, labels each run's line and prints the total last.
    summaryLineReporter({label: process.env.WTR_RUN && run.name}),
  ],
};
