import { writeSync } from 'node:fs';

/**
 * A @web/test-runner reporter that prints, as the very last line of the run, a line alone:
 *
 *   wtr: N passed, N failed, N skipped
 *
 * (or `wtr[firefox]: …` when WTR_SUMMARY_LABEL=firefox: scripts/test-browsers.js runs one browser
 * at a time and prints the combined `wtr:` line last), counting tests across all sessions (every browser × test file). A session that did not pass
 * but has no failing test (the file failed to load, a hook threw, the browser timed out, the
 * session never finished) counts as one failure.
 *
 * The CLI calls reporters' `stop()` before it prints its own final progress/coverage report, so
 * the line is written from a process `exit` handler (after wtr's `process.exit`), synchronously.
 *
 * @returns {import('@web/test-runner').Reporter}
 */
export function summaryLineReporter() {
  /** @type {import('@web/test-runner').ReporterArgs | undefined} */
  let args;
  /** @type {any[] | undefined} */
  let finalSessions;
  let printed = false;

  function countSuite(suite, counts) {
    if (!suite) return;
    for (const test of suite.tests ?? []) {
      if (test.skipped) counts.skipped += 1;
      else if (test.passed) counts.passed += 1;
      else counts.failed += 1;
    }
    for (const child of suite.suites ?? []) countSuite(child, counts);
  }

  function summarize(sessions) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const session of sessions) {
      const own = { passed: 0, failed: 0, skipped: 0 };
      countSuite(session.testResults, own);
      const finished = session.status === 'FINISHED';
      if ((!finished || session.passed === false) && own.failed === 0) own.failed = 1;
      counts.passed += own.passed;
      counts.failed += own.failed;
      counts.skipped += own.skipped;
    }
    return counts;
  }

  function print() {
    if (printed) return;
    printed = true;
    const sessions = finalSessions ?? (args ? Array.from(args.sessions.all()) : []);
    const { passed, failed, skipped } = summarize(sessions);
    const label = process.env.WTR_SUMMARY_LABEL ? `wtr[${process.env.WTR_SUMMARY_LABEL}]` : 'wtr';
    const line = `${label}: ${passed} passed, ${failed} failed, ${skipped} skipped\n`;
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
    onTestRunFinished({ sessions }) {
      finalSessions = sessions;
    },
    stop({ sessions }) {
      finalSessions = sessions;
    },
  };
}

export default summaryLineReporter;
