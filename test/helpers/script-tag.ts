/**
 * The built script-tag files on the test page, as a host page has them. `npm test` builds dist/
 * in its Node part (the pack test) before the browser tests; alone, `npm run build` first.
 */

/** The loader, `human-connect.min.js`: what hosts load. */
export const LOADER = '/dist/human-connect.min.js';

/**
 * Adds the `<script>` for `src` once, and resolves when it has run. Nothing on the page may have
 * registered `<human-connect>` from src/ before: the element must be the build's.
 */
export async function loadScriptTag(src = LOADER): Promise<void> {
  if (document.querySelector(`script[src="${src}"]`)) return;
  if (customElements.get('human-connect'))
    throw new Error('<human-connect> is already registered, from src/');
  await addScript(src);
}

/** Adds a `<script>` for `src`, as a page's markup would; resolves when it has run. */
export function addScript(src: string): Promise<unknown> {
  const script = document.createElement('script');
  script.src = src;
  return new Promise((resolve, reject) => {
    script.onload = resolve;
    script.onerror = () =>
      reject(new Error(`${src} did not load: run \`npm run build\` first`));
    document.head.append(script);
  });
}

/**
 * The loader with its UI already fetched, as it is once the person has shown intent (pointer
 * over a launcher): the tests of what hosts do with `window.HumanConnect` and launchers run
 * against it. test/embed/loader.test.ts tests the loader before and without its UI.
 */
export async function loadScriptTagUi(): Promise<void> {
  await loadScriptTag();
  await window.HumanConnect!.preload();
}
