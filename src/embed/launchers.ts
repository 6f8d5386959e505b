/**
 * Declarative launchers, as Human API Connect has them: any element with
 * `data-hapi-token` opens the widget when clicked (`data-hapi-api-base` and
 * `data-hapi-locale` optional). One delegated listener on the document, read
 * at click time, so that launchers added later, or whose token changes
 * later, work too, and it does not matter whether the page has finished
 * loading.
 */
import type {HumanConnectGlobal} from './global-api.js';

export function installLaunchers(
  doc: Document,
  api: HumanConnectGlobal
): () => void {
  const onClick = (event: Event) => {
    const target = event.target instanceof Element ? event.target : null;
    const launcher = target?.closest<HTMLElement>('[data-hapi-token]');
    if (!launcher) return;
    event.preventDefault();
    // Attributes, not `dataset`: a name the element lacks would be looked up
    // on Object.prototype, which another script may have written to.
    const read = (name: string) =>
      launcher.getAttribute(`data-hapi-${name}`) || undefined;
    void api.open({
      token: read('token'),
      apiBase: read('api-base'),
      locale: read('locale'),
    });
  };
  doc.addEventListener('click', onClick);
  return () => doc.removeEventListener('click', onClick);
}
