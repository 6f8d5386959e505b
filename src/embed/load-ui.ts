/**
 * Fetches the UI as the loader's own `<script>` came: classic scripts next to the loader, each
 * checked against the Subresource Integrity hash the build wrote into the loader (so a host who
 * pins the loader with `integrity` has every byte checked), and, where the page enforces Trusted
 * Types, through a policy of ours that lets the UI's files through and no other URL. The UI's
 * entry comes on intent; the file of what it loads on first use comes when first asked for
 * (each file an AMD module handed over by its `<script>`, src/embed/ui-handoff.ts).
 */
import {
  HANDOFF,
  type AmdRequire,
  type CreateGlobalApi,
  type Define,
  type Exports,
  type HandoffScript,
} from './ui-handoff.js';

/**
 * The UI's files as the build wrote them: the entry's name (next to the loader) and SRI hash, and
 * the hash of each file it loads on first use, by name.
 */
export interface UiFile {
  src: string;
  integrity: string;
  later: Record<string, string>;
}

/** The longest the UI file may take to come: as long as one request to the service may. */
export const UI_TIMEOUT_MS = 20_000;

/** Our Trusted Types policy: a host that enforces Trusted Types lists it in `trusted-types`. */
export const TRUSTED_TYPES_POLICY = 'human-connect';

interface TrustedTypesLike {
  createPolicy(
    name: string,
    rules: {createScriptURL(url: string): string}
  ): {createScriptURL(url: string): unknown};
}

/** The policy, made once (a second with the same name is refused), and the URLs it passes. */
let policy: {createScriptURL(url: string): unknown} | undefined;
/** The SRI hash of each of the UI's files, by URL (no query): the URLs the policy lets through. */
const hashes = new Map<string, string>();
/** The UI's files asked for, by URL: their exports, once run. */
const files = new Map<string, Promise<Exports>>();
/** The UI's files that have run, by URL: their exports. */
const ran = new Map<string, Exports>();

/** The URL of the file an AMD id names (`./name`, without `.js`), from the file that names it. */
const fileUrl = (id: string, from: string) => `${new URL(id, from).href}.js`;
/** Attempts so far: each after the first asks for the file under a URL of its own. */
let attempts = 0;

/**
 * `url` as the page lets a script's `src` be set: a TrustedScriptURL from our policy where the
 * browser has Trusted Types, else the string. A page whose CSP does not name our policy gets the
 * string, which it refuses only if it enforces Trusted Types for scripts.
 */
function scriptUrl(url: string): string {
  const trustedTypes = (globalThis as {trustedTypes?: TrustedTypesLike})
    .trustedTypes;
  try {
    policy ??= trustedTypes?.createPolicy(TRUSTED_TYPES_POLICY, {
      createScriptURL: (asked) => {
        if (!hashes.has(asked.split('?')[0]!))
          throw new TypeError(`not the UI file: ${asked}`);
        return asked;
      },
    });
  } catch {
    // not allowed by the page's `trusted-types` directive
  }
  return policy ? (policy.createScriptURL(url) as string) : url;
}

/**
 * Loads the UI file at `url` (and, when it asks, the files of `later`, by name next to it);
 * resolves with what it hands over as it runs. Rejects when it does not come (network, HTTP
 * status, a body that stalls past `timeoutMs`), when its bytes are not the ones built
 * (integrity), when the page's policy refuses it, or when it runs without handing over (another
 * file at that URL). A file that failed is fetched anew when next asked for.
 */
export async function loadUi(
  doc: Document,
  url: string,
  integrity: string,
  {
    timeoutMs = UI_TIMEOUT_MS,
    later = {},
  }: {timeoutMs?: number; later?: Record<string, string>} = {}
): Promise<CreateGlobalApi> {
  hashes.set(url, integrity);
  for (const [name, hash] of Object.entries(later))
    hashes.set(new URL(name, url).href, hash);
  const ui = await need(doc, url, timeoutMs);
  return ui['createGlobalApi'] as CreateGlobalApi;
}

/** The exports of the UI's file at `url`, run once (again after a failure). */
function need(doc: Document, url: string, timeoutMs: number): Promise<Exports> {
  let file = files.get(url);
  if (!file) {
    files.set(url, (file = run(doc, url, timeoutMs)));
    file.catch(() => files.delete(url));
  }
  return file;
}

/**
 * Runs the file at `url`: a `<script>` that hands over its `define` call as it runs. The body
 * runs then, in that call, when what it needs has run already (so that the entry's reads of
 * `document.currentScript` find its own `<script>`); else once it has. Each attempt is a new
 * `<script>`, removed once it has settled.
 */
function run(doc: Document, url: string, timeoutMs: number): Promise<Exports> {
  return new Promise((resolve, reject) => {
    const script = doc.createElement('script') as HandoffScript;
    let settled = false;
    const settle = () => {
      settled = true;
      clearTimeout(timer);
      delete script[HANDOFF];
      script.remove();
    };
    const fail = (message: string) => {
      if (settled) return;
      settle();
      reject(new Error(message));
    };
    const define: Define = (deps, factory) => {
      if (settled) return;
      settle();
      const exports: Exports = {};
      const require: AmdRequire = (ids, loaded, failed) => {
        Promise.all(
          ids.map((id) => need(doc, fileUrl(id, url), timeoutMs))
        ).then((modules) => loaded(...modules), failed);
      };
      const given = deps.map((dep) =>
        dep === 'exports'
          ? exports
          : dep === 'require'
            ? require
            : fileUrl(dep, url)
      );
      const body = () => {
        factory(
          ...given.map((dep) => (typeof dep === 'string' ? ran.get(dep) : dep))
        );
        ran.set(url, exports);
        return exports;
      };
      const waiting = given.filter(
        (dep): dep is string => typeof dep === 'string' && !ran.has(dep)
      );
      try {
        resolve(
          waiting.length
            ? Promise.all(waiting.map((u) => need(doc, u, timeoutMs))).then(
                body
              )
            : body()
        );
      } catch (error) {
        reject(error);
      }
    };
    script[HANDOFF] = define;
    // A failed fetch, an HTTP error and bytes that fail the integrity check all end here.
    script.onerror = () => fail(`the UI file did not load: ${url}`);
    // It runs before `load`: by then, a UI file has handed over.
    script.onload = () => fail(`not the UI file: ${url}`);
    const timer = setTimeout(
      () => fail(`the UI file took over ${timeoutMs} ms: ${url}`),
      timeoutMs
    );
    script.async = true;
    script.crossOrigin = 'anonymous';
    script.integrity = hashes.get(url) ?? '';
    // A response that stalled holds the browser's cache lock on its URL (Chromium waits 20 s
    // behind it): another attempt asks under a URL of its own, for the same bytes.
    attempts += 1;
    try {
      script.src = scriptUrl(attempts > 1 ? `${url}?attempt=${attempts}` : url);
    } catch {
      return fail(
        `Trusted Types refused the UI file: allow the policy "${TRUSTED_TYPES_POLICY}"`
      );
    }
    doc.head.append(script);
  });
}
