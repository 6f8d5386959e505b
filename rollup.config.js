import {existsSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import esbuild from 'rollup-plugin-esbuild';
import {nodeResolve} from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import minifyHtml from '@lit-labs/rollup-plugin-minify-html-literals';
import {templateImports} from './scripts/rollup-plugin-template-imports.js';
import {scriptTagLocales} from './scripts/rollup-plugin-script-tag-locales.js';
import {mangledNames} from './scripts/mangled-names.js';
import {shortMembers} from './scripts/rollup-plugin-short-members.js';

const locales = scriptTagLocales({localesDir: 'src/i18n/locales'});

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

const esbuildOptions = {
  target: 'es2021',
  tsconfig: 'tsconfig.json', // useDefineForClassFields: false, so class fields don't shadow Lit's accessors
  sourceMap: true,
};

// package.json's `sideEffects` lists only dist files (for consumers' bundlers), and
// @rollup/plugin-node-resolve applies it to our own sources too: `src/human-connect.ts` would be
// marked side-effect free and `dist/index.js` would lose its `import './human-connect.js'`
// (no registration). Our sources keep rollup's default: they may have side effects.
const srcDir = fileURLToPath(new URL('./src/', import.meta.url));
/** @type {import('rollup').Plugin} */
const sourcesHaveSideEffects = {
  name: 'sources-have-side-effects',
  transform(code, id) {
    return id.startsWith(srcDir)
      ? {code, map: null, moduleSideEffects: true}
      : null;
  },
};

const onwarn = (warning, warn) => {
  // `this` at the top of some ESM deps is harmless
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
};

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
  // (b) one self-contained, minified script-tag bundle that registers <human-connect>.
  //     IIFE with dynamic imports inlined (the locale modules ride along in the one file).
  {
    input: 'src/embed/script-tag.ts',
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
    ],
    output: {
      // A directory, so that the locale files land next to the bundle (dist/locales/*.json).
      dir: 'dist',
      entryFileNames: 'human-connect.min.js',
      // No global name: the entry defines window.HumanConnect itself, once, so that a second
      // copy of the script cannot replace the first one's API.
      format: 'iife',
      inlineDynamicImports: true,
      sourcemap: true,
      plugins: [
        terser({
          ecma: 2020,
          module: false, // IIFE with a global name: `module: true` would mangle/drop it
          compress: {passes: 3, unsafe_arrows: true},
          // The flow's and the element's inner member names, shortened.
          mangle: {properties: {regex: mangledNames}},
          format: {comments: false},
        }),
      ],
    },
    onwarn,
  },
];
