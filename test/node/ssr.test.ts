// Importing the package where there is no DOM (server-side rendering, a
// Node build step) must not throw: nothing may touch window or document
// at import time.
import assert from 'node:assert/strict';
import {test} from 'node:test';

test('every public entry imports in Node without a DOM', async () => {
  assert.equal(
    typeof (globalThis as {document?: unknown}).document,
    'undefined'
  );
  const main = await import('../../src/human-connect.js');
  assert.equal(typeof main.HumanConnectElement, 'function');
  const element = await import('../../src/element.js');
  assert.equal(element.HumanConnectElement, main.HumanConnectElement);
  const react = await import('../../src/react.js');
  assert.ok(react.HumanConnect);
});

test('the script-tag entries are inert without a window: the one-file build and the UI file', async () => {
  await import('../../src/embed/script-tag.js');
  await import('../../src/embed/ui.js');
  assert.equal(typeof (globalThis as {window?: unknown}).window, 'undefined');
});
