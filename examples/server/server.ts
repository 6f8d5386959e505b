/**
 * An example host server for `<human-connect>`: the host's side of the flow
 * (docs/connect-api.md, "The host server's side"), on plain `node:http`.
 *
 *   POST /api/login                  {userId} → 204 + cookie (a stand-in for your app's sign-in)
 *   POST /api/logout                 → 204, clears the cookie
 *   POST /api/human-connect/session  → {sessionToken, apiBase} for the signed-in user
 *   POST /api/human-connect/results  the event detail the page forwards → verified sources, records pulled
 *   GET  /api/human-connect/sources  what this server recorded and verified for the user
 *   GET  /api/human-connect/records  the records pulled for the user, per source
 *   POST /api/human-connect/notifications  the Connect service's signed notifications
 *   GET  /human-connect/…            the built bundle (`bundleRoot`, i.e. dist/), when given
 *   GET  /…                          static files from `staticRoot` (the host page), when given
 *
 * What it keeps (users, issued tokens as hashes, sources, records, the
 * watermark, notification ids seen, consent receipts) is in the database given (db.ts).
 *
 * The rules this example is about:
 * - the client secret stays here; the page only ever gets a session token;
 * - a forwarded session token is trusted only if this server issued it, to
 *   the user who is signed in now, and it has not expired;
 * - the page's list of connected sources is only a hint: the server asks
 *   the Data API, with its own access token, what is really connected;
 * - a notification is believed only with a good, fresh signature over its
 *   raw body, and only as a cue to pull: the data comes from the Data API;
 * - a consent receipt is kept only if its `textSha256` is the SHA-256 of its
 *   `text`, and the first one of a connection stands.
 */
import {createHash} from 'node:crypto';
import {createReadStream} from 'node:fs';
import {realpath, stat} from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import {
  ConnectError,
  createConnectClient,
  type FetchLike,
} from './connect-client.js';
import type {Db} from './db.js';
import {checkSignature, parseNotification} from './notifications.js';
import {createPuller, recordsView} from './records.js';
import {
  createStore,
  type ConsentReceipt,
  type RequestedSource,
  type SourceRef,
} from './store.js';

export interface HostServerOptions {
  /** The Connect service's base URL, with its version: `https://connect.example.com/v1`. */
  connectBase: string;
  clientId: string;
  /** Also the key of the notifications' signatures. */
  clientSecret: string;
  /** Where everything is kept; opened and migrated by the caller (`openDb`). */
  db: Db;
  /** Default: the global `fetch` (which msw intercepts in the tests and the mock mode). */
  fetch?: typeof fetch;
  /** Serve the files under this directory for paths outside `/api/`. */
  staticRoot?: string;
  /** Serve the files under this directory (the package's dist/) at `/human-connect/`. */
  bundleRoot?: string;
  /** Records asked per Data API page (default 200, the most the contract allows). */
  pageSize?: number;
  /** Largest request body accepted, in bytes (default 64 KiB). */
  maxBodyBytes?: number;
  /** The clock, in ms (default `Date.now`); tests move it to expire tokens. */
  now?: () => number;
  /** Where operational messages go (default `console.error`). Never given a token or the secret. */
  log?: (message: string) => void;
}

// ---------------------------------------------------------------------------
// What the page forwards: the `detail` of a `connect` or `close` event.

const TOKEN_STATUSES = [
  'SUCCESS',
  'SESSION_TOKEN_INVALID',
  'SESSION_TOKEN_EXPIRED',
  'MISSING_SESSION_TOKEN',
] as const;
const CONNECTION_STATUSES = [
  'pending',
  'connected',
  'syncing',
  'synced',
  'error',
] as const;
const CLOSE_REASONS = ['user', 'done', 'error'] as const;

interface ForwardedResult {
  sessionToken: string;
  status: (typeof TOKEN_STATUSES)[number];
  sessionResults: {
    connectedSources: SourceRef[];
    disconnectedSources: SourceRef[];
    requestedSources: RequestedSource[];
  };
  /** `id` is the source's id (Human API's meaning), `connectionId` the connection's. */
  currentConnections: {
    id: string;
    connectionId: string;
    name: string;
    status: (typeof CONNECTION_STATUSES)[number];
  }[];
  reason?: (typeof CLOSE_REASONS)[number];
  /** A new connection's consent receipt (`connect` only). */
  receipt?: ConsentReceipt;
}

const MAX_LIST = 200;
const MAX_STRING = 500;
const MAX_TOKEN = 2048;
/** A consent's words: a few paragraphs and a line per scope. */
const MAX_CONSENT_TEXT = 20_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isString(v: unknown, max = MAX_STRING): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= max;
}

function isOneOf<T extends string>(list: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (list as readonly string[]).includes(v);
}

/** A short reason when `v` is not a well-formed event detail, else the parsed value. */
function parseForwardedResult(v: unknown): ForwardedResult | string {
  if (!isRecord(v)) return 'the body must be a JSON object';
  if (!isString(v['sessionToken'], MAX_TOKEN))
    return '`sessionToken` must be a non-empty string';
  if (!isOneOf(TOKEN_STATUSES, v['status']))
    return '`status` is not a known status';
  if (v['reason'] !== undefined && !isOneOf(CLOSE_REASONS, v['reason']))
    return '`reason` is not a known reason';
  const sr = v['sessionResults'];
  if (!isRecord(sr)) return '`sessionResults` must be an object';

  const refs = (key: string): SourceRef[] | string => {
    const list = sr[key];
    if (!Array.isArray(list) || list.length > MAX_LIST)
      return `\`sessionResults.${key}\` must be a list`;
    const out: SourceRef[] = [];
    for (const s of list) {
      if (!isRecord(s) || !isString(s['id']) || !isString(s['name'])) {
        return `\`sessionResults.${key}\` entries need \`id\` and \`name\``;
      }
      out.push({id: s['id'], name: s['name']});
    }
    return out;
  };
  const connectedSources = refs('connectedSources');
  if (typeof connectedSources === 'string') return connectedSources;
  const disconnectedSources = refs('disconnectedSources');
  if (typeof disconnectedSources === 'string') return disconnectedSources;

  const requested = sr['requestedSources'];
  if (!Array.isArray(requested) || requested.length > MAX_LIST)
    return '`sessionResults.requestedSources` must be a list';
  const requestedSources: RequestedSource[] = [];
  for (const r of requested) {
    if (!isRecord(r) || !isString(r['name']))
      return '`sessionResults.requestedSources` entries need a `name`';
    const out: RequestedSource = {name: r['name']};
    for (const key of ['address', 'website', 'physician'] as const) {
      const f = r[key];
      if (f === undefined) continue;
      if (typeof f !== 'string' || f.length > MAX_STRING)
        return `\`requestedSources[].${key}\` must be a string`;
      out[key] = f;
    }
    requestedSources.push(out);
  }

  const current = v['currentConnections'];
  if (!Array.isArray(current) || current.length > MAX_LIST)
    return '`currentConnections` must be a list';
  const currentConnections: ForwardedResult['currentConnections'] = [];
  for (const c of current) {
    if (
      !isRecord(c) ||
      !isString(c['id']) ||
      !isString(c['connectionId']) ||
      !isString(c['name']) ||
      !isOneOf(CONNECTION_STATUSES, c['status'])
    ) {
      return '`currentConnections` entries need `id`, `connectionId`, `name` and a known `status`';
    }
    currentConnections.push({
      id: c['id'],
      connectionId: c['connectionId'],
      name: c['name'],
      status: c['status'],
    });
  }

  const out: ForwardedResult = {
    sessionToken: v['sessionToken'],
    status: v['status'],
    sessionResults: {connectedSources, disconnectedSources, requestedSources},
    currentConnections,
  };
  if (v['reason'] !== undefined) out.reason = v['reason'];
  if (v['receipt'] !== undefined) {
    const receipt = parseReceipt(v['receipt']);
    if (typeof receipt === 'string') return receipt;
    out.receipt = receipt;
  }
  return out;
}

/** The `receipt` of a forwarded `connect`, or why it is not one. */
function parseReceipt(r: unknown): ConsentReceipt | string {
  if (!isRecord(r)) return '`receipt` must be an object';
  const keys = [
    'connectionId',
    'sourceId',
    'appName',
    'version',
    'locale',
  ] as const;
  for (const key of keys)
    if (!isString(r[key])) return `\`receipt.${key}\` must be a string`;
  const {scopes, acceptedAt, textSha256, text} = r;
  if (
    !Array.isArray(scopes) ||
    scopes.length > MAX_LIST ||
    !scopes.every((s) => isString(s))
  )
    return '`receipt.scopes` must be a list of scope ids';
  if (!isString(acceptedAt) || Number.isNaN(Date.parse(acceptedAt)))
    return '`receipt.acceptedAt` must be a time';
  if (!isString(text, MAX_CONSENT_TEXT))
    return '`receipt.text` must be the consent’s text';
  // The receipt holds together: its hash is of its words (the person's copy has the same).
  if (
    typeof textSha256 !== 'string' ||
    textSha256 !== createHash('sha256').update(text, 'utf8').digest('hex')
  )
    return '`receipt.textSha256` is not the SHA-256 of `receipt.text`';
  const out = {scopes, acceptedAt, textSha256, text} as ConsentReceipt;
  for (const key of keys) out[key] = r[key] as string;
  return out;
}

// ---------------------------------------------------------------------------

/** Tokens are kept by their SHA-256, so the store never holds a usable token. */
function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// ---------------------------------------------------------------------------
// HTTP helpers

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {}
  ) {
    super(message);
  }
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

function sendEmpty(
  res: http.ServerResponse,
  status: number,
  headers: Record<string, string> = {}
): void {
  res.writeHead(status, {'Cache-Control': 'no-store', ...headers});
  res.end();
}

function sendError(res: http.ServerResponse, err: HttpError): void {
  sendJson(
    res,
    err.status,
    {error: {code: err.code, message: err.message}},
    err.headers
  );
}

/** Drop what is left of a body we will not read; past this much, hang up. */
const DRAIN_LIMIT = 1024 * 1024;

/**
 * Reads the body, at most `limit` bytes. Too large: throws 413 at once (the
 * rest is read and dropped, up to `DRAIN_LIMIT`, so the answer gets through).
 */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => {
      let seen = 0;
      req.removeAllListeners('data');
      req.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > DRAIN_LIMIT) req.socket.destroy();
      });
      req.resume();
      reject(
        new HttpError(
          413,
          'payload_too_large',
          `The body must be at most ${limit} bytes.`,
          {Connection: 'close'}
        )
      );
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      tooLarge();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!done) reject(err);
    });
  });
}

/**
 * The JSON body, or `undefined` when there is none and `required` is false.
 * A body must be `application/json` (415) and parse (400).
 */
async function readJson(
  req: http.IncomingMessage,
  limit: number,
  required: boolean
): Promise<unknown> {
  const raw = await readBody(req, limit);
  if (raw.length === 0) {
    if (required)
      throw new HttpError(400, 'bad_request', 'A JSON body is required.');
    return undefined;
  }
  const type = (req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(
      415,
      'unsupported_media_type',
      'The body must be JSON (Content-Type: application/json).'
    );
  }
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'bad_request', 'The body is not valid JSON.');
  }
}

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (name && !out.has(name)) out.set(name, part.slice(i + 1).trim());
  }
  return out;
}

// Telling the sender which check failed helps whoever sets the URL up, and
// tells a forger nothing the contract does not already say.
const SIGNATURE_PROBLEMS = {
  missing: 'The Human-Connect-Signature header is missing.',
  malformed: 'The Human-Connect-Signature header is malformed.',
  stale: "The signature is more than 5 minutes away from this server's clock.",
  mismatch: 'The signature does not match the body.',
} as const;

// ---------------------------------------------------------------------------
// The demo sign-in.
//
// NOT REAL AUTHENTICATION. Anyone can claim any user id: the cookie is not
// signed and there is no password. It stands in for your app's own session
// (your login, your session cookie or JWT) so that the example can show what
// matters here: the session token is tied to whoever is signed in. In a real
// app, `currentUser()` is "the user of the request's authenticated session".

const DEMO_COOKIE = 'demo_user';
const USER_ID = /^[A-Za-z0-9_.@-]{1,64}$/;

function currentUser(req: http.IncomingMessage): string {
  const id = parseCookies(req.headers.cookie).get(DEMO_COOKIE);
  if (!id || !USER_ID.test(id))
    throw new HttpError(401, 'unauthenticated', 'Sign in first.');
  return id;
}

// ---------------------------------------------------------------------------
// Static files

/** Where `bundleRoot` (the package's dist/) is served: the page loads the script tag from here. */
export const BUNDLE_PATH = '/human-connect/';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The file under `root` for a URL path, or null: no `..`, no dot-files, no symlinks out of `root`. */
async function resolveStatic(
  root: string,
  pathname: string
): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((s) => s.startsWith('.'))) return null; // `..`, `.env`, `.git`…
  let file = path.join(root, ...segments);
  try {
    let info = await stat(file);
    if (info.isDirectory()) {
      file = path.join(file, 'index.html');
      info = await stat(file);
    }
    if (!info.isFile()) return null;
    const real = await realpath(file);
    const realRoot = await realpath(root);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return null;
    return real;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------
// The server

export interface HostServer {
  server: http.Server;
  /** Resolves once the pulls that notifications started have finished. */
  settled(): Promise<void>;
}

export function createHostServer(options: HostServerOptions): HostServer {
  const connect = createConnectClient({
    connectBase: options.connectBase,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    ...(options.fetch ? {fetch: options.fetch as FetchLike} : {}),
  });
  const maxBody = options.maxBodyBytes ?? 64 * 1024;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((m: string) => console.error(m));
  const staticRoot = options.staticRoot
    ? path.resolve(options.staticRoot)
    : null;
  const bundleRoot = options.bundleRoot
    ? path.resolve(options.bundleRoot)
    : null;
  const store = createStore(options.db);
  const puller = createPuller({
    connect,
    store,
    now,
    ...(options.pageSize ? {pageSize: options.pageSize} : {}),
  });

  const background = new Set<Promise<void>>();
  /** Runs `task` after the answer has gone; a failure is logged, never thrown. */
  function inBackground(what: string, task: () => Promise<void>): void {
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(task)
      .catch((err: unknown) => {
        if (err instanceof ConnectError)
          log(`[host] ${what}: ${err.kind}: ${err.message}`);
        else
          log(
            `[host] ${what}: unexpected ${err instanceof Error ? err.name : 'error'}`
          );
      })
      .finally(() => background.delete(run));
    background.add(run);
  }

  /** Maps a failure talking to the Connect service to the answer the page gets. */
  function upstreamError(err: unknown, what: string): HttpError {
    if (err instanceof ConnectError) {
      log(`[host] ${what}: ${err.kind}: ${err.message}`);
      if (err.kind === 'invalid_client') {
        return new HttpError(
          502,
          'connect_auth_failed',
          "The Connect service refused this server's client credentials."
        );
      }
      if (err.kind === 'network')
        return new HttpError(
          502,
          'connect_unreachable',
          'The Connect service could not be reached.'
        );
      return new HttpError(
        502,
        'connect_error',
        'The Connect service gave an unexpected answer.'
      );
    }
    throw err;
  }

  // --- routes ----------------------------------------------------------------

  async function login(
    req: http.IncomingMessage,
    res: http.ServerResponse
  ): Promise<void> {
    const body = await readJson(req, maxBody, true);
    const userId = isRecord(body) ? body['userId'] : undefined;
    if (typeof userId !== 'string' || !USER_ID.test(userId)) {
      throw new HttpError(
        400,
        'bad_request',
        '`userId` must be 1–64 letters, digits or `_.@-`.'
      );
    }
    sendEmpty(res, 204, {
      'Set-Cookie': `${DEMO_COOKIE}=${userId}; HttpOnly; SameSite=Lax; Path=/`,
    });
  }

  function logout(_req: http.IncomingMessage, res: http.ServerResponse): void {
    sendEmpty(res, 204, {
      'Set-Cookie': `${DEMO_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0`,
    });
  }

  async function session(
    req: http.IncomingMessage,
    res: http.ServerResponse
  ): Promise<void> {
    const userId = currentUser(req);
    await readJson(req, maxBody, false); // no body needed; one that is sent must be JSON
    let grant;
    try {
      grant = await connect.createSessionToken(userId);
    } catch (err) {
      throw upstreamError(err, 'POST /tokens (session)');
    }
    await store.saveUser(userId, grant.humanId || null);
    await store.saveToken(
      tokenKey(grant.sessionToken),
      userId,
      new Date(now() + grant.expiresIn * 1000),
      new Date(now())
    );
    sendJson(res, 200, {
      sessionToken: grant.sessionToken,
      apiBase: connect.connectBase,
    });
  }

  async function results(
    req: http.IncomingMessage,
    res: http.ServerResponse
  ): Promise<void> {
    const userId = currentUser(req);
    const parsed = parseForwardedResult(await readJson(req, maxBody, true));
    if (typeof parsed === 'string')
      throw new HttpError(
        400,
        'bad_request',
        `Not an event detail: ${parsed}.`
      );

    // Was this token issued by us, to the user who is signed in now, and is it still valid?
    // The same 403 for every case, so that the answer tells nothing about other users' tokens.
    const owner = await store.tokenOwner(
      tokenKey(parsed.sessionToken),
      new Date(now())
    );
    if (owner !== userId) {
      throw new HttpError(
        403,
        'forbidden_token',
        'This session token was not issued to you, or has expired.'
      );
    }

    // Record what the page reported (a claim, not a fact).
    const {connectedSources, disconnectedSources, requestedSources} =
      parsed.sessionResults;
    await store.saveReports(
      userId,
      connectedSources,
      disconnectedSources,
      requestedSources,
      new Date(now())
    );

    // The person's consent, as they read it: kept with the connection (the first one stands).
    const receiptKept = parsed.receipt
      ? await store.saveReceipt(userId, parsed.receipt, new Date(now()))
      : undefined;

    // Ask the Data API, with our own access token, what is really connected, and pull the
    // records. A source connected in this session can bring records older than the
    // watermark, so then the pull reads everything (the upserts make that harmless).
    let pulled;
    try {
      pulled = await puller.pull(userId, connectedSources.length > 0);
    } catch (err) {
      throw upstreamError(err, 'pulling records');
    }

    const connectedIds = new Set(pulled.sources.map((s) => s.id));
    sendJson(res, 200, {
      connectedSources: connectedSources.map((s) => ({
        ...s,
        verified: connectedIds.has(s.id),
      })),
      verified: pulled.sources,
      received: pulled.received,
      ...(receiptKept !== undefined && {receiptKept}),
    });
  }

  async function sources(
    req: http.IncomingMessage,
    res: http.ServerResponse
  ): Promise<void> {
    const userId = currentUser(req);
    const checked = await store.sources(userId);
    sendJson(res, 200, {
      userId,
      verified: checked?.sources ?? null,
      verifiedAt: checked?.verifiedAt ?? null,
      reported: await store.reports(userId),
      receipts: await store.receipts(userId),
    });
  }

  async function records(
    req: http.IncomingMessage,
    res: http.ServerResponse
  ): Promise<void> {
    sendJson(res, 200, await recordsView(store, currentUser(req)));
  }

  /**
   * The service's notification: checked, recorded, answered at once; the pull it
   * asks for runs afterwards, so a slow Data API never holds the service's request.
   */
  async function notifications(
    req: http.IncomingMessage,
    res: http.ServerResponse
  ): Promise<void> {
    const raw = await readBody(req, maxBody);
    const problem = checkSignature(
      req.headers['human-connect-signature'],
      raw,
      options.clientSecret,
      now()
    );
    if (problem) {
      log(`[host] notification refused: signature ${problem}`);
      throw new HttpError(
        401,
        'invalid_signature',
        SIGNATURE_PROBLEMS[problem]
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpError(400, 'bad_request', 'The body is not valid JSON.');
    }
    const notification = parseNotification(body);
    if (typeof notification === 'string')
      throw new HttpError(
        400,
        'bad_request',
        `Not a notification: ${notification}.`
      );

    const first = await store.firstDelivery(notification, new Date(now()));
    sendJson(res, 200, {received: true});
    if (!first) return;
    inBackground(`notification ${notification.id}`, async () => {
      const userId = await store.userByHumanId(notification.humanId);
      if (userId === null) {
        log(`[host] notification ${notification.id}: no user for its humanId`);
        return;
      }
      await puller.pull(userId, false);
      await store.markPulled(notification.id, new Date(now()));
    });
  }

  type Handler = (
    req: http.IncomingMessage,
    res: http.ServerResponse
  ) => void | Promise<void>;
  const routes: Record<string, Record<string, Handler>> = {
    '/api/login': {POST: login},
    '/api/logout': {POST: logout},
    '/api/human-connect/session': {POST: session},
    '/api/human-connect/results': {POST: results},
    '/api/human-connect/sources': {GET: sources},
    '/api/human-connect/records': {GET: records},
    '/api/human-connect/notifications': {POST: notifications},
  };

  // The page runs no inline script and no inline style; the widget needs the
  // Connect service for its calls and its sources' logos (README, "Content-Security-Policy").
  const connectOrigin = new URL(connect.connectBase).origin;
  const pagePolicy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' https: data: ${connectOrigin}`,
    `connect-src 'self' ${connectOrigin}`,
    "require-trusted-types-for 'script'",
    'trusted-types lit-html human-connect', // Lit's policy, and the script-tag loader's
    "base-uri 'none'",
    "object-src 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');

  async function serveStatic(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    root: string,
    pathname: string
  ): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new HttpError(
        405,
        'method_not_allowed',
        'Only GET and HEAD here.',
        {Allow: 'GET, HEAD'}
      );
    }
    const file = await resolveStatic(root, pathname);
    if (!file) throw new HttpError(404, 'not_found', 'Not found.');
    const info = await stat(file);
    const type = path.extname(file).toLowerCase();
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[type] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
      ...(type === '.html' ? {'Content-Security-Policy': pagePolicy} : {}),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await new Promise<void>((resolve) => {
      const stream = createReadStream(file);
      stream.on('error', () => {
        res.destroy();
        resolve();
      });
      stream.on('end', () => resolve());
      stream.pipe(res);
    });
  }

  async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse
  ): Promise<void> {
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://host.invalid').pathname;
    } catch {
      throw new HttpError(400, 'bad_request', 'Bad URL.');
    }
    const route = routes[pathname];
    if (route) {
      const handler = route[req.method ?? ''];
      if (!handler) {
        throw new HttpError(
          405,
          'method_not_allowed',
          `Use ${Object.keys(route).join(', ')}.`,
          {
            Allow: Object.keys(route).join(', '),
          }
        );
      }
      await handler(req, res);
      return;
    }
    if (bundleRoot && pathname.startsWith(BUNDLE_PATH)) {
      await serveStatic(
        req,
        res,
        bundleRoot,
        pathname.slice(BUNDLE_PATH.length - 1)
      );
      return;
    }
    if (pathname === '/api' || pathname.startsWith('/api/') || !staticRoot) {
      throw new HttpError(404, 'not_found', 'No such route.');
    }
    await serveStatic(req, res, staticRoot, pathname);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) {
        sendError(res, err);
        return;
      }
      log(
        `[host] ${req.method} ${(req.url ?? '/').split('?')[0]}: unexpected ${err instanceof Error ? err.name : 'error'}`
      );
      sendError(
        res,
        new HttpError(500, 'server_error', 'Something went wrong.')
      );
    });
  });
  // A slow or endless request does not hold a socket for the default 5 minutes.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return {
    server,
    async settled() {
      while (background.size) await Promise.all(background);
    },
  };
}
