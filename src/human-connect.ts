/**
 * The package's main entry: registers `<human-connect>` and re-exports the
 * class and its types. Registering is the only thing importing it does, and
 * doing it twice (the script loaded twice, two bundles on one page) is
 * harmless: the first definition stays.
 */
import {HumanConnectElement} from './human-connect.component.js';

export * from './element.js';

if (globalThis.customElements && !customElements.get('human-connect')) {
  customElements.define('human-connect', HumanConnectElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'human-connect': HumanConnectElement;
  }
}
