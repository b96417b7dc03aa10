/**
 * twenty-webhooks/fetch: receiving with the Fetch API's Request and Response (Next.js route
 * handlers, Deno.serve, Bun.serve, Cloudflare Workers, SvelteKit, Remix, Astro).
 */
import type { TwentyWebhookPayload, VerifiedDelivery, Verifier } from "./index.js";
import type { Webhooks } from "./webhooks.js";

export interface ReceiveOptions {
  /** Larger bodies get 413 PAYLOAD_TOO_LARGE, counted while they stream in. Default 1048576 (1 MiB). */
  maxBodyBytes?: number;
  /** Handlers still running this long after the request arrived: answer 202 and let them go on. Default 4000. */
  respondWithinMs?: number;
}

/**
 * `(request, env?, ctx?) => Promise<Response>`: verifies each delivery and runs the webhooks'
 * handlers. In a Worker (`export default { fetch: createFetchHandler(webhooks) }`), handlers still
 * running after a 202, and `onError` handlers after a 500, are kept alive with `ctx.waitUntil`;
 * elsewhere pass any `{ waitUntil }` that keeps a promise alive after the answer, or nothing
 * where the process goes on anyway.
 * 200 `{ ok | duplicate: true, deliveryId }`, 202 `{ accepted: true, deliveryId }`, or
 * `{ error: { code, message, hint } }` with 400, 401, 405, 409, 413, 415 or 500.
 *
 * @example
 * export const POST = createFetchHandler(webhooks); // app/webhooks/twenty/route.ts
 */
export function createFetchHandler(
  webhooks: Webhooks,
  options?: ReceiveOptions,
): (request: Request, env?: unknown, ctx?: { waitUntil(promise: Promise<unknown>): void }) => Promise<Response>;

export type VerifyRequestOptions = (
  | { secret: string | readonly string[]; verifier?: undefined; toleranceMs?: number }
  | { verifier: Verifier; secret?: undefined; toleranceMs?: undefined }
) & {
  /** Default 1048576 (1 MiB). */
  maxBodyBytes?: number;
  now?: number | Date;
};

/**
 * Verifies a Request, streaming its body: rejects with WebhookVerificationError or
 * WebhookRequestError PAYLOAD_TOO_LARGE.
 */
export function verifyRequest<TPayload = TwentyWebhookPayload>(request: Request, options: VerifyRequestOptions): Promise<VerifiedDelivery<TPayload>>;
