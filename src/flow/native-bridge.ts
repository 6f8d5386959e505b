/**
 * The native side of a webview (issue 16; `../shared/connect-api.md`, "Native bridges"): when the
 * page runs in a React Native WebView, an iOS WKWebView with a `humanConnect` message handler, or
 * an Android WebView with a `HumanConnectAndroid` interface, each event the host page gets is
 * also posted there as `{type: 'human-connect:<event>', detail}`.
 *
 * The shells' objects are read as the shells define them, and believed only when they are not
 * something the page's markup can make: a named `<iframe>` puts a window at
 * `window.ReactNativeWebView`, whose `postMessage` would take our events elsewhere; a named
 * element is not callable at all.
 */

/** What the native side receives. */
export interface BridgeMessage {
  type: `human-connect:${string}`;
  detail: unknown;
}

/** Posts one message to the native side. */
export type BridgePost = (message: BridgeMessage) => void;

type Receiver = {postMessage(message: unknown): void};

/** `value`, when it is a plain object of the shell's with a `postMessage` function. */
function receiver(value: unknown): Receiver | null {
  if (typeof value !== 'object' || value === null) return null;
  // A window (a named iframe's) is its own `window`; an element is a Node.
  const v = value as Record<string, unknown>;
  if (v['window'] === value || typeof v['nodeType'] === 'number') return null;
  return typeof v['postMessage'] === 'function' ? (value as Receiver) : null;
}

/** The shell's own property of `win`, never one from its prototype chain. */
function own(win: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(win, key)
    ? (win as Record<string, unknown>)[key]
    : undefined;
}

/**
 * How to reach the native side of the webview `win` runs in, or null in a browser. The shells
 * set their objects before the page's scripts run, so this is read once, when the widget starts.
 */
export function nativeBridge(win: object): BridgePost | null {
  const reactNative = receiver(own(win, 'ReactNativeWebView'));
  if (reactNative)
    return (message) => reactNative.postMessage(JSON.stringify(message));
  const webkit = own(win, 'webkit') as
    {messageHandlers?: Record<string, unknown>} | undefined;
  const ios = receiver(webkit?.messageHandlers?.['humanConnect']);
  if (ios) return (message) => ios.postMessage(message);
  const android = receiver(own(win, 'HumanConnectAndroid'));
  if (android) return (message) => android.postMessage(JSON.stringify(message));
  return null;
}

/**
 * The message for a DOM event of the widget, without the session token: the native side asked
 * the host's server for it, and a bridge's messages may be logged on the way.
 */
export function bridgeMessage(event: string, detail: unknown): BridgeMessage {
  let safe = detail;
  if (
    typeof detail === 'object' &&
    detail !== null &&
    'sessionToken' in detail
  ) {
    const {sessionToken: _token, ...rest} = detail as Record<string, unknown>;
    safe = rest;
  }
  return {type: `human-connect:${event}`, detail: safe};
}

/** Posts the widget's event `event` to the native side of the webview the page is in, if any. */
export function postEvent(event: string, detail: unknown): void {
  nativeBridge(window)?.(bridgeMessage(event, detail));
}
