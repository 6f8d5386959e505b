/**
 * Where the demo's pages find the mock Connect service: its worker, its login page, and the API
 * it answers. Relative to the page, never to the origin's root: the pages are in demo/, the worker
 * and sandbox/ one folder up, under `npm start` (the repository) as in the static copy
 * (`npm run build:demo`), which a host may serve under any sub-path. The worker's scope is then
 * that folder, and holds the pages and the login page.
 */
import type {StartMockServiceOptions} from '../sandbox/browser.js';

export function serviceUrls(): Pick<
  StartMockServiceOptions,
  'serviceWorkerUrl' | 'loginUrl' | 'apiBase'
> {
  const site = new URL('../', location.href);
  return {
    serviceWorkerUrl: new URL('mockServiceWorker.js', site).href,
    loginUrl: new URL('sandbox/login.html', site).href,
    apiBase: new URL('api/v1', site).href,
  };
}
