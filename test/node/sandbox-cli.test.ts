/**
 * The sandbox's command line (sandbox/cli.ts) refuses what it cannot use, before it listens. Its
 * start is tested from the packed package (pack.test.ts, "the bin starts…"), and `--sync-ms`
 * through HUMAN_CONNECT_SYNC_MS by the whole-flow test (test/e2e).
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {main} from '../../sandbox/cli.js';

test('refuses a port or a sync time that is not a number, and says how to call it', async () => {
  await assert.rejects(
    main(['--port', 'http']),
    /--port must be a port number/
  );
  for (const value of ['soon', '2.5', ''])
    await assert.rejects(
      main(['--port', '0', `--sync-ms=${value}`]),
      /--sync-ms must be a number of ms, not .*\nusage: human-connect-sandbox .*--sync-ms N/
    );
});
