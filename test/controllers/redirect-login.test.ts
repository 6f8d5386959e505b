import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {
  MAX_AGE_MS,
  REDIRECT_NOTE_KEY,
  rememberRedirect,
  returnUrlFor,
  takeRedirectReturn,
  withoutFragment,
  type NoteStorage,
  type RedirectNote,
} from '../../src/flow/redirect-login.js';
import {
  chooseLogin,
  isInAppBrowser,
  parseLoginMode,
} from '../../src/flow/login-mode.js';
import {bridgeMessage, nativeBridge} from '../../src/flow/native-bridge.js';

/** sessionStorage as a Map, with every write seen. */
function memoryStorage(): NoteStorage & {items: Map<string, string>} {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
  };
}

const T0 = Date.UTC(2026, 11, 5, 12);
const NOTE: RedirectNote = {
  state: '0123456789abcdef0123456789abcdef',
  connectionId: 'conn_42',
  sourceId: 'src_mercy',
  startedAt: T0,
};
const RETURN = `#hc_state=${NOTE.state}&hc_connection=${NOTE.connectionId}`;

function stored(): ReturnType<typeof memoryStorage> {
  const storage = memoryStorage();
  rememberRedirect(storage, NOTE);
  return storage;
}

describe('the note kept while the person signs in in this tab', () => {
  test('holds the state, the connection, the source and the time, and nothing else', () => {
    const storage = memoryStorage();
    rememberRedirect(storage, {
      ...NOTE,
      // what a caller might wrongly pass along
      ...({sessionToken: 'tok_secret', authorizeUrl: 'https://x'} as object),
    });
    assert.deepEqual([...storage.items.keys()], [REDIRECT_NOTE_KEY]);
    assert.deepEqual(JSON.parse(storage.items.get(REDIRECT_NOTE_KEY)!), NOTE);
    assert.doesNotMatch(storage.items.get(REDIRECT_NOTE_KEY)!, /tok_|https/);
  });
});

describe('the note of a reconnect (a login to a connection in error)', () => {
  const AGAIN: RedirectNote = {...NOTE, again: true};

  test('says so with again: true, which a return reads back', () => {
    const storage = memoryStorage();
    rememberRedirect(storage, AGAIN);
    assert.deepEqual(JSON.parse(storage.items.get(REDIRECT_NOTE_KEY)!), AGAIN);
    assert.deepEqual(takeRedirectReturn(storage, RETURN, T0 + 60_000), {
      kind: 'returned',
      note: AGAIN,
    });
  });

  test('a new connection’s note has no again at all', () => {
    const storage = stored();
    assert.equal(
      'again' in JSON.parse(storage.items.get(REDIRECT_NOTE_KEY)!),
      false
    );
    const taken = takeRedirectReturn(storage, RETURN, T0);
    assert.equal(taken.kind === 'returned' && 'again' in taken.note, false);
  });

  test('anything but true is no reconnect: the return is a new connection’s', () => {
    for (const again of ['true', 1, {}, [true], null, false]) {
      const storage = memoryStorage();
      storage.setItem(REDIRECT_NOTE_KEY, JSON.stringify({...NOTE, again}));
      assert.deepEqual(takeRedirectReturn(storage, RETURN, T0), {
        kind: 'returned',
        note: NOTE,
      });
    }
  });

  test('an again from a polluted Object.prototype is not read', () => {
    const storage = stored();
    const proto = Object.prototype as Record<string, unknown>;
    proto['again'] = true;
    try {
      assert.deepEqual(takeRedirectReturn(storage, RETURN, T0), {
        kind: 'returned',
        note: NOTE,
      });
    } finally {
      delete proto['again'];
    }
  });
});

describe('the note of a new connection’s consent receipt', () => {
  const RECEIPT = {
    connectionId: NOTE.connectionId,
    sourceId: NOTE.sourceId,
    appName: 'Acme Health Coach',
    version: '2026-01',
    scopes: ['medications', 'vitals'],
    acceptedAt: '2026-12-05T12:00:00.000Z',
    locale: 'ar',
    textSha256: 'ab'.repeat(32),
    text: 'Acme Health Coach wants to connect to Mercy\n- Medications',
  };

  test('is kept with the note, and read back with the return', () => {
    const storage = memoryStorage();
    rememberRedirect(storage, {...NOTE, receipt: RECEIPT});
    assert.deepEqual(takeRedirectReturn(storage, RETURN, T0 + 60_000), {
      kind: 'returned',
      note: {...NOTE, receipt: RECEIPT},
    });
  });

  test('one of another connection or source, or not of its shape, is dropped: the return still stands', () => {
    for (const receipt of [
      {...RECEIPT, connectionId: 'conn_other'},
      {...RECEIPT, sourceId: 'src_other'},
      {...RECEIPT, scopes: 'medications'},
      {...RECEIPT, scopes: ['medications', 7]},
      {...RECEIPT, textSha256: undefined},
      {...RECEIPT, text: {}},
      'receipt',
      null,
    ]) {
      const storage = memoryStorage();
      storage.setItem(REDIRECT_NOTE_KEY, JSON.stringify({...NOTE, receipt}));
      assert.deepEqual(
        takeRedirectReturn(storage, RETURN, T0),
        {kind: 'returned', note: NOTE},
        JSON.stringify(receipt)
      );
    }
  });
});

describe('a return', () => {
  test('that matches the note is believed, once', () => {
    const storage = stored();
    assert.deepEqual(takeRedirectReturn(storage, RETURN, T0 + 60_000), {
      kind: 'returned',
      note: NOTE,
    });
    assert.equal(storage.items.size, 0, 'the note is used up');
    assert.deepEqual(takeRedirectReturn(storage, RETURN, T0 + 61_000), {
      kind: 'refused',
      reason: 'unknown',
    });
  });

  test('an ordinary load of the page is none, and leaves the note', () => {
    const storage = stored();
    for (const hash of ['', '#', '#section-2', '#state=abc', '#hc_other=1'])
      assert.deepEqual(takeRedirectReturn(storage, hash, T0), {kind: 'none'});
    assert.equal(storage.items.size, 1);
  });

  const refused: [string, string, number, string][] = [
    [
      'a state never stored',
      `#hc_state=${'f'.repeat(32)}&hc_connection=conn_42`,
      T0,
      'mismatch',
    ],
    [
      'another connection',
      `#hc_state=${NOTE.state}&hc_connection=conn_43`,
      T0,
      'mismatch',
    ],
    ['a note older than ten minutes', RETURN, T0 + MAX_AGE_MS + 1, 'expired'],
    ['a note from the future (a clock set back)', RETURN, T0 - 1, 'expired'],
    [
      'a fragment with junk after it',
      `${RETURN}&next=https://evil.example`,
      T0,
      'malformed',
    ],
    ['a key twice', `${RETURN}&hc_state=${NOTE.state}`, T0, 'malformed'],
    ['the state alone', `#hc_state=${NOTE.state}`, T0, 'malformed'],
    [
      'an empty connection',
      `#hc_state=${NOTE.state}&hc_connection=`,
      T0,
      'malformed',
    ],
    [
      'an overlong state',
      `#hc_state=${'a'.repeat(257)}&hc_connection=conn_42`,
      T0,
      'malformed',
    ],
  ];
  for (const [what, hash, now, reason] of refused) {
    test(`with ${what} is refused (${reason}), and uses the note up`, () => {
      const storage = stored();
      assert.deepEqual(takeRedirectReturn(storage, hash, now), {
        kind: 'refused',
        reason,
      });
      assert.equal(storage.items.size, 0);
    });
  }

  test('with no note, or a note that is not one, is refused as unknown', () => {
    assert.deepEqual(takeRedirectReturn(memoryStorage(), RETURN, T0), {
      kind: 'refused',
      reason: 'unknown',
    });
    for (const bad of [
      '{',
      'null',
      '[]',
      '{"state":1}',
      JSON.stringify({...NOTE, startedAt: 'now'}),
    ]) {
      const storage = memoryStorage();
      storage.setItem(REDIRECT_NOTE_KEY, bad);
      assert.deepEqual(takeRedirectReturn(storage, RETURN, T0), {
        kind: 'refused',
        reason: 'unknown',
      });
    }
  });

  test('reads only the note’s own fields: a polluted Object.prototype adds none', () => {
    const storage = memoryStorage();
    storage.setItem(REDIRECT_NOTE_KEY, JSON.stringify({state: NOTE.state}));
    const proto = Object.prototype as Record<string, unknown>;
    Object.assign(proto, {
      connectionId: 'conn_42',
      sourceId: 'x',
      startedAt: T0,
    });
    try {
      assert.deepEqual(takeRedirectReturn(storage, RETURN, T0), {
        kind: 'refused',
        reason: 'unknown',
      });
    } finally {
      for (const key of ['connectionId', 'sourceId', 'startedAt'])
        delete proto[key];
    }
  });

  test('when storage throws, nothing is believed and nothing is thrown', () => {
    const broken: NoteStorage = {
      getItem() {
        throw new Error('SecurityError');
      },
      setItem() {
        throw new Error('QuotaExceededError');
      },
      removeItem() {
        throw new Error('SecurityError');
      },
    };
    assert.deepEqual(takeRedirectReturn(broken, RETURN, T0), {
      kind: 'refused',
      reason: 'unknown',
    });
    assert.throws(() => rememberRedirect(broken, NOTE), /Quota/);
  });
});

describe('the return URL', () => {
  const page = 'https://app.example/connect?step=2#top';
  test('defaults to the page, without its fragment', () => {
    assert.equal(
      returnUrlFor(undefined, page),
      'https://app.example/connect?step=2'
    );
    assert.equal(returnUrlFor('', page), 'https://app.example/connect?step=2');
  });
  test('may be any URL of the page’s origin, relative or absolute, fragment dropped', () => {
    assert.equal(returnUrlFor('/done#x', page), 'https://app.example/done');
    assert.equal(
      returnUrlFor('https://app.example/a?b=1', page),
      'https://app.example/a?b=1'
    );
  });
  test('is refused on another origin, scheme or port, and where the page has no origin', () => {
    for (const url of [
      'https://evil.example/',
      'http://app.example/',
      'https://app.example:8443/',
      '//evil.example/x',
      'javascript:alert(1)',
      'data:text/html,hi',
      'https://app.example.evil.example/',
    ])
      assert.equal(returnUrlFor(url, page), null, url);
    assert.equal(returnUrlFor(undefined, 'about:blank'), null);
    assert.equal(returnUrlFor('/x', 'file:///tmp/page.html'), null);
  });
  test('withoutFragment', () => {
    assert.equal(
      withoutFragment('https://a.example/p?q#hc_state=1'),
      'https://a.example/p?q'
    );
  });
});

describe('popup or redirect', () => {
  const desktop =
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';
  const inApp: [string, string][] = [
    [
      'Instagram',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 300.0.0.0',
    ],
    [
      'Facebook',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/440.0]',
    ],
    [
      'LINE',
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 Line/13.20.1',
    ],
    [
      'an Android WebView',
      'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UD1A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0 Mobile Safari/537.36',
    ],
    [
      'an iOS app’s WKWebView',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
    ],
  ];
  const browsers: [string, string][] = [
    ['desktop Chrome', desktop],
    [
      'iOS Safari',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    ],
    [
      'Chrome on iOS',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0 Mobile/15E148 Safari/604.1',
    ],
    [
      'Chrome on Android',
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36',
    ],
  ];
  for (const [what, ua] of inApp)
    test(`auto redirects in ${what}`, () => {
      assert.equal(isInAppBrowser(ua), true);
      assert.equal(
        chooseLogin('auto', {canOpenWindows: true, userAgent: ua}),
        'redirect'
      );
    });
  for (const [what, ua] of browsers)
    test(`auto keeps the popup in ${what}`, () => {
      assert.equal(isInAppBrowser(ua), false);
      assert.equal(
        chooseLogin('auto', {canOpenWindows: true, userAgent: ua}),
        'popup'
      );
    });
  test('auto redirects where there is no window.open; an explicit mode is kept', () => {
    assert.equal(
      chooseLogin('auto', {canOpenWindows: false, userAgent: desktop}),
      'redirect'
    );
    assert.equal(
      chooseLogin('popup', {canOpenWindows: false, userAgent: inApp[0][1]}),
      'popup'
    );
    assert.equal(
      chooseLogin('redirect', {canOpenWindows: true, userAgent: desktop}),
      'redirect'
    );
  });
  test('the attribute: popup, redirect, anything else auto', () => {
    assert.equal(parseLoginMode('popup'), 'popup');
    assert.equal(parseLoginMode('redirect'), 'redirect');
    for (const other of [null, undefined, '', 'POPUP', 'tab', 1])
      assert.equal(parseLoginMode(other), 'auto');
  });
});

describe('the native bridges', () => {
  const connect = {
    sessionToken: 'tok_secret',
    sessionId: 's_1',
    currentConnections: [],
  };

  test('React Native: a JSON string to ReactNativeWebView.postMessage, without the token', () => {
    const posted: unknown[] = [];
    const post = nativeBridge({
      ReactNativeWebView: {postMessage: (m: unknown) => posted.push(m)},
    });
    post!(bridgeMessage('connect', connect));
    assert.deepEqual(posted, [
      JSON.stringify({
        type: 'human-connect:connect',
        detail: {sessionId: 's_1', currentConnections: []},
      }),
    ]);
  });

  test('iOS: the object to webkit.messageHandlers.humanConnect', () => {
    const posted: unknown[] = [];
    const post = nativeBridge({
      webkit: {
        messageHandlers: {
          humanConnect: {postMessage: (m: unknown) => posted.push(m)},
        },
      },
    });
    post!(bridgeMessage('close', {reason: 'user'}));
    assert.deepEqual(posted, [
      {type: 'human-connect:close', detail: {reason: 'user'}},
    ]);
  });

  test('Android: a JSON string to HumanConnectAndroid.postMessage', () => {
    const posted: unknown[] = [];
    const post = nativeBridge({
      HumanConnectAndroid: {postMessage: (m: unknown) => posted.push(m)},
    });
    post!(bridgeMessage('step', {step: 'search'}));
    assert.deepEqual(posted, [
      JSON.stringify({type: 'human-connect:step', detail: {step: 'search'}}),
    ]);
  });

  test('none in a browser, and none that the page’s markup or a polluted prototype can make', () => {
    assert.equal(nativeBridge({}), null);
    const namedFrame: Record<string, unknown> = {postMessage() {}};
    namedFrame['window'] = namedFrame;
    assert.equal(
      nativeBridge({ReactNativeWebView: namedFrame}),
      null,
      'a named iframe’s window'
    );
    assert.equal(
      nativeBridge({HumanConnectAndroid: {nodeType: 1, postMessage() {}}}),
      null,
      'an element'
    );
    assert.equal(nativeBridge({ReactNativeWebView: {postMessage: 'no'}}), null);
    const proto = Object.prototype as Record<string, unknown>;
    proto['ReactNativeWebView'] = {postMessage() {}};
    try {
      assert.equal(nativeBridge({}), null);
    } finally {
      delete proto['ReactNativeWebView'];
    }
  });
});
