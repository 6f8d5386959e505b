/**
 * Ids of the sandbox: deterministic ones (the same input gives the same id in
 * every run, so that a host server's stored data stays valid across restarts
 * of the sandbox) and random ones (tokens, request ids).
 */

/** FNV-1a, 32 bits: small, fast, and the same in Node and in the browser. */
export function hashString(s: string, seed = 2166136261): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** 64 bits of hash as 16 hex digits: collisions stay out of reach for a sandbox's few thousand ids. */
export function stableHex(...parts: string[]): string {
  const key = parts.join('\u0000');
  return (
    hashString(key).toString(16).padStart(8, '0') +
    hashString(key, 0x811c9dc5 ^ 0x5bd1e995)
      .toString(16)
      .padStart(8, '0')
  );
}

/**
 * The person a client user is, as the service knows them: the same client and
 * client user id always give the same human id, so a host server may keep it.
 */
export function humanIdFor(clientId: string, clientUserId: string): string {
  return `hum_${stableHex('human', clientId, clientUserId)}`;
}

export function randomHex(bytes: number): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function randomToken(prefix: string): string {
  return prefix + randomHex(18);
}

/** The `X-Request-Id` of one answer. */
export function newRequestId(): string {
  return `rid_${randomHex(12)}`;
}
