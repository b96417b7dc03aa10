/**
 * twenty-webhooks/hono: a Hono middleware that lets only genuine Twenty deliveries through
 * (`{ secret }`), or receives them itself with a `Webhooks` router (`{ webhooks }`).
 */
import type { Context, MiddlewareHandler } from "hono";
import type { ReceiveOptions } from "./fetch.js";
import type { TwentyWebhookPayload } from "./index.js";
import type { Webhooks } from "./webhooks.js";

export interface TwentyWebhookOptions {
  /**
   * The webhook's secret, or several during a rotation (any may match), or a function of the
   * context returning either, e.g. `(c) => c.env.TWENTY_WEBHOOK_SECRET` in a Worker.
   */
  secret: string | readonly string[] | ((c: Context) => string | readonly string[]);
  /** How far a timestamp may lie before or after now, in milliseconds. Default 300000. */
  toleranceMs?: number;
}

/** What the middleware sets as `c.get("twentyWebhook")`. */
export interface TwentyWebhookDelivery<TPayload = TwentyWebhookPayload> {
  payload: TPayload;
  /** The timestamp header, in epoch milliseconds. */
  timestamp: number;
  /** The nonce header, if any. Not signed: do not rely on it against replays. */
  nonce: string | undefined;
  /** Which secret matched (its index in the list; 0 for a single secret). */
  secretIndex: number;
}

export interface TwentyWebhookVariables<TPayload = TwentyWebhookPayload> {
  twentyWebhook: TwentyWebhookDelivery<TPayload>;
}

/**
 * Verifies the raw body against Twenty's headers and sets `c.get("twentyWebhook")`. Answers 401
 * (`{ error: { code, message, hint } }`, the package's verification codes) when the delivery does not
 * verify, and 400 `INVALID_JSON` when a verified body is not JSON.
 *
 * @example
 * app.post("/webhooks/twenty", twentyWebhook({ secret: (c) => c.env.TWENTY_WEBHOOK_SECRET }), (c) => {
 *   const { payload } = c.get("twentyWebhook");
 *   return c.json({ received: payload.eventName });
 * });
 */
export function twentyWebhook<TPayload = TwentyWebhookPayload>(
  options: TwentyWebhookOptions,
): MiddlewareHandler<{ Variables: TwentyWebhookVariables<TPayload> }>;

/** `maxBodyBytes` and `respondWithinMs` as for the Fetch handler. */
export interface TwentyWebhooksReceiveOptions extends ReceiveOptions {
  /**
   * The router whose handlers run for each verified delivery, or a function of the context
   * returning it, e.g. one made from `c.env.TWENTY_WEBHOOK_SECRET` in a Worker (keep and return
   * the same instance: deduplication and its options live in it).
   */
  webhooks: Webhooks | ((c: Context) => Webhooks);
}

/**
 * Receives the delivery itself and answers as every adapter does: 200 `{ ok | duplicate: true,
 * deliveryId }`, 202 `{ accepted: true, deliveryId }`, or `{ error: { code, message, hint } }`
 * with 400, 401, 405, 409, 413, 415 or 500. Nothing is passed on to `next`.
 *
 * @example
 * app.all("/webhooks/twenty", twentyWebhook({ webhooks }));
 */
export function twentyWebhook(options: TwentyWebhooksReceiveOptions): MiddlewareHandler;
