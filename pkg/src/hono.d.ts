/**
 * twenty-webhooks/hono: a Hono middleware that lets only genuine Twenty deliveries through.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { TwentyWebhookPayload } from "./index.js";

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
