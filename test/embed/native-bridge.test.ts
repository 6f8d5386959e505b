/**
 * In an app's webview, the events the host page gets also reach the native side (issue 16;
 * docs/mobile.md): each of the three shells, stubbed on the page as it defines itself, receives
 * the exact messages, in the order the page got the events, and never the token.
 */
import {expect} from '@open-wc/testing';
import {findByRole} from '../helpers/queries.js';
import {waitUntil} from '../helpers/wait.js';
import {MOCK_SESSION_TOKEN, mountWidget} from '../helpers/widget.js';

type Posted = {type: string; detail: Record<string, unknown>};

/** Each shell: how it is put on `window`, and how what it was given is read back. */
const SHELLS: {
  name: string;
  key: string;
  install(received: Posted[]): unknown;
}[] = [
  {
    name: 'React Native WebView',
    key: 'ReactNativeWebView',
    install: (received) => ({
      postMessage: (data: string) => received.push(JSON.parse(data)),
    }),
  },
  {
    name: 'iOS WKWebView',
    key: 'webkit',
    install: (received) => ({
      messageHandlers: {
        humanConnect: {
          // WKWebView hands the native side a copy of the object.
          postMessage: (message: Posted) =>
            received.push(structuredClone(message)),
        },
      },
    }),
  },
  {
    name: 'Android WebView',
    key: 'HumanConnectAndroid',
    install: (received) => ({
      postMessage: (data: string) => received.push(JSON.parse(data)),
    }),
  },
];

for (const shell of SHELLS) {
  describe(`in a ${shell.name}`, () => {
    let had: PropertyDescriptor | undefined;
    const received: Posted[] = [];

    beforeEach(() => {
      received.length = 0;
      had = Object.getOwnPropertyDescriptor(window, shell.key);
      Object.defineProperty(window, shell.key, {
        value: shell.install(received),
        configurable: true,
        writable: true,
      });
    });
    afterEach(() => {
      if (had) Object.defineProperty(window, shell.key, had);
      else delete (window as unknown as Record<string, unknown>)[shell.key];
    });

    it('posts each event the page gets, in order, without the token', async () => {
      const {el, events, steps} = await mountWidget({token: null});
      await findByRole(el, 'heading');
      await waitUntil(() => events.length === 1, 'the error');
      el.hide();
      await waitUntil(() => events.length === 2, 'the close');
      await waitUntil(() => received.length === 5, 'five messages');

      expect(received.map((m) => m.type)).to.deep.equal([
        'human-connect:step',
        'human-connect:step',
        'human-connect:error',
        'human-connect:step',
        'human-connect:close',
      ]);
      const plain = (value: unknown) => JSON.parse(JSON.stringify(value));
      expect(received.map((m) => m.detail.step).filter(Boolean)).to.deep.equal([
        'open',
        'error',
        'close',
      ]);
      expect(
        received
          .filter((m) => m.type === 'human-connect:step')
          .map((m) => m.detail)
      ).to.deep.equal(plain(steps));
      expect(received[2]!.detail).to.deep.equal(plain(events[0]!.detail));
      const {sessionToken: _, ...close} = events[1]!
        .detail as unknown as Record<string, unknown>;
      expect(received[4]!.detail).to.deep.equal(plain(close));
      expect(JSON.stringify(received)).not.to.contain(MOCK_SESSION_TOKEN);
    });
  });
}

describe('in a browser', () => {
  it('posts nowhere: a named element cannot stand in for a shell', async () => {
    const decoy = document.createElement('iframe');
    decoy.name = 'ReactNativeWebView';
    document.body.append(decoy);
    let messages = 0;
    decoy.contentWindow!.addEventListener('message', () => (messages += 1));
    try {
      // The decoy is there, where a shell's object would be.
      expect(
        (window as unknown as Record<string, unknown>)['ReactNativeWebView']
      ).to.equal(decoy.contentWindow);
      const {el, events} = await mountWidget({token: null});
      await findByRole(el, 'heading');
      el.hide();
      await waitUntil(() => events.length === 2, 'the error and the close');
      // A posted message would have arrived by now: two turns of the event loop.
      for (let i = 0; i < 2; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(messages).to.equal(0);
    } finally {
      decoy.remove();
    }
  });
});
