/**
 * @module twenty-webhooks/dedupe
 * Remembering which deliveries were received, so that a copy does not run handlers twice.
 * Twenty's nonce is not signed, so deliveries are told apart by `deliveryId` (derived from the
 * signature); a copy verifies only while its timestamp is within the tolerance of now, before
 * or after, so a claim need last no longer than twice the tolerance.
 */
import { argumentError } from "./errors.js";

/**
 * An in-process store of claimed delivery ids, for one server process. Any object with
 * `claim(id, ttlMs) → Promise<boolean>` (and, optionally, `release(id)`) can replace it, e.g. one
 * backed by Redis `SET id 1 NX PX ttlMs` when several processes receive.
 *
 * `max` bounds memory: past it, expired claims go first, then the oldest. `now` is the clock
 * (epoch milliseconds), for tests.
 *
 * @example
 * const webhooks = new Webhooks({ secret, dedupe: memoryDedupe({ max: 10_000 }) });
 */
export function memoryDedupe({ max = 10_000, now = Date.now } = {}) {
  if (!Number.isSafeInteger(max) || max < 1) throw argumentError("max must be a positive integer", "The default is 10000 claims.");
  if (typeof now !== "function") throw argumentError("now must be a function returning epoch milliseconds", "Leave it out to use Date.now.");
  const expiries = new Map(); // id → when its claim ends; in claim order

  function evict(at) {
    for (const [id, expiry] of expiries) {
      if (expiries.size < max && expiry > at) return;
      expiries.delete(id); // expired, or the oldest while full
    }
  }

  return {
    /** Claims `id` for `ttlMs`: true the first time, false while an earlier claim lasts. */
    async claim(id, ttlMs) {
      const at = now();
      const expiry = expiries.get(id);
      if (expiry !== undefined && expiry > at) return false;
      expiries.delete(id); // re-inserted last, so that insertion order stays claim order
      evict(at);
      expiries.set(id, at + ttlMs);
      return true;
    },
    /** Forgets a claim, so that a re-send of a delivery whose handlers failed runs them again. */
    async release(id) {
      expiries.delete(id);
    },
    /** How many claims are held, expired ones included until evicted. */
    get size() {
      return expiries.size;
    },
  };
}
