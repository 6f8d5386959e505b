#!/usr/bin/env node
/**
 * `npm test`: builds `dist/` once, then runs the Node-side tests (test:node, test:controllers,
 * test:e2e, one after another) beside the browser tests (scripts/test-browsers.js, its two lanes).
 * The browser runs wait on pages, popups and timers more than they compute, so the Node tests fit
 * beside them on a two-core machine: a whole run takes about a minute less than one after the
 * other.
 *
 * The browser tests' output passes through as it comes; the Node tests' is printed whole when
 * they end, then a line `node: passed` or `node: FAILED (exit N)`. The browser tests' summary,
 * `wtr: N passed, N failed, N skipped`, comes last. Exits non-zero when either failed.
 *
 * usage: node scripts/test-all.js [args for scripts/test-browsers.js…]
 */
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{env?: Record<string, string>, write?: (text: string) => void}} [options]
 * @returns {Promise<number>} the exit code (1 when killed by a signal)
 */
function run(command, args, {env = {}, write} = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: ['ignore', write ? 'pipe' : 'inherit', write ? 'pipe' : 'inherit'],
      env: {...process.env, ...env},
    });
    if (write) {
      child.stdout?.on('data', (chunk) => write(String(chunk)));
      child.stderr?.on('data', (chunk) => write(String(chunk)));
    }
    child.on('close', (code) => resolve(code ?? 1));
  });
}

// One build for all: the pack test packs it as it is (HC_PREBUILT), the whole-flow test and the
// browser tests of the script-tag bundle load it. Nothing rebuilds dist/ while they read it.
const built = await run(NPM, ['run', 'build', '--silent']);
if (built !== 0) {
  console.error(`npm run build failed (exit ${built})`);
  process.exit(built);
}

let nodeOutput = '';
const node = (async () => {
  const write = (/** @type {string} */ text) => void (nodeOutput += text);
  const env = {HC_PREBUILT: '1'};
  for (const script of ['test:node', 'test:controllers', 'test:e2e']) {
    write(`\n> npm run ${script}\n`);
    const code = await run(NPM, ['run', script, '--silent'], {env, write});
    if (code !== 0) return {script, code};
  }
  return null;
})();

const browserArgs = process.argv.slice(2);
// The browser runs' summary is read from their last line, so it is printed after the Node tests'.
let browserTail = '';
const browsers = run(
  process.execPath,
  [path.join(ROOT, 'scripts/test-browsers.js'), ...browserArgs],
  {
    write: (text) => {
      browserTail += text;
      // Hold back the last few lines (the summary) until the end; pass the rest through.
      const lines = browserTail.split('\n');
      const keep = lines.slice(-12);
      const pass = lines.slice(0, -12);
      if (pass.length) process.stdout.write(`${pass.join('\n')}\n`);
      browserTail = keep.join('\n');
    },
  }
);

const nodeFailure = await node;
process.stdout.write(`${nodeOutput}\n`);
process.stdout.write(
  nodeFailure
    ? `node: FAILED (npm run ${nodeFailure.script}, exit ${nodeFailure.code})\n`
    : 'node: passed\n'
);
const browsersCode = await browsers;
process.stdout.write(browserTail);
process.exit(nodeFailure ? 1 : browsersCode);
