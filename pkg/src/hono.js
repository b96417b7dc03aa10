/**
 * @module twenty-webhooks/hono
 * A Hono middleware for Twenty's deliveries, two ways: with `{ secret }` it lets only genuine
 * ones through to the next handler; with `{ webhooks }` it receives them itself, as the other
 * adapters do. It imports the package by its own name, so the runtime's entry (workerd, node,
 * browser) loads the wasm as that runtime needs.
 */
import { DEFAULT_TOLERANCE_MS, Verifier, WebhookPayloadError, WebhookVerificationError } from "twenty-webhooks";
import { argumentError } from "./errors.js";
import { keyedOnChange } from "./keyed.js";
import { respond, receiveOptions } from "./respond.js";

/**
 * Verifies the raw body against Twenty's headers, then sets
 * `c.get("twentyWebhook")` to `{ payload, timestamp, nonce, secretIndex }`. A delivery that
 * does not verify is answered 401, a verified body that is not JSON 400, both with
 * `{ "error": { "code", "message", "hint" } }` (the package's codes; never the secret).
 *
 * `secret` is a secret, a list of them (rotation), or a function of the context that returns
 * either, for Workers, whose secrets live in `c.env`. A given secret is keyed once: when the
 * middleware is created, or for a function, when it first returns that secret.
 *
 * With `{ webhooks, maxBodyBytes, respondWithinMs }` instead, the middleware receives the
 * delivery itself and answers it as every adapter does (see `receiving` below): the webhooks'
 * handlers run, nothing is passed on to `next`.
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
 * // or: app.all("/webhooks/twenty", twentyWebhook({ webhooks }));
 */
export function twentyWebhook(options = {}) {
  if (options.webhooks !== undefined) return receiving(options);
  return verifying(options);
}

function verifying({ secret, toleranceMs = DEFAULT_TOLERANCE_MS }) {
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

/**
 * With `{ webhooks }`: answers the delivery itself, like the Fetch handler (200, 202, 400, 401,
 * 405, 409, 413, 415 or 500, the same JSON), and runs the webhooks' handlers. `webhooks` is a
 * `Webhooks` or a function of the context returning one (for a Worker, whose secrets live in
 * `c.env`); each is checked once.
 */
function receiving({ webhooks, secret, maxBodyBytes, respondWithinMs }) {
  if (secret !== undefined) throw argumentError("pass either webhooks or secret, not both", "The Webhooks instance holds the secret: new Webhooks({ secret }).");
  const optionsOf = new WeakMap();
  const checked = (instance) => {
    if (!optionsOf.has(instance)) optionsOf.set(instance, receiveOptions(instance, { maxBodyBytes, respondWithinMs }));
    return optionsOf.get(instance);
  };
  if (typeof webhooks !== "function") checked(webhooks); // misuse fails when the app is built
  return async function twentyWebhooksMiddleware(c) {
    const instance = typeof webhooks === "function" ? webhooks(c) : webhooks;
    const { raw } = c.req;
    const { headers } = raw;
    const { body, bodyParsed } = await rawBodyOf(c);
    const answer = await respond(
      instance,
      { method: raw.method, contentType: headers.get("content-type"), contentLength: headers.get("content-length"), headers, body, bodyParsed },
      checked(instance),
      waitUntilOf(c),
    );
    if (raw.body && !raw.bodyUsed && !raw.body.locked) raw.body.cancel().catch(() => {}); // refused unread
    return c.body(answer.body, answer.status, answer.headers);
  };
}

/** The Worker's `waitUntil`, so that handlers after a 202 and onError after a 500 are not cut off. */
function waitUntilOf(c) {
  let executionCtx;
  try {
    executionCtx = c.executionCtx; // a getter that throws outside Workers
  } catch {
    return undefined;
  }
  return typeof executionCtx?.waitUntil === "function" ? (promise) => executionCtx.waitUntil(promise) : undefined;
}

/**
 * The request's stream, unread; or, if an earlier middleware read it, the bytes Hono kept. Hono
 * can give the bytes back when it kept them as bytes or text (`c.req.json()` keeps the text);
 * a body it kept only parsed (as form data, or as JSON in older versions) is answered
 * BODY_ALREADY_PARSED.
 */
async function rawBodyOf(c) {
  const { raw, bodyCache } = c.req;
  if (!raw.bodyUsed) return { body: raw.body ?? "", bodyParsed: false };
  if (BYTE_PRESERVING.some((key) => bodyCache?.[key])) return { body: new Uint8Array(await c.req.arrayBuffer()), bodyParsed: false };
  return { body: "", bodyParsed: true };
}

/** Hono's body cache keys from which the exact bytes can be had again. */
const BYTE_PRESERVING = ["arrayBuffer", "blob", "text"];
