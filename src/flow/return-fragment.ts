/**
 * The fragment a redirect login comes back with (`../shared/connect-api.md`, "Redirect login"):
 * `#hc_state=…&hc_connection=…`. Apart from the rest of redirect-login.ts, so that the check every
 * page load makes costs a few bytes, and the rest loads only for a return.
 */

/** The fragment's keys, the only ones a return may carry. */
export const STATE = 'hc_state';
export const CONNECTION = 'hc_connection';

/** Takes the fragment off this page's address, with no load and no new history entry. */
export function forgetFragment(): void {
  // (a URL's first `#` starts its fragment: any other is escaped)
  history.replaceState(history.state, '', location.href.split('#')[0]);
}

/**
 * Whether `hash` (`location.hash`) claims to be a return: it names either key. (A regular
 * expression, not `URLSearchParams`: every page load asks, so it is in the first load.)
 */
export const claimsReturn = (hash: string): boolean =>
  /(?:^|[#&])hc_(?:state|connection)(?:[=&]|$)/.test(hash);
