/**
 * The ES module entry's own first-load code, as a host's bundler ships it: the package's ES
 * build (dist/, rollup.config.js's first build) bundled again by rollup with code splitting (as
 * Vite does), Lit's packages left out (the host has them, or shares them with its own Lit
 * elements), and minified with terser as the script-tag bundle is. "First load" is the entry's
 * chunk and every chunk it imports statically; the chunks behind an `import()` (locales, lazy
 * views, the popup-login wait) are counted apart.
 *
 * The one measure of it: `npm test`'s size budget (test/node/pack.test.ts) and `npm run bench`
 * (bench/run.mjs) both call this.
 */
import {rollup} from 'rollup';
import terser from '@rollup/plugin-terser';
import {brotliCompressSync, constants, gzipSync} from 'node:zlib';

/** Lit's packages: the host's bundler resolves them, so they are not the widget's own bytes. */
const isLit = (/** @type {string} */ id) =>
  /^(lit|lit-html|lit-element)(\/|$)|^@lit(-labs)?\//.test(id);

/** @param {Uint8Array} bytes */
export function sizes(bytes) {
  return {
    min: bytes.length,
    gzip: gzipSync(bytes, {level: 9}).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
}

/**
 * @param {string} entry the built ES entry, e.g. `dist/human-connect.js`
 * @returns {Promise<{min: number, gzip: number, brotli: number, chunks: number, lazyChunks: number,
 *   lazyGzipTotal: number, externals: string[]}>} sizes of the first-load chunks joined in one
 *   file, how many chunks load first, and the lazy chunks' count and gzip sizes summed
 */
export async function ownCodeSize(entry) {
  const bundle = await rollup({
    input: entry,
    external: (id) => isLit(id),
    onwarn: () => {},
  });
  const {output} = await bundle.generate({
    format: 'es',
    plugins: [
      terser({
        ecma: 2020,
        module: true,
        compress: {passes: 2},
        format: {comments: false},
      }),
    ],
  });
  await bundle.close();
  const chunks = new Map(
    output.flatMap((o) => (o.type === 'chunk' ? [[o.fileName, o]] : []))
  );
  const entryChunk = [...chunks.values()].find((c) => c.isEntry);
  if (!entryChunk) throw new Error(`rollup produced no chunk for ${entry}`);
  /** @type {Set<string>} */
  const firstLoad = new Set();
  const visit = (/** @type {string} */ name) => {
    if (firstLoad.has(name) || !chunks.has(name)) return;
    firstLoad.add(name);
    for (const dep of chunks.get(name)?.imports ?? []) visit(dep);
  };
  visit(entryChunk.fileName);
  const lazy = [...chunks.keys()].filter((n) => !firstLoad.has(n));
  const code = Buffer.from(
    [...firstLoad].map((n) => chunks.get(n)?.code ?? '').join('\n')
  );
  const externals = [...firstLoad].flatMap((n) =>
    (chunks.get(n)?.imports ?? []).filter((i) => !chunks.has(i))
  );
  return {
    ...sizes(code),
    chunks: firstLoad.size,
    lazyChunks: lazy.length,
    lazyGzipTotal: lazy.reduce(
      (sum, n) => sum + sizes(Buffer.from(chunks.get(n)?.code ?? '')).gzip,
      0
    ),
    externals: [...new Set(externals)].sort(),
  };
}
