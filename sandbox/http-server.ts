/**
 * The sandbox as a real HTTP server: the same msw handlers as the demo and the tests
 * (sandbox/connect-service.ts), answered through msw's own `getResponse` under `node:http`
 * rather than a second implementation, plus what only a real origin can serve: the source's
 * login page and its callback. The popup then runs on the sandbox's origin, another origin than
 * the host page's, so the widget's check of the message's origin is exercised for real.
 *
 * ```ts
 * const sandbox = await startSandboxServer({port: 4010});
 * sandbox.apiBase; // http://127.0.0.1:4010/v1
 * sandbox.service.completeLogin(id, 'connected'); // the controls, in-process
 * await sandbox.close();
 * ```
 *
 * CORS: any origin may call it. The widget sends its session token in `Authorization`, never in a
 * cookie, so a page on another origin gains nothing by calling the sandbox that it could not do
 * with the token anyway; and a developer's page may be on any port.
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {Readable} from 'node:stream';
import {getResponse} from 'msw';
import {
  createConnectService,
  type ConnectService,
  type ConnectServiceOptions,
} from './connect-service.js';
import {loginAssets, type LoginAssets} from './login-assets.js';
import {returnWith} from './return-url.js';

export interface SandboxServerOptions extends Partial<
  Omit<ConnectServiceOptions, 'apiBase' | 'loginUrl'>
> {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`: the sandbox is for this machine unless told otherwise. */
  host?: string;
  /** Where a request's line goes (method, path, status, request id, session id); default nowhere. */
  log?: (line: string) => void;
}

export interface SandboxServer {
  /** `http://127.0.0.1:4010`, the origin of the API and of the login page. */
  url: string;
  /** The API base to give the widget and the host server: `<url>/v1`. */
  apiBase: string;
  service: ConnectService;
  close(): Promise<void>;
}

export const DEFAULT_SANDBOX_PORT = 4010;
/** The API's path under the sandbox's origin. */
const API_PATH = '/v1';
/** The login page, on the sandbox's origin (the service's `loginUrl`). */
const LOGIN_PATH = '/login';
/** Where the login page reports the outcome (it has no client credentials: the state is its proof). */
const LOGIN_COMPLETE_PATH = '/login/complete';
const MAX_BODY_BYTES = 256 * 1024;

const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Allow-Headers':
    'Authorization, Content-Type, Accept, X-Connect-Session',
  'Access-Control-Expose-Headers': 'X-Request-Id',
  'Access-Control-Max-Age': '600',
};

export async function startSandboxServer(
  options: SandboxServerOptions = {}
): Promise<SandboxServer> {
  const {
    port = DEFAULT_SANDBOX_PORT,
    host = '127.0.0.1',
    log,
    ...serviceOptions
  } = options;
  const assets = await loginAssets();
  // The service needs its base URL before it answers, and the port is known once listening.
  let service: ConnectService | undefined;
  let url = '';
  const server = http.createServer((req, res) => {
    if (!service) {
      res.writeHead(503).end();
      return;
    }
    handle(url, service, assets, req, res, log).catch((error: unknown) => {
      log?.(`sandbox: ${String(error)}`);
      if (!res.headersSent)
        sendJson(res, 500, {
          error: {code: 'server_error', message: 'The sandbox failed.'},
        });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  const apiBase = `${url}${API_PATH}`;
  const started = createConnectService({
    latencyMs: 0,
    ...serviceOptions,
    apiBase,
    loginUrl: `${url}${LOGIN_PATH}`,
  });
  service = started;
  return {
    url,
    apiBase,
    service: started,
    close() {
      started.dispose();
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Polls and stalled bodies would otherwise hold the server open.
        server.closeAllConnections();
      });
    },
  };
}

async function handle(
  origin: string,
  service: ConnectService,
  assets: LoginAssets,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  log: ((line: string) => void) | undefined
): Promise<void> {
  // On the service's own origin whatever Host the client used (localhost or 127.0.0.1): the
  // handlers match the full URL.
  const url = new URL(req.url ?? '/', origin);
  for (const [name, value] of Object.entries(CORS_HEADERS))
    res.setHeader(name, value);
  res.on('finish', () => log?.(logLine(req, url, res)));
  if (req.method === 'OPTIONS') {
    res.writeHead(204).end();
    return;
  }

  if (req.method === 'GET' && url.pathname === LOGIN_PATH) {
    sendText(res, 200, 'text/html; charset=utf-8', assets.html);
    return;
  }
  if (req.method === 'GET' && url.pathname === `${LOGIN_PATH}/login.js`) {
    sendText(res, 200, 'text/javascript; charset=utf-8', assets.script);
    return;
  }
  if (req.method === 'GET' && url.pathname === `${LOGIN_PATH}/login.css`) {
    sendText(res, 200, 'text/css; charset=utf-8', assets.css);
    return;
  }
  if (req.method === 'POST' && url.pathname === LOGIN_COMPLETE_PATH) {
    const body = await readJson(req);
    const done = completeLogin(service, body);
    if (!done) sendJson(res, 404, {ok: false, error: 'unknown sign-in'});
    else sendJson(res, 200, {ok: true, ...done});
    return;
  }
  if (req.method === 'GET' && url.pathname === '/') {
    sendJson(res, 200, {
      name: 'human-connect sandbox',
      apiBase: `${origin}${API_PATH}`,
      docs: 'https://github.com/human-connect/human-connect#develop-against-the-sandbox',
    });
    return;
  }

  const controller = new AbortController();
  // The widget gave up (a timeout, a closed page): stop whatever the handler waits on.
  res.on('close', () => controller.abort());
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const request = new Request(url, {
    method: req.method,
    headers: headersOf(req),
    body: hasBody ? new Uint8Array(await readBody(req)) : undefined,
    signal: controller.signal,
  });
  const response = await getResponse(service.handlers, request);
  if (!response) {
    sendJson(res, 404, {
      error: {code: 'not_found', message: `No ${req.method} ${url.pathname}.`},
    });
    return;
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  // Streamed as it comes: the scenarios whose bodies stall or trickle depend on it.
  const body = Readable.fromWeb(
    response.body as import('node:stream/web').ReadableStream
  );
  body.on('error', () => res.destroy());
  body.pipe(res);
}

/**
 * A request's line: method, path, status, the answer's request id, and the widget's session id
 * when it sent one (`session=…`), so that one opening's requests can be picked out.
 */
function logLine(
  req: http.IncomingMessage,
  url: URL,
  res: http.ServerResponse
): string {
  const session = req.headers['x-connect-session'];
  return [
    req.method,
    url.pathname,
    res.statusCode,
    res.getHeader('X-Request-Id'),
    typeof session === 'string' ? `session=${session}` : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(' ');
}

/**
 * The login page's report, checked against the state the widget sent: nothing else proves it.
 * `cancelled` changes nothing (the widget learns of it from the connection, still pending). For a
 * redirect login, the answer says where the page sends the person back (`returnTo`).
 */
function completeLogin(
  service: ConnectService,
  body: unknown
): {returnTo?: string} | null {
  if (typeof body !== 'object' || body === null) return null;
  const {connectionId, state, outcome} = body as Record<string, unknown>;
  if (typeof connectionId !== 'string' || typeof state !== 'string')
    return null;
  if (outcome !== 'connected' && outcome !== 'error' && outcome !== 'cancelled')
    return null;
  if (service.state.connectionStates.get(connectionId) !== state) return null;
  if (outcome !== 'cancelled' && !service.completeLogin(connectionId, outcome))
    return null;
  const returnUrl = service.state.connectionMeta.get(connectionId)?.returnUrl;
  return returnUrl
    ? {returnTo: returnWith(returnUrl, state, connectionId)}
    : {};
}

function headersOf(req: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value])
      headers.append(name, one);
  }
  return headers;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  try {
    return JSON.parse((await readBody(req)).toString('utf8'));
  } catch {
    return undefined;
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  sendText(res, status, 'application/json', JSON.stringify(body));
}

function sendText(
  res: http.ServerResponse,
  status: number,
  type: string,
  text: string
) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}
