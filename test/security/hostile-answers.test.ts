/**
 * Property-based: a Connect service that answers garbage on every endpoint
 * (test/mocks/hostile-service.ts). Whatever it sends, no script runs, no URL
 * but https reaches a `src` or `href`, nothing is thrown, and the widget stays
 * usable: it shows something with a way on, and recovers once the service
 * answers properly again.
 */
import {expect, fixtureCleanup} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import fc from 'fast-check';
import type {HumanConnectElement} from '../../src/human-connect.js';
import {findByRole, getByRole, queryByRole} from '../helpers/queries.js';
import {mountWidget, typeInto} from '../helpers/widget.js';
import {
  hostileConnection,
  hostileCreated,
  hostileDeleted,
  hostileHandlers,
  hostileRequested,
  hostileSession,
  hostileSources,
  HOSTILE_API_BASE,
  PWNED,
  VALID_ANSWERS,
  type HostileAnswers,
} from '../mocks/hostile-service.js';
import {applyPopupBlocker} from '../../sandbox/popup-blocker.js';

/**
 * Runs per property: in Chromium (the run that measures coverage) enough to meet every kind of
 * garbage; in Firefox and WebKit a third as many, since the garbage is made, parsed and checked by
 * the same script in every engine, and what differs is how the widget renders it (about 25 s of
 * each of their CI lanes saved). fast-check draws anew each run, so CI runs add up.
 */
const RUNS =
  Number(new URLSearchParams(location.search).get('runs')) ||
  (/\bChrome\//.test(navigator.userAgent) ? 15 : 5);

let answers: HostileAnswers = VALID_ANSWERS;
const thrown: string[] = [];
const onError = (event: ErrorEvent) => thrown.push(`error: ${event.message}`);
const onRejection = (event: PromiseRejectionEvent) =>
  thrown.push(`unhandled rejection: ${String(event.reason)}`);

/** Every element under `root`, inside shadow roots too. */
function* deepElements(root: ParentNode): Generator<Element> {
  for (const el of root.querySelectorAll('*')) {
    yield el;
    if (el.shadowRoot) yield* deepElements(el.shadowRoot);
  }
}

/** Elements the widget never renders: one of them would be markup from the service. */
const FORBIDDEN_TAGS = [
  'script',
  'iframe',
  'frame',
  'object',
  'embed',
  'style',
  'link',
  'base',
  'meta',
];
const URL_ATTRIBUTES = [
  'src',
  'href',
  'srcset',
  'action',
  'formaction',
  'xlink:href',
  'poster',
  'data',
];

/** What must hold whatever the service sent. */
function assertSafe(el: HumanConnectElement, what: string): void {
  expect(
    (window as unknown as Record<string, unknown>)[PWNED],
    `${what}: script ran`
  ).to.equal(undefined);
  expect(
    ({} as Record<string, unknown>).polluted,
    `${what}: prototype polluted`
  ).to.equal(undefined);
  expect(thrown, `${what}: thrown`).to.deep.equal([]);
  for (const node of deepElements(el.shadowRoot!)) {
    const tag = node.localName;
    expect(
      FORBIDDEN_TAGS.includes(tag),
      `${what}: a <${tag}> in the widget`
    ).to.equal(false);
    for (const attr of node.getAttributeNames()) {
      expect(attr.startsWith('on'), `${what}: ${tag}[${attr}]`).to.equal(false);
      if (!URL_ATTRIBUTES.includes(attr)) continue;
      const value = node.getAttribute(attr)!;
      // An in-page link (#…) is ours; everything else must be absolute https.
      if (value.startsWith('#')) continue;
      expect(
        new URL(value, 'about:blank').protocol,
        `${what}: ${tag}[${attr}="${value.slice(0, 80)}"]`
      ).to.equal('https:');
    }
    const style = node.getAttribute('style') ?? '';
    expect(
      /url\(|expression\(/i.test(style),
      `${what}: style ${style.slice(0, 80)}`
    ).to.equal(false);
  }
  if (!el.open) return;
  // A failure the person is shown is one the host hears of.
  if (el.shadowRoot!.querySelector('[role="alert"]')) {
    expect(
      errorEvents(),
      `${what}: an error shown, but no error event`
    ).to.be.greaterThan(0);
  }
  // Never blank, never stuck: a heading, and a way on.
  const shown = el.shadowRoot!.textContent ?? '';
  expect(shown.trim().length, `${what}: blank`).to.be.greaterThan(0);
  expect(
    /\[object Object\]|\bundefined\b/.test(shown),
    `${what}: shows ${shown.slice(0, 120)}`
  ).to.equal(false);
  expect(
    queryByRole(el, 'button', 'Close') !== null,
    `${what}: no Close button`
  ).to.equal(true);
}

/** Until the widget has nothing left in flight that it shows: no spinner, no busy list. */
async function settled(el: HumanConnectElement): Promise<void> {
  // "Waiting for you to sign in…" is not busy: it waits for the person.
  const busy = () =>
    el.shadowRoot!.querySelector('[aria-busy="true"]') !== null ||
    /Loading…|Preparing a secure login…|Sending…/.test(
      el.shadowRoot!.textContent ?? ''
    );
  let calm = 0;
  await waitUntil(
    async () => {
      await el.updateComplete;
      calm = busy() ? 0 : calm + 1;
      return calm >= 3;
    },
    'the widget did not settle',
    // (a read whose body stalls is tried three times, each for the request timeout)
    {timeout: 15000, interval: 30}
  );
}

/** After the garbage, a proper service again: the widget gets back on its feet, or closes. */
async function recovers(el: HumanConnectElement, what: string): Promise<void> {
  answers = VALID_ANSWERS;
  const retry = queryByRole(el, 'button', 'Try again');
  if (retry) {
    retry.click();
    await settled(el);
    const ok =
      queryByRole(el, 'option', /Mercy General Hospital/) ??
      queryByRole(el, 'button', 'Allow') ??
      queryByRole(el, 'combobox');
    expect(ok !== null, `${what}: did not recover after Try again`).to.equal(
      true
    );
  } else {
    queryByRole(el, 'button', 'Close')!.click();
    // Leaving a login under way asks first.
    await el.updateComplete;
    const ask = queryByRole(el, 'alertdialog');
    if (ask) getByRole(ask, 'button', 'Leave').click();
    await waitUntil(() => !el.open, `${what}: Close did not close`);
  }
  assertSafe(el, `${what}, recovered`);
}

/** `error` events the host received in this run. */
let errorEvents: () => number = () => 0;

async function mount(): Promise<HumanConnectElement> {
  const {el, mock, of} = await mountWidget({
    open: false,
    apiBase: HOSTILE_API_BASE,
  });
  errorEvents = () => of('error').length;
  // A body that stalls ends at the request timeout: a short one, so that a run stays quick, yet
  // long enough for a proper answer on a busy machine.
  el.timings = {...el.timings, requestTimeoutMs: 2000};
  mock.worker.use(...hostileHandlers(HOSTILE_API_BASE, () => answers));
  el.show();
  await settled(el);
  return el;
}

/** A readable name for a run, for the failure message. */
function describeRun(a: Partial<HostileAnswers>): string {
  return Object.entries(a)
    .map(
      ([k, v]) =>
        `${k} ${v!.status} ${v!.body.slice(0, 200)}${v!.body.length > 200 ? `… (${v!.body.length} chars)` : ''}`
    )
    .join(' | ');
}

async function run(
  hostile: fc.Arbitrary<Partial<HostileAnswers>>,
  drive: (el: HumanConnectElement, what: string) => Promise<void>
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(hostile, async (partial) => {
      answers = {...VALID_ANSWERS, ...partial};
      const what = describeRun(partial);
      try {
        await drive(await mount(), what);
      } finally {
        answers = VALID_ANSWERS;
        await fixtureCleanup();
      }
    }),
    // No shrinking: each run drives a real widget, and the first failure says enough.
    {numRuns: RUNS, endOnFailure: true, includeErrorInReport: true}
  );
}

describe('a hostile Connect service', function () {
  this.timeout(240_000);

  before(() => {
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    // No real popups: the login link is shown instead, and its href checked.
    applyPopupBlocker(window, true);
  });
  after(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    applyPopupBlocker(window, false);
  });

  /** Opens what there is to open: consent for a source, then the connected sources. */
  async function browse(el: HumanConnectElement, what: string): Promise<void> {
    assertSafe(el, `${what}: opened`);
    // The next page, asked for twice: a service that answers the same cursor again, or a page of
    // sources already listed, ends the list.
    for (let i = 0; i < 2; i++) {
      const more = queryByRole(el, 'button', 'Show more results');
      if (!more) break;
      more.click();
      await settled(el);
      assertSafe(el, `${what}: more results`);
    }
    const option = el.shadowRoot!.querySelector<HTMLElement>(
      '[role="option"]:not([aria-disabled="true"])'
    );
    if (option) {
      option.click();
      await settled(el);
      assertSafe(el, `${what}: consent`);
      queryByRole(el, 'button', 'Decline')?.click();
      await settled(el);
    }
    const manage = queryByRole(el, 'button', /Your connected sources/);
    if (manage) {
      manage.click();
      await settled(el);
      assertSafe(el, `${what}: connected sources`);
    }
    await recovers(el, what);
  }

  it('GET /session: the app, its consent terms and the connections', async () => {
    await run(fc.record({session: hostileSession}), browse);
  });

  it('GET /sources: the results and their logos', async () => {
    await run(fc.record({sources: hostileSources}), browse);
  });

  it('POST /connections and GET /connections/:id: the login and its outcome', async () => {
    await run(
      fc.record({created: hostileCreated, connection: hostileConnection}),
      async (el, what) => {
        (await findByRole(el, 'option', /Mercy General Hospital/)).click();
        (await findByRole(el, 'button', 'Allow')).click();
        await settled(el);
        assertSafe(el, `${what}: after Allow`);
        if (queryByRole(el, 'link', /new tab/)) {
          // Polling reads the connection a second after the login page was offered.
          await new Promise((resolve) => setTimeout(resolve, 1200));
          await settled(el);
          assertSafe(el, `${what}: after polling`);
        }
        await recovers(el, what);
      }
    );
  });

  it('POST /source-requests and DELETE /connections/:id: the request form and a disconnect', async () => {
    await run(
      fc.record({requested: hostileRequested, deleted: hostileDeleted}),
      async (el, what) => {
        (await findByRole(el, 'button', 'Can’t find your provider?')).click();
        await typeInto(
          await findByRole(el, 'textbox', 'Provider name (required)'),
          'Lakeside'
        );
        (await findByRole(el, 'button', 'Send request')).click();
        await settled(el);
        assertSafe(el, `${what}: request sent`);
        const back = queryByRole(el, 'button', 'Cancel');
        if (back) {
          // The request failed: what was typed is still there.
          expect(
            (
              await findByRole<HTMLInputElement>(
                el,
                'textbox',
                'Provider name (required)'
              )
            ).value
          ).to.equal('Lakeside');
          back.click();
          await settled(el);
        }
        // A 401 or 403 ends the session (the token is refused): nothing more to do but close.
        const manage = queryByRole(el, 'button', /Your connected sources/);
        if (!manage) {
          expect(
            queryByRole(el, 'heading', /session/i),
            `${what}: neither search nor a session error`
          ).to.exist;
          return recovers(el, what);
        }
        manage.click();
        (
          await findByRole(el, 'button', 'Disconnect Quest Diagnostics')
        ).click();
        getByRole(
          await findByRole(el, 'alertdialog'),
          'button',
          'Disconnect'
        ).click();
        await settled(el);
        assertSafe(el, `${what}: disconnected`);
        queryByRole(el, 'button', 'Connect a source')?.click();
        await settled(el);
        await recovers(el, what);
      }
    );
  });
});
