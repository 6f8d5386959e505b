/**
 * Serves the built script-tag files (`/dist/**` .js, .json, .map) byte for byte. Through the dev
 * server's plugins they would be transpiled again, with an inline source map (four times the
 * bytes): their Subresource Integrity hashes would no longer match, and the loader would refuse
 * its own UI file. `no-cache`: a rebuild is seen at once.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';

const BUILT = /^\/dist\/.+\.(js|json|map)$/;
const TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** @type {import('@web/dev-server-core').Middleware} */
export async function builtFilesMiddleware(ctx, next) {
  if (ctx.method !== 'GET' || ctx.path.includes('..') || !BUILT.test(ctx.path))
    return next();
  try {
    ctx.body = await readFile(
      path.join(process.cwd(), decodeURIComponent(ctx.path))
    );
  } catch {
    return next();
  }
  ctx.type = TYPES[/** @type {keyof TYPES} */ (path.extname(ctx.path))];
  ctx.set('Cache-Control', 'no-cache');
}
