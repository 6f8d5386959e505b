/** The `step` events of the ways through the widget that tests walk, shared by the controller's tests and the browser's. */
import type {ConnectStep} from '../../src/events.js';

/** From opening to the consent of a source chosen from the list. */
export const TO_CONSENT: ConnectStep[] = [
  'open',
  'search',
  'select-source',
  'consent',
];

/** A whole connection through the popup, up to the success view. */
export const TO_CONNECTED: ConnectStep[] = [
  ...TO_CONSENT,
  'allow',
  'login-waiting',
  'connected',
];

/** A repair from the search's attention line: the connected sources, Reconnect, the popup's login. */
export const REPAIR: ConnectStep[] = [
  'open',
  'search',
  'connections',
  'allow',
  'login-waiting',
  'connected',
];
