/**
 * The consent receipt: what the person agreed to for a new connection, in the words they read,
 * for the host (the `connect` event's `receipt`) and for the person ("Save a copy", a file made
 * in the browser). Loaded with Allow (allow.ts).
 */
import type {CreateConnectionBody, Source} from '../api/types.js';
import type {ConsentReceipt} from '../events.js';
import type {FlowController} from './flow-controller.js';

/** The consent as the person saw it at Allow: its text, in their language. */
export interface SeenConsent {
  text: string;
  locale: string;
}

interface Pending extends SeenConsent {
  /** The text's SHA-256, hex; undefined where the page has no Web Crypto (not a secure context). */
  sha: Promise<string | undefined>;
  sent?: CreateConnectionBody['consent'];
}

const pending = new WeakMap<FlowController, Pending>();
/** The receipts of this flow's new connections, by connection id. */
const kept = new WeakMap<FlowController, Map<string, ConsentReceipt>>();

/** At Allow: what the person saw, hashed at once (Web Crypto), while the connection is made. */
export function seeConsent(flow: FlowController, seen: SeenConsent): void {
  const bytes = new TextEncoder().encode(seen.text);
  pending.set(flow, {
    ...seen,
    sha: Promise.resolve(globalThis.crypto?.subtle?.digest('SHA-256', bytes))
      .then((digest) =>
        digest
          ? [...new Uint8Array(digest)]
              .map((b) => b.toString(16).padStart(2, '0'))
              .join('')
          : undefined
      )
      .catch(() => undefined),
  });
}

/** The consent `POST /connections` sends: the receipt's scopes and time are these. */
export function sendConsent(
  flow: FlowController,
  consent: CreateConnectionBody['consent']
): void {
  const seen = pending.get(flow);
  if (seen) seen.sent = consent;
}

/**
 * The connection is made: its receipt, kept for its `connect` event and "Save a copy" (and, for a
 * redirect login, returned for the note that outlives the page).
 */
export async function keepReceipt(
  flow: FlowController,
  source: Source,
  connectionId: string
): Promise<ConsentReceipt | undefined> {
  const seen = pending.get(flow);
  const textSha256 = await seen?.sha;
  if (!seen?.sent || !textSha256) return;
  const receipt = {
    connectionId,
    sourceId: source.id,
    appName: flow.session!.app.name,
    version: seen.sent.version,
    scopes: seen.sent.scopes,
    acceptedAt: seen.sent.acceptedAt,
    locale: seen.locale,
    textSha256,
    text: seen.text,
  };
  holdReceipt(flow, receipt);
  return receipt;
}

/** Keeps a connection's receipt in this flow: one just made, or one a redirect login's note brought back. */
export function holdReceipt(
  flow: FlowController,
  receipt: ConsentReceipt
): void {
  let receipts = kept.get(flow);
  if (!receipts) kept.set(flow, (receipts = new Map()));
  receipts.set(receipt.connectionId, receipt);
}

/** The receipt of a connection made in this flow, if it has one. */
export function receiptOf(
  flow: FlowController,
  connectionId: string
): ConsentReceipt | undefined {
  return kept.get(flow)?.get(connectionId);
}

const files = new WeakMap<ConsentReceipt, string>();

/**
 * The receipt as a file the person keeps ("Save a copy"): the text they agreed to, then the
 * receipt's facts. A `blob:` URL made in the browser, once a receipt: nothing goes over the network.
 */
export function receiptUrl(receipt: ConsentReceipt): string {
  let url = files.get(receipt);
  if (!url) {
    const {text, ...facts} = receipt;
    const file = `${text}\n\n${JSON.stringify(facts, null, 2)}\n`;
    files.set(
      receipt,
      (url = URL.createObjectURL(new Blob([file], {type: 'text/plain'})))
    );
  }
  return url;
}
