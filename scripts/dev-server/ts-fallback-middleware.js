import {existsSync} from 'node:fs';
import path from 'node:path';

/**
 * `import(\`./locales/${locale}.js\`)` (a template literal) is not rewritten by
 * @web/dev-server-esbuild, which maps `.js` → `.ts` only for string specifiers. So the browser asks
 * for `/src/…/es.js` while the source is `es.ts`: serve the `.ts` (the esbuild plugin then
 * compiles it), or the `.tsx`, when the `.js` does not exist. Used by the test-runner and dev-server configs.
 *
 * @param {string} [rootDir]
 * @returns {import('@web/dev-server-core').Middleware}
 */
export function tsFallbackMiddleware(rootDir = process.cwd()) {
  return (ctx, next) => {
    const p = ctx.path;
    if (
      p.endsWith('.js') &&
      !p.includes('/node_modules/') &&
      !p.includes('..')
    ) {
      const file = path.join(rootDir, decodeURIComponent(p));
      if (!existsSync(file)) {
        // `.tsx` too: a `.tsx` module imports its neighbours as `./App.js` (examples/react/).
        const ext = ['.ts', '.tsx'].find((e) =>
          existsSync(`${file.slice(0, -3)}${e}`)
        );
        if (ext) ctx.path = `${p.slice(0, -3)}${ext}`;
      }
    }
    return next();
  };
}
