/**
 * A stand-in, in the browser (msw), for the host server's two routes the
 * examples call. The real one is examples/server/ (node:http); this one lets
 * the examples run under `npm start` and in the browser tests with nothing but
 * the mock Connect service:
 *
 *   POST /api/human-connect/session  → {sessionToken, apiBase}: a fresh token the mock service accepts
 *   POST /api/human-connect/results  the event detail the page forwards
 *                                    → {connectedSources: [{id, name, verified}], verified}
 *
 * As the real server does, it accepts forwarded results only for a token it
 * issued (403 otherwise), and answers with what the mock service says is
 * really connected. It records what it was sent, for the tests.
 */
import {http, HttpResponse, type HttpHandler} from 'msw';
import type {MockServiceHandle} from '../../sandbox/browser.js';

export interface FakeHostServer {
  handlers: HttpHandler[];
  /** The session tokens it handed out, oldest first. */
  sessionTokens: string[];
  /** The bodies pages forwarded to `/results`, oldest first. */
  results: unknown[];
}

interface VerifiedSource {
  id: string;
  name: string;
  status: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function createFakeHostServer(mock: MockServiceHandle): FakeHostServer {
  const sessionTokens: string[] = [];
  const results: unknown[] = [];

  const verified = (): VerifiedSource[] =>
    [...mock.service.state.connections.values()]
      .filter((c) => c.status !== 'pending')
      .map((c) => ({id: c.sourceId, name: c.sourceName, status: c.status}));

  const handlers = [
    http.post('/api/human-connect/session', () => {
      const sessionToken = mock.service.issueSessionToken();
      sessionTokens.push(sessionToken);
      return HttpResponse.json({sessionToken, apiBase: mock.apiBase});
    }),
    http.post('/api/human-connect/results', async ({request}) => {
      const body: unknown = await request.json().catch(() => undefined);
      results.push(body);
      if (
        !isRecord(body) ||
        typeof body['sessionToken'] !== 'string' ||
        !isRecord(body['sessionResults'])
      ) {
        return HttpResponse.json(
          {error: {code: 'bad_request', message: 'Not an event detail.'}},
          {status: 400}
        );
      }
      if (!sessionTokens.includes(body['sessionToken'])) {
        return HttpResponse.json(
          {
            error: {
              code: 'forbidden_token',
              message:
                'This session token was not issued to you, or has expired.',
            },
          },
          {status: 403}
        );
      }
      const list = verified();
      const ids = new Set(list.map((s) => s.id));
      const reported = body['sessionResults']['connectedSources'];
      const connectedSources = (Array.isArray(reported) ? reported : [])
        .filter(isRecord)
        .map((s) => ({
          id: String(s['id']),
          name: String(s['name']),
          verified: ids.has(String(s['id'])),
        }));
      return HttpResponse.json({connectedSources, verified: list});
    }),
  ];

  return {handlers, sessionTokens, results};
}
