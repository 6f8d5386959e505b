import {esbuildPlugin} from '@web/dev-server-esbuild';
import {mswWorkerMiddleware} from './scripts/dev-server/msw-worker-middleware.js';
import {builtFilesMiddleware} from './scripts/dev-server/built-files-middleware.js';
import {tsFallbackMiddleware} from './scripts/dev-server/ts-fallback-middleware.js';
import {
  frameworkDepsPlugins,
  nodeEnvDefine,
} from './scripts/dev-server/framework-deps.js';
import {packageVersionDefine} from './scripts/package-version.js';

// Open a browser only on an interactive desktop run: never in CI, never without a TTY.
const interactive = !process.env.CI && Boolean(process.stdout.isTTY);

/** @type {import('@web/dev-server').DevServerConfig} */
export default {
  port: Number(process.env.PORT) || 8000,
  open: interactive && !process.env.NO_OPEN ? '/demo/' : false,
  nodeResolve: true,
  watch: interactive,
  middleware: [
    // The URL the server prints is its root: lead it to the demo.
    (ctx, next) => {
      if (ctx.path === '/') {
        ctx.redirect('/demo/');
        return undefined;
      }
      return next();
    },
    // dist/'s script-tag files as built: their integrity hashes must match.
    builtFilesMiddleware,
    mswWorkerMiddleware,
    tsFallbackMiddleware(),
  ],
  plugins: [
    {
      // The server prints its root; say where the demo is, which is what `npm start` is for.
      name: 'print-demo-url',
      serverStart({config}) {
        const host = config.hostname ?? 'localhost';
        console.log(
          `\n  The demo: http://${host}:${config.port}/demo/  (the gallery: /demo/gallery.html)\n`
        );
      },
    },
    esbuildPlugin({
      ts: true,
      tsx: true,
      target: 'es2021',
      tsconfig: 'tsconfig.json',
      define: {...nodeEnvDefine, ...packageVersionDefine},
    }),
    // React (CommonJS) and Vue for the examples (examples/react/, examples/vue/).
    ...frameworkDepsPlugins(),
  ],
};
