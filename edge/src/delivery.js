/**
 * A delivery's identity. Its id is derived from the signature (not the nonce, which is not
 * signed), so every copy of one Twenty delivery, and every retry of it, carries the same id, and
 * destinations can deduplicate on it. The id also picks the ledger shard that remembers it.
 */
const encoder = new TextEncoder();

/** 32 hex digits: the first half of SHA-256 over the canonical (lower-case) signature. */
export async function deliveryIdFor(signature) {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(`twenty-webhooks-edge:${signature.toLowerCase()}`));
  return [...new Uint8Array(digest, 0, 16)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The Durable Object that remembers this delivery: one of 256 shards, by the id's first byte. */
export function ledgerFor(env, deliveryId) {
  return env.LEDGER.get(env.LEDGER.idFromName(deliveryId.slice(0, 2)));
}
