/**
 * Redirect login (issue 16), the whole of it in one tab, as a person whose browser has no popups
 * goes through it: the host page in a frame that is the tab (test/helpers/redirect.ts).
 *
 * The rules of a return (forged, replayed, expired, of another connection) are proved alone in
 * test/controllers/redirect-flow.test.ts; here, what the person sees and what the host hears.
 */
import {expect} from '@open-wc/testing';
import {applyPopupBlocker} from '../../sandbox/popup-blocker.js';
import {REDIRECT_NOTE_KEY} from '../../src/flow/redirect-login.js';
import {MERCY} from '../helpers/flow.js';
import {findByRole, getByRole, queryByRole} from '../helpers/queries.js';
import {
  chooseMercyAndAllow,
  closeHostPage,
  HOST_PAGE,
  LOGIN_PAGE,
  ofType,
  openHostPage,
  pageIn,
  signIn,
} from '../helpers/redirect.js';
import {waitUntil} from '../helpers/wait.js';
import {MOCK_SESSION_TOKEN, mockService} from '../helpers/widget.js';

afterEach(closeHostPage);

describe('redirect login, in one tab', () => {
  it('leaves for the login page, comes back connected, and the host hears connect once', async () => {
    const {mock, win, doc} = await openHostPage();
    await chooseMercyAndAllow(win);

    const login = await pageIn(LOGIN_PAGE, doc);
    const [create] = mock.service.requestsTo('POST', '/connections');
    const body = create!.body as {returnUrl: string; state: string};
    expect(body.returnUrl).to.equal(`${location.origin}${HOST_PAGE}`);
    expect(login.doc.location.href).not.to.contain(MOCK_SESSION_TOKEN);
    const note = JSON.parse(sessionStorage.getItem(REDIRECT_NOTE_KEY)!);
    expect(Object.keys(note).sort()).to.deep.equal([
      'connectionId',
      'receipt',
      'sourceId',
      'startedAt',
      'state',
    ]);
    await signIn(login.doc);

    const back = await pageIn(HOST_PAGE, login.doc);
    await findByRole(back.win.widget, 'heading', `${MERCY} is connected`);
    await waitUntil(() => ofType(back.win, 'connect').length > 0, 'no connect');
    expect(ofType(back.win, 'connect')).to.have.length(1);
    expect(ofType(back.win, 'error')).to.have.length(0);
    const [connect] = ofType(back.win, 'connect');
    expect(connect!.detail.sessionResults.connectedSources[0].name).to.equal(
      MERCY
    );
    // The consent's receipt came back with the note: for the host, and for the person to keep.
    expect(connect!.detail.receipt).to.deep.equal(note.receipt);
    expect(note.receipt.connectionId).to.equal(
      [...mock.service.state.connections.values()].find(
        (c) => c.sourceName === MERCY
      )!.id
    );
    expect(note.receipt.text.split('\n')[0]).to.equal(
      `Acme Health Coach wants to connect to ${MERCY}`
    );
    expect(
      getByRole<HTMLAnchorElement>(
        back.win.widget,
        'link',
        'Save a copy of what you agreed to'
      ).protocol
    ).to.equal('blob:');
    // The fragment is gone from the address, and the token is nowhere the page keeps.
    expect(back.win.location.hash).to.equal('');
    expect(back.win.location.href).not.to.contain(MOCK_SESSION_TOKEN);
    expect(sessionStorage.getItem(REDIRECT_NOTE_KEY)).to.equal(null);
    for (const storage of [sessionStorage, localStorage])
      for (let i = 0; i < storage.length; i++)
        expect(storage.getItem(storage.key(i)!) ?? '').not.to.contain(
          MOCK_SESSION_TOKEN
        );
  });

  it('a reload in the middle (of the login page, then of the page come back to) connects once', async () => {
    const {win, doc} = await openHostPage();
    await chooseMercyAndAllow(win);
    const login = await pageIn(LOGIN_PAGE, doc);
    login.doc.defaultView!.location.reload();
    const reloaded = await pageIn(LOGIN_PAGE, login.doc);
    await signIn(reloaded.doc);
    const back = await pageIn(HOST_PAGE, reloaded.doc);
    await findByRole(back.win.widget, 'heading', `${MERCY} is connected`);
    await waitUntil(() => ofType(back.win, 'connect').length > 0, 'no connect');

    // The fragment is gone, so the next load is an ordinary one: the widget stays closed.
    back.win.location.reload();
    const again = await pageIn(HOST_PAGE, back.doc);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(again.win.widget.open).to.equal(false);
    expect(again.win.hostEvents).to.deep.equal([]);
  });

  it('refuses the same return a second time: a clear message, and nothing claimed', async () => {
    const {mock, win, doc} = await openHostPage();
    await chooseMercyAndAllow(win);
    const login = await pageIn(LOGIN_PAGE, doc);
    await signIn(login.doc);
    const back = await pageIn(HOST_PAGE, login.doc);
    await findByRole(back.win.widget, 'heading', `${MERCY} is connected`);

    const [create] = mock.service.requestsTo('POST', '/connections');
    const {state} = create!.body as {state: string};
    const id = [...mock.service.state.connections.values()].at(-1)!.id;
    // The same address again, as a reload or a replayed link would load it.
    back.win.location.hash = `hc_state=${state}&hc_connection=${id}`;
    back.win.location.reload();
    const replayed = await pageIn(HOST_PAGE, back.doc);
    await findByRole(
      replayed.win.widget,
      'heading',
      'We could not finish connecting'
    );
    expect(ofType(replayed.win, 'connect')).to.have.length(0);
    expect(
      ofType(replayed.win, 'error').map((e) => e.detail.error.code)
    ).to.deep.equal(['invalid_return']);
    expect(replayed.win.location.hash).to.equal('');
    // "Start again" goes on to search.
    getByRole(replayed.win.widget, 'button', 'Start again').click();
    await findByRole(replayed.win.widget, 'combobox');
  });

  it('refuses a return it never left for', async () => {
    const {win} = await openHostPage({
      hash: `#hc_state=${'a'.repeat(32)}&hc_connection=conn_forged`,
    });
    await findByRole(win.widget, 'heading', 'We could not finish connecting');
    expect(ofType(win, 'connect')).to.have.length(0);
    expect(win.location.hash).to.equal('');
  });

  it('"Start again" after a refused return opens as the page asked: the source it is locked to', async () => {
    const mercy = (await mockService()).service.state.sources.find(
      (s) => s.name === MERCY
    )!;
    const {win} = await openHostPage({
      hash: `#hc_state=${'a'.repeat(32)}&hc_connection=conn_forged`,
      opening: {sourceId: mercy.id, lockSource: true},
    });
    await findByRole(win.widget, 'heading', 'We could not finish connecting');
    getByRole(win.widget, 'button', 'Start again').click();
    await findByRole(
      win.widget,
      'heading',
      `Acme Health Coach wants to connect to ${MERCY}`
    );
    // Locked: no way to another source, and no search.
    expect(
      queryByRole(win.widget, 'button', 'Choose another provider')
    ).to.equal(null);
    expect(queryByRole(win.widget, 'combobox')).to.equal(null);
  });

  it('auto: where window.open is missing, signs in in the tab', async () => {
    const {mock, win, doc} = await openHostPage();
    win.widget.login = 'auto';
    (win as {open?: unknown}).open = undefined;
    await chooseMercyAndAllow(win);
    await pageIn(LOGIN_PAGE, doc);
    const [create] = mock.service.requestsTo('POST', '/connections');
    expect((create!.body as {returnUrl?: string}).returnUrl).to.equal(
      `${location.origin}${HOST_PAGE}`
    );
  });

  it('auto: a blocked popup offers "Continue in this tab"', async () => {
    const {mock, win, doc} = await openHostPage();
    win.widget.login = 'auto';
    applyPopupBlocker(win, true);
    await chooseMercyAndAllow(win);
    (await findByRole(win.widget, 'button', 'Continue in this tab')).click();
    await pageIn(LOGIN_PAGE, doc);
    const creates = mock.service.requestsTo('POST', '/connections');
    expect(creates).to.have.length(2);
    expect('returnUrl' in (creates[0]!.body as object)).to.be.false;
    expect((creates[1]!.body as {returnUrl?: string}).returnUrl).to.equal(
      `${location.origin}${HOST_PAGE}`
    );
  });
});
