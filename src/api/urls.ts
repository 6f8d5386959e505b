/**
 * URL rules of the contract: the API base and every URL the service sends
 * must be `https:`. Plain `http:` is accepted only for loopback hosts, so that
 * a developer can run the service on their own machine.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parse(value: string, base?: string): URL | null {
  try {
    return new URL(value, base);
  } catch {
    return null;
  }
}

function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * The API base as a URL without a trailing slash, or null when it is not an
 * absolute `https:` (or loopback `http:`) URL.
 */
export function parseApiBase(value: string | undefined | null): URL | null {
  if (!value) return null;
  const url = parse(value);
  if (!url || url.username || url.password) return null;
  if (url.protocol !== 'https:' && !isLoopbackHttp(url)) return null;
  url.hash = '';
  url.search = '';
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/**
 * A URL from the service made safe to put in a `src` or `href`: returned as
 * a string when it is absolute `https:`; `http:` only when both it and the
 * API base are loopback (development). Anything else (`javascript:`,
 * `data:`, relative, malformed) gives undefined and is not rendered.
 */
export function safeServiceUrl(
  value: string | undefined,
  apiBase: URL | null
): string | undefined {
  if (!value) return undefined;
  const url = parse(value);
  if (!url || url.username || url.password) return undefined;
  if (url.protocol === 'https:') return url.href;
  if (apiBase && isLoopbackHttp(apiBase) && isLoopbackHttp(url))
    return url.href;
  return undefined;
}
