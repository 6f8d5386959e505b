/**
 * How long the flow waits for each thing. Production uses the defaults of
 * each part (each says why it chose its value); tests hand in shorter ones,
 * through `FlowOptions.timings` and the element's internal `timings`, so that
 * what the person sees is proved without sitting through a backoff.
 */
export interface Timings {
  /** The pause after a keystroke before a search is sent (default 200). */
  debounceMs: number;
  /** How often connections that are syncing are read again (default 2000). */
  syncRefreshMs: number;
  /** A request is given up as `timeout` after this long (default 20 s). */
  requestTimeoutMs: number;
  /** The backoff before a failed read's first retry (default 500). */
  retryBaseMs: number;
  /** The pauses between polls of a login under way; the last repeats. */
  loginPollMs: readonly number[];
  /** How often the login popup is checked for having closed (default 500). */
  popupClosedCheckMs: number;
}
