/**
 * A network that goes away and comes back: reads resume by themselves,
 * writes wait for the person, and nothing they typed or chose is lost.
 */
import {expect} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import {delay, http, HttpResponse} from 'msw';
import {typeText} from '../helpers/browser.js';
import {chooseSource, MERCY, searchFor} from '../helpers/flow.js';
import {goOffline, goOnline} from '../helpers/network.js';
import {findByRole, findText, getByRole} from '../helpers/queries.js';
import {mountWidget, typeInto} from '../helpers/widget.js';
import type {ConnectService} from '../../sandbox/connect-service.js';

const OFFLINE_TEXT = /You’re offline/;

/** The network goes: requests fail, and the browser says it is offline. */
function offline(service: ConnectService): () => void {
  service.scenario.offline = true;
  goOffline();
  return () => {
    service.scenario.offline = false;
    goOnline();
  };
}

/** Lets any request the widget might wrongly send get to the mock first. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('offline and back online', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  it('says so when a search fails offline, then searches again by itself', async () => {
    const {el, of, mock} = await mountWidget();
    await findByRole(el, 'option', /Kaiser/);
    restore = offline(mock.service);
    const field = await findByRole<HTMLInputElement>(el, 'combobox');
    await typeInto(field, 'quest');
    const alert = await findByRole(el, 'alert');
    expect(alert.textContent).to.match(OFFLINE_TEXT);
    // Each failed search told as `offline` (more than one only when the keys came slower than
    // the debounce, and a search for the first letters failed too).
    const offlineErrors = of('error').map((e) => e.error.code);
    expect(new Set(offlineErrors)).to.deep.equal(new Set(['offline']));
    // No retries into a network that is not there.
    expect(
      mock.service
        .requestsTo('GET', '/sources')
        .filter((r) => r.url.includes('q=quest'))
    ).to.have.length(1);

    restore();
    restore = undefined;
    await findByRole(el, 'option', /Quest Diagnostics/);
    expect(field.value).to.equal('quest');
    expect(of('error'), 'nothing more told once back').to.have.length(
      offlineErrors.length
    );
  });

  it('loads the session by itself when the network comes back', async () => {
    const {el, mock} = await mountWidget({open: false});
    restore = offline(mock.service);
    el.show();
    await findByRole(el, 'heading', 'We could not load this page');
    expect(getByRole(el, 'alert').textContent).to.match(OFFLINE_TEXT);
    restore();
    restore = undefined;
    await findByRole(el, 'option', /Kaiser/);
  });

  it('keeps the request form and sends it again only when asked', async () => {
    const {el, mock} = await mountWidget();
    (await findByRole(el, 'button', 'Can’t find your provider?')).click();
    const name = await findByRole<HTMLInputElement>(
      el,
      'textbox',
      'Provider name (required)'
    );
    await typeInto(name, 'Lakeside Clinic');
    await typeInto(getByRole(el, 'textbox', 'Your doctor’s name'), 'Dr Okafor');
    restore = offline(mock.service);
    getByRole(el, 'button', 'Send request').click();
    expect((await findByRole(el, 'alert')).textContent).to.match(OFFLINE_TEXT);

    restore();
    restore = undefined;
    await settle();
    expect(mock.service.requestsTo('POST', '/source-requests')).to.have.length(
      1
    );
    expect(name.value).to.equal('Lakeside Clinic');
    expect(
      getByRole<HTMLInputElement>(el, 'textbox', 'Your doctor’s name').value
    ).to.equal('Dr Okafor');
    getByRole(el, 'button', 'Send request').click();
    await findText(
      el,
      'Thanks! We received your request for “Lakeside Clinic”.'
    );
    expect(mock.service.requestsTo('POST', '/source-requests')).to.have.length(
      2
    );
  });

  it('never makes a connection by itself, and keeps the chosen source', async () => {
    const {el, of, mock} = await mountWidget();
    await chooseSource(el, 'mercy general', new RegExp(`^${MERCY}`));
    restore = offline(mock.service);
    getByRole(el, 'button', 'Allow').click();
    expect((await findByRole(el, 'alert')).textContent).to.match(OFFLINE_TEXT);
    // Each failed search told as `offline` (more than one only when the keys came slower than
    // the debounce, and a search for the first letters failed too).
    const offlineErrors = of('error').map((e) => e.error.code);
    expect(new Set(offlineErrors)).to.deep.equal(new Set(['offline']));

    restore();
    restore = undefined;
    await settle();
    expect(mock.service.requestsTo('POST', '/connections')).to.have.length(1);
    getByRole(el, 'button', 'Try again').click();
    await findByRole(el, 'heading', new RegExp(MERCY));
    await findByRole(el, 'button', 'Allow');
    expect(mock.service.requestsTo('POST', '/connections')).to.have.length(1);
  });
});

describe('faults of the service', () => {
  it('retries a failed search by itself, so a passing fault is never seen', async () => {
    const {el, of, mock} = await mountWidget();
    await findByRole(el, 'option', /Kaiser/);
    mock.service.scenario.failOn = {
      method: 'GET',
      path: '/sources',
      status: 503,
      code: 'source_unavailable',
      times: 1,
    };
    await typeInto(await findByRole(el, 'combobox'), 'quest');
    await findByRole(el, 'option', /Quest Diagnostics/);
    expect(of('error')).to.have.length(0);
  });

  it('holds a search still to come when a source is chosen, and runs it when the person is back', async () => {
    const {el, of, mock} = await mountWidget();
    await searchFor(el, 'mercy');
    // The answer to the longer query fails, and late: long after the person has chosen a source
    // from the rows shown for the shorter one.
    mock.worker.use(
      http.get(`${mock.apiBase}/sources`, async ({request}) => {
        if (new URL(request.url).searchParams.get('q') !== 'mercy general')
          return undefined;
        await delay(1000);
        return HttpResponse.json(
          {error: {code: 'invalid_request', message: 'No.'}},
          {status: 400}
        );
      })
    );
    await typeText(' general');
    getByRole(el, 'option', new RegExp(`^${MERCY}`)).click();
    await findByRole(el, 'button', 'Allow');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the failure would have come by now
    expect(
      of('error'),
      'no error event behind the consent view'
    ).to.have.length(0);

    // Back to search: the search runs now, and its failure is shown, with what was typed.
    getByRole(el, 'button', 'Decline').click();
    await findByRole(el, 'alert');
    expect(of('error')).to.have.length(1);
    expect((await findByRole<HTMLInputElement>(el, 'combobox')).value).to.equal(
      'mercy general'
    );
    mock.worker.resetHandlers();
    getByRole(el, 'button', 'Try again').click();
    await findByRole(el, 'option', new RegExp(`^${MERCY}`));
  });

  it('does not repeat a failed connection, and keeps the chosen source', async () => {
    const {el, of, mock} = await mountWidget();
    await chooseSource(el, 'mercy general', new RegExp(`^${MERCY}`));
    mock.service.scenario.failOn = {
      method: 'POST',
      path: '/connections',
      status: 500,
      times: 1,
    };
    getByRole(el, 'button', 'Allow').click();
    await findByRole(el, 'alert');
    await settle();
    expect(mock.service.requestsTo('POST', '/connections')).to.have.length(1);
    expect(of('error').map((e) => e.error.code)).to.deep.equal([
      'server_error',
    ]);
    getByRole(el, 'button', 'Try again').click();
    await findByRole(el, 'heading', new RegExp(MERCY));
    await waitUntil(() => !!getByRole(el, 'button', 'Allow'));
  });
});
