/**
 * The one-file script-tag build's entry (`dist/human-connect.full.min.js`),
 * for hosts who want no second request: registers `<human-connect>`, defines
 * `window.HumanConnect` and turns on the `data-hapi-token` launchers, all at
 * once. (`human-connect.min.js` is the loader, src/embed/loader.ts.) Unlike the package's modules it acts on load,
 * because a script tag has no other way to start; loading it twice does
 * nothing the second time, so no event is ever delivered twice.
 *
 *     <script src=".../human-connect.full.min.js" data-api-base="https://connect.example.com/v1"></script>
 */
import '../human-connect.js';
import {createGlobalApi} from './global-api.js';
import {installLaunchers} from './launchers.js';
import {defineGlobalApi, hasGlobalApi, ownScript} from './own-script.js';

declare const __VERSION__: string | undefined;

if (typeof window !== 'undefined' && !hasGlobalApi(window)) {
  const script = ownScript(document);
  const api = createGlobalApi(document, {
    apiBase: script?.getAttribute('data-api-base') ?? undefined,
    version: typeof __VERSION__ === 'string' ? __VERSION__ : 'dev',
  });
  defineGlobalApi(window, api);
  installLaunchers(document, api, script);
}
