/**
 * The project's dev server (web-dev-server.config.js) with one middleware in front: the files the
 * benchmark measures (dist/** and the competitor's script) are served byte for byte, gzipped as a
 * CDN serves them (the slow-network figures pay the bytes a host's visitors pay), with a
 * one-hour Cache-Control so that repeat loads come from the HTTP cache. Through the project's
 * config they would be re-transpiled by its esbuild plugin (target es2021, an inline source map
 * added: four times the bytes) and revalidated on every load (`no-cache`).
 *
 * BENCH_DIST_DIR, when set, stands in for dist/: bench/run.mjs copies (or builds) the bundle it
 * measures into a directory of its own, so that a build of dist/ at the same time cannot touch it.
 *
 * `/bench/page.js` is the bench page's script: bench/run.mjs bundles bench/page.ts (with msw and
 * the mock) into one file and names it in BENCH_PAGE_JS, so that a fresh page loads one script
 * rather than some 270 modules. Without BENCH_PAGE_JS (opening bench/page.html by hand under
 * `npm start`) the project's middleware serves page.ts in its place.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import base from '../web-dev-server.config.js';

const ROOT = process.cwd();
const RAW = [
  /^\/dist\/.+\.(js|json|map)$/,
  /^\/node_modules\/humanapi-connect-client\/build\/[^/]+\.js$/,
];
const TYPES = {
  '.js': 'application/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** The scripts a host page may have in its <head>, for bench/host.html (the loader figures). */
const HOST_SCRIPTS = {
  none: '',
  loader: '<script src="/dist/human-connect.min.js"></script>',
  competitor:
    '<script src="/node_modules/humanapi-connect-client/build/humanapi-connect-client.js"></script>',
};
const HOST_PAGE = /^\/bench\/host-(none|loader|competitor)\.html$/;

/** @type {import('@web/dev-server-core').Middleware} */
async function rawFiles(ctx, next) {
  const host = HOST_PAGE.exec(ctx.path);
  if (ctx.method === 'GET' && host) {
    const page = await readFile(path.join(ROOT, 'bench/host.html'), 'utf8');
    ctx.body = page.replace(
      /<!-- the script under test:[\s\S]*?-->/,
      HOST_SCRIPTS[/** @type {keyof typeof HOST_SCRIPTS} */ (host[1])]
    );
    ctx.type = 'text/html; charset=utf-8';
    return;
  }
  if (
    ctx.method === 'GET' &&
    ctx.path === '/bench/page.js' &&
    process.env.BENCH_PAGE_JS
  ) {
    ctx.body = await readFile(process.env.BENCH_PAGE_JS);
    ctx.type = TYPES['.js'];
    ctx.set('Cache-Control', 'public, max-age=3600');
    return;
  }
  if (
    ctx.method !== 'GET' ||
    ctx.path.includes('..') ||
    !RAW.some((re) => re.test(ctx.path))
  )
    return next();
  const rel = decodeURIComponent(ctx.path);
  const file =
    process.env.BENCH_DIST_DIR && rel.startsWith('/dist/')
      ? path.join(process.env.BENCH_DIST_DIR, rel.slice('/dist/'.length))
      : path.join(ROOT, rel);
  let bytes;
  try {
    bytes = await readFile(file);
  } catch {
    return next();
  }
  // (Subresource Integrity is checked on the bytes after decoding.)
  if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
    ctx.body = gzipSync(bytes, {level: 9});
    ctx.set('Content-Encoding', 'gzip');
  } else ctx.body = bytes;
  ctx.set('Vary', 'Accept-Encoding');
  ctx.type = TYPES[path.extname(ctx.path)] ?? 'application/octet-stream';
  ctx.set('Cache-Control', 'public, max-age=3600');
  ctx.set('Access-Control-Allow-Origin', '*');
}

export default {
  ...base,
  middleware: [rawFiles, ...(base.middleware ?? [])],
};
