/**
 * Where a delivery is remembered. Its id (the package's `deliveryId(headers)`, derived from the
 * signature, not from the nonce, which is not signed) is the same for every copy and retry of
 * one Twenty delivery, so it also picks the ledger shard that remembers it.
 */

/** The Durable Object that remembers this delivery: one of 256 shards, by the id's first byte. */
export function ledgerFor(env, deliveryId) {
  return env.LEDGER.get(env.LEDGER.idFromName(deliveryId.slice(0, 2)));
}
