/**
 * The size budgets, in gzip (level 9) bytes: `npm test` fails above them (test/node/pack.test.ts),
 * `npm run size` and `npm run bench` report against them. Lower them as the code shrinks; raise
 * them only with a reason in the commit.
 */

/**
 * The loader, `human-connect.min.js`: what every page that adds the script tag loads, whether or
 * not anyone opens the widget. A fifth of humanapi-connect-client 2.4.1's loader (25,037 B).
 */
export const LOADER_GZIP_BUDGET = 5 * 1024;

/** The UI file the loader fetches on intent: the widget but what it loads later, English only. */
export const UI_GZIP_BUDGET = 30 * 1024;

/**
 * The UI's later file, fetched on first use (while the person searches, or when a view after the
 * search is asked for): the views and steps that the ES build loads on first use too.
 */
export const UI_LATER_GZIP_BUDGET = 15 * 1024;

/** The one-file build, `human-connect.full.min.js`: the UI with the API and the launchers. */
export const FULL_GZIP_BUDGET = UI_GZIP_BUDGET + 1024;

/** The script-tag files in `dist/`, each by its name (the UI's has a hash in it) and budget. */
export const SCRIPT_TAG_FILES = [
  {
    label: 'loader',
    pattern: /^human-connect\.min\.js$/,
    budget: LOADER_GZIP_BUDGET,
  },
  {
    label: 'UI, fetched on intent',
    pattern: /^human-connect\.ui\.[\w-]+\.min\.js$/,
    budget: UI_GZIP_BUDGET,
  },
  {
    label: 'UI, fetched on first use',
    pattern: /^human-connect\.ui-later\.[\w-]+\.min\.js$/,
    budget: UI_LATER_GZIP_BUDGET,
  },
  {
    label: 'one-file build',
    pattern: /^human-connect\.full\.min\.js$/,
    budget: FULL_GZIP_BUDGET,
  },
];

/** The ES module entry's own first-load code, Lit excluded (scripts/own-code-size.js). */
export const OWN_CODE_GZIP_BUDGET = 15 * 1024;
