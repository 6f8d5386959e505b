#!/usr/bin/env node
/**
 * `npm run build:demo [-- folder]`: a static copy of the demo and the designers' gallery (in
 * dist-demo/ by default) that any static file host serves as it is, under any sub-path, so that a
 * designer opens it at a URL with nothing to install. The mock Connect service runs in the page,
 * as under `npm start`.
 *
 *   index.html             leads to demo/index.html
 *   mockServiceWorker.js   msw's worker, at the top: its scope is its folder, which holds every page
 *   demo/                  the demo host page and the gallery (index.html, gallery.html, their css)
 *   sandbox/               the mock source's login page, for the popup and the redirect login
 *   chunks/                the code they share: the widget, each lazy view and locale as it
 *                          ships, Lit, msw, the mock service
 *
 * The folders are the repository's, as the dev server serves them, so the pages find the worker and
 * the login page at the same relative URLs (demo/service-urls.ts) here as there. Each page's
 * `<script type="module" src="….ts">` is bundled by rollup, with the widget's production settings
 * (Lit's templates minified), and named `….js` in the copied page; its stylesheets are copied.
 */
import {copyFile, mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {rollup} from 'rollup';
import esbuild from 'rollup-plugin-esbuild';
import {nodeResolve} from '@rollup/plugin-node-resolve';
import minifyHtml from '@lit-labs/rollup-plugin-minify-html-literals';
import {templateImports} from './rollup-plugin-template-imports.js';
import {packageVersionDefine} from './package-version.js';
import {
  esbuildOptions,
  onwarn,
  sourcesHaveSideEffects,
} from './rollup-shared.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ELEMENT = path.join(ROOT, 'src/human-connect.ts');
const PAGES = ['demo/index.html', 'demo/gallery.html', 'sandbox/login.html'];
const MODULE_SCRIPT = /<script type="module" src="(\.\/[^"]+)\.ts"><\/script>/g;
const STYLESHEET = /<link rel="stylesheet" href="(\.\/[^"]+\.css)" \/>/g;

/** The site's front door: static hosts serve a folder's index.html, and the demo is one down. */
const FRONT_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="refresh" content="0; url=demo/index.html" />
    <title>human-connect demo</title>
  </head>
  <body>
    <p>
      <a href="demo/index.html">The demo</a> ·
      <a href="demo/gallery.html">the designer's gallery</a>
    </p>
  </body>
</html>
`;

/**
 * @param {string} page a page's path from the repository root
 * @returns {Promise<{html: string, scripts: string[], stylesheets: string[]}>} the page as it is
 *   copied, and the paths from the root of its module scripts (without `.ts`) and stylesheets
 */
async function readPage(page) {
  const dir = path.posix.dirname(page);
  const source = await readFile(path.join(ROOT, page), 'utf8');
  const scripts = [...source.matchAll(MODULE_SCRIPT)].map((m) =>
    path.posix.join(dir, m[1])
  );
  if (!scripts.length) throw new Error(`${page} has no module script to build`);
  const stylesheets = [...source.matchAll(STYLESHEET)].map((m) =>
    path.posix.join(dir, m[1])
  );
  const html = source.replace(MODULE_SCRIPT, (tag, src) =>
    tag.replace(`${src}.ts`, `${src}.js`)
  );
  return {html, scripts, stylesheets};
}

/** @param {Record<string, string>} input entry name → source, from the repository root */
async function bundle(input, outDir) {
  const build = await rollup({
    input,
    plugins: [
      sourcesHaveSideEffects,
      templateImports(),
      nodeResolve({extensions: ['.ts', '.js'], browser: true}),
      minifyHtml({include: ['src/**/*.ts']}),
      esbuild({
        ...esbuildOptions,
        sourceMap: false,
        minify: true,
        define: {
          'process.env.NODE_ENV': '"production"',
          ...packageVersionDefine,
        },
      }),
    ],
    onwarn: (warning, warn) =>
      // msw's own modules import one another in a circle; they work so under `npm start` too.
      warning.code === 'CIRCULAR_DEPENDENCY' &&
      warning.ids?.every((id) => id.includes('/node_modules/'))
        ? undefined
        : onwarn(warning, warn),
  });
  await build.write({
    dir: outDir,
    format: 'es',
    entryFileNames: '[name].js',
    // The chunk every page loads (the widget, Lit, msw, the mock service) is named for the widget,
    // not for whichever of its modules rollup would pick (demo/service-urls.ts).
    chunkFileNames: (chunk) =>
      chunk.moduleIds.includes(ELEMENT)
        ? 'chunks/human-connect-[hash].js'
        : 'chunks/[name]-[hash].js',
  });
  await build.close();
}

/** @param {string} from @param {string} to */
async function copy(from, to) {
  await mkdir(path.dirname(to), {recursive: true});
  await copyFile(from, to);
}

/**
 * Writes the static copy into `outDir` (emptied first).
 * @param {string} outDir
 */
export async function buildDemo(outDir) {
  await rm(outDir, {recursive: true, force: true});
  const pages = await Promise.all(PAGES.map(readPage));
  const entries = pages.flatMap((page) => page.scripts);
  await bundle(
    Object.fromEntries(entries.map((name) => [name, `${name}.ts`])),
    outDir
  );
  await Promise.all([
    ...pages.map(async (page, i) => {
      await mkdir(path.join(outDir, path.dirname(PAGES[i])), {recursive: true});
      await writeFile(path.join(outDir, PAGES[i]), page.html);
    }),
    ...pages
      .flatMap((page) => page.stylesheets)
      .map((css) => copy(path.join(ROOT, css), path.join(outDir, css))),
    copy(
      path.join(ROOT, 'public/mockServiceWorker.js'),
      path.join(outDir, 'mockServiceWorker.js')
    ),
    writeFile(path.join(outDir, 'index.html'), FRONT_PAGE),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outDir = path.resolve(process.argv[2] ?? 'dist-demo');
  const start = performance.now();
  await buildDemo(outDir);
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  console.log(
    `${path.relative(process.cwd(), outDir) || '.'}/: the demo and the gallery, static (${seconds} s). ` +
      'Serve the folder as it is, e.g. `python3 -m http.server -d dist-demo`, and open demo/index.html.'
  );
}
