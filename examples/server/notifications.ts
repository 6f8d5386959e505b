/**
 * Checking what the Connect service POSTs to the notification URL
 * (docs/connect-api.md, "Notifications"):
 *
 *   Human-Connect-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(client_secret, "<t>.<raw body>")>
 *
 * The HMAC is over the raw bytes as they arrived: parse the JSON only after the
 * check, since re-serialising it would not give back the same bytes.
 */
import {createHmac, timingSafeEqual} from 'node:crypto';

/** How far the signed time may be from this server's clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export type SignatureProblem = 'missing' | 'malformed' | 'stale' | 'mismatch';

/** `null` when the signature is good, else what is wrong with it. */
export function checkSignature(
  header: string | string[] | undefined,
  rawBody: Buffer,
  secret: string,
  nowMs: number
): SignatureProblem | null {
  if (header === undefined || header === '') return 'missing';
  if (Array.isArray(header)) return 'malformed';
  let t: string | undefined;
  const v1: Buffer[] = [];
  for (const part of header.split(',')) {
    const i = part.indexOf('=');
    const key = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    if (key === 't' && t === undefined && /^\d{1,12}$/.test(value)) t = value;
    // Several v1 values are allowed, so that the service can sign with an old
    // and a new secret while they are rotated.
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value))
      v1.push(Buffer.from(value, 'hex'));
  }
  if (t === undefined || v1.length === 0) return 'malformed';
  if (Math.abs(nowMs / 1000 - Number(t)) > SIGNATURE_TOLERANCE_SECONDS)
    return 'stale';
  const expected = createHmac('sha256', secret)
    .update(`${t}.`)
    .update(rawBody)
    .digest();
  // Both are 32 bytes (the pattern above), as timingSafeEqual requires.
  return v1.some((sig) => timingSafeEqual(sig, expected)) ? null : 'mismatch';
}

export interface Notification {
  id: string;
  type: string;
  humanId: string;
}

/** The fields this server acts on, or a short reason the body is not a notification. */
export function parseNotification(v: unknown): Notification | string {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return 'the body must be a JSON object';
  const o = v as Record<string, unknown>;
  for (const key of ['id', 'type', 'humanId'] as const) {
    const f = o[key];
    if (typeof f !== 'string' || f === '' || f.length > 200)
      return `\`${key}\` must be a non-empty string`;
  }
  return {
    id: o['id'] as string,
    type: o['type'] as string,
    humanId: o['humanId'] as string,
  };
}
