/**
 * The package's main entry: registers `<human-connect>` and exports its class
 * and types. To choose your own tag name, import `human-connect/element.js`,
 * which exports the class without registering it.
 */
export {HumanConnectElement} from './human-connect.js';
export type * from './events.js';
export type {
  Category,
  Connection,
  ConnectionStatus,
  ConsentTerms,
  Source,
} from './api/types.js';
export {ConnectApiClient, type ConnectApiOptions} from './api/client.js';
export {ConnectApiError} from './api/errors.js';
