/**
 * A React 19 host app: a "Connect your health data" button that asks the
 * app's server for a session token, then opens `<HumanConnect>`; the names of
 * the sources connected, from `onConnect`; and the `connect` / `close`
 * details forwarded to the server.
 */
import {useState} from 'react';
// Apps import the wrapper from the package: `import {HumanConnect} from 'human-connect/react';`
// Here it comes from the source, so that the example runs without a build.
import {HumanConnect} from '../../src/react.js';
import type {CloseDetail, ConnectResult} from '../../src/events.js';
import {
  hostServer,
  type HostServerApi,
  type HostSession,
} from '../shared/host-api.js';

export interface AppProps {
  /** The app's server (default: `fetch` to `/api/human-connect/*`). */
  server?: HostServerApi;
}

export function App({server = hostServer}: AppProps) {
  const [session, setSession] = useState<HostSession | null>(null);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [connected, setConnected] = useState<string[]>([]);
  const [problem, setProblem] = useState('');

  async function connect() {
    if (busy) return;
    setBusy(true);
    setProblem('');
    try {
      setSession(await server.fetchSession());
      setOpen(true);
    } catch {
      setProblem('Could not reach the server. Try again.');
    } finally {
      setBusy(false);
    }
  }

  function forward(detail: ConnectResult | CloseDetail) {
    server
      .forward(detail)
      .catch(() => setProblem('The server did not take the results.'));
  }

  return (
    <main>
      <h1>Acme Health Coach</h1>
      <p>See all your health records in one place. (React.)</p>
      {/* Never `disabled`: focus goes back to this button when the widget closes. */}
      <button type="button" onClick={connect} aria-busy={busy}>
        Connect your health data
      </button>
      <p role="status">
        {connected.length > 0 ? `Connected: ${connected.join(', ')}` : ''}
      </p>
      {problem && <p role="alert">{problem}</p>}
      <HumanConnect
        token={session?.sessionToken}
        apiBase={session?.apiBase}
        open={open}
        // Asked for a fresh token if the current one expires while the widget is open.
        tokenProvider={async () => (await server.fetchSession()).sessionToken}
        onConnect={(event) => {
          const names = event.detail.sessionResults.connectedSources.map(
            (s) => s.name
          );
          setConnected((before) => [
            ...before,
            ...names.filter((n) => !before.includes(n)),
          ]);
          forward(event.detail);
        }}
        onClose={(event) => {
          setOpen(false);
          forward(event.detail);
        }}
      />
    </main>
  );
}
