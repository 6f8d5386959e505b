/**
 * How the UI file hands its API to the loader that fetched it: the loader puts a function on the
 * `<script>` element it inserts, and the UI file, as it runs, calls it through
 * `document.currentScript`. Nothing goes through `window`, and a page that loads the UI file
 * some other way gets the element registered and nothing else.
 */
import type {createGlobalApi} from './global-api.js';

/** The property of the loader's `<script>` that takes the UI's API. */
export const HANDOFF = 'humanConnectUi';

export type CreateGlobalApi = typeof createGlobalApi;

export type HandoffScript = HTMLScriptElement & {
  [HANDOFF]?: (create: CreateGlobalApi) => void;
};
