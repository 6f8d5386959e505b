// What the package's builds (rollup.config.js) and the demo's static copy (scripts/build-demo.js)
// bundle our sources with.
import {fileURLToPath} from 'node:url';

export const esbuildOptions = {
  target: 'es2021',
  tsconfig: 'tsconfig.json', // useDefineForClassFields: false, so class fields don't shadow Lit's accessors
  sourceMap: true,
};

// package.json's `sideEffects` lists only dist files (for consumers' bundlers), and
// @rollup/plugin-node-resolve applies it to our own sources too: `src/human-connect.ts` would be
// marked side-effect free and `dist/index.js` would lose its `import './human-connect.js'`
// (no registration). Our sources keep rollup's default: they may have side effects.
const sourceDirs = ['../src/', '../sandbox/'].map((dir) =>
  fileURLToPath(new URL(dir, import.meta.url))
);
/** @type {import('rollup').Plugin} */
export const sourcesHaveSideEffects = {
  name: 'sources-have-side-effects',
  transform(code, id) {
    return sourceDirs.some((dir) => id.startsWith(dir))
      ? {code, map: null, moduleSideEffects: true}
      : null;
  },
};

/** @type {import('rollup').WarningHandlerWithDefault} */
export const onwarn = (warning, warn) => {
  // `this` at the top of some ESM deps is harmless
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
};
