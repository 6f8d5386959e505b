import {expect} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import {ConnectApiError} from '../../src/api/errors.js';
import type {Connection} from '../../src/api/types.js';
import {
  AUTHORIZED_MESSAGE,
  waitForAuthorization,
  type AuthorizationWait,
} from '../../src/flow/popup-login.js';

const STATE = 'a'.repeat(32);
const CONNECTION_ID = 'conn_1';
const genuine = {
  type: AUTHORIZED_MESSAGE,
  connectionId: CONNECTION_ID,
  state: STATE,
};
// Another origin on the same test server: the same port on the other loopback name.
const OTHER_ORIGIN = `${location.protocol}//${location.hostname === 'localhost' ? '127.0.0.1' : 'localhost'}:${location.port}`;

function fixtureUrl(origin: string, data: unknown): string {
  const params = new URLSearchParams({
    target: 'parent',
    data: JSON.stringify(data),
  });
  return `${origin}/test/fixtures/post-message.html?${params}`;
}

/** A wait for CONNECTION_ID with STATE from this page's origin, with the given changes. */
function wait(
  changes: Partial<AuthorizationWait> &
    Pick<AuthorizationWait, 'getConnection'>,
  signal = new AbortController().signal
): Promise<Connection> {
  return waitForAuthorization(
    {
      connectionId: CONNECTION_ID,
      state: STATE,
      apiOrigin: location.origin,
      popup: null,
      ...changes,
    },
    signal
  );
}

const frames: HTMLIFrameElement[] = [];

/** A frame that posts `data` to this page once it loads. */
function frame(origin: string, data: unknown): Promise<HTMLIFrameElement> {
  const iframe = document.createElement('iframe');
  frames.push(iframe);
  return navigate(iframe, origin, data, () => document.body.append(iframe));
}

function navigate(
  iframe: HTMLIFrameElement,
  origin: string,
  data: unknown,
  start = () => {}
): Promise<HTMLIFrameElement> {
  return new Promise((resolve) => {
    iframe.addEventListener(
      'load',
      () => setTimeout(() => resolve(iframe), 50),
      {once: true}
    );
    iframe.src = fixtureUrl(origin, data);
    start();
  });
}

function connection(status: Connection['status']): Connection {
  return {
    id: CONNECTION_ID,
    sourceId: 'src_1',
    sourceName: 'Mercy General Hospital',
    status,
  };
}

describe('waiting for the popup login', () => {
  afterEach(() => {
    for (const f of frames.splice(0)) f.remove();
  });

  it('believes only the genuine message: api origin, the popup itself, the state sent', async () => {
    const seen: string[] = [];
    const record = (e: MessageEvent) => seen.push(e.origin);
    window.addEventListener('message', record);
    const popupFrame = await frame(location.origin, null);
    const popup = popupFrame.contentWindow!;
    let checks = 0;
    let status: Connection['status'] = 'pending';
    const controller = new AbortController();
    const outcome = wait(
      {
        popup,
        pollDelays: [60_000],
        getConnection: async () => {
          checks++;
          return connection(status);
        },
      },
      controller.signal
    );
    status = 'syncing';

    // Forgeries, each from a real window. The first comes from the popup itself, sent on to
    // another origin (as a source's login page could be), so that only the origin check can stop
    // it; the second from the right origin in another window, so that only the source check can.
    await navigate(popupFrame, OTHER_ORIGIN, genuine); // the popup, at another origin
    await frame(location.origin, genuine); // the right origin, another window
    await navigate(popupFrame, location.origin, {
      ...genuine,
      state: 'b'.repeat(32),
    }); // wrong state
    await navigate(popupFrame, location.origin, {...genuine, state: undefined}); // no state
    await navigate(popupFrame, location.origin, {
      ...genuine,
      connectionId: 'conn_2',
    }); // another connection
    await navigate(popupFrame, location.origin, {...genuine, type: 'other'}); // another message
    await navigate(popupFrame, location.origin, 'human-connect:authorized'); // malformed
    await new Promise((r) => setTimeout(r, 200));
    expect(checks, 'no forged message may trigger a check').to.equal(0);
    // The forgeries really arrived: the test would prove nothing otherwise.
    expect(seen).to.include(OTHER_ORIGIN);
    expect(seen.filter((o) => o === location.origin)).to.have.length(7);
    window.removeEventListener('message', record);

    await navigate(popupFrame, location.origin, genuine);
    const result = await outcome;
    expect(checks).to.equal(1);
    expect(result.status).to.equal('syncing');
  });

  it('ignores the state of an earlier attempt, and any message once the wait is over', async () => {
    const popupFrame = await frame(location.origin, null);
    const popup = popupFrame.contentWindow!;
    let checks = 0;
    const first = wait({
      popup,
      pollDelays: [60_000],
      getConnection: async () => (checks++, connection('connected')),
    });
    await navigate(popupFrame, location.origin, genuine);
    expect((await first).status).to.equal('connected');
    expect(checks).to.equal(1);

    // A second attempt with a new state: the first attempt's message, replayed, counts for nothing.
    const nextState = 'c'.repeat(32);
    const second = wait({
      popup,
      state: nextState,
      pollDelays: [60_000],
      getConnection: async () => (checks++, connection('synced')),
    });
    await navigate(popupFrame, location.origin, genuine);
    await new Promise((r) => setTimeout(r, 200));
    expect(checks, 'a reused state triggers nothing').to.equal(1);
    await navigate(popupFrame, location.origin, {...genuine, state: nextState});
    expect((await second).status).to.equal('synced');
    expect(checks).to.equal(2);

    // Both waits are over: even their genuine messages, sent again, are not listened to.
    await navigate(popupFrame, location.origin, {...genuine, state: nextState});
    await navigate(popupFrame, location.origin, genuine);
    await new Promise((r) => setTimeout(r, 200));
    expect(checks, 'a message after completion triggers nothing').to.equal(2);
  });

  it('polls with backoff when no message comes (the opener link was cut)', async () => {
    const answers: Connection['status'][] = ['pending', 'pending', 'synced'];
    let checks = 0;
    const result = await wait({
      pollDelays: [5, 10],
      getConnection: async () => connection(answers[checks++]),
    });
    expect(result.status).to.equal('synced');
    expect(checks).to.equal(3);
  });

  it('reports a closed popup once and keeps polling', async () => {
    const popupFrame = await frame(location.origin, null);
    const popup = popupFrame.contentWindow!;
    let closedReports = 0;
    let checks = 0;
    const outcome = wait({
      popup,
      pollDelays: [60_000],
      closedCheckMs: 20,
      onPopupClosed: () => closedReports++,
      getConnection: async () =>
        connection(++checks < 2 ? 'pending' : 'connected'),
    });
    popupFrame.remove(); // a removed frame's window reads as closed
    await waitUntil(() => closedReports > 0, 'the closed popup is noticed');
    await new Promise((r) => setTimeout(r, 100)); // five checks more
    expect(closedReports).to.equal(1);
    expect(checks, 'a closed popup triggers a check at once').to.equal(1);
    // A message can no longer come from it; only polling could finish now.
    expect(
      await Promise.race([
        outcome.then(() => 'done'),
        new Promise((r) => setTimeout(() => r('waiting'), 50)),
      ])
    ).to.equal('waiting');
  });

  it('tolerates a few failed polls, but not a dead token', async () => {
    let checks = 0;
    const transient = await wait({
      pollDelays: [1],
      getConnection: async () => {
        if (++checks < 3) throw new ConnectApiError('network_error', 'offline');
        return connection('connected');
      },
    });
    expect(transient.status).to.equal('connected');

    const dead = wait({
      pollDelays: [1],
      getConnection: async () => {
        throw new ConnectApiError('token_expired', 'expired', 401);
      },
    });
    const error = await dead.catch((e: ConnectApiError) => e);
    expect((error as ConnectApiError).code).to.equal('token_expired');
  });

  it('stops when aborted, and after its time limit', async () => {
    const controller = new AbortController();
    const aborted = wait(
      {
        pollDelays: [60_000],
        getConnection: async () => connection('pending'),
      },
      controller.signal
    );
    controller.abort();
    expect(((await aborted.catch((e: Error) => e)) as Error).name).to.equal(
      'AbortError'
    );

    const late = wait({
      pollDelays: [5],
      maxWaitMs: 30,
      getConnection: async () => connection('pending'),
    });
    expect(
      ((await late.catch((e: ConnectApiError) => e)) as ConnectApiError).code
    ).to.equal('timeout');
  });
});
