import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import rollupCommonjs from '@rollup/plugin-commonjs';
import {fromRollup} from '@web/dev-server-rollup';

/**
 * What the framework examples (examples/react, examples/vue) need from the dev server and the
 * test runner, which serve node_modules to the browser file by file, with no bundler:
 *
 * React, React DOM and the scheduler ship CommonJS only.
 * - @rollup/plugin-commonjs converts those three packages (and nothing else) to ES modules; each
 *   converted file's default export is its `module.exports`.
 * - Their entry files choose a build at run time (`if (process.env.NODE_ENV === 'production')
 *   module.exports = require(…)`), and a file converted on its own has no named exports for what
 *   it re-exports (a bundle would synthesize them; a dev server cannot). So the `require()`s inside
 *   the three packages go straight to the development builds, and a bare `import … from 'react'`
 *   (or `react-dom/client`, `react/jsx-runtime`, …) in the app gets a small ES module that
 *   re-exports the development build's `module.exports` under the names it assigns.
 * - `process.env.NODE_ENV`, which they read, is replaced by the esbuild plugin's `define`
 *   (`nodeEnvDefine`, in the configs).
 *
 * Vue: `vue` resolves to its bundler build, which expects a bundler (`process.env`, feature
 * flags); its self-contained browser build is served instead.
 *
 * Shared by web-test-runner.config.js and web-dev-server.config.js.
 */

/** The `define` for the esbuild plugin: React's builds read it. */
export const nodeEnvDefine = {
  'process.env.NODE_ENV': JSON.stringify('development'),
};

/** The CommonJS entries an app imports, with the development build each one ends up loading. */
const REACT_ENTRIES = {
  react: 'react/cjs/react.development.js',
  'react/jsx-runtime': 'react/cjs/react-jsx-runtime.development.js',
  'react/jsx-dev-runtime': 'react/cjs/react-jsx-dev-runtime.development.js',
  'react-dom': 'react-dom/cjs/react-dom.development.js',
  'react-dom/client': 'react-dom/cjs/react-dom-client.development.js',
  scheduler: 'scheduler/cjs/scheduler.development.js',
};
const REACT_PACKAGES = ['react', 'react-dom', 'scheduler'];
const VUE_BROWSER_BUILD = 'vue/dist/vue.runtime.esm-browser.js';
const FACADE_PREFIX = '/__framework-deps__/';
/** `exports.name = …` (not `==`), as React's CommonJS builds assign their exports. */
const EXPORT_ASSIGNMENT = /\bexports\.([A-Za-z_$][\w$]*)\s*=(?!=)/g;

/**
 * @param {string} rootDir
 * @returns {import('@web/dev-server-core').Plugin}
 */
function browserEntries(rootDir) {
  const require = createRequire(path.join(rootDir, 'package.json'));

  /** `package/file` → its URL path from the root (`/node_modules/…`), or null if not installed. */
  function urlOf(entry) {
    const [pkg, ...rest] = entry.split('/');
    try {
      const dir = path.dirname(require.resolve(`${pkg}/package.json`));
      return `/${path
        .relative(rootDir, path.join(dir, ...rest))
        .split(path.sep)
        .join('/')}`;
    } catch {
      return null;
    }
  }

  /** Whether a URL path is a file of react, react-dom or scheduler (one the commonjs plugin converts). */
  const insideReact = (urlPath) =>
    REACT_PACKAGES.some((p) => urlPath.includes(`/node_modules/${p}/`));

  /** @type {Map<string, string>} */
  const facades = new Map();
  function facade(specifier) {
    if (!facades.has(specifier)) {
      // The names it assigns as `exports.name = …` (read, not run: running React here would
      // patch this process's console).
      const file = path.join(rootDir, urlOf(REACT_ENTRIES[specifier]));
      const names = [
        ...new Set(
          [...readFileSync(file, 'utf8').matchAll(EXPORT_ASSIGNMENT)].map(
            (m) => m[1]
          )
        ),
      ];
      facades.set(
        specifier,
        [
          `// ${specifier}: its development build's module.exports, as ES module exports.`,
          `import cjs from ${JSON.stringify(urlOf(REACT_ENTRIES[specifier]))};`,
          'export default cjs;',
          `export const {${names.join(', ')}} = cjs;`,
          '',
        ].join('\n')
      );
    }
    return facades.get(specifier);
  }

  return {
    name: 'framework-browser-entries',
    resolveImport({source, context}) {
      if (source === 'vue') return urlOf(VUE_BROWSER_BUILD) ?? undefined;
      if (
        !Object.hasOwn(REACT_ENTRIES, source) ||
        !urlOf(REACT_ENTRIES[source])
      )
        return undefined;
      if (insideReact(context.path)) {
        // A require() in a file being converted: the commonjs plugin asks with a file path as
        // the importer, so answer with a path relative to it (also a valid relative URL).
        const relative = path.posix.relative(
          path.posix.dirname(context.path),
          urlOf(REACT_ENTRIES[source])
        );
        return relative.startsWith('.') ? relative : `./${relative}`;
      }
      return `${FACADE_PREFIX}${source}.js`;
    },
    serve(context) {
      if (!context.path.startsWith(FACADE_PREFIX)) return undefined;
      const specifier = context.path.slice(FACADE_PREFIX.length, -'.js'.length);
      if (!Object.hasOwn(REACT_ENTRIES, specifier)) return undefined;
      return {body: facade(specifier), type: 'js'};
    },
  };
}

/**
 * @param {string} [rootDir]
 * @returns {import('@web/dev-server-core').Plugin[]}
 */
export function frameworkDepsPlugins(rootDir = process.cwd()) {
  const commonjs = fromRollup(rollupCommonjs);
  return [
    // Before the commonjs plugin, which resolves imports through the plugins after it.
    browserEntries(rootDir),
    commonjs({
      include: REACT_PACKAGES.map((p) => `**/node_modules/${p}/**`),
      // Hoist require() calls to imports (no function wrappers), and let require() return the
      // converted file's default export, which is its module.exports.
      strictRequires: false,
      requireReturnsDefault: true,
    }),
  ];
}
