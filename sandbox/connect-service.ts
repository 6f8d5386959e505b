/**
 * The mock Connect service: msw handlers for the whole contract
 * (docs/connect-api.md): every widget-facing endpoint, the host server's
 * `POST /tokens` and Data API (data-api.ts, records.ts), signed notifications
 * to the application's URL (notifier.ts), the sandbox's controls over HTTP
 * (controls.ts), and generated logo images. Shared by the tests (browser and
 * Node), the demo and the sandbox server.
 *
 * ```ts
 * const service = createConnectService({apiBase, loginUrl});
 * setupWorker(...service.handlers).start();   // or setupServer(...) in Node
 * service.connect();                            // listen for the popup login page
 * service.useScenario('slow');                  // switch behaviour at run time
 * service.scenario.failOn = {method: 'GET', path: '/sources', status: 500, times: 1};
 * service.state.requests                        // what the widget sent
 * service.reset();                              // back to the seeded state
 * service.addRecords({connectionId});           // new data, and a `data.updated` notification
 * ```
 *
 * Each client user (`client_user_id` at `POST /tokens`) is one person with a
 * stable human id, and sees only the connections made with their own session
 * tokens. The Data API and the notifications give the host's server only
 * what the person shared: a connection's records of the kinds its consent
 * granted (`Connection.scopes`), and demographics from one that shares
 * `profile`. Scenarios apply to the widget endpoints only (`/session`,
 * `/sources…`, `/connections…`, `/source-requests`), never to `/tokens`, the
 * Data API, the controls or logos. Every answer carries `X-Request-Id`.
 */
import {delay, http, HttpResponse, type HttpHandler} from 'msw';
import type {
  AppInfo,
  Connection,
  ConsentTerms,
  Session,
  Source,
  SourcePage,
  SourceRequest,
} from '../src/api/types.js';
import {CATEGORIES} from '../src/api/types.js';
import {
  buildCatalogue,
  DEFAULT_COUNT,
  DEFAULT_SEED,
  LOGO_ORIGIN,
} from './catalogue.js';
import {systemClock, type Clock} from './clock.js';
import {
  controlRoutes,
  type AddRecordsResult,
  type SandboxConnection,
} from './controls.js';
import {dataApiRoutes, type HumanSource} from './data-api.js';
import {hashString, humanIdFor, newRequestId, randomToken} from './ids.js';
import {
  createNotifier,
  type DeliveryAttempt,
  type Notification,
} from './notifier.js';
import {applyPopupBlocker} from './popup-blocker.js';
import {
  defaultKind,
  KIND_PATHS,
  makeProfile,
  makeRecord,
  RECORD_KINDS,
  seededRecords,
  type DataRecord,
  type RecordKind,
} from './records.js';
import {
  errorResponse,
  isRecord,
  noConnection,
  notAnObject,
  readJson,
} from './responses.js';
import {allowedReturnUrl, returnWith} from './return-url.js';
import {
  withDelayedBody,
  withDroppedBody,
  withStalledBody,
  withTrickledBody,
} from './slow-body.js';

export {signNotification, SIGNATURE_HEADER} from './notifier.js';
export type {
  DeliveryAttempt,
  Notification,
  NotificationType,
} from './notifier.js';
export type {
  ConditionRecord,
  DataRecord,
  MedicationRecord,
  Profile,
  RecordKind,
  TestResultRecord,
} from './records.js';
export type {SandboxConnection} from './controls.js';
export type {Clock} from './clock.js';

// ---------------------------------------------------------------------------
// Constants

/** The session token the mock service accepts from the start. */
export const MOCK_SESSION_TOKEN = 'mock-session-token';
/** A session token the mock service always answers with 401 `token_expired`. */
export const MOCK_EXPIRED_TOKEN = 'mock-expired-token';
/** Host-server credentials `POST /tokens` accepts by default. */
export const MOCK_CLIENT_ID = 'mock-client-id';
export const MOCK_CLIENT_SECRET = 'mock-client-secret';
/** The channel the popup login page (sandbox/login.html) talks to the service on. */
export const MOCK_CHANNEL_NAME = 'human-connect-mock';
/** The mock user: the person `MOCK_SESSION_TOKEN` and `issueSessionToken()` belong to. */
export const MOCK_USER_ID = 'hum_demo_0001';
/** The host's own id for the mock user: `POST /tokens` with it gives tokens of MOCK_USER_ID. */
export const MOCK_CLIENT_USER_ID = 'demo-user';
/** Credentials the mock login page accepts. */
export const MOCK_LOGIN = {
  username: 'demo',
  password: 'demo-password',
  code: '123456',
} as const;
/** A username the mock login page signs in but the source then fails (`outcome: 'error'`). */
export const MOCK_LOCKED_USERNAME = 'locked';

export const MOCK_APP: AppInfo = {
  name: 'Acme Health Coach',
  logoUrl: `${LOGO_ORIGIN}/app.svg`,
  termsUrl: 'https://acme-health.example/terms',
  privacyUrl: 'https://acme-health.example/privacy',
};

/**
 * What the mock app asks for. Two scopes are optional, so that a consent leaving some out can be
 * tried: `profile` (its box starts ticked) and `vitals` (it does not). The other three are
 * required: `POST /connections` refuses a consent without one of them.
 */
export const MOCK_CONSENT: ConsentTerms = {
  version: '2026-11',
  scopes: [
    {
      id: 'profile',
      label: 'Profile & demographics',
      description:
        'Your name, date of birth, sex, and contact details as your provider records them.',
      required: false,
      default: true,
    },
    {
      id: 'medications',
      label: 'Medications',
      description: 'Prescriptions, doses and refill history, current and past.',
    },
    {
      id: 'test_results',
      label: 'Test results',
      description:
        'Lab results and reports, such as blood panels and cholesterol tests.',
    },
    {
      id: 'conditions',
      label: 'Conditions & allergies',
      description: 'Diagnoses, problems lists, allergies and immunisations.',
    },
    {
      id: 'vitals',
      label: 'Vitals & activity',
      description:
        'Blood pressure, heart rate, weight, sleep, steps and workouts.',
      required: false,
      default: false,
    },
  ],
};

/** The source connected in the seeded state. */
export const SEEDED_SOURCE_NAME = 'Fitbit';
/**
 * When the seeded connection was made and last synced: fixed days, not days before today, as the
 * connected-sources view shows the date and its screenshots must not change with the calendar.
 * (Midday in UTC: the same date in the time zones of both Americas, Europe and Africa.)
 */
export const SEEDED_CONNECTED_AT = '2026-11-26T14:00:00.000Z';
export const SEEDED_SYNCED_AT = '2026-11-29T12:00:00.000Z';

// ---------------------------------------------------------------------------
// Types

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Make one endpoint fail. */
export interface FailRule {
  method: HttpMethod;
  /**
   * The path after the API base: exact (`/sources`), with `:param` segments
   * (`/connections/:id`), or a prefix ending in `*` (`/connections*`).
   */
  path: string;
  /** HTTP status; `0` means a network error (`HttpResponse.error()`). */
  status: number;
  /** Error code for the body; default from the status (500 → server_error…). */
  code?: string;
  message?: string;
  /** `Retry-After` header (seconds). */
  retryAfter?: number;
  /** A raw body instead of the error JSON (string sent as-is, else JSON). */
  body?: unknown;
  /** Fail only this many times, then the rule removes itself. Default: forever. */
  times?: number;
}

export interface Scenario {
  /** Latency added to every response, in ms (default ~40). 0 allowed. */
  latencyMs: number;
  /** ~1.8 s latency on every widget endpoint (overrides `latencyMs`). */
  slow: boolean;
  /** Every widget endpoint answers 500 `server_error`. */
  serverError: boolean;
  /** Every widget endpoint answers 401 `token_expired`. */
  expiredToken: boolean;
  /** Every widget endpoint fails with a network error. */
  offline: boolean;
  /** Every widget endpoint answers 429 `rate_limited` with `Retry-After: 1`. */
  rateLimited: boolean;
  /** Every widget endpoint answers 200 with a body of the wrong shape. */
  malformed: boolean;
  /**
   * `window.open` returns null in the page running the service (browser
   * only). Setting this property applies/removes the simulated blocker.
   */
  popupBlocked: boolean;
  /** Widget endpoints send the headers and the first bytes of the body, then nothing more. */
  stallBody: boolean;
  /** Widget endpoints send their body a few bytes at a time (16 bytes every 100 ms). */
  trickleBody: boolean;
  /** Widget endpoints send the headers and the first bytes of the body, then drop the connection. */
  dropBody: boolean;
  /** Widget endpoints answer 200 with a page that is not JSON (a proxy's, a portal's). */
  notJson: boolean;
  /** Widget endpoints answer with their JSON labelled `text/html`. */
  wrongContentType: boolean;
  /**
   * Widget endpoints send their headers at once and their whole body this
   * many milliseconds later (0: with the headers): an abort or a removal that
   * lands between the two.
   */
  bodyDelayMs: number;
  /** Targeted failures, checked before the flags above. */
  failOn: FailRule | FailRule[] | null;
}

export type ScenarioName =
  | 'normal'
  | 'slow'
  | 'serverError'
  | 'expiredToken'
  | 'offline'
  | 'rateLimited'
  | 'malformed'
  | 'popupBlocked'
  | 'stallBody'
  | 'trickleBody'
  | 'dropBody'
  | 'notJson'
  | 'wrongContentType';

export interface ScenarioInfo {
  name: ScenarioName;
  label: string;
  description: string;
}

/** The named scenarios, with labels for the demo's switches. */
export const SCENARIOS: readonly ScenarioInfo[] = [
  {
    name: 'normal',
    label: 'Normal',
    description: 'Everything works, with a small realistic latency.',
  },
  {
    name: 'slow',
    label: 'Slow network',
    description: 'Every answer takes about 1.8 seconds.',
  },
  {
    name: 'serverError',
    label: 'Server error',
    description: 'Every call answers 500 server_error.',
  },
  {
    name: 'expiredToken',
    label: 'Expired session',
    description: 'Every call answers 401 token_expired.',
  },
  {
    name: 'offline',
    label: 'Offline',
    description: 'Every call fails with a network error.',
  },
  {
    name: 'rateLimited',
    label: 'Rate limited',
    description: 'Every call answers 429 with Retry-After: 1.',
  },
  {
    name: 'malformed',
    label: 'Malformed answers',
    description: 'Every call answers 200 with a body of the wrong shape.',
  },
  {
    name: 'popupBlocked',
    label: 'Popup blocked',
    description: 'window.open returns null, as when a popup blocker steps in.',
  },
  {
    name: 'stallBody',
    label: 'Stalled answers',
    description:
      'Every call answers its headers and a few bytes, then the body never ends.',
  },
  {
    name: 'trickleBody',
    label: 'Trickling answers',
    description: 'Every answer arrives 16 bytes every 100 ms.',
  },
  {
    name: 'dropBody',
    label: 'Dropped answers',
    description:
      'Every call answers its headers and a few bytes, then the connection drops.',
  },
  {
    name: 'notJson',
    label: 'Not JSON',
    description:
      'Every call answers 200 with an HTML page, as a proxy or a portal might.',
  },
  {
    name: 'wrongContentType',
    label: 'Wrong Content-Type',
    description: 'Every call answers its JSON labelled text/html.',
  },
];

export const DEFAULT_LATENCY_MS = 40;
export const SLOW_LATENCY_MS = 1800;

export interface LoggedRequest {
  /** The `X-Request-Id` the service answered this request with. */
  requestId: string;
  method: string;
  url: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Parsed JSON if the body was JSON, the text otherwise, null if empty. */
  body: unknown;
  /** The `X-Connect-Session` it carried: which opening of the widget sent it. */
  session?: string;
}

export interface SourceRequestRecord extends SourceRequest {
  createdAt: string;
}

export interface ConnectServiceState {
  sources: Source[];
  sourcesById: Map<string, Source>;
  /** Internal popularity rank: 0 = most popular. Never sent to clients. */
  popularity: Map<string, number>;
  connections: Map<string, Connection>;
  /** The `state` nonce each connection was created with. */
  connectionStates: Map<string, string>;
  sourceRequests: SourceRequestRecord[];
  /** Who each connection belongs to, and when it last finished syncing. */
  connectionMeta: Map<string, ConnectionMeta>;
  /** The records each connection has brought, by connection id. */
  records: Map<string, DataRecord[]>;
  /** The people the service knows, by human id. */
  humans: Map<string, Human>;
  /** Session tokens the service accepts → the human id they belong to. */
  tokens: Map<string, string>;
  /** Session tokens the service answers with `token_expired`. */
  expiredTokens: Set<string>;
  /** Access tokens issued by `POST /tokens` (type access) → the human id. */
  accessTokens: Map<string, string>;
  /** Every request the handlers saw, oldest first. */
  requests: LoggedRequest[];
}

/** `ConnectService.snapshot()`: the state a page load hands the next, as JSON. */
export interface ServiceSnapshot {
  version: 1;
  connections: Connection[];
  connectionStates: [string, string][];
  connectionMeta: [string, ConnectionMeta][];
  records: [string, DataRecord[]][];
  humans: Human[];
  sourceRequests: SourceRequestRecord[];
  connectionCounter: number;
  requestCounter: number;
}

export interface ConnectionMeta {
  humanId: string;
  syncedAt?: string;
  /** Redirect login: where the login page sends the person back (`POST /connections`). */
  returnUrl?: string;
}

export interface Human {
  humanId: string;
  clientUserId: string;
  /** `client_user_email` of the latest `POST /tokens`, if any. */
  email?: string;
  createdAt: string;
}

export interface ConnectServiceOptions {
  /** e.g. `http://localhost:8000/api/v1` (no trailing slash needed). */
  apiBase: string;
  /** The popup login page, e.g. `http://localhost:8000/sandbox/login.html`. */
  loginUrl: string;
  /** Default latency in ms (default 40). */
  latencyMs?: number;
  seed?: number;
  count?: number;
  /** Credentials `POST /tokens` accepts. */
  clientId?: string;
  clientSecret?: string;
  /** How long a connection takes from `syncing` to `synced` (default 5000 ms). */
  syncDurationMs?: number;
  /** Seed the state with a synced Fitbit connection (default true). */
  seedConnection?: boolean;
  /** Where notifications go (none when unset); `service.options.notifyUrl` changes it at run time. */
  notifyUrl?: string;
  /** The fetch notifications are sent with (default: the global one, looked up at each call). */
  fetch?: typeof fetch;
  /** Time for syncs, notification retries and trickled bodies (default: the real one). */
  clock?: Clock;
}

export type LoginOutcome = 'connected' | 'error';

export interface LoginMessage {
  type: 'login';
  connectionId: string;
  outcome: LoginOutcome;
  state?: string;
}

export interface LoginAckMessage {
  type: 'login:ack';
  connectionId: string;
  /** False when the connection was unknown. */
  ok: boolean;
  /** Redirect login: where the login page sends the person back. */
  returnTo?: string;
}

export interface AddRecordsOptions {
  connectionId: string;
  /** Default: the kind the source's category holds most of. */
  kind?: RecordKind;
  /** Default 1. */
  count?: number;
}

export interface ConnectService {
  handlers: HttpHandler[];
  state: ConnectServiceState;
  scenario: Scenario;
  options: Required<
    Omit<
      ConnectServiceOptions,
      'seed' | 'count' | 'notifyUrl' | 'fetch' | 'clock'
    >
  > & {
    seed: number;
    count: number;
    notifyUrl: string | undefined;
  };
  /** Every notification made, oldest first (also when there is no `notifyUrl`). */
  notifications: Notification[];
  /** Every notification delivery attempt with its outcome, oldest first. */
  deliveries: DeliveryAttempt[];
  /**
   * Back to the seeded state: connections, records, requests, tokens,
   * scenario, notifications; timers and pending notification retries cleared.
   */
  reset(): void;
  /** Reset the scenario and switch one named scenario on (`normal` = none). */
  useScenario(name: ScenarioName): void;
  /** Start listening on the BroadcastChannel for the login page (browser). Idempotent. */
  connect(): void;
  /**
   * What one page load of the in-browser sandbox hands the next, for a redirect login that leaves
   * the page (sandbox/browser.ts, `persist`): the connections, their states and owners, their
   * records, the people and the source requests, as JSON. Never a token: the seed makes the
   * sandbox's own again, and a token does not belong in the tab's storage.
   */
  snapshot(): ServiceSnapshot;
  /**
   * Takes up a snapshot on top of the seeded state; false (and nothing changed) for anything that
   * is not one. A connection that was syncing starts its sync again.
   */
  restore(snapshot: unknown): boolean;
  /** Stop listening, clear timers, stop pending notification retries. */
  dispose(): void;
  /**
   * What the login page does over the channel, callable directly from tests:
   * `connected` → syncing (progress 0 → 1 over `syncDurationMs`) → synced;
   * `error` → error `login_failed`. Returns false for an unknown connection.
   * On `synced` the source's records appear and `sync.completed` is sent.
   */
  completeLogin(connectionId: string, outcome: LoginOutcome): boolean;
  /**
   * The source fails the connection: status `error` with `code`, and a
   * `connection.error` notification. Returns false for an unknown connection.
   */
  breakConnection(connectionId: string, code?: string): boolean;
  /**
   * The source has new records: they get `updatedAt` now (later than any
   * record of the person), and `data.updated` is sent. Throws for an unknown
   * connection or one that is not `synced`.
   */
  addRecords(options: AddRecordsOptions): DataRecord[];
  /** Move a token from valid to expired. */
  expireToken(token: string): void;
  /**
   * Mint and accept a new session token (as `POST /tokens` would), for the
   * mock user or for `clientUserId`.
   */
  issueSessionToken(clientUserId?: string): string;
  /** Mint an access token for the Data API (as `POST /tokens` would). */
  issueAccessToken(clientUserId?: string): string;
  /** The human id of a client user (MOCK_USER_ID for MOCK_CLIENT_USER_ID). */
  humanIdOf(clientUserId: string): string;
  /** Requests whose URL is under the API base (optionally only this method + path). */
  requestsTo(method?: string, path?: string): LoggedRequest[];
  /** Resolves when the connection reaches one of `statuses` (polls state). */
  waitForConnection(
    id: string,
    statuses: Connection['status'][],
    timeoutMs?: number
  ): Promise<Connection>;
}

// ---------------------------------------------------------------------------
// Helpers

const DEFAULT_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'invalid_token',
  403: 'invalid_token',
  404: 'not_found',
  409: 'conflict',
  429: 'rate_limited',
  500: 'server_error',
  502: 'server_error',
  503: 'source_unavailable',
  504: 'server_error',
};

/** Lower-case, strip accents and apostrophes, split into words. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function normalised(text: string): string {
  return words(text).join(' ');
}

function encodeCursor(offset: number): string {
  return btoa(`o:${offset}`).replace(/=+$/, '');
}

function decodeCursor(cursor: string): number | null {
  try {
    const m = /^o:(\d{1,7})$/.exec(atob(cursor));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function matchPath(pattern: string, path: string): boolean {
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  const a = pattern.split('/');
  const b = path.split('/');
  if (a.length !== b.length) return false;
  return a.every((seg, i) =>
    seg.startsWith(':') ? (b[i] ?? '') !== '' : seg === b[i]
  );
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function logoSvg(label: string, key: string): string {
  const initials =
    words(label)
      .filter((w) => !['of', 'the', 'and', 'st'].includes(w))
      .slice(0, 2)
      .map((w) => w[0]!.toUpperCase())
      .join('') || '?';
  const hue = hashString(key) % 360;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">` +
    `<rect width="64" height="64" rx="14" fill="hsl(${hue} 55% 45%)"/>` +
    `<text x="32" y="41" font-family="system-ui,sans-serif" font-size="24" font-weight="600" ` +
    `text-anchor="middle" fill="#fff">${escapeXml(initials)}</text></svg>`
  );
}

/** The consent scope the profile's demographics are shared under. */
const PROFILE_SCOPE = 'profile';

/** The consent scope a kind of record is shared under: MOCK_CONSENT names them as the Data API's paths. */
function scopeOf(kind: RecordKind): string {
  return KIND_PATHS[kind];
}

/** How a login starts (`POST /connections`, reauthorize): its nonce, and where a redirect returns. */
interface LoginStart {
  nonce: string;
  returnUrl: string | undefined;
}

interface Indexed {
  source: Source;
  nameNorm: string;
  aliasNorms: string[];
  nameWords: string[];
  otherWords: string[];
}

// ---------------------------------------------------------------------------
// The service

export function createConnectService(
  opts: ConnectServiceOptions
): ConnectService {
  const apiBase = opts.apiBase.replace(/\/+$/, '');
  const basePath = new URL(apiBase).pathname.replace(/\/+$/, '');
  const options: ConnectService['options'] = {
    apiBase,
    loginUrl: opts.loginUrl,
    latencyMs: opts.latencyMs ?? DEFAULT_LATENCY_MS,
    seed: opts.seed ?? DEFAULT_SEED,
    count: opts.count ?? DEFAULT_COUNT,
    clientId: opts.clientId ?? MOCK_CLIENT_ID,
    clientSecret: opts.clientSecret ?? MOCK_CLIENT_SECRET,
    syncDurationMs: opts.syncDurationMs ?? 5000,
    seedConnection: opts.seedConnection ?? true,
    notifyUrl: opts.notifyUrl,
  };
  const clock = opts.clock ?? systemClock;
  const nowIso = () => new Date(clock.now()).toISOString();
  const notifier = createNotifier({
    url: () => options.notifyUrl ?? null,
    secret: () => options.clientSecret,
    fetch: opts.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    clock,
  });

  const catalogue = buildCatalogue(options.seed, options.count);
  const sourcesById = new Map(catalogue.sources.map((s) => [s.id, s]));
  const index: Indexed[] = catalogue.sources.map((source) => {
    const aliases = source.aliases ?? [];
    return {
      source,
      nameNorm: normalised(source.name),
      aliasNorms: aliases.map(normalised),
      nameWords: words(source.name),
      otherWords: [
        ...aliases.flatMap(words),
        ...words(source.location?.city ?? ''),
        ...words(source.location?.state ?? ''),
      ],
    };
  });

  const state: ConnectServiceState = {
    sources: catalogue.sources,
    sourcesById,
    popularity: catalogue.popularity,
    connections: new Map(),
    connectionStates: new Map(),
    connectionMeta: new Map(),
    records: new Map(),
    humans: new Map(),
    sourceRequests: [],
    tokens: new Map(),
    expiredTokens: new Set(),
    accessTokens: new Map(),
    requests: [],
  };

  // Scenario: a plain object except `popupBlocked`, whose setter applies the
  // simulated blocker to the page's window when there is one.
  let popupBlocked = false;
  const scenario = {
    latencyMs: options.latencyMs,
    slow: false,
    serverError: false,
    expiredToken: false,
    offline: false,
    rateLimited: false,
    malformed: false,
    stallBody: false,
    trickleBody: false,
    dropBody: false,
    notJson: false,
    wrongContentType: false,
    bodyDelayMs: 0,
    failOn: null,
  } as Scenario;
  Object.defineProperty(scenario, 'popupBlocked', {
    enumerable: true,
    get: () => popupBlocked,
    set: (on: boolean) => {
      popupBlocked = Boolean(on);
      if (typeof window !== 'undefined' && typeof window.open === 'function') {
        applyPopupBlocker(window, popupBlocked);
      }
    },
  });

  const timers = new Set<unknown>();
  /** Cancels the pending step of each connection's sync (followSync). */
  const syncSteps = new Map<string, () => void>();
  let connectionCounter = 0;
  let requestCounter = 0;
  let channel: BroadcastChannel | null = null;

  /** Runs `fn` after `ms` on the service's clock; the returned function cancels it. */
  function later(fn: () => void, ms: number): () => void {
    const t = clock.setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return () => {
      timers.delete(t);
      clock.clearTimeout(t);
    };
  }

  function clearTimers(): void {
    for (const t of timers) clock.clearTimeout(t);
    timers.clear();
  }

  /** Ends the bodies stalled so far: a change of scenario closes their connections. */
  let stalls = new AbortController();

  function newConnectionId(): string {
    connectionCounter += 1;
    return `conn_${(hashString(`c${connectionCounter}`) % 1679616).toString(36).padStart(4, '0')}${connectionCounter.toString(36)}`;
  }

  function resetScenario(): void {
    stalls.abort();
    stalls = new AbortController();
    scenario.latencyMs = options.latencyMs;
    scenario.slow = false;
    scenario.serverError = false;
    scenario.expiredToken = false;
    scenario.offline = false;
    scenario.rateLimited = false;
    scenario.malformed = false;
    scenario.stallBody = false;
    scenario.trickleBody = false;
    scenario.dropBody = false;
    scenario.notJson = false;
    scenario.wrongContentType = false;
    scenario.bodyDelayMs = 0;
    scenario.failOn = null;
    scenario.popupBlocked = false;
  }

  function seed(): void {
    clearTimers();
    syncSteps.clear();
    notifier.reset();
    state.connections.clear();
    state.connectionStates.clear();
    state.connectionMeta.clear();
    state.records.clear();
    state.humans.clear();
    state.humans.set(MOCK_USER_ID, {
      humanId: MOCK_USER_ID,
      clientUserId: MOCK_CLIENT_USER_ID,
      createdAt: SEEDED_CONNECTED_AT,
    });
    state.sourceRequests.length = 0;
    state.requests.length = 0;
    state.tokens.clear();
    state.tokens.set(MOCK_SESSION_TOKEN, MOCK_USER_ID);
    state.expiredTokens.clear();
    state.expiredTokens.add(MOCK_EXPIRED_TOKEN);
    state.accessTokens.clear();
    connectionCounter = 0;
    requestCounter = 0;
    if (options.seedConnection) {
      const fitbit = catalogue.sources.find(
        (s) => s.name === SEEDED_SOURCE_NAME
      );
      if (fitbit) {
        const id = newConnectionId();
        state.connections.set(id, {
          id,
          sourceId: fitbit.id,
          sourceName: fitbit.name,
          status: 'synced',
          sync: {progress: 1, updatedAt: SEEDED_SYNCED_AT},
          connectedAt: SEEDED_CONNECTED_AT,
          // Every scope, as the widget grants them.
          scopes: MOCK_CONSENT.scopes.map((s) => s.id),
        });
        state.connectionMeta.set(id, {
          humanId: MOCK_USER_ID,
          syncedAt: SEEDED_SYNCED_AT,
        });
        state.records.set(
          id,
          seededRecords(MOCK_USER_ID, fitbit, Date.parse(SEEDED_SYNCED_AT))
        );
      }
    }
  }

  function copy<T>(v: T): T {
    return JSON.parse(JSON.stringify(v)) as T;
  }

  // --- logging & scenario plumbing -----------------------------------------

  async function log(request: Request, requestId: string): Promise<void> {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key.toLowerCase()] = value;
    });
    let body: unknown = null;
    try {
      const text = await request.clone().text();
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
    } catch {
      body = null;
    }
    const session = request.headers.get('x-connect-session');
    state.requests.push({
      requestId,
      method: request.method,
      url: request.url,
      headers,
      body,
      ...(session === null ? {} : {session}),
    });
  }

  function relPath(request: Request): string {
    const p = new URL(request.url).pathname;
    return p.startsWith(basePath) ? p.slice(basePath.length) || '/' : p;
  }

  function takeFailRule(request: Request): FailRule | null {
    const rules =
      scenario.failOn == null
        ? []
        : Array.isArray(scenario.failOn)
          ? scenario.failOn
          : [scenario.failOn];
    const path = relPath(request);
    for (const rule of rules) {
      if (rule.method.toUpperCase() !== request.method.toUpperCase()) continue;
      if (!matchPath(rule.path, path)) continue;
      if (rule.times !== undefined) {
        rule.times -= 1;
        if (rule.times <= 0) {
          const rest = rules.filter((r) => r !== rule);
          scenario.failOn = rest.length === 0 ? null : rest;
        }
      }
      return rule;
    }
    return null;
  }

  function failResponse(rule: FailRule): Response {
    if (rule.status === 0) return HttpResponse.error();
    const headers: Record<string, string> = {};
    if (rule.retryAfter !== undefined)
      headers['Retry-After'] = String(rule.retryAfter);
    if (rule.body !== undefined) {
      if (typeof rule.body === 'string') {
        return new HttpResponse(rule.body, {
          status: rule.status,
          headers: {'Content-Type': 'text/plain', ...headers},
        });
      }
      return HttpResponse.json(rule.body as object, {
        status: rule.status,
        headers,
      });
    }
    const code = rule.code ?? DEFAULT_CODES[rule.status] ?? 'server_error';
    return errorResponse(
      rule.status,
      code,
      rule.message ?? `Mock failure (${code}).`,
      headers
    );
  }

  async function wait(): Promise<void> {
    const ms = scenario.slow ? SLOW_LATENCY_MS : scenario.latencyMs;
    if (ms > 0) await delay(ms);
  }

  type Params = Record<string, string | readonly string[] | undefined>;
  type Answer = (
    request: Request,
    params: Record<string, string>
  ) => Promise<Response> | Response;

  /**
   * Wraps every endpoint: logs the request and stamps the answer with its
   * `X-Request-Id` (errors included: that is when an integrator needs it);
   * `latency` adds the scenario's latency.
   */
  function serve(answer: Answer, latency: boolean) {
    return async ({request, params}: {request: Request; params: Params}) => {
      const requestId = newRequestId();
      await log(request, requestId);
      if (latency) await wait();
      const p: Record<string, string> = {};
      for (const [k, v] of Object.entries(params))
        if (typeof v === 'string') p[k] = v;
      const response = await answer(request, p);
      // A network error has no headers to stamp (and they are immutable).
      if (response.type !== 'error')
        response.headers.set('X-Request-Id', requestId);
      return response;
    };
  }

  /** A widget endpoint: scenarios, then the session token, whose person the handler gets. */
  function widget(
    handler: (
      request: Request,
      params: Record<string, string>,
      humanId: string
    ) => Promise<Response> | Response
  ) {
    return serve(async (request, params) => {
      const rule = takeFailRule(request);
      if (rule) return failResponse(rule);
      if (scenario.offline) return HttpResponse.error();
      if (scenario.expiredToken)
        return errorResponse(
          401,
          'token_expired',
          'The session token has expired.'
        );
      if (scenario.rateLimited) {
        return errorResponse(
          429,
          'rate_limited',
          'Too many requests. Try again shortly.',
          {'Retry-After': '1'}
        );
      }
      if (scenario.serverError)
        return errorResponse(
          500,
          'server_error',
          'Something went wrong on our side.'
        );
      if (scenario.malformed) {
        return HttpResponse.json({
          ok: true,
          data: 'this is not the shape the contract defines',
          items: null,
        });
      }
      const auth = request.headers.get('authorization') ?? '';
      const m = /^Bearer\s+(\S+)$/i.exec(auth.trim());
      const token = m?.[1];
      if (!token)
        return errorResponse(
          401,
          'invalid_token',
          'A session token is required.'
        );
      if (state.expiredTokens.has(token))
        return errorResponse(
          401,
          'token_expired',
          'The session token has expired.'
        );
      const humanId = state.tokens.get(token);
      if (humanId === undefined)
        return errorResponse(
          401,
          'invalid_token',
          'The session token is not valid.'
        );
      const response = await handler(request, params, humanId);
      if (scenario.notJson)
        return new HttpResponse(
          '<!doctype html><title>Down for maintenance</title><p>Back soon.',
          {headers: {'Content-Type': 'application/json'}}
        );
      if (scenario.wrongContentType)
        return new HttpResponse(await response.text(), {
          status: response.status,
          headers: {'Content-Type': 'text/html'},
        });
      if (scenario.dropBody) return withDroppedBody(response);
      if (scenario.stallBody) return withStalledBody(response, stalls.signal);
      if (scenario.trickleBody) return withTrickledBody(response, later);
      if (scenario.bodyDelayMs > 0)
        return withDelayedBody(response, later, scenario.bodyDelayMs);
      return response;
    }, true);
  }

  // --- endpoint logic -------------------------------------------------------

  function connectionsOf(humanId: string): Connection[] {
    return [...state.connections.values()].filter(
      (c) => state.connectionMeta.get(c.id)?.humanId === humanId
    );
  }

  /** The connection, if it is `humanId`'s: another person's is as unknown as a missing one. */
  function ownConnection(id: string, humanId: string): Connection | undefined {
    return state.connectionMeta.get(id)?.humanId === humanId
      ? state.connections.get(id)
      : undefined;
  }

  function removeConnection(id: string): void {
    state.connections.delete(id);
    state.connectionStates.delete(id);
    state.connectionMeta.delete(id);
    state.records.delete(id);
  }

  function humanIdOf(clientUserId: string): string {
    return clientUserId === MOCK_CLIENT_USER_ID
      ? MOCK_USER_ID
      : humanIdFor(options.clientId, clientUserId);
  }

  /** The person a client user is, known to the service from then on. */
  function humanFor(clientUserId: string, email?: string): string {
    const humanId = humanIdOf(clientUserId);
    const human = state.humans.get(humanId) ?? {
      humanId,
      clientUserId,
      createdAt: nowIso(),
    };
    if (email !== undefined) human.email = email;
    state.humans.set(humanId, human);
    return humanId;
  }

  function getSession(humanId: string): Response {
    const body: Session = {
      app: copy(MOCK_APP),
      user: {id: humanId},
      expiresAt: new Date(clock.now() + 3600 * 1000).toISOString(),
      consent: copy(MOCK_CONSENT),
      connections: connectionsOf(humanId).map(copy),
    };
    return HttpResponse.json(body);
  }

  function getSource(id: string): Response {
    const source = state.sourcesById.get(id);
    if (!source) return errorResponse(404, 'not_found', 'No such source.');
    return HttpResponse.json({source: copy(source)});
  }

  function searchSources(request: Request): Response {
    const url = new URL(request.url);
    const q = url.searchParams.get('q') ?? '';
    const category = url.searchParams.get('category');
    const limitParam = url.searchParams.get('limit');
    const cursor = url.searchParams.get('cursor');

    let limit = 20;
    if (limitParam !== null && limitParam !== '') {
      if (
        !/^\d+$/.test(limitParam) ||
        Number(limitParam) < 1 ||
        Number(limitParam) > 100
      ) {
        return errorResponse(
          400,
          'bad_request',
          '`limit` must be an integer from 1 to 100.'
        );
      }
      limit = Number(limitParam);
    }
    if (
      category !== null &&
      category !== '' &&
      !(CATEGORIES as readonly string[]).includes(category)
    ) {
      return errorResponse(
        400,
        'bad_request',
        `Unknown category "${category}".`
      );
    }
    if (q.length > 200)
      return errorResponse(400, 'bad_request', '`q` is too long.');

    let offset = 0;
    if (cursor !== null && cursor !== '') {
      const o = decodeCursor(cursor);
      if (o === null)
        return errorResponse(400, 'bad_request', 'The cursor is not valid.');
      offset = o;
    }

    const qWords = words(q);
    const qNorm = qWords.join(' ');
    const rank = (s: Source) =>
      state.popularity.get(s.id) ?? Number.MAX_SAFE_INTEGER;
    let hits: {source: Source; tier: number}[] = [];
    for (const entry of index) {
      if (category && entry.source.category !== category) continue;
      if (qWords.length === 0) {
        hits.push({source: entry.source, tier: 0});
        continue;
      }
      let inNameOnly = true;
      let ok = true;
      for (const w of qWords) {
        if (entry.nameWords.some((nw) => nw.startsWith(w))) continue;
        if (entry.otherWords.some((ow) => ow.startsWith(w))) {
          inNameOnly = false;
          continue;
        }
        ok = false;
        break;
      }
      if (!ok) continue;
      // 0: the name (or an alias) starts with the query; 1: every word is in
      // the name; 2: some word matched an alias, city or state.
      const tier = entry.nameNorm.startsWith(qNorm)
        ? 0
        : entry.aliasNorms.some((a) => a.startsWith(qNorm))
          ? 0
          : inNameOnly
            ? 1
            : 2;
      hits.push({source: entry.source, tier});
    }
    hits = hits.sort(
      (a, b) => a.tier - b.tier || rank(a.source) - rank(b.source)
    );
    const total = hits.length;
    if (offset > total)
      return errorResponse(400, 'bad_request', 'The cursor is out of range.');
    const page = hits.slice(offset, offset + limit).map((h) => copy(h.source));
    const next = offset + limit < total ? encodeCursor(offset + limit) : null;
    const body: SourcePage = {sources: page, nextCursor: next, total};
    return HttpResponse.json(body);
  }

  /**
   * The scope ids a consent grants, in the order they are offered; or the 400 for a consent of
   * other terms, or one that names a scope not offered or leaves out a required one.
   */
  function grantedScopes(consent: unknown): string[] | Response {
    if (!isRecord(consent))
      return errorResponse(400, 'bad_request', '`consent` is required.');
    if (consent['version'] !== MOCK_CONSENT.version) {
      return errorResponse(
        400,
        'bad_request',
        `\`consent.version\` must be "${MOCK_CONSENT.version}".`
      );
    }
    const scopes = consent['scopes'];
    const offered = MOCK_CONSENT.scopes.map((s) => s.id);
    if (
      !Array.isArray(scopes) ||
      !scopes.every((s) => typeof s === 'string' && offered.includes(s))
    ) {
      return errorResponse(
        400,
        'bad_request',
        '`consent.scopes` must list only the offered scopes.'
      );
    }
    const missing = MOCK_CONSENT.scopes
      .filter((s) => s.required !== false && !scopes.includes(s.id))
      .map((s) => s.id);
    if (missing.length > 0)
      return errorResponse(
        400,
        'bad_request',
        `\`consent.scopes\` must include every required scope; missing: ${missing.join(', ')}.`
      );
    const acceptedAt = consent['acceptedAt'];
    if (
      typeof acceptedAt !== 'string' ||
      Number.isNaN(Date.parse(acceptedAt))
    ) {
      return errorResponse(
        400,
        'bad_request',
        '`consent.acceptedAt` must be an ISO 8601 time.'
      );
    }
    return offered.filter((id) => scopes.includes(id));
  }

  /** The body's `state` and `returnUrl`, or the 400 for either. */
  function loginStart(body: Record<string, unknown>): LoginStart | Response {
    const returnUrl = allowedReturnUrl(body['returnUrl']);
    if (returnUrl === null)
      return errorResponse(
        400,
        'bad_request',
        '`returnUrl` must be an http(s) URL on an allowed origin: the sandbox allows loopback ones.'
      );
    const nonce = body['state'];
    if (
      typeof nonce !== 'string' ||
      nonce.trim() === '' ||
      nonce.length > 512
    ) {
      return errorResponse(
        400,
        'bad_request',
        '`state` must be a non-empty string.'
      );
    }
    return {nonce, returnUrl};
  }

  /**
   * Sends a connection of `humanId` to its source's login page: `pending`, any error cleared,
   * with this nonce. Every way the login page reports (the channel, `/login/complete`, a login
   * carried across a page load) is believed only with the nonce, and a redirect login goes back
   * to the return URL. Answers the `authorizeUrl`.
   */
  function startLogin(
    c: Connection,
    humanId: string,
    {nonce, returnUrl}: LoginStart
  ): string {
    c.status = 'pending';
    delete c.error;
    state.connections.set(c.id, c);
    state.connectionStates.set(c.id, nonce);
    const meta = state.connectionMeta.get(c.id) ?? {humanId};
    if (returnUrl) meta.returnUrl = returnUrl;
    else delete meta.returnUrl;
    state.connectionMeta.set(c.id, meta);
    return (
      `${options.loginUrl}?connection=${encodeURIComponent(c.id)}&state=${encodeURIComponent(nonce)}` +
      `&source=${encodeURIComponent(c.sourceName)}`
    );
  }

  async function createConnection(
    request: Request,
    humanId: string
  ): Promise<Response> {
    const body = await readJson(request);
    if (!isRecord(body)) return notAnObject();
    const login = loginStart(body);
    if (login instanceof Response) return login;
    const sourceId = body['sourceId'];
    if (typeof sourceId !== 'string' || sourceId === '') {
      return errorResponse(400, 'bad_request', '`sourceId` is required.');
    }
    const scopes = grantedScopes(body['consent']);
    if (scopes instanceof Response) return scopes;
    const source = state.sourcesById.get(sourceId);
    if (!source) return errorResponse(404, 'not_found', 'No such source.');
    if (source.status === 'down') {
      return errorResponse(
        503,
        'source_unavailable',
        `${source.name} is not available right now.`,
        {'Retry-After': '30'}
      );
    }
    for (const existing of connectionsOf(humanId)) {
      if (existing.sourceId !== sourceId) continue;
      if (existing.status === 'pending' || existing.status === 'error') {
        // An abandoned or failed attempt is replaced by the new one.
        removeConnection(existing.id);
        continue;
      }
      return errorResponse(
        409,
        'conflict',
        `${source.name} is already connected.`
      );
    }
    const connection: Connection = {
      id: newConnectionId(),
      sourceId,
      sourceName: source.name,
      status: 'pending',
      scopes,
    };
    const authorizeUrl = startLogin(connection, humanId, login);
    return HttpResponse.json(
      {connection: copy(connection), authorizeUrl},
      {status: 201}
    );
  }

  /**
   * Signs in again to a connection in `error`: the same connection goes back to `pending` with
   * the new nonce, keeping its scopes and what it brought, and its login ends as a first one.
   * Unknown (or another person's) is 404, a bad `state` or `returnUrl` 400, any status but
   * `error` 409: there is nothing to repair.
   */
  async function reauthorize(
    request: Request,
    id: string,
    humanId: string
  ): Promise<Response> {
    const c = ownConnection(id, humanId);
    if (!c) return noConnection();
    const body = await readJson(request);
    if (!isRecord(body)) return notAnObject();
    const login = loginStart(body);
    if (login instanceof Response) return login;
    if (c.status !== 'error')
      return errorResponse(
        409,
        'conflict',
        `${c.sourceName} is ${c.status}: only a connection in error signs in again.`
      );
    const authorizeUrl = startLogin(c, humanId, login);
    return HttpResponse.json({connection: copy(c), authorizeUrl});
  }

  function getConnection(id: string, humanId: string): Response {
    const c = ownConnection(id, humanId);
    if (!c) return noConnection();
    return HttpResponse.json({connection: copy(c)});
  }

  function deleteConnection(id: string, humanId: string): Response {
    if (!ownConnection(id, humanId)) return noConnection();
    removeConnection(id);
    return new HttpResponse(null, {status: 204});
  }

  async function createSourceRequest(request: Request): Promise<Response> {
    const body = await readJson(request);
    if (!isRecord(body)) return notAnObject();
    const name = body['name'];
    if (typeof name !== 'string' || name.trim() === '') {
      return errorResponse(400, 'bad_request', '`name` is required.');
    }
    if (name.length > 200)
      return errorResponse(400, 'bad_request', '`name` is too long.');
    const out: SourceRequest = {id: '', name: name.trim()};
    for (const key of ['address', 'website', 'physician'] as const) {
      const v = body[key];
      if (v === undefined || v === null || v === '') continue;
      if (typeof v !== 'string' || v.length > 500) {
        return errorResponse(
          400,
          'bad_request',
          `\`${key}\` must be a string.`
        );
      }
      out[key] = v.trim();
    }
    requestCounter += 1;
    out.id = `req_${requestCounter.toString(36).padStart(4, '0')}`;
    state.sourceRequests.push({...out, createdAt: nowIso()});
    return HttpResponse.json({request: out}, {status: 201});
  }

  async function tokens(request: Request): Promise<Response> {
    const body = await readJson(request);
    if (!isRecord(body)) return notAnObject();
    if (
      body['client_id'] !== options.clientId ||
      body['client_secret'] !== options.clientSecret
    ) {
      return errorResponse(
        401,
        'invalid_client',
        'Unknown client or wrong client secret.'
      );
    }
    const userId = body['client_user_id'];
    if (typeof userId !== 'string' || userId === '' || userId.length > 256) {
      return errorResponse(400, 'bad_request', '`client_user_id` is required.');
    }
    const email = body['client_user_email'];
    if (
      email !== undefined &&
      (typeof email !== 'string' || email.length > 320)
    )
      return errorResponse(
        400,
        'bad_request',
        '`client_user_email` must be a string.'
      );
    if (body['type'] === 'session') {
      const humanId = humanFor(userId, email);
      return HttpResponse.json({
        session_token: mint(state.tokens, 'mst_', humanId),
        expires_in: 3600,
        human_id: humanId,
      });
    }
    if (body['type'] === 'access') {
      return HttpResponse.json({
        access_token: mint(state.accessTokens, 'mat_', humanFor(userId, email)),
        token_type: 'Bearer',
        expires_in: 86400,
      });
    }
    return errorResponse(
      400,
      'bad_request',
      '`type` must be "session" or "access".'
    );
  }

  function mint(
    tokens: Map<string, string>,
    prefix: string,
    humanId: string
  ): string {
    const token = randomToken(prefix);
    tokens.set(token, humanId);
    return token;
  }

  // --- the Data API's view of the state ---------------------------------------

  function humanSources(humanId: string): HumanSource[] {
    return connectionsOf(humanId)
      .filter((c) => c.status !== 'pending')
      .map((c) => {
        const out: HumanSource = {
          id: c.sourceId,
          name: c.sourceName,
          category: state.sourcesById.get(c.sourceId)?.category ?? 'unknown',
          status: c.status,
          connectionId: c.id,
        };
        const syncedAt = state.connectionMeta.get(c.id)?.syncedAt;
        if (syncedAt) out.syncedAt = syncedAt;
        return out;
      });
  }

  function recordsOf(humanId: string): DataRecord[] {
    return connectionsOf(humanId).flatMap((c) => state.records.get(c.id) ?? []);
  }

  /** Whether the person let the connection share `scope`: the Data API serves nothing else. */
  function shares(c: Connection, scope: string): boolean {
    return c.scopes?.includes(scope) ?? false;
  }

  /** The records of a kind from the person's connections that share it. */
  function sharedRecords(humanId: string, kind: RecordKind): DataRecord[] {
    return connectionsOf(humanId)
      .filter((c) => shares(c, scopeOf(kind)))
      .flatMap((c) => state.records.get(c.id) ?? [])
      .filter((r) => r.kind === kind);
  }

  /** The person's demographics come from the sources they let share their profile. */
  function profile(humanId: string) {
    const human = state.humans.get(humanId);
    const synced = connectionsOf(humanId)
      .filter((c) => shares(c, PROFILE_SCOPE))
      .map((c) => state.connectionMeta.get(c.id)?.syncedAt)
      .filter((t): t is string => t !== undefined)
      .sort();
    return makeProfile(
      humanId,
      synced.at(-1) ?? human?.createdAt ?? nowIso(),
      synced.length > 0,
      human?.email
    );
  }

  function logo(file: string): Response {
    const key = file.replace(/\.svg$/, '');
    const label =
      key === 'app' ? MOCK_APP.name : state.sourcesById.get(key)?.name;
    if (!label || !file.endsWith('.svg'))
      return new HttpResponse('Not found', {status: 404});
    return new HttpResponse(logoSvg(label, key), {
      headers: {
        'Content-Type': 'image/svg+xml',
        'Cache-Control': 'max-age=3600',
      },
    });
  }

  // --- syncs, records and notifications ------------------------------------

  function notify(
    type: Notification['type'],
    connectionId: string,
    kinds: RecordKind[]
  ): void {
    const c = state.connections.get(connectionId);
    const meta = state.connectionMeta.get(connectionId);
    if (!c || !meta) return;
    // The host hears only of the kinds it may pull.
    const shared = kinds.filter((k) => shares(c, scopeOf(k)));
    if (type === 'data.updated' && shared.length === 0) return;
    notifier.send({
      type,
      humanId: meta.humanId,
      clientUserId: state.humans.get(meta.humanId)?.clientUserId ?? '',
      connectionId,
      sourceId: c.sourceId,
      kinds: shared,
    });
  }

  /**
   * The time new records of a person get: now, but always later than every
   * record they have, so that a host's `updated_since` watermark never
   * skips a record made in the same millisecond.
   */
  function stampFor(humanId: string): number {
    const latest = Math.max(
      0,
      ...recordsOf(humanId).map((r) => Date.parse(r.updatedAt))
    );
    return Math.max(clock.now(), latest + 1);
  }

  function kindsIn(records: readonly DataRecord[]): RecordKind[] {
    return RECORD_KINDS.filter((k) => records.some((r) => r.kind === k));
  }

  function finishSync(c: Connection): void {
    const meta = state.connectionMeta.get(c.id);
    const source = state.sourcesById.get(c.sourceId);
    if (!meta || !source) return;
    const at = stampFor(meta.humanId);
    c.status = 'synced';
    c.sync = {progress: 1, updatedAt: new Date(at).toISOString()};
    meta.syncedAt = c.sync.updatedAt;
    // A source synced again (after signing in again) keeps what it brought.
    if (!state.records.has(c.id))
      state.records.set(c.id, seededRecords(meta.humanId, source, at));
    notify('sync.completed', c.id, kindsIn(state.records.get(c.id) ?? []));
  }

  function completeLogin(connectionId: string, outcome: LoginOutcome): boolean {
    const c = state.connections.get(connectionId);
    if (!c) return false;
    if (outcome === 'error') {
      c.status = 'error';
      delete c.sync;
      c.error = {
        code: 'login_failed',
        message: `Signing in to ${c.sourceName} failed. Try again.`,
      };
      return true;
    }
    c.status = 'syncing';
    delete c.error;
    c.connectedAt = nowIso();
    c.sync = {progress: 0, updatedAt: c.connectedAt};
    followSync(c);
    return true;
  }

  /**
   * Moves a syncing connection on to `synced` over `syncDurationMs`, from its progress so far.
   * A new sync of the connection (a login after it broke mid-sync) stops the last one's steps.
   */
  function followSync(c: Connection): void {
    const steps = 10;
    const stepMs = Math.max(1, Math.round(options.syncDurationMs / steps));
    const next = (step: number) =>
      syncSteps.set(
        c.id,
        later(() => tick(step), stepMs)
      );
    const tick = (step: number) => {
      const current = state.connections.get(c.id);
      if (current !== c || c.status !== 'syncing') return;
      if (step >= steps) {
        finishSync(c);
        return;
      }
      c.sync = {
        progress: Math.round((step / steps) * 100) / 100,
        updatedAt: nowIso(),
      };
      next(step + 1);
    };
    syncSteps.get(c.id)?.();
    next(Math.floor((c.sync?.progress ?? 0) * steps) + 1);
  }

  function breakConnection(
    connectionId: string,
    code = 'reauth_required'
  ): boolean {
    const c = state.connections.get(connectionId);
    if (!c) return false;
    c.status = 'error';
    delete c.sync;
    c.error = {
      code,
      message:
        code === 'reauth_required'
          ? `${c.sourceName} needs you to sign in again.`
          : `${c.sourceName} could not be reached (${code}).`,
    };
    notify('connection.error', connectionId, []);
    return true;
  }

  function addRecordsTo(
    connectionId: string,
    kind: RecordKind | undefined,
    count: number
  ): AddRecordsResult {
    const c = state.connections.get(connectionId);
    const meta = state.connectionMeta.get(connectionId);
    const source = c && state.sourcesById.get(c.sourceId);
    if (!c || !meta || !source)
      return {status: 404, code: 'not_found', message: 'No such connection.'};
    if (c.status !== 'synced')
      return {
        status: 409,
        code: 'conflict',
        message: `The connection is ${c.status}: a source adds records once it has synced.`,
      };
    const k = kind ?? defaultKind(source);
    const list = state.records.get(connectionId) ?? [];
    const first = list.filter((r) => r.kind === k).length;
    const at = stampFor(meta.humanId);
    const added = Array.from({length: count}, (_, i) =>
      makeRecord(meta.humanId, source, k, first + i, at)
    );
    state.records.set(connectionId, [...list, ...added]);
    meta.syncedAt = new Date(at).toISOString();
    notify('data.updated', connectionId, [k]);
    return {records: added.map(copy)};
  }

  function sandboxConnections(
    clientUserId: string | null
  ): SandboxConnection[] {
    const out: SandboxConnection[] = [];
    for (const c of state.connections.values()) {
      const humanId = state.connectionMeta.get(c.id)?.humanId ?? '';
      const owner = state.humans.get(humanId)?.clientUserId ?? '';
      if (clientUserId === null || owner === clientUserId)
        out.push({...copy(c), humanId, clientUserId: owner});
    }
    return out;
  }

  function onChannelMessage(event: MessageEvent): void {
    const data: unknown = event.data;
    if (!isRecord(data) || data['type'] !== 'login') return;
    const connectionId = data['connectionId'];
    const outcome = data['outcome'];
    if (
      typeof connectionId !== 'string' ||
      (outcome !== 'connected' &&
        outcome !== 'error' &&
        outcome !== 'cancelled')
    )
      return;
    const expected = state.connectionStates.get(connectionId);
    const stateOk = data['state'] === undefined || data['state'] === expected;
    // A cancelled login changes nothing; it only asks where to go back to.
    const ok =
      stateOk &&
      (outcome === 'cancelled'
        ? state.connections.has(connectionId)
        : completeLogin(connectionId, outcome));
    const returnUrl = state.connectionMeta.get(connectionId)?.returnUrl;
    const ack: LoginAckMessage = {type: 'login:ack', connectionId, ok};
    if (ok && returnUrl && typeof expected === 'string')
      ack.returnTo = returnWith(returnUrl, expected, connectionId);
    channel?.postMessage(ack);
  }

  function connect(): void {
    if (channel || typeof BroadcastChannel === 'undefined') return;
    channel = new BroadcastChannel(MOCK_CHANNEL_NAME);
    channel.addEventListener('message', onChannelMessage);
  }

  function dispose(): void {
    clearTimers();
    notifier.stop();
    if (channel) {
      channel.removeEventListener('message', onChannelMessage);
      channel.close();
      channel = null;
    }
  }

  function reset(): void {
    seed();
    resetScenario();
  }

  function snapshot(): ServiceSnapshot {
    return structuredClone({
      version: 1,
      connections: [...state.connections.values()],
      connectionStates: [...state.connectionStates],
      connectionMeta: [...state.connectionMeta],
      records: [...state.records],
      humans: [...state.humans.values()],
      sourceRequests: state.sourceRequests,
      connectionCounter,
      requestCounter,
    });
  }

  function restore(value: unknown): boolean {
    if (!isRecord(value) || value['version'] !== 1) return false;
    const arrays = [
      'connections',
      'connectionStates',
      'connectionMeta',
      'records',
      'humans',
      'sourceRequests',
    ];
    if (!arrays.every((key) => Array.isArray(value[key]))) return false;
    if (
      typeof value['connectionCounter'] !== 'number' ||
      typeof value['requestCounter'] !== 'number'
    )
      return false;
    const saved = structuredClone(value) as unknown as ServiceSnapshot;
    for (const c of saved.connections) state.connections.set(c.id, c);
    for (const [id, nonce] of saved.connectionStates)
      state.connectionStates.set(id, nonce);
    for (const [id, meta] of saved.connectionMeta)
      state.connectionMeta.set(id, meta);
    for (const [id, records] of saved.records) state.records.set(id, records);
    for (const human of saved.humans) state.humans.set(human.humanId, human);
    state.sourceRequests.splice(0, Infinity, ...saved.sourceRequests);
    connectionCounter = Math.max(connectionCounter, saved.connectionCounter);
    requestCounter = Math.max(requestCounter, saved.requestCounter);
    for (const c of state.connections.values())
      if (c.status === 'syncing') followSync(c);
    return true;
  }

  function useScenario(name: ScenarioName): void {
    resetScenario();
    switch (name) {
      case 'normal':
        break;
      case 'slow':
        scenario.slow = true;
        break;
      default:
        scenario[name] = true;
    }
  }

  // --- handlers ---------------------------------------------------------------

  const at = (path: string) => `${apiBase}${path}`;
  const dataApi = dataApiRoutes({
    humanFor: (token) => state.accessTokens.get(token),
    profile,
    sources: humanSources,
    records: sharedRecords,
  });
  const controls = controlRoutes({
    credentials: () => ({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
    }),
    scenarioNames: SCENARIOS.map((s) => s.name),
    reset,
    useScenario: (name) => useScenario(name as ScenarioName),
    completeLogin,
    breakConnection,
    addRecords: addRecordsTo,
    connections: sandboxConnections,
    requests: () =>
      state.requests
        .filter((r) => r.url.startsWith(`${apiBase}/`))
        .map(({requestId, method, url, session}) => ({
          requestId,
          method,
          url,
          session,
        })),
  });
  const handlers: HttpHandler[] = [
    http.get(
      at('/session'),
      widget((_r, _p, humanId) => getSession(humanId))
    ),
    http.get(
      at('/sources'),
      widget((request) => searchSources(request))
    ),
    http.get(
      at('/sources/:id'),
      widget((_r, p) => getSource(p['id'] ?? ''))
    ),
    http.post(
      at('/connections'),
      widget((request, _p, humanId) => createConnection(request, humanId))
    ),
    http.post(
      at('/connections/:id/reauthorize'),
      widget((request, p, humanId) =>
        reauthorize(request, p['id'] ?? '', humanId)
      )
    ),
    http.get(
      at('/connections/:id'),
      widget((_r, p, humanId) => getConnection(p['id'] ?? '', humanId))
    ),
    http.delete(
      at('/connections/:id'),
      widget((_r, p, humanId) => deleteConnection(p['id'] ?? '', humanId))
    ),
    http.post(
      at('/source-requests'),
      widget((request) => createSourceRequest(request))
    ),
    http.post(
      at('/tokens'),
      serve((request) => tokens(request), true)
    ),
    ...dataApi.map((route) =>
      http.get(
        at(route.path),
        serve((request) => route.answer(request), true)
      )
    ),
    ...controls.map((route) =>
      (route.method === 'GET' ? http.get : http.post)(
        at(route.path),
        serve((request, p) => route.answer(request, p['id'] ?? ''), false)
      )
    ),
    http.get(
      `${LOGO_ORIGIN}/:file`,
      serve((_r, p) => logo(p['file'] ?? ''), false)
    ),
  ];

  seed();

  const service: ConnectService = {
    handlers,
    state,
    scenario,
    options,
    notifications: notifier.notifications,
    deliveries: notifier.deliveries,
    reset,
    useScenario,
    connect,
    dispose,
    snapshot,
    restore,
    completeLogin,
    breakConnection,
    addRecords({connectionId, kind, count = 1}) {
      const out = addRecordsTo(connectionId, kind, count);
      if ('status' in out) throw new Error(out.message);
      return out.records;
    },
    expireToken(token) {
      state.tokens.delete(token);
      state.expiredTokens.add(token);
    },
    issueSessionToken(clientUserId = MOCK_CLIENT_USER_ID) {
      return mint(state.tokens, 'mst_', humanFor(clientUserId));
    },
    issueAccessToken(clientUserId = MOCK_CLIENT_USER_ID) {
      return mint(state.accessTokens, 'mat_', humanFor(clientUserId));
    },
    humanIdOf,
    requestsTo(method, path) {
      return state.requests.filter((r) => {
        const u = new URL(r.url);
        if (!r.url.startsWith(`${apiBase}/`)) return false;
        if (method && r.method.toUpperCase() !== method.toUpperCase())
          return false;
        if (path && !matchPath(path, u.pathname.slice(basePath.length)))
          return false;
        return true;
      });
    },
    async waitForConnection(id, statuses, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const c = state.connections.get(id);
        if (c && statuses.includes(c.status)) return copy(c);
        if (Date.now() > end)
          throw new Error(
            `Connection ${id} did not reach ${statuses.join('/')} in ${timeoutMs} ms`
          );
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
  return service;
}
