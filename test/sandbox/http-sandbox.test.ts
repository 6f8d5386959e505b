// The widget against the sandbox as a real HTTP server in a process of its own (npm run sandbox),
// with no msw in the page: the login popup runs on the sandbox's origin, another origin than
// this page's, so the check of the message's origin, source and state is exercised for real.
import {expect, fixture, html} from '@open-wc/testing';
import '../../src/human-connect.js';
import type {HumanConnectEventDetails} from '../../src/events.js';
import {httpSandbox, sessionToken} from '../helpers/http-sandbox.js';
import {chooseSource, loginSteps, MERCY} from '../helpers/flow.js';
import {drivePopup} from '../helpers/popup.js';
import {findByRole, getByRole} from '../helpers/queries.js';

describe('the widget against the sandbox over real HTTP', () => {
  it('connects a hospital through a login popup on the sandbox origin', async () => {
    const sandbox = await httpSandbox();
    expect(new URL(sandbox.url).origin).not.to.equal(location.origin);
    const token = await sessionToken(sandbox.apiBase);
    const el = await fixture<HTMLElement & {show(): void}>(
      html`<human-connect
        display="inline"
        api-base=${sandbox.apiBase}
        .token=${token}
      ></human-connect>`
    );
    const connected: HumanConnectEventDetails['connect'][] = [];
    el.addEventListener('connect', (e) =>
      connected.push((e as CustomEvent).detail)
    );
    el.show();

    await chooseSource(el, 'mercy general', new RegExp(`^${MERCY}`));
    getByRole(el, 'button', 'Allow').click();
    const popup = await drivePopup({
      urlIncludes: `${sandbox.url}/login`,
      steps: loginSteps(),
    });
    expect(popup.ok, JSON.stringify(popup)).to.be.true;
    await findByRole(el, 'heading', `${MERCY} is connected`);
    expect(connected, 'one connect event').to.have.length(1);
    expect(connected[0]!.sessionToken).to.equal(token);
    expect(
      connected[0]!.sessionResults.connectedSources.map((s) => s.name)
    ).to.deep.equal([MERCY]);
  });
});
