// The three browsers the tests run in, all from Debian's packages (README, "Testing in Chromium,
// Firefox and WebKit"), as @web/test-runner launchers:
//
// - chromium: `chromium`, through puppeteer-core (CDP). Coverage comes from here only.
// - firefox:  `firefox-esr`, through puppeteer-core over WebDriver BiDi (no geckodriver).
// - webkit:   `webkit2gtk-driver`'s MiniBrowser, through WebKitWebDriver (WebDriver classic). It
//             needs an X display and a running WebKitWebDriver, which scripts/test-browsers.js
//             starts, passing the driver's port in WEBKIT_WEBDRIVER_PORT.
//
// `node scripts/browsers.js --missing` prints the Debian packages this machine lacks for the three
// (space separated), or nothing: `.ci/run` installs them. It runs before `npm ci`, so this module
// imports its dependencies only when a launcher is asked for.
import {accessSync, constants} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromiumLaunchOptions} from './chromium.js';

export const BROWSERS = /** @type {const} */ ([
  'chromium',
  'firefox',
  'webkit',
]);

export const firefoxExecutable =
  process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
export const miniBrowserExecutable =
  process.env.MINIBROWSER_PATH ||
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/**
 * Firefox preferences for a test profile: no first-run pages, no background traffic (this closed
 * network refuses it), and popups opened from a click without the popup blocker's bar.
 */
const firefoxPrefs = {
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'app.update.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  // The tests drive a login popup; keep it a separate window as in a user's default profile.
  'browser.link.open_newwindow': 2,
};

/**
 * @param {string} name one of BROWSERS
 * @returns {Promise<import('@web/test-runner').BrowserLauncher>}
 */
export async function launcherFor(name) {
  if (name === 'chromium' || name === 'firefox') {
    const {chromeLauncher} = await import('@web/test-runner-chrome');
    if (name === 'chromium')
      return chromeLauncher({launchOptions: chromiumLaunchOptions});
    const {default: puppeteer} = await import('puppeteer-core');
    return chromeLauncher({
      // puppeteer-core with `browser: 'firefox'` speaks WebDriver BiDi to Firefox directly.
      puppeteer: /** @type {any} */ (puppeteer),
      launchOptions: {
        browser: 'firefox',
        executablePath: firefoxExecutable,
        headless: true,
        // Opens the browser's privileged scope to BiDi, where the tests' `media` command sets
        // the preferences behind prefers-color-scheme and prefers-reduced-motion
        // (test/plugins/driver.js).
        args: ['-remote-allow-system-access'],
        extraPrefsFirefox: firefoxPrefs,
      },
    });
  }
  if (name === 'webkit') {
    const port = Number(process.env.WEBKIT_WEBDRIVER_PORT);
    if (!port) {
      throw new Error(
        'WebKit needs a running WebKitWebDriver and X display: run it through scripts/test-browsers.js ' +
          '(npm run test:webkit does), which sets WEBKIT_WEBDRIVER_PORT.'
      );
    }
    const {webdriverLauncher} = await import('@web/test-runner-webdriver');
    return webdriverLauncher({
      hostname: '127.0.0.1',
      port,
      path: '/',
      logLevel: 'error',
      capabilities: {
        browserName: 'MiniBrowser',
        // WebKitWebDriver speaks WebDriver classic; webdriverio would otherwise try BiDi.
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': {
          binary: miniBrowserExecutable,
          // Lets the tests' scripted clicks open the login popup, as puppeteer's defaults do in
          // Chromium (--disable-popup-blocking) and Firefox (dom.disable_open_during_load). The
          // widget opens its popup synchronously in the click handler, so a real click in Safari
          // is allowed to open it; a blocked popup is tested on its own (sandbox/popup-blocker.ts).
          args: [
            '--automation',
            '--javascript-can-open-windows-automatically=true',
          ],
        },
      },
    });
  }
  throw new Error(
    `unknown browser ${JSON.stringify(name)}: use one of ${BROWSERS.join(', ')}`
  );
}

/** @param {string} file */
const isExecutable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
/** @param {string} command */
const onPath = (command) =>
  (process.env.PATH ?? '')
    .split(path.delimiter)
    .some((dir) => dir && isExecutable(path.join(dir, command)));

/**
 * What a browser's run needs and this machine lacks, as the Debian packages that bring it;
 * empty when the browser can run.
 * @param {typeof BROWSERS[number]} name
 * @returns {string[]}
 */
export function missingPackages(name) {
  if (name === 'chromium')
    return isExecutable(chromiumLaunchOptions.executablePath)
      ? []
      : ['chromium'];
  if (name === 'firefox')
    return isExecutable(firefoxExecutable) ? [] : ['firefox-esr'];
  return [
    ...(isExecutable(miniBrowserExecutable) && onPath('WebKitWebDriver')
      ? []
      : ['webkit2gtk-driver']),
    ...(onPath('Xvfb') ? [] : ['xvfb']),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] !== '--missing') {
    console.error('usage: node scripts/browsers.js --missing');
    process.exit(2);
  }
  const missing = BROWSERS.flatMap(missingPackages);
  if (missing.length) console.log(missing.join(' '));
}
