/**
 * The script-tag bundle's entry (`dist/human-connect.min.js`): registers
 * `<human-connect>`, defines `window.HumanConnect` and turns on the
 * `data-hapi-token` launchers. Unlike the package's modules it acts on load,
 * because a script tag has no other way to start; loading it twice does
 * nothing the second time, so no event is ever delivered twice.
 *
 *     <script src=".../human-connect.min.js" data-api-base="https://connect.example.com/v1"></script>
 */
import '../human-connect.js';
import {createGlobalApi, type HumanConnectGlobal} from './global-api.js';
import {installLaunchers} from './launchers.js';

declare global {
  interface Window {
    HumanConnect?: HumanConnectGlobal;
  }
}

declare const __VERSION__: string | undefined;

if (typeof window !== 'undefined' && !window.HumanConnect) {
  const script = document.currentScript as HTMLScriptElement | null;
  const api = createGlobalApi(document, {
    apiBase: script?.dataset.apiBase,
    version: typeof __VERSION__ === 'string' ? __VERSION__ : 'dev',
  });
  window.HumanConnect = api;
  installLaunchers(document, api);
}
