// package.json's version as `__PACKAGE_VERSION__`, for the gallery's embed code
// (demo/gallery/hand-off.ts), which pins it: a `define` of the dev server, the test runner and
// the demo's static build (scripts/build-demo.js) alike.
import {readFileSync} from 'node:fs';

const {version} = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8')
);

export const packageVersionDefine = {
  __PACKAGE_VERSION__: JSON.stringify(version),
};
