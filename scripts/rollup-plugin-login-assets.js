import {fileURLToPath} from 'node:url';
import {tsImport} from 'tsx/esm/api';

/**
 * The built `human-connect-sandbox` bin runs with plain Node in a project that has neither esbuild
 * nor the sandbox's sources, while sandbox/login-assets.ts reads the login page's files and compiles
 * its script with esbuild when the server starts. This plugin runs that same module once at build
 * time and puts its answer in the bundle in the module's place, so the bin carries the finished
 * html, js and css as strings.
 *
 * @returns {import('rollup').Plugin}
 */
export function precompiledLoginAssets() {
  const file = fileURLToPath(
    new URL('../sandbox/login-assets.ts', import.meta.url)
  );
  return {
    name: 'precompiled-login-assets',
    async load(id) {
      if (id !== file) return null;
      /** @type {{loginAssets: () => Promise<unknown>}} */
      const module = await tsImport(file, import.meta.url);
      const assets = JSON.stringify(await module.loginAssets());
      return `export const loginAssets = async () => (${assets});`;
    },
  };
}
