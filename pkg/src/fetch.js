/**
 * @module twenty-webhooks/fetch
 * Receiving with the Fetch API's `Request` and `Response`: Next.js route handlers, Deno.serve,
 * Bun.serve, Cloudflare Workers, SvelteKit, Remix and Astro endpoints. It imports the package
 * by its own name, so that the runtime's entry loads the wasm as that runtime needs.
 */
import { DEFAULT_MAX_BODY_BYTES, verifyStream } from "twenty-webhooks";
import { respond, receiveOptions } from "./respond.js";
import { WebhookRequestError } from "./receive-errors.js";

/**
 * `(request, env?, ctx?) => Promise<Response>` that verifies each delivery and runs the webhooks'
 * handlers; in a Worker, handlers still running after a 202, and `onError` handlers after a 500,
 * are kept alive with `ctx.waitUntil`.
 * Answers 200 `{ ok | duplicate: true, deliveryId }`, 202 `{ accepted: true, deliveryId }` when
 * handlers are still running after `respondWithinMs`, or `{ error: { code, message, hint } }`
 * with 401, 400, 405, 409, 413, 415 or 500.
 *
 * @example
 * // app/webhooks/twenty/route.js (Next.js App Router)
 * export const POST = createFetchHandler(webhooks);
 */
export function createFetchHandler(webhooks, options) {
  const checked = receiveOptions(webhooks, options);
  // Workers call fetch(request, env, ctx): what still runs after the answer (handlers after a 202,
  // onError after a 500) is handed to ctx.waitUntil, so that the runtime lets it finish.
  return async function handleTwentyDelivery(request, env, ctx) {
    const { headers } = request;
    const waitUntil = typeof ctx?.waitUntil === "function" ? (promise) => ctx.waitUntil(promise) : undefined;
    const { status, headers: answerHeaders, body } = await respond(
      webhooks,
      { method: request.method, contentType: headers.get("content-type"), contentLength: headers.get("content-length"), headers, body: request.body ?? "" },
      checked,
      waitUntil,
    );
    if (request.body && !request.body.locked) request.body.cancel().catch(() => {}); // refused unread
    return new Response(body, { status, headers: answerHeaders });
  };
}

/**
 * Verifies a Fetch `Request` (its body streamed, at most `maxBodyBytes`): resolves to
 * `{ payload, timestamp, nonce, secretIndex }`, rejects with WebhookVerificationError or
 * WebhookRequestError PAYLOAD_TOO_LARGE. The request's body is read.
 *
 * @example
 * const { payload } = await verifyRequest(request, { secret: env.TWENTY_WEBHOOK_SECRET });
 */
export async function verifyRequest(request, { secret, verifier, toleranceMs, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, now } = {}) {
  if (Number(request.headers.get("content-length")) > maxBodyBytes) throw new WebhookRequestError("PAYLOAD_TOO_LARGE");
  return verifyStream({ secret, verifier, toleranceMs, headers: request.headers, body: request.body ?? "", maxBodyBytes, now });
}
