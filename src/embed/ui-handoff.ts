/**
 * How the files of the UI hand themselves to the loader that fetched them. The build writes each
 * as an AMD module (rollup's `amd` output) whose `define` is a function the loader puts on the
 * `<script>` element it inserts, read through `document.currentScript` as the file runs
 * (rollup.config.js): nothing goes through `window`, and no `define` of the page's own is called.
 * The first file is the UI's entry (src/embed/ui.ts); the others hold what it loads on first use.
 */
import type {createGlobalApi} from './global-api.js';

/** The property of the loader's `<script>` that takes the file's `define` call. */
export const HANDOFF = 'humanConnectUi';

export type CreateGlobalApi = typeof createGlobalApi;

/** A file's exports, as its `define` fills them. */
export type Exports = Record<string, unknown>;

/** rollup's AMD `require`, for a file's `import()`: the files named, by their ids. */
export type AmdRequire = (
  ids: string[],
  loaded: (...modules: Exports[]) => void,
  failed: (error: unknown) => void
) => void;

/** An AMD `define`: the ids of what the file needs (`exports`, `require`, other files), and its body. */
export type Define = (
  deps: string[],
  factory: (...deps: unknown[]) => void
) => void;

export type HandoffScript = HTMLScriptElement & {[HANDOFF]?: Define};
