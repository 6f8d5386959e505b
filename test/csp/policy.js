/**
 * The strict Content-Security-Policy the widget is tested under, and the one
 * README.md tells hosts to use (test/node/csp-docs.test.ts checks they agree).
 * `api` is the Connect API's origin; the locale files of the script-tag bundle
 * come from the bundle's own origin, here 'self'.
 *
 * @param {string} api
 */
export function strictCsp(api) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' https: data:",
    `connect-src 'self' ${api}`,
    "require-trusted-types-for 'script'",
    // Lit's template policy, and the script-tag loader's (it lets the UI file's URL, and no
    // other, be a script's src): the widget creates no other.
    'trusted-types lit-html human-connect',
    "base-uri 'none'",
    "object-src 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/** The pages served under that policy (see test/security/strict-csp.test.ts): the ES modules. */
export const STRICT_PAGE = '/test/csp/strict.html';
/** ... and the script-tag loader (dist/human-connect.min.js), which fetches the UI file. */
export const STRICT_LOADER_PAGE = '/test/csp/strict-loader.html';

/**
 * Serves the strict pages with the policy, the API being on the test server itself.
 *
 * @type {import('@web/dev-server-core').Middleware}
 */
export const strictCspMiddleware = async (ctx, next) => {
  await next();
  if (ctx.path === STRICT_PAGE || ctx.path === STRICT_LOADER_PAGE)
    ctx.set('Content-Security-Policy', strictCsp(ctx.origin));
};
