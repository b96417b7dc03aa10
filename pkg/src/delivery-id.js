/**
 * @module twenty-webhooks/delivery-id
 * A delivery's id, for deduplication: the same for every copy and retry of one Twenty
 * delivery, and the same the edge receiver gives it (`X-Twenty-Webhook-Delivery-Id`).
 */
import * as wasm from "../dist/wasm/twenty_webhooks.js";
import { readTwentyHeaders } from "./headers.js";
import { callWasm } from "./lifecycle.js";

/**
 * 32 lowercase hex digits derived from the delivery's `X-Twenty-Webhook-Signature` (in any
 * case); throws `WebhookVerificationError` `MISSING_SIGNATURE` when there is none. Twenty's
 * nonce is not signed, so it plays no part. Call it on a delivery that verified.
 *
 * @example
 * const verified = verifier.verify(request.headers, body);
 * if (await seen(deliveryId(request.headers))) return new Response(null, { status: 200 });
 */
export function deliveryId(headers) {
  const { signature } = readTwentyHeaders(headers);
  return callWasm(() => wasm.deliveryId(signature));
}
