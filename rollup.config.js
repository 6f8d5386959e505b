import {createHash} from 'node:crypto';
import {chmodSync, existsSync, readFileSync} from 'node:fs';
import {builtinModules} from 'node:module';
import {join} from 'node:path';
import esbuild from 'rollup-plugin-esbuild';
import commonjs from '@rollup/plugin-commonjs';
import {nodeResolve} from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import minifyHtml from '@lit-labs/rollup-plugin-minify-html-literals';
import {templateImports} from './scripts/rollup-plugin-template-imports.js';
import {scriptTagLocales} from './scripts/rollup-plugin-script-tag-locales.js';
import {scriptTagMangledNames} from './scripts/mangled-names.js';
import {shortMembers} from './scripts/rollup-plugin-short-members.js';
import {precompiledLoginAssets} from './scripts/rollup-plugin-login-assets.js';
import {
  esbuildOptions,
  onwarn,
  sourcesHaveSideEffects,
} from './scripts/rollup-shared.js';

const locales = scriptTagLocales({
  localesDir: 'src/i18n/locales',
  xliffDir: 'src/i18n/xliff',
});

const pkg = JSON.parse(
  readFileSync(new URL('./package.json', import.meta.url), 'utf8')
);

// Entry points of the package (whichever exist): the public API, the self-registering module,
// and the unregistered element class.
// The package's public entries (see `exports` in package.json): the registering main entry,
// the unregistered class, and the React wrapper.
const entries = ['src/human-connect.ts', 'src/element.ts', 'src/react.ts'];

// Everything in `dependencies` (and their subpaths), plus lit's family, stays external in the
// bundler build; the consumer's bundler dedupes them.
const externalRoots = new Set([
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
  'lit',
]);
const isExternal = (id) =>
  id.startsWith('@lit/') ||
  id.startsWith('@lit-labs/') ||
  [...externalRoots].some((dep) => id === dep || id.startsWith(`${dep}/`));

const isNodeBuiltin = (/** @type {string} */ id) =>
  id.startsWith('node:') || builtinModules.includes(id);

// The tarball keeps a file's mode: the bin is executable however the package gets unpacked (npm
// sets the mode of a bin it installs, a plain `tar -x` does not).
/** @type {import('rollup').Plugin} */
const executable = {
  name: 'executable',
  writeBundle(options, bundle) {
    for (const file of Object.keys(bundle))
      if (file.endsWith('.js')) chmodSync(join(options.dir ?? '', file), 0o755);
  },
};

/** The terser options of the script-tag builds. */
const terserOptions = {
  ecma: 2020,
  module: false, // IIFE with a global name: `module: true` would mangle/drop it
  compress: {passes: 3, unsafe_arrows: true},
  // The flow's and the element's inner member names, and the lazy modules' exports, shortened.
  // `undeclared`: also where the object is reached from a global (`(await import(…)).name` is
  // `Promise`'s, in the UI's entry), or the entry would keep a name its later file shortens.
  mangle: {properties: {regex: scriptTagMangledNames, undeclared: true}},
  format: {comments: false},
};

/**
 * A self-contained, minified script-tag file with the widget in it: IIFE with dynamic imports
 * inlined, its locale files emitted next to it (dist/locales/*.json). No global name: the entry
 * defines window.HumanConnect itself, once, so that a second copy cannot replace the first one's.
 *
 * @param {string} input
 * @param {string} fileName
 * @param {import('rollup').Plugin[]} [extra]
 * @returns {import('rollup').RollupOptions}
 */
function scriptTag(input, fileName, extra = []) {
  return {
    input,
    plugins: [
      sourcesHaveSideEffects,
      locales,
      nodeResolve({extensions: ['.ts', '.js'], browser: true}),
      // Whitespace out of the html`` and css`` templates (they are strings terser cannot touch).
      minifyHtml({include: ['src/**/*.ts']}),
      esbuild({
        ...esbuildOptions,
        define: {
          'process.env.NODE_ENV': '"production"',
          __VERSION__: JSON.stringify(pkg.version),
          __LOCALE_FILES__: locales.define,
        },
      }),
      ...extra,
    ],
    output: {
      dir: 'dist',
      entryFileNames: fileName,
      format: 'iife',
      inlineDynamicImports: true,
      // (the lazy modules' namespaces, inlined, are read by this file's own code only)
      freeze: false,
      sourcemap: true,
      plugins: [terser(terserOptions)],
    },
    onwarn,
  };
}

// The UI's file names and Subresource Integrity hashes, from its build to the loader's: rollup
// builds the configs one after another, in order.
/** @type {{src: string, integrity: string, later: Record<string, string>}} */
const uiFile = {src: '', integrity: '', later: {}};

/** Notes the UI's files as written (their bytes on disk, source map comment and all). */
/** @type {import('rollup').Plugin} */
const recordUiFile = {
  name: 'record-ui-file',
  writeBundle(options, bundle) {
    const hash = (/** @type {string} */ file) =>
      `sha384-${createHash('sha384')
        .update(readFileSync(join(options.dir ?? '', file)))
        .digest('base64')}`;
    uiFile.later = {};
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      if (chunk.isEntry) {
        uiFile.src = chunk.fileName;
        uiFile.integrity = hash(chunk.fileName);
      } else uiFile.later[chunk.fileName] = hash(chunk.fileName);
    }
    if (!uiFile.src) throw new Error('the UI build wrote no entry');
  },
};

/**
 * The UI's modules that its entry runs (its static imports, all the way down) stay in it (named,
 * or rollup would move those that the later modules share into the later file); every other one
 * (what it loads with `import()`) goes to one file, fetched on first use.
 * @type {import('rollup').GetManualChunk}
 */
function laterFile(id, {getModuleIds, getModuleInfo}) {
  const entry = [...getModuleIds()]
    .map((m) => getModuleInfo(m))
    .find((m) => m?.isEntry);
  if (!entry) return undefined;
  const eager = new Set([entry.id]);
  for (const m of eager)
    for (const dep of getModuleInfo(m)?.importedIds ?? []) eager.add(dep);
  return eager.has(id) ? 'ui' : 'later';
}

/** The loader's `human-connect:ui-file` module: the UI file built just before it. */
/** @type {import('rollup').Plugin} */
const uiFileModule = {
  name: 'ui-file',
  resolveId: (id) => (id === 'human-connect:ui-file' ? '\0ui-file' : null),
  load(id) {
    if (id !== '\0ui-file') return null;
    if (!uiFile.src) this.error('the UI file must be built before the loader');
    return `export const UI_FILE = ${JSON.stringify(uiFile)};`;
  },
};

/**
 * The loader (`human-connect.min.js`, the file hosts load): `window.HumanConnect`, the launchers,
 * and the code that fetches the UI file on intent. No Lit, no widget.
 * @type {import('rollup').RollupOptions}
 */
const loader = {
  input: 'src/embed/loader.ts',
  plugins: [
    sourcesHaveSideEffects,
    uiFileModule,
    nodeResolve({extensions: ['.ts', '.js'], browser: true}),
    esbuild({
      ...esbuildOptions,
      define: {__VERSION__: JSON.stringify(pkg.version)},
    }),
  ],
  output: {
    dir: 'dist',
    entryFileNames: 'human-connect.min.js',
    format: 'iife',
    sourcemap: true,
    plugins: [terser(terserOptions)],
  },
  onwarn,
};

/**
 * The UI the loader fetches: its entry (`human-connect.ui.<hash>.min.js`, on intent) and one file
 * of what it loads on first use (`human-connect.ui-later.<hash>.min.js`). Each is an AMD module
 * whose `define` is the loader's, taken from the `<script>` the loader inserted for it (read
 * through `Document`'s own `currentScript` getter, which markup cannot clobber): nothing is
 * defined on `window`, and no `define` of the page's is called (src/embed/ui-handoff.ts).
 * @type {import('rollup').RollupOptions}
 */
const uiFiles = (() => {
  const config = scriptTag(
    'src/embed/ui.ts',
    'human-connect.ui.[hash].min.js',
    [recordUiFile]
  );
  const output = /** @type {import('rollup').OutputOptions} */ (config.output);
  return {
    ...config,
    // The entry's modules are the manual chunk `ui`: the entry chunk itself, not a facade of it.
    preserveEntrySignatures: 'allow-extension',
    output: {
      ...output,
      format: 'amd',
      inlineDynamicImports: false,
      // One name for each shortened member in both files: terser meets them one after another.
      plugins: [terser({...terserOptions, nameCache: {}})],
      manualChunks: laterFile,
      chunkFileNames: 'human-connect.ui-[name].[hash].min.js',
      amd: {define: 'define'},
      esModule: false,
      banner: '(define=>{',
      // (run some other way, without the loader, or where there is no DOM, it does nothing)
      footer:
        '})(typeof Document<"u"&&Object.getOwnPropertyDescriptor(Document.prototype,"currentScript").get.call(document)?.humanConnectUi||(()=>{}))',
    },
  };
})();

/** @type {import('rollup').RollupOptions[]} */
export default [
  // (a) ESM for bundlers: one module per source module, dependencies external.
  {
    input: entries,
    external: isExternal,
    plugins: [
      sourcesHaveSideEffects,
      templateImports(),
      nodeResolve({extensions: ['.ts', '.js']}),
      minifyHtml({include: ['src/**/*.ts']}),
      esbuild(esbuildOptions),
    ],
    output: {
      dir: 'dist',
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: 'src',
      entryFileNames: '[name].js',
      sourcemap: true,
      plugins: [shortMembers()],
    },
    treeshake: {moduleSideEffects: true},
    onwarn,
  },
  // (b) the script-tag builds: the UI file the loader fetches on intent, the one-file build, and
  //     the loader itself, in that order (the loader learns the UI file's name and hash).
  uiFiles,
  scriptTag('src/embed/script-tag.ts', 'human-connect.full.min.js'),
  loader,
  // (c) `human-connect/mock`: the sandbox's handlers and controls for integrators' tests, one
  //     file. msw stays the integrator's own (a peer dependency): their setupServer/setupWorker
  //     only answers with handlers made by the same msw.
  {
    input: {index: 'sandbox/mock.ts'},
    external: (id) => id === 'msw' || id.startsWith('msw/'),
    plugins: [
      sourcesHaveSideEffects,
      nodeResolve({extensions: ['.ts', '.js']}),
      esbuild(esbuildOptions),
    ],
    output: {dir: 'dist/mock', format: 'es', sourcemap: true},
    onwarn,
  },
  // (d) the `human-connect-sandbox` bin: the sandbox's HTTP server for plain Node, msw and all it
  //     needs inside, since the package's dependencies are only Lit's.
  {
    input: {cli: 'sandbox/cli.ts'},
    external: isNodeBuiltin,
    plugins: [
      sourcesHaveSideEffects,
      precompiledLoginAssets(),
      nodeResolve({
        extensions: ['.ts', '.js'],
        exportConditions: ['node'],
        preferBuiltins: true,
      }),
      commonjs(),
      // Minified: msw's cookie store (tough-cookie, tldts) is most of it, and nobody reads it.
      esbuild({
        ...esbuildOptions,
        target: 'node20',
        sourceMap: false,
        minify: true,
      }),
      executable,
    ],
    output: {
      dir: 'dist/sandbox',
      format: 'es',
      banner: '#!/usr/bin/env node',
    },
    onwarn,
  },
];
