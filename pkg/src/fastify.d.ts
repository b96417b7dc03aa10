/**
 * twenty-webhooks/fastify: a Fastify plugin receiving Twenty's deliveries on one route, with its
 * own encapsulated content-type parser (the app's JSON parsing elsewhere is untouched).
 */
import type { FastifyPluginAsync } from "fastify";
import type { NodeMiddlewareOptions } from "./node-middleware.js";
import type { Webhooks } from "./webhooks.js";

/** `path` (Fastify's `prefix` applies too), `maxBodyBytes` and `respondWithinMs` as for the node middleware. */
export interface TwentyWebhooksPluginOptions extends NodeMiddlewareOptions {
  /** The router whose handlers run for each verified delivery. */
  webhooks: Webhooks;
}

/**
 * Answers like every adapter: 200 `{ ok | duplicate: true, deliveryId }`, 202 `{ accepted: true,
 * deliveryId }`, or `{ error: { code, message, hint } }` with 400, 401, 405, 409, 413, 415 or 500.
 *
 * @example
 * app.register(twentyWebhooks, { webhooks, path: "/webhooks/twenty" });
 */
export declare const twentyWebhooks: FastifyPluginAsync<TwentyWebhooksPluginOptions>;
export default twentyWebhooks;
