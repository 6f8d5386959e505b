/**
 * Declarative launchers, as Human API Connect has them: an element with
 * `data-hapi-token` opens the widget when clicked (`data-hapi-api-base`,
 * `data-hapi-locale` and `data-hapi-source-id` optional). One delegated listener on the document, read
 * at click time, so that launchers added later, or whose token changes
 * later, work too, and it does not matter whether the page has finished
 * loading.
 *
 * Markup that reaches the page from elsewhere (a forum post, a profile, a
 * message: sanitisers keep `data-*`) could carry a launcher too. The page's
 * own `<script>` says how far they count (docs/SECURITY.md): everywhere, as
 * Human API's did (the default, for the hosts that rely on it); only inside
 * the containers a selector names (`data-launchers=".hapi__token-container"`);
 * or nowhere (`data-launchers="off"`). When it names the service
 * (`data-api-base`), a launcher that names another is not followed.
 */
import type {HumanConnectGlobal} from './global-api.js';

export function installLaunchers(
  doc: Document,
  api: HumanConnectGlobal,
  script: HTMLScriptElement | null
): () => void {
  const within = script?.getAttribute('data-launchers');
  if (within === 'off') return () => {};
  const service = origin(script?.getAttribute('data-api-base'), doc);
  const onClick = (event: Event) => {
    const target = event.target instanceof Element ? event.target : null;
    const launcher = target?.closest<HTMLElement>('[data-hapi-token]');
    if (!launcher || (within && !launcher.closest(within))) return;
    // Attributes, not `dataset`: a name the element lacks would be looked up
    // on Object.prototype, which another script may have written to.
    const read = (name: string) =>
      launcher.getAttribute(`data-hapi-${name}`) || undefined;
    const apiBase = read('api-base');
    if (service && apiBase && origin(apiBase, doc) !== service) return;
    event.preventDefault();
    void api.open({
      token: read('token'),
      apiBase,
      locale: read('locale'),
      sourceId: read('source-id'),
      connectionId: read('connection-id'),
    });
  };
  doc.addEventListener('click', onClick);
  return () => doc.removeEventListener('click', onClick);
}

function origin(url: string | null | undefined, doc: Document) {
  try {
    return url ? new URL(url, doc.baseURI).origin : undefined;
  } catch {
    return 'invalid';
  }
}
