/**
 * twenty-webhooks/fastify: a Fastify plugin receiving Twenty's deliveries on one route, with its
 * own encapsulated content-type parser (the app's JSON parsing elsewhere is untouched).
 */
import type { FastifyPluginAsync } from "fastify";
import type { Webhooks } from "./index.js";

export interface TwentyWebhooksPluginOptions {
  /** The router whose handlers run for each verified delivery. */
  webhooks: Webhooks;
  /** The route's path (Fastify's `prefix` applies too). Default `/webhooks/twenty`. */
  path?: string;
  /** Larger bodies are refused with 413 PAYLOAD_TOO_LARGE, counted as they stream in. Default 1048576. */
  maxBodyBytes?: number;
  /** After this long, the sender gets 202 and the handlers go on running. Default 4000. */
  respondWithinMs?: number;
}

/**
 * Answers like every adapter: 200 `{ ok | duplicate: true, deliveryId }`, 202 `{ accepted: true,
 * deliveryId }`, or `{ error: { code, message, hint } }` with 400, 401, 405, 413, 415 or 500.
 *
 * @example
 * app.register(twentyWebhooks, { webhooks, path: "/webhooks/twenty" });
 */
export declare const twentyWebhooks: FastifyPluginAsync<TwentyWebhooksPluginOptions>;
export default twentyWebhooks;
