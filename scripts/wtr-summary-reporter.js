import {writeFileSync, writeSync} from 'node:fs';
import path from 'node:path';

/** The first lines of an error's message, enough to tell one failure from another. */
const firstLines = (/** @type {unknown} */ message) =>
  String(message ?? '(no message)')
    .split('\n')
    .slice(0, 4)
    .join('\n');

/**
 * A @web/test-runner reporter that prints, as the very last line of the run, a line alone:
 *
 *   wtr: N passed, N failed, N skipped
 *
 * or `wtr[label]: …` with a label (scripts/test-browsers.js labels each run's line and prints the
 * combined `wtr:` line last). It counts tests across all sessions; a session that did not pass but
 * has no failing test (the file failed to load, a hook threw, the browser timed out, the session
 * never finished) counts as one failure.
 *
 * With `WTR_REPORT` set to a path, it also writes there, as JSON, `{lost, failures}`:
 * - `lost`, the test files whose session reported no test at all and did not pass: their browser
 *   went down or never ran them (scripts/test-browsers.js runs them again in a fresh browser, once);
 * - `failures`, each failed test and each error of a session (a file that did not load, a hook that
 *   threw) with the first lines of its message, which scripts/test-browsers.js prints again at the
 *   very end: a run's own output can be thousands of lines before it, and CI may keep only the
 *   tail of the log.
 *
 * The CLI calls reporters' `stop()` before it prints its own final progress and coverage report,
 * so the line is written synchronously from a process `exit` handler.
 *
 * @param {{label?: string}} [options]
 * @returns {import('@web/test-runner').Reporter}
 */
export function summaryLineReporter({label} = {}) {
  /** @type {import('@web/test-runner').ReporterArgs | undefined} */
  let args;
  /** @type {any[] | undefined} */
  let finalSessions;
  let printed = false;

  /** @type {{file: string, name: string, duration: number}[]} */
  let timed = [];

  function countSuite(suite, counts, file, prefix = '') {
    if (!suite) return;
    const path = suite.name ? `${prefix}${suite.name} > ` : prefix;
    for (const test of suite.tests ?? []) {
      if (typeof test.duration === 'number')
        timed.push({
          file,
          name: `${path}${test.name}`,
          duration: test.duration,
        });
      if (test.skipped) counts.skipped += 1;
      else if (test.passed) counts.passed += 1;
      else {
        counts.failed += 1;
        failures.push({
          file,
          test: `${path}${test.name}`,
          message: firstLines(test.error?.message),
        });
      }
    }
    for (const child of suite.suites ?? [])
      countSuite(child, counts, file, path);
  }

  /** @type {string[]} */
  const lost = [];
  /** @type {{file: string, test: string, message: string}[]} */
  const failures = [];
  /** @type {Map<string, number>} each file's wall time, in ms (see reportTestFileResults) */
  const wall = new Map();
  let lastReport = Date.now();

  function summarize(sessions) {
    const counts = {passed: 0, failed: 0, skipped: 0};
    for (const session of sessions) {
      const own = {passed: 0, failed: 0, skipped: 0};
      const file = path.relative(process.cwd(), session.testFile);
      countSuite(session.testResults, own, file);
      for (const error of session.errors ?? [])
        failures.push({file, test: '', message: firstLines(error?.message)});
      const finished = session.status === 'FINISHED';
      if (!own.passed && !own.failed && !own.skipped && session.passed !== true)
        lost.push(path.relative(process.cwd(), session.testFile));
      if ((!finished || session.passed === false) && own.failed === 0)
        own.failed = 1;
      counts.passed += own.passed;
      counts.failed += own.failed;
      counts.skipped += own.skipped;
    }
    return counts;
  }

  function print() {
    if (printed) return;
    printed = true;
    const sessions =
      finalSessions ?? (args ? Array.from(args.sessions.all()) : []);
    timed = [];
    const {passed, failed, skipped} = summarize(sessions);
    // WTR_SLOWEST=N: the N slowest tests first, then every file by its tests' time, to see where a
    // run's time goes (and to balance scripts/test-plan.js's lanes).
    const slowest = Number(process.env.WTR_SLOWEST || 0);
    if (slowest > 0) {
      const lines = timed
        .sort((a, b) => b.duration - a.duration)
        .slice(0, slowest)
        .map(
          (t) => `${String(Math.round(t.duration)).padStart(7)} ms  ${t.name}\n`
        );
      /** @type {Map<string, number>} the time of each file's tests, added up */
      const files = new Map();
      for (const t of timed)
        files.set(t.file, (files.get(t.file) ?? 0) + t.duration);
      const fileLines = [...files]
        .sort((a, b) => b[1] - a[1])
        .map(
          ([file, ms]) =>
            `${String(Math.round(ms)).padStart(7)} ms  ${String(wall.get(file) ?? '').padStart(7)} ms  ${file}\n`
        );
      try {
        writeSync(
          1,
          `\nslowest tests:\n${lines.join('')}\nfiles, by their tests' time (then the file's wall time):\n${fileLines.join('')}\n`
        );
      } catch {
        // stdout gone
      }
    }
    if (process.env.WTR_REPORT) {
      writeFileSync(process.env.WTR_REPORT, JSON.stringify({lost, failures}));
    }
    const line = `${label ? `wtr[${label}]` : 'wtr'}: ${passed} passed, ${failed} failed, ${skipped} skipped\n`;
    try {
      writeSync(1, line);
    } catch {
      // stdout gone (EPIPE): nothing more to do
    }
  }

  return {
    start(startArgs) {
      args = startArgs;
      process.once('exit', print);
    },
    onTestRunFinished({sessions}) {
      finalSessions = sessions;
    },
    // When each file's results came in: the wall time of a file is the time since the one before
    // (its page loading, its hooks and its tests), printed with WTR_SLOWEST.
    reportTestFileResults({testFile}) {
      const now = Date.now();
      wall.set(path.relative(process.cwd(), testFile), now - lastReport);
      lastReport = now;
    },
    stop({sessions}) {
      finalSessions = sessions;
    },
  };
}

export default summaryLineReporter;
