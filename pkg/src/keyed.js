/**
 * @module twenty-webhooks/keyed
 * One Verifier per set of secrets, made again only when the secrets change: what one-shot
 * `verify()` and the Hono middleware (whose secret may come from a Worker's env per request)
 * both need, so that a secret is keyed once, not on every delivery.
 */

/** A function `(secrets, toleranceMs) → Verifier` that reuses the last one when nothing changed. */
export function keyedOnChange(Verifier) {
  let last = { secrets: [], toleranceMs: NaN, verifier: null };
  return (secrets, toleranceMs) => {
    const same = last.verifier && last.toleranceMs === toleranceMs && secrets.length === last.secrets.length && secrets.every((s, i) => s === last.secrets[i]);
    if (!same) {
      const verifier = new Verifier(secrets, { toleranceMs });
      last.verifier?.free();
      last = { secrets: [...secrets], toleranceMs, verifier };
    }
    return last.verifier;
  };
}
