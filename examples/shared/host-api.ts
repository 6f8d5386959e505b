/**
 * The page's side of its own server's two routes (examples/server/ is one
 * such server), as the React and Vue examples call them. The plain-HTML
 * example has the same in plain JS (examples/html/app.js).
 */
import type {CloseDetail, ConnectResult} from '../../src/events.js';

/** What `POST /api/human-connect/session` answers. */
export interface HostSession {
  sessionToken: string;
  apiBase: string;
}

/** What `POST /api/human-connect/results` answers: the reported sources, checked by the server. */
export interface ForwardAnswer {
  connectedSources: {id: string; name: string; verified: boolean}[];
}

export interface HostServerApi {
  /** A fresh session token for the signed-in user, and the Connect API's base URL. */
  fetchSession(): Promise<HostSession>;
  /** Sends the `detail` of a `connect` or `close` event to the server. */
  forward(detail: ConnectResult | CloseDetail): Promise<ForwardAnswer>;
}

async function postJson<T>(url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin', // the server knows the signed-in user by its cookie
    headers: body === undefined ? {} : {'Content-Type': 'application/json'},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return (await res.json()) as T;
}

export const hostServer: HostServerApi = {
  fetchSession: () => postJson<HostSession>('/api/human-connect/session'),
  forward: (detail) =>
    postJson<ForwardAnswer>('/api/human-connect/results', detail),
};
