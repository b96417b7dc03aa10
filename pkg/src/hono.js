/**
 * @module twenty-webhooks/hono
 * A Hono middleware that lets only genuine Twenty deliveries through. It imports the package by
 * its own name, so the runtime's entry (workerd, node, browser) loads the wasm as that runtime
 * needs.
 */
import { DEFAULT_TOLERANCE_MS, Verifier, WebhookPayloadError, WebhookVerificationError } from "twenty-webhooks";
import { keyedOnChange } from "./keyed.js";

/**
 * Verifies the raw body against Twenty's headers, then sets
 * `c.get("twentyWebhook")` to `{ payload, timestamp, nonce, secretIndex }`. A delivery that
 * does not verify is answered 401, a verified body that is not JSON 400, both with
 * `{ "error": { "code", "message" } }` (the package's codes; never the secret).
 *
 * `secret` is a secret, a list of them (rotation), or a function of the context that returns
 * either, for Workers, whose secrets live in `c.env`. A given secret is keyed once: when the
 * middleware is created, or for a function, when it first returns that secret.
 *
 * @example
 * import { Hono } from "hono";
 * import { twentyWebhook } from "twenty-webhooks/hono";
 *
 * const app = new Hono();
 * app.post("/webhooks/twenty", twentyWebhook({ secret: (c) => c.env.TWENTY_WEBHOOK_SECRET }), (c) => {
 *   const { payload } = c.get("twentyWebhook");
 *   return c.json({ received: payload.eventName });
 * });
 */
export function twentyWebhook({ secret, toleranceMs = DEFAULT_TOLERANCE_MS } = {}) {
  const verifierFor = typeof secret === "function" ? fromContext(secret, toleranceMs) : constant(new Verifier(secret, { toleranceMs }));
  return async function twentyWebhookMiddleware(c, next) {
    // Hono caches the bytes, so a later handler can read the same raw body again.
    const body = new Uint8Array(await c.req.arrayBuffer());
    // Outside the try: an unusable secret is the server's fault (a 500 via Hono's onError),
    // not the sender's.
    const verifier = verifierFor(c);
    try {
      const delivery = verifier.verify(c.req.raw.headers, body);
      const { timestamp, nonce, secretIndex } = delivery;
      c.set("twentyWebhook", { payload: delivery.payload, timestamp, nonce, secretIndex });
    } catch (error) {
      if (error instanceof WebhookVerificationError) return refuse(c, 401, error);
      if (error instanceof WebhookPayloadError) return refuse(c, 400, error);
      throw error;
    }
    await next();
  };
}

function constant(verifier) {
  return () => verifier;
}

/** A verifier for whatever secret(s) `secretOf(c)` returns, keyed again only when they change. */
function fromContext(secretOf, toleranceMs) {
  const keyed = keyedOnChange(Verifier);
  return (c) => keyed([secretOf(c)].flat(), toleranceMs);
}

function refuse(c, status, { code, message, hint }) {
  return c.json({ error: { code, message, hint } }, status);
}
