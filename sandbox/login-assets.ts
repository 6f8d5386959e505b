/**
 * The login page as the HTTP sandbox serves it: the same page the demo serves from
 * sandbox/login.html, with its script compiled from TypeScript once at start (the package's bin
 * gets this module's answer at build time instead: scripts/rollup-plugin-login-assets.js), and a
 * `<meta name="human-connect-login-complete">` telling it to report the outcome to the sandbox
 * over HTTP (in the demo, the service runs in the opener's page and hears it on a
 * BroadcastChannel instead).
 */
import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {transform} from 'esbuild';

export interface LoginAssets {
  html: string;
  script: string;
  css: string;
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export async function loginAssets(): Promise<LoginAssets> {
  const [html, source, css] = await Promise.all([
    readFile(here('./login.html'), 'utf8'),
    readFile(here('./login.ts'), 'utf8'),
    readFile(here('./login.css'), 'utf8'),
  ]);
  const {code} = await transform(source, {
    loader: 'ts',
    format: 'esm',
    target: 'es2021',
  });
  return {
    html: html
      .replace('href="./login.css"', 'href="/login/login.css"')
      .replace('src="./login.ts"', 'src="/login/login.js"')
      .replace(
        '<meta charset="utf-8" />',
        '<meta charset="utf-8" />\n    <meta name="human-connect-login-complete" content="/login/complete" />'
      ),
    script: code,
    css,
  };
}
