/**
 * The sandbox's controls over HTTP, so that a test in another process can
 * drive a sandbox it reaches only by URL (under `{apiBase}/sandbox/`):
 *
 *   POST /sandbox/reset                                    → 204
 *   POST /sandbox/scenario                {name}           → 200 {scenario}
 *   GET  /sandbox/connections?client_user_id=              → 200 {connections}
 *   POST /sandbox/connections/{id}/login  {outcome?}       → 200 {connection}
 *   POST /sandbox/connections/{id}/break  {code?}          → 200 {connection}
 *   POST /sandbox/connections/{id}/records {kind?, count?} → 201 {records}
 *   GET  /sandbox/requests?path=                           → 200 {requests: {requestId, method, url, session?}[]}
 *
 * They authenticate with the application's client credentials
 * (`Authorization: Basic base64(client_id:client_secret)`): whoever may mint
 * tokens may also drive the sandbox, and nobody else.
 */
import {HttpResponse} from 'msw';
import type {Connection} from '../src/api/types.js';
import {RECORD_KINDS, type DataRecord, type RecordKind} from './records.js';
import {
  errorResponse,
  INVALID_JSON,
  isRecord,
  noConnection,
  notAnObject,
  readJson,
} from './responses.js';

export const MAX_ADDED_RECORDS = 100;

/** A connection as the controls list it: with whose it is. */
export interface SandboxConnection extends Connection {
  humanId: string;
  clientUserId: string;
}

export type AddRecordsResult =
  | {records: DataRecord[]}
  | {status: 404 | 409; code: 'not_found' | 'conflict'; message: string};

export interface ControlDeps {
  credentials(): {clientId: string; clientSecret: string};
  scenarioNames: readonly string[];
  reset(): void;
  useScenario(name: string): void;
  completeLogin(connectionId: string, outcome: 'connected' | 'error'): boolean;
  breakConnection(connectionId: string, code: string): boolean;
  addRecords(
    connectionId: string,
    kind: RecordKind | undefined,
    count: number
  ): AddRecordsResult;
  connections(clientUserId: string | null): SandboxConnection[];
  /**
   * What the service was asked, oldest first: method, URL and the widget's session id only (the
   * rest may hold tokens).
   */
  requests(): {
    requestId: string;
    method: string;
    url: string;
    session?: string | undefined;
  }[];
}

export interface ControlRoute {
  method: 'GET' | 'POST';
  /** Under the API base, with `:id` for the connection. */
  path: string;
  answer(request: Request, id: string): Promise<Response> | Response;
}

function basicCredentials(
  request: Request
): {id: string; secret: string} | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(
    (request.headers.get('authorization') ?? '').trim()
  );
  if (!m) return null;
  try {
    const text = atob(m[1]!);
    const colon = text.indexOf(':');
    return colon < 0
      ? null
      : {id: text.slice(0, colon), secret: text.slice(colon + 1)};
  } catch {
    return null;
  }
}

/** A JSON object body, an empty one when there is none; null when the body is anything else. */
async function objectBody(
  request: Request
): Promise<Record<string, unknown> | null> {
  const body = await readJson(request);
  if (body === undefined) return {};
  if (body === INVALID_JSON || !isRecord(body)) return null;
  return body;
}

export function controlRoutes(deps: ControlDeps): ControlRoute[] {
  const authed =
    (answer: ControlRoute['answer']): ControlRoute['answer'] =>
    (request, id) => {
      const given = basicCredentials(request);
      const {clientId, clientSecret} = deps.credentials();
      if (!given || given.id !== clientId || given.secret !== clientSecret)
        return errorResponse(
          401,
          'invalid_client',
          'The sandbox controls need Authorization: Basic base64(client_id:client_secret).'
        );
      return answer(request, id);
    };
  const connection = (id: string): Connection | undefined =>
    deps.connections(null).find((c) => c.id === id);

  return [
    {
      method: 'POST',
      path: '/sandbox/reset',
      answer: authed(() => {
        deps.reset();
        return new HttpResponse(null, {status: 204});
      }),
    },
    {
      method: 'POST',
      path: '/sandbox/scenario',
      answer: authed(async (request) => {
        const body = await objectBody(request);
        if (!body) return notAnObject();
        const name = body['name'];
        if (typeof name !== 'string' || !deps.scenarioNames.includes(name))
          return errorResponse(
            400,
            'bad_request',
            `\`name\` must be one of: ${deps.scenarioNames.join(', ')}.`
          );
        deps.useScenario(name);
        return HttpResponse.json({scenario: name});
      }),
    },
    {
      method: 'GET',
      path: '/sandbox/connections',
      answer: authed((request) =>
        HttpResponse.json({
          connections: deps.connections(
            new URL(request.url).searchParams.get('client_user_id')
          ),
        })
      ),
    },
    {
      // For a test in another process to check what a host server asked (`updated_since`…).
      method: 'GET',
      path: '/sandbox/requests',
      answer: authed((request) => {
        const path = new URL(request.url).searchParams.get('path');
        return HttpResponse.json({
          requests: deps
            .requests()
            .filter((r) => !path || new URL(r.url).pathname.endsWith(path)),
        });
      }),
    },
    {
      method: 'POST',
      path: '/sandbox/connections/:id/login',
      answer: authed(async (request, id) => {
        const body = await objectBody(request);
        if (!body) return notAnObject();
        const outcome = body['outcome'] ?? 'connected';
        if (outcome !== 'connected' && outcome !== 'error')
          return errorResponse(
            400,
            'bad_request',
            '`outcome` must be "connected" or "error".'
          );
        if (!deps.completeLogin(id, outcome)) return noConnection();
        return HttpResponse.json({connection: connection(id)});
      }),
    },
    {
      method: 'POST',
      path: '/sandbox/connections/:id/break',
      answer: authed(async (request, id) => {
        const body = await objectBody(request);
        if (!body) return notAnObject();
        const code = body['code'] ?? 'reauth_required';
        if (typeof code !== 'string' || !/^[a-z][a-z0-9_]{0,63}$/.test(code))
          return errorResponse(
            400,
            'bad_request',
            '`code` must be an error code such as "reauth_required".'
          );
        if (!deps.breakConnection(id, code)) return noConnection();
        return HttpResponse.json({connection: connection(id)});
      }),
    },
    {
      method: 'POST',
      path: '/sandbox/connections/:id/records',
      answer: authed(async (request, id) => {
        const body = await objectBody(request);
        if (!body) return notAnObject();
        const kind = body['kind'];
        if (
          kind !== undefined &&
          !(RECORD_KINDS as readonly unknown[]).includes(kind)
        )
          return errorResponse(
            400,
            'bad_request',
            `\`kind\` must be one of: ${RECORD_KINDS.join(', ')}.`
          );
        const count = body['count'] ?? 1;
        if (
          !Number.isInteger(count) ||
          (count as number) < 1 ||
          (count as number) > MAX_ADDED_RECORDS
        )
          return errorResponse(
            400,
            'bad_request',
            `\`count\` must be an integer from 1 to ${MAX_ADDED_RECORDS}.`
          );
        const out = deps.addRecords(
          id,
          kind as RecordKind | undefined,
          count as number
        );
        if ('status' in out)
          return errorResponse(out.status, out.code, out.message);
        return HttpResponse.json({records: out.records}, {status: 201});
      }),
    },
  ];
}
