/**
 * Registers `<human-connect>`. Importing this module defines the element and
 * does nothing else; defining it twice (the script loaded twice, two bundles
 * on one page) is harmless.
 */
import {HumanConnectElement} from './human-connect.component.js';

export {HumanConnectElement};

if (globalThis.customElements && !customElements.get('human-connect')) {
  customElements.define('human-connect', HumanConnectElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'human-connect': HumanConnectElement;
  }
}
