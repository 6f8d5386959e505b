/**
 * A Connect service that answers garbage, for property-based tests
 * (fast-check): every endpoint's answer is generated, from a body of almost
 * the right shape with hostile strings and URLs in every field, through wrong
 * types, missing and extra fields, to bodies that are not JSON at all.
 *
 *   const answers = {current: VALID_ANSWERS};
 *   worker.use(...hostileHandlers(HOSTILE_API_BASE, () => answers.current));
 *   fc.assert(fc.asyncProperty(hostileAnswers(), async (a) => { answers.current = a; … }));
 *
 * Strings that would run script if they were ever parsed as HTML set
 * `window.__hcPwned`; a test asserts it stays unset.
 */
import fc from 'fast-check';
import {http, HttpResponse} from 'msw';

/** An https API base that only these handlers answer: the production URL rules apply. */
export const HOSTILE_API_BASE = 'https://connect.hostile.test/v1';

/** One answer: a status and a raw body, and how the body comes. */
export interface Answer {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** `stall`: the headers, a first piece of the body, then nothing. `trickle`: the body a few bytes at a time. */
  delivery?: 'stall' | 'trickle';
}

export interface HostileAnswers {
  session: Answer;
  sources: Answer;
  created: Answer;
  connection: Answer;
  deleted: Answer;
  requested: Answer;
}

/** Set by any hostile string that manages to run as script. */
export const PWNED = '__hcPwned';

const SCRIPT = `window.${PWNED}=1`;

/** Strings that run script wherever they are taken for HTML or a template. */
const MARKUP = [
  `<img src=x onerror="${SCRIPT}">`,
  `<script>${SCRIPT}</script>`,
  `"><svg onload=${SCRIPT}>`,
  `'><iframe srcdoc="<script>parent.${SCRIPT}</script>">`,
  `<a href="javascript:${SCRIPT}">x</a>`,
  '${' + SCRIPT + '}',
  `{{constructor.constructor('${SCRIPT}')()}}`,
  `');${SCRIPT};//`,
  '<style>*{display:none!important}</style>',
];

/** Unicode that has broken text handling somewhere. */
const UNICODE = [
  '\u202Eevil.exe\u202C', // right-to-left override
  '\u200F\u200E\u061C', // direction marks
  'zero\u200Bwidth\u200D\uFEFF',
  '🏥👩🏽‍⚕️🇺🇸',
  'e\u0301\u0308\u0301\u0308', // stacked combining marks
  '\u0000\u0007\u001B[31m',
  '\uD800', // a lone surrogate
  'مستشفى الرحمة',
  '   ',
  '',
];

/** Every kind of URL a `src` or `href` must never get, and one it may. */
const URLS = [
  `javascript:${SCRIPT}`,
  `JaVaScRiPt:${SCRIPT}`,
  ` javascript:${SCRIPT}`,
  `java\tscript:${SCRIPT}`,
  `data:text/html,<script>${SCRIPT}</script>`,
  `data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="${SCRIPT}"/>`,
  'http://evil.example/logo.png',
  '//evil.example/logo.png',
  '/relative/logo.png',
  'https://user:password@evil.example/',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'blob:https://evil.example/0000',
  'https://logos.hostile.test/logo.png',
];

const hostileString = fc.oneof(
  {weight: 3, arbitrary: fc.constantFrom(...MARKUP)},
  {weight: 3, arbitrary: fc.constantFrom(...UNICODE)},
  {weight: 2, arbitrary: fc.string({unit: 'binary', maxLength: 30})},
  // Very long: one word that cannot wrap, and a long text.
  {
    weight: 1,
    arbitrary: fc.integer({min: 500, max: 20_000}).map((n) => 'W'.repeat(n)),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({min: 50, max: 1_000})
      .map((n) => 'Mercy General '.repeat(n)),
  },
  {
    weight: 2,
    // (`.` and `..` as ids would climb the URL path they are put in)
    arbitrary: fc.constantFrom(
      'Mercy General Hospital',
      'Quest Diagnostics',
      'x',
      '.',
      '..'
    ),
  }
);

const hostileUrl = fc.oneof(
  {weight: 3, arbitrary: fc.constantFrom(...URLS)},
  {weight: 1, arbitrary: hostileString}
);

const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({maxLength: 5}), {maxLength: 3}),
  fc.dictionary(fc.string({maxLength: 5}), fc.string({maxLength: 5}), {
    maxKeys: 3,
  })
);

/**
 * The shapes of the contract's answers, with hostile strings and URLs in
 * every field. `broken`: some fields also get the wrong type or go missing,
 * so most such answers break the contract somewhere; the others keep to it,
 * so their hostile text reaches the screen.
 */
function shapes(broken: boolean) {
  /** A value of the right type; when broken, sometimes one of the wrong type, or none. */
  const field = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
    broken
      ? fc.oneof(
          {weight: 8, arbitrary: valid},
          {weight: 1, arbitrary: wrongType},
          {weight: 1, arbitrary: fc.constant(undefined)} // dropped by JSON: a missing field
        )
      : valid;
  // Kept to the contract, a text is non-blank and at most 10,000 characters long.
  const text = field(
    broken
      ? hostileString
      : hostileString.filter((t) => t.trim() !== '' && t.length <= 10_000)
  );
  const url = field(
    broken ? hostileUrl : hostileUrl.filter((t) => t.length <= 10_000)
  );
  const list = <T>(item: fc.Arbitrary<T>, maxLength: number) =>
    field(fc.array(item, {maxLength}));
  const oneOf = <T>(...values: T[]) =>
    field(
      broken
        ? fc.oneof(
            {weight: 4, arbitrary: fc.constantFrom(...values)},
            {weight: 1, arbitrary: hostileString}
          )
        : fc.constantFrom(...values)
    );
  /** An object of these fields, plus fields the contract never named. */
  const record = (
    fields: Record<string, fc.Arbitrary<unknown>>,
    optional: string[] = []
  ) => {
    const extra = fc.dictionary(
      fc.constantFrom(
        'extra',
        'html',
        'onclick',
        'constructor',
        'toString',
        'then',
        'valueOf'
      ),
      fc.oneof(hostileString, hostileUrl, wrongType),
      {maxKeys: 2}
    );
    const required = Object.keys(fields).filter((k) => !optional.includes(k));
    return fc
      .tuple(fc.record(fields, {requiredKeys: required}), extra)
      .map(([known, more]) => ({...more, ...known}));
  };

  const source = record(
    {
      id: text,
      name: text,
      category: oneOf(
        'hospital',
        'clinic',
        'lab',
        'pharmacy',
        'insurer',
        'wearable',
        'app'
      ),
      logoUrl: url,
      location: record({city: text, state: text, address: text}, [
        'city',
        'state',
        'address',
      ]),
      aliases: list(hostileString, 3),
      status: oneOf('ok', 'degraded', 'down'),
    },
    ['logoUrl', 'location', 'aliases', 'status']
  );
  const connection = record(
    {
      id: text,
      sourceId: text,
      sourceName: text,
      status: oneOf('pending', 'connected', 'syncing', 'synced', 'error'),
      sync: record({
        progress: field(
          fc.oneof(
            fc.double({noNaN: !broken}),
            fc.constantFrom(-1, 0, 0.5, 1, 2, 1e308)
          )
        ),
        updatedAt: text,
      }),
      error: record({code: text, message: text}),
      connectedAt: text,
    },
    ['sync', 'error', 'connectedAt']
  );
  return {
    session: record({
      app: record({name: text, logoUrl: url, termsUrl: url, privacyUrl: url}, [
        'logoUrl',
        'termsUrl',
        'privacyUrl',
      ]),
      user: record({id: text}),
      expiresAt: text,
      consent: record({
        version: text,
        scopes: list(record({id: text, label: text, description: text}), 4),
      }),
      connections: list(connection, 4),
    }),
    sourcePage: record({
      sources: list(source, 25),
      nextCursor: field(fc.oneof(hostileString, fc.constant(null))),
      total: field(fc.oneof(fc.nat(), fc.constantFrom(-1, 1e308))),
    }),
    created: record({connection, authorizeUrl: url}),
    connectionAnswer: record({connection}),
    requested: record({
      request: record(
        {id: text, name: text, address: text, website: url, physician: text},
        ['address', 'website', 'physician']
      ),
    }),
  };
}

const keptShapes = shapes(false);
const brokenShapes = shapes(true);
type Shape = keyof ReturnType<typeof shapes>;

/** Bodies that are not JSON, or JSON of the wrong kind altogether. */
const NOT_JSON = [
  '',
  ' ',
  'not json',
  '<html><body>502 Bad Gateway</body></html>',
  '{"sources": [',
  'null',
  '[]',
  '"a string"',
  '42',
  'true',
  '\uFEFF{}',
];

/** Huge and deep bodies, made once. */
let heavy: string[] | undefined;
const heavyBodies = () =>
  (heavy ??= [
    `[${'0,'.repeat(1_000_000)}0]`, // about 2 MB
    '['.repeat(50_000) + ']'.repeat(50_000), // nested deeper than any parser's stack
    JSON.stringify({
      sources: [],
      nextCursor: null,
      total: 0,
      pad: 'x'.repeat(3_000_000),
    }),
  ]);

/** An answer for one endpoint: its shape kept or broken, not JSON, huge, or an error. */
function answer(shape: Shape): fc.Arbitrary<Answer> {
  const json = (body: fc.Arbitrary<unknown>) =>
    body.map((b) => ({status: 200, body: JSON.stringify(b) ?? ''}));
  const errorBody = fc.record(
    {
      error: fc.record(
        {code: hostileString, message: hostileString},
        {requiredKeys: []}
      ),
    },
    {requiredKeys: []}
  );
  return fc.oneof(
    {weight: 8, arbitrary: json(keptShapes[shape])},
    {weight: 4, arbitrary: json(brokenShapes[shape])},
    {
      weight: 1,
      // A key that pollutes every object's prototype if copied carelessly.
      arbitrary: json(keptShapes[shape]).map((a) => ({
        ...a,
        body: a.body.replace(/^\{/, '{"__proto__":{"polluted":1},'),
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(...NOT_JSON)
        .map((b) => ({status: 200, body: b})),
    },
    {
      weight: 1,
      arbitrary: fc
        .nat({max: 2})
        .map((i) => ({status: 200, body: heavyBodies()[i]!})),
    },
    {
      weight: 2,
      // Errors the widget will not retry, so a run stays quick.
      arbitrary: fc
        .tuple(
          fc.constantFrom(400, 401, 403, 404, 409, 410, 418, 422),
          errorBody
        )
        .map(([status, b]) => ({status, body: JSON.stringify(b)})),
    },
    {
      weight: 1,
      arbitrary: fc.constant({
        status: 200,
        body: '{}',
        contentType: 'text/html',
      }),
    },
    {
      weight: 1,
      // Lists longer than the widget holds (500 items).
      arbitrary: fc.constant(shape).map(longLists),
    },
    {
      weight: 1,
      // Faults the widget retries, with every kind of Retry-After: none waits long.
      arbitrary: fc
        .tuple(
          fc.constantFrom(429, 500, 502, 503),
          fc.constantFrom(...RETRY_AFTER)
        )
        .map(([status, retryAfter]) => ({
          status,
          body: '{"error":{"code":"unavailable","message":"Try later"}}',
          headers: {'Retry-After': retryAfter},
        })),
    },
    {
      weight: 1,
      // A proper answer whose body stalls after its first bytes, or comes a few bytes at a time.
      arbitrary: fc
        .tuple(json(keptShapes[shape]), fc.constantFrom('stall', 'trickle'))
        .map(([a, delivery]) => ({
          ...a,
          delivery: delivery as Answer['delivery'],
        })),
    }
  );
}

/** Retry-After as services send it, and as they should not: seconds, dates, garbage. */
const RETRY_AFTER = [
  '0',
  '1',
  '86400',
  '99999999999999999999',
  '-5',
  '1.5',
  'Wed, 21 Oct 2015 07:28:00 GMT',
  'Fri, 01 Jan 2100 00:00:00 GMT',
  'soon',
  '',
];

/** A proper answer whose lists are longer than the widget holds. */
function longLists(shape: Shape): Answer {
  const many = <T>(item: T) => Array.from({length: 501}, () => item);
  const source = {
    id: 'src_x',
    name: 'Mercy General Hospital',
    category: 'hospital',
  };
  const connection = {
    id: 'conn_x',
    sourceId: 'src_x',
    sourceName: 'X',
    status: 'synced',
  };
  const bodies: Record<Shape, unknown> = {
    session: {
      ...JSON.parse(VALID_ANSWERS.session.body),
      connections: many(connection),
    },
    sourcePage: {
      sources: [{...source, aliases: many('alias')}, ...many(source)],
      nextCursor: null,
      total: 502,
    },
    created: {connection, authorizeUrl: 'https://login.hostile.test/a'},
    connectionAnswer: {
      connection: {
        ...connection,
        error: {code: 'x'.repeat(20_000), message: 'm'},
      },
    },
    requested: {request: {id: 'req_1', name: 'x'.repeat(20_000)}},
  };
  return json(bodies[shape]);
}

export const hostileSession = answer('session');
export const hostileSources = answer('sourcePage');
export const hostileCreated = answer('created');
export const hostileConnection = answer('connectionAnswer');
export const hostileDeleted = fc.oneof(
  fc.constant<Answer>({status: 204, body: ''}),
  fc.anything().map((b) => ({status: 200, body: JSON.stringify(b) ?? ''})),
  answer('requested')
);
export const hostileRequested = answer('requested');

/** Answers that follow the contract, for the endpoints a property leaves alone. */
export const VALID_ANSWERS: HostileAnswers = {
  session: json({
    app: {name: 'Acme Health Coach', termsUrl: 'https://acme.example/terms'},
    user: {id: 'user_1'},
    expiresAt: '2099-01-01T00:00:00Z',
    consent: {
      version: '1',
      scopes: [
        {
          id: 'records',
          label: 'Medical records',
          description: 'Visits and results',
        },
      ],
    },
    connections: [
      {
        id: 'conn_1',
        sourceId: 'src_lab',
        sourceName: 'Quest Diagnostics',
        status: 'synced',
      },
    ],
  }),
  sources: json({
    sources: [
      {id: 'src_mercy', name: 'Mercy General Hospital', category: 'hospital'},
      {id: 'src_lab', name: 'Quest Diagnostics', category: 'lab'},
    ],
    nextCursor: null,
    total: 2,
  }),
  created: json(
    {
      connection: {
        id: 'conn_2',
        sourceId: 'src_mercy',
        sourceName: 'Mercy General Hospital',
        status: 'pending',
      },
      authorizeUrl: 'https://login.hostile.test/authorize',
    },
    201
  ),
  connection: json({
    connection: {
      id: 'conn_2',
      sourceId: 'src_mercy',
      sourceName: 'Mercy General Hospital',
      status: 'pending',
    },
  }),
  deleted: {status: 204, body: ''},
  requested: json({request: {id: 'req_1', name: 'Lakeside Clinic'}}, 201),
};

function json(body: unknown, status = 200): Answer {
  return {status, body: JSON.stringify(body)};
}

/** msw handlers answering every endpoint under `apiBase` with the answers of the moment. */
export function hostileHandlers(
  apiBase: string,
  answers: () => HostileAnswers
) {
  const reply = (a: Answer) =>
    new HttpResponse(a.status === 204 ? null : delivered(a), {
      status: a.status,
      headers: {
        'Content-Type': a.contentType ?? 'application/json',
        ...a.headers,
      },
    });
  return [
    http.get(`${apiBase}/session`, () => reply(answers().session)),
    http.get(`${apiBase}/sources`, () => reply(answers().sources)),
    http.post(`${apiBase}/connections`, () => reply(answers().created)),
    http.get(`${apiBase}/connections/:id`, () => reply(answers().connection)),
    http.delete(`${apiBase}/connections/:id`, () => reply(answers().deleted)),
    http.post(`${apiBase}/source-requests`, () => reply(answers().requested)),
  ];
}

/** The body as a stream that stalls after its first bytes, or trickles; or all at once. */
function delivered(a: Answer): string | ReadableStream<Uint8Array> {
  if (!a.delivery) return a.body;
  const bytes = new TextEncoder().encode(a.body);
  const piece = Math.max(1, Math.ceil(bytes.length / 8));
  let at = 0;
  return new ReadableStream({
    async pull(controller) {
      if (a.delivery === 'stall' && at > 0) return new Promise(() => {});
      if (at >= bytes.length) return controller.close();
      if (at > 0) await new Promise((resolve) => setTimeout(resolve, 40));
      controller.enqueue(bytes.slice(at, (at += piece)));
    },
  });
}
