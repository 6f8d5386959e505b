/**
 * `human-connect/element.js`: the element class and its types, without
 * registering any tag. For apps that choose their own tag name:
 *
 *     import {HumanConnectElement} from 'human-connect/element.js';
 *     customElements.define('acme-connect', HumanConnectElement);
 */
export {HumanConnectElement} from './human-connect.component.js';
export type * from './events.js';
export type {
  Category,
  Connection,
  ConnectionStatus,
  ConsentTerms,
  Source,
} from './api/types.js';
