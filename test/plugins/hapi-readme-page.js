/**
 * `/hapi-readme-page?token=…&apiBase=…`: test/fixtures/hapi-readme.html (Human API Connect's README
 * page, its script tag ours) as a host's server renders it: the session token where the README
 * writes `<your session token>`, the Connect API's base in the script tag. For
 * test/embed/hapi-readme.test.ts.
 */
import {readFile} from 'node:fs/promises';

const PAGE = new URL('../fixtures/hapi-readme.html', import.meta.url);

/** @param {string} value */
const attribute = (value) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** @type {import('@web/dev-server-core').Middleware} */
export async function hapiReadmePageMiddleware(ctx, next) {
  if (ctx.method !== 'GET' || ctx.path !== '/hapi-readme-page') return next();
  const token = String(ctx.query.token ?? '');
  const apiBase = String(ctx.query.apiBase ?? '');
  const page = await readFile(PAGE, 'utf8');
  ctx.type = 'text/html';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = page
    .replace(
      'data-hapi-token="<your session token>"',
      `data-hapi-token="${attribute(token)}"`
    )
    .replace('{{api-base}}', attribute(apiBase));
}
