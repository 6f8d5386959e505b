/**
 * The sandbox as a real HTTP server in a process of its own (the `process` server command,
 * test/plugins/process-command.js), and what a host's server asks of it.
 */
import {expect} from '@open-wc/testing';
import {executeServerCommand} from '@web/test-runner-commands';
import {
  MOCK_CLIENT_ID,
  MOCK_CLIENT_SECRET,
  type ScenarioName,
} from '../../sandbox/connect-service.js';

export interface Sandbox {
  apiBase: string;
  url: string;
}

/** The sandbox of this test run, started on first use. */
export const httpSandbox = () =>
  executeServerCommand<Sandbox, {name: string}>('process', {name: 'sandbox'});

/** What the host's server does: a session token for one of its users, with the client secret. */
export async function sessionToken(
  apiBase: string,
  user = `user-${Math.random().toString(36).slice(2)}`
): Promise<string> {
  const res = await fetch(`${apiBase}/tokens`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({
      client_id: MOCK_CLIENT_ID,
      client_secret: MOCK_CLIENT_SECRET,
      client_user_id: user,
      type: 'session',
    }),
  });
  expect(res.status, 'POST /tokens').to.equal(200);
  return ((await res.json()) as {session_token: string}).session_token;
}

/** The sandbox's control (`POST /sandbox/scenario`), with the application's credentials. */
export async function useScenario(
  apiBase: string,
  name: ScenarioName
): Promise<void> {
  const res = await fetch(`${apiBase}/sandbox/scenario`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Basic ${btoa(`${MOCK_CLIENT_ID}:${MOCK_CLIENT_SECRET}`)}`,
    },
    body: JSON.stringify({name}),
  });
  expect(res.status, `scenario ${name}`).to.equal(200);
}
