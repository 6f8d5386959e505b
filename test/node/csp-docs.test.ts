/** README.md gives hosts the very policy the strict-page test runs under. */
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {test} from 'node:test';
import {strictCsp} from '../csp/policy.js';

test('README states the Content-Security-Policy the tests enforce', async () => {
  const readme = await readFile(
    new URL('../../README.md', import.meta.url),
    'utf8'
  );
  assert.ok(
    readme.includes(
      `Content-Security-Policy: ${strictCsp('https://connect.example.com')}\n`
    ),
    'README.md must quote test/csp/policy.js strictCsp("https://connect.example.com") exactly'
  );
});
