/**
 * Server command `process`: starts a program of this repository as a process of its own (once per
 * test run, on a free port) and answers what it printed that a test needs, so that a browser test
 * can drive the widget against the real thing over real HTTP, with no msw in the page.
 *
 * payload: {name: 'sandbox'}
 * result:  {apiBase: string, url: string}   (the sandbox: `npm run sandbox -- --port 0`)
 *
 * The processes stop with the test run (and with it on Ctrl-C: they are its children).
 */
import {spawn} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..'
);
const START_TIMEOUT_MS = 30_000;

/**
 * What to run, and how to read its readiness from what it prints.
 * @type {Record<string, {args: string[], ready: RegExp, answer: (m: RegExpMatchArray) => object}>}
 */
const PROGRAMS = {
  sandbox: {
    args: ['--import', 'tsx', 'sandbox/cli.ts', '--port', '0', '--quiet'],
    ready: /^human-connect sandbox: (http:\/\/[^\s]+)\/v1$/m,
    answer: (m) => ({apiBase: `${m[1]}/v1`, url: m[1]}),
  },
};

/**
 * @param {string} name
 * @param {{args: string[], ready: RegExp, answer: (m: RegExpMatchArray) => object}} program
 * @returns {Promise<{answer: object, stop: () => void}>}
 */
function start(name, program) {
  const child = spawn(process.execPath, program.args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {...process.env, NO_COLOR: '1'},
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(
        new Error(
          `${name} did not start within ${START_TIMEOUT_MS} ms:\n${output}`
        )
      );
    }, START_TIMEOUT_MS);
    const onData = (/** @type {Buffer} */ chunk) => {
      output += chunk.toString();
      const match = output.match(program.ready);
      if (!match) return;
      clearTimeout(timer);
      resolve({answer: program.answer(match), stop: () => child.kill()});
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`${name} exited (${code}) before it was ready:\n${output}`)
      );
    });
  });
}

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function processCommandPlugin() {
  /** @type {Map<string, Promise<{answer: object, stop: () => void}>>} */
  const running = new Map();
  const stopAll = () => {
    for (const started of running.values())
      started.then((p) => p.stop()).catch(() => {});
    running.clear();
  };
  process.once('exit', stopAll);
  return {
    name: 'process-command',
    serverStop: stopAll,
    async executeCommand({command, payload}) {
      if (command !== 'process') return undefined;
      const name = String(/** @type {any} */ (payload)?.name ?? '');
      const program = PROGRAMS[name];
      if (!program) throw new Error(`no program named ${JSON.stringify(name)}`);
      let started = running.get(name);
      if (!started) {
        started = start(name, program);
        running.set(name, started);
        // A start that failed may be tried again by the next test.
        started.catch(() => running.delete(name));
      }
      return (await started).answer;
    },
  };
}

export default processCommandPlugin;
