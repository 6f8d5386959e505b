/**
 * msw's worker must be served from `/mockServiceWorker.js` (scope `/`) to control the test and
 * demo pages; served from `/public/…` it registers but controls nothing. `npx msw init public`
 * keeps the file in `public/`, so rewrite the path (shared by the test-runner and dev-server).
 *
 * @type {import('@web/dev-server-core').Middleware}
 */
export const mswWorkerMiddleware = (ctx, next) => {
  if (ctx.path === '/mockServiceWorker.js')
    ctx.path = '/public/mockServiceWorker.js';
  return next();
};
