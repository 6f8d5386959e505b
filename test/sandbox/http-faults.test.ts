// Faults of a real network (issue 13): the widget against the sandbox as an HTTP server on
// loopback, no msw in the page, while the sandbox answers every call of the widget in one broken
// way. Nothing hangs past the request timeout and its retries, nothing is thrown, and the person
// reads what went wrong with "Try again", which works once the service is well again.
import {expect, fixture, html} from '@open-wc/testing';
import '../../src/human-connect.js';
import type {HumanConnectElement} from '../../src/human-connect.js';
import type {ScenarioName} from '../../sandbox/connect-service.js';
import {
  httpSandbox,
  sessionToken,
  useScenario,
  type Sandbox,
} from '../helpers/http-sandbox.js';
import {findByRole, getByRole} from '../helpers/queries.js';

/** A short request timeout, so that a stalled body ends soon; long enough for loopback under load. */
const REQUEST_TIMEOUT_MS = 2000;

const FAULTS: {scenario: ScenarioName; what: string; says: RegExp}[] = [
  {
    scenario: 'stallBody',
    what: 'answers whose body stalls after its first bytes',
    says: /took too long to answer/,
  },
  {
    scenario: 'dropBody',
    what: 'answers whose connection drops in the middle of the body',
    says: /could not reach the service/,
  },
  {
    scenario: 'notJson',
    what: 'answers of 200 with a page that is not JSON',
    says: /went wrong on our side/,
  },
  {
    scenario: 'wrongContentType',
    what: 'JSON labelled text/html',
    says: /went wrong on our side/,
  },
];

describe('the widget against faults of a real network', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await httpSandbox();
  });
  afterEach(() => useScenario(sandbox.apiBase, 'normal'));

  for (const {scenario, what, says} of FAULTS) {
    it(`${what}: a clear message, and Try again works once the service is well`, async function () {
      // A stalled read is tried three times, each for the request timeout.
      this.timeout(this.timeout() + 3 * REQUEST_TIMEOUT_MS);
      const token = await sessionToken(sandbox.apiBase);
      await useScenario(sandbox.apiBase, scenario);
      const el = await fixture<HumanConnectElement>(
        html`<human-connect
          display="inline"
          api-base=${sandbox.apiBase}
          .token=${token}
          .timings=${{requestTimeoutMs: REQUEST_TIMEOUT_MS, retryBaseMs: 10}}
        ></human-connect>`
      );
      const errors: unknown[] = [];
      el.addEventListener('error', (e) =>
        errors.push((e as CustomEvent).detail)
      );
      el.show();
      const retry = await findByRole(
        el,
        'button',
        'Try again',
        4 * REQUEST_TIMEOUT_MS + 5000
      );
      getByRole(el, 'heading', 'We could not load this page');
      expect(getByRole(el, 'alert').textContent).to.match(says);
      expect(errors, 'the host heard of it').to.have.length(1);

      await useScenario(sandbox.apiBase, 'normal');
      retry.click();
      await findByRole(el, 'option', /Kaiser Permanente/);
    });
  }
});
