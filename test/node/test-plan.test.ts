/**
 * scripts/test-plan.js: however its runs and lanes are cut, every engine runs every browser test
 * it ran before, and no file twice but by design.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
// @ts-expect-error a JavaScript module of the build scripts, without types
import {RUNS, namedFiles, takes} from '../../scripts/test-plan.js';

type Run = {name: string; browser: string; lane: number};

const NODE_SIDE = /^test\/(node|controllers|e2e)\//;
const browserFiles: string[] = namedFiles('test/**/*.test.ts').filter(
  (file: string) => !NODE_SIDE.test(file)
);

/** The runs of `browser` that take `file`. */
const runsOf = (browser: string, file: string): string[] =>
  (RUNS as Run[])
    .filter((run) => run.browser === browser && takes(run, file))
    .map((run) => run.name);

test('the plan sees the browser tests', () => {
  assert.ok(browserFiles.length > 20, browserFiles.join(', '));
  assert.ok(browserFiles.includes('test/i18n/locales.test.ts'));
});

test('Chromium and Firefox run each browser test once; screenshots only in Chromium', () => {
  for (const file of browserFiles) {
    const screenshot = file.startsWith('test/visual/');
    assert.equal(runsOf('chromium', file).length, 1, `chromium: ${file}`);
    assert.equal(
      runsOf('firefox', file).length,
      screenshot ? 0 : 1,
      `firefox: ${file} in ${runsOf('firefox', file).join(', ')}`
    );
  }
});

test('WebKit runs each browser test once, and the system preferences again in a dark system', () => {
  for (const file of browserFiles) {
    const expected = file.startsWith('test/visual/')
      ? []
      : file === 'test/a11y/system-preferences.test.ts'
        ? ['webkit', 'webkit-dark-system']
        : file === 'test/i18n/load-locale.script-tag.test.ts'
          ? ['webkit-own-session']
          : ['test/i18n/locales.test.ts', 'test/a11y/states.test.ts'].includes(
                file
              )
            ? ['webkit-second-session']
            : ['webkit'];
    assert.deepEqual(runsOf('webkit', file), expected, file);
  }
});

test('two lanes, each with work', () => {
  const lanes = new Set((RUNS as Run[]).map((run) => run.lane));
  assert.deepEqual([...lanes].sort(), [0, 1]);
});
