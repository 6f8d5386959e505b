/**
 * The script-tag loader's entry (`dist/human-connect.min.js`, the file hosts load): defines
 * `window.HumanConnect` and turns on the `data-hapi-token` launchers at once, and fetches the UI
 * file (src/embed/ui.ts) on the person's intent (src/embed/intents.ts), on `open()` or on
 * `preload()`. The UI's file names and integrity hashes are written in by the build
 * (rollup.config.js). Loading it twice does nothing the second time.
 *
 *     <script src=".../human-connect.min.js" data-api-base="https://connect.example.com/v1"></script>
 */
import {UI_FILE} from 'human-connect:ui-file';
import {watchIntents} from './intents.js';
import {installLaunchers} from './launchers.js';
import {createLoaderApi, loadFailure} from './loader-api.js';
import {loadUi} from './load-ui.js';
import {defineGlobalApi, hasGlobalApi, ownScript} from './own-script.js';

declare const __VERSION__: string | undefined;

if (typeof window !== 'undefined' && !hasGlobalApi(window)) {
  const script = ownScript(document);
  // Next to the loader, wherever the host serves it from.
  const url = new URL(UI_FILE.src, script?.src || document.baseURI).href;
  const api = createLoaderApi(
    document,
    {
      apiBase: script?.getAttribute('data-api-base') ?? undefined,
      version: typeof __VERSION__ === 'string' ? __VERSION__ : 'dev',
    },
    () => loadUi(document, url, UI_FILE.integrity, {later: UI_FILE.later})
  );
  defineGlobalApi(window, api);
  installLaunchers(document, api, script);
  watchIntents(document, () => {
    api.preload().catch((error: unknown) => {
      // The page's own elements wait for a definition that did not come: each hears why, on
      // itself (as the widget's `error` events are heard), and the next intent tries again.
      for (const el of document.querySelectorAll('human-connect:not(:defined)'))
        el.dispatchEvent(
          new CustomEvent('error', {detail: loadFailure(error)})
        );
    });
  });
}
