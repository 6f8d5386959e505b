/**
 * Fetches the UI file as the loader's own `<script>` came: a classic script next to the loader,
 * checked against the Subresource Integrity hash the build wrote into the loader (so a host who
 * pins the loader with `integrity` has every byte checked), and, where the page enforces Trusted
 * Types, through a policy of ours that lets this one URL through and no other.
 */
import {
  HANDOFF,
  type CreateGlobalApi,
  type HandoffScript,
} from './ui-handoff.js';

/** The UI file as the build wrote it: its URL (relative to the loader's) and its SRI hash. */
export interface UiFile {
  src: string;
  integrity: string;
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

/** The policy, made once (a second with the same name is refused), and the one URL it passes. */
let policy: {createScriptURL(url: string): unknown} | undefined;
let uiUrl = '';
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
  uiUrl ||= url.split('?')[0]!;
  try {
    policy ??= trustedTypes?.createPolicy(TRUSTED_TYPES_POLICY, {
      createScriptURL: (asked) => {
        if (asked.split('?')[0] !== uiUrl)
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
 * Loads the UI file at `url`; resolves with what it hands over as it runs. Rejects when it does
 * not come (network, HTTP status, a body that stalls past `timeoutMs`), when its bytes are not the
 * ones built (integrity), when the page's policy refuses it, or when it runs without handing
 * over (another file at that URL). Each attempt is a new `<script>`, removed once it has settled.
 */
export function loadUi(
  doc: Document,
  url: string,
  integrity: string,
  timeoutMs = UI_TIMEOUT_MS
): Promise<CreateGlobalApi> {
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
    script[HANDOFF] = (create) => {
      if (settled) return;
      settle();
      resolve(create);
    };
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
    script.integrity = integrity;
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
