/**
 * Redirect login (`../shared/connect-api.md`, "Redirect login"): the service sends the person back
 * to the `returnUrl` of `POST /connections` only when it is on one of the application's origins.
 * The sandbox's are the loopback ones, where the demo, the examples and the tests run.
 */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The longest return URL taken. */
const MAX_LENGTH = 2048;

/**
 * `returnUrl` as given: undefined when there is none (a popup login); the URL without its fragment
 * when it is an http(s) URL on a loopback origin, with no credentials in it; else null (refused).
 */
export function allowedReturnUrl(value: unknown): string | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!LOOPBACK_HOSTS.has(url.hostname) || url.username || url.password)
    return null;
  url.hash = '';
  return url.href;
}

/** Where the login page sends the person when done: the return URL, with the return's fragment. */
export function returnWith(
  returnUrl: string,
  state: string,
  connectionId: string
): string {
  const url = new URL(returnUrl);
  url.hash = new URLSearchParams({
    hc_state: state,
    hc_connection: connectionId,
  }).toString();
  return url.href;
}
