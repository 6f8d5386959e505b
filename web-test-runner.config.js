import {defaultReporter} from '@web/test-runner';
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {popupCommandPlugin} from './test/plugins/popup-command.js';
import {emulationCommandsPlugin} from './test/plugins/emulation-commands.js';
import {forcedColorsCommandPlugin} from './test/plugins/forced-colors-command.js';
import {mswWorkerMiddleware} from './test/plugins/msw-worker-middleware.js';
import {strictCspMiddleware} from './test/csp/policy.js';
import {tsFallbackMiddleware} from './test/plugins/ts-fallback-middleware.js';
import {
  frameworkDepsPlugins,
  nodeEnvDefine,
} from './test/plugins/framework-deps.js';
import {summaryLineReporter} from './scripts/wtr-summary-reporter.js';
import {chromiumLaunchOptions} from './scripts/chromium.js';
import {
  WEBKIT_OWN_SESSION_FILES,
  launcherFor,
  selectedBrowser,
} from './scripts/browsers.js';
import {visualRegressionPlugin} from '@web/test-runner-visual-regression/plugin';

export {chromiumLaunchOptions};

// One browser per run: WTR_BROWSER=chromium (default), firefox or webkit (scripts/browsers.js).
// `npm run test:browser` runs all three one after another (scripts/test-browsers.js).
const browser = selectedBrowser();

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  // test/node/ holds the Node-side tests (node:test): SSR, packing.
  files: [
    'test/**/*.test.ts',
    '!test/node/**',
    // The controllers' own tests run in Node (npm run test:controllers).
    '!test/controllers/**',
    // Screenshots are pictures of one rendering engine (fonts, anti-aliasing, form controls
    // differ by engine), and their baselines are Chromium's: they run in Chromium only. What the
    // pictures show is asserted in every browser by the DOM and layout tests (test/a11y/).
    ...(browser === 'chromium' ? [] : ['!test/visual/**']),
    // WebKit runs these in a session of their own (scripts/browsers.js says why).
    ...(browser === 'webkit'
      ? WEBKIT_OWN_SESSION_FILES.map((file) => `!${file}`)
      : []),
  ],
  nodeResolve: true,
  concurrency: 1,
  concurrentBrowsers: 1,
  browsers: [await launcherFor(browser)],
  // strictCspMiddleware: test/csp/strict.html is served under the strict policy.
  middleware: [
    mswWorkerMiddleware,
    strictCspMiddleware,
    tsFallbackMiddleware(),
  ],
  plugins: [
    esbuildPlugin({
      ts: true,
      tsx: true,
      target: 'es2021',
      tsconfig: 'tsconfig.json',
      define: nodeEnvDefine,
    }),
    // React (CommonJS) and Vue for the examples' tests (test/examples/).
    ...frameworkDepsPlugins(),
    popupCommandPlugin(),
    // setViewport and emulateMedia for all three browsers (test/helpers/browser.ts).
    emulationCommandsPlugin(),
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
    // Firefox (BiDi) and WebKit (WebDriver classic, software-rendered under Xvfb) drive the
    // popup and the keyboard with many more round trips than Chromium's CDP: twice the time.
    config: {ui: 'bdd', timeout: browser === 'chromium' ? 10000 : 20000},
  },
  testsFinishTimeout: Number(
    process.env.WTR_FINISH_TIMEOUT ?? (browser === 'chromium' ? 120000 : 240000)
  ),
  coverageConfig: {
    include: ['src/**/*.ts'],
    exclude: ['node_modules/**', 'test/**'],
    report: true,
    reportDir: 'coverage',
    reporters: ['lcov', 'text-summary'],
    threshold: {statements: 0, branches: 0, functions: 0, lines: 85},
  },
  reporters: [defaultReporter(), summaryLineReporter()],
};
