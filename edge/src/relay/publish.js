/**
 * @module relay/publish
 * How accepted deliveries reach the relay's listeners. The consumer calls `publishAccepted`
 * right after it claims a batch (so duplicates and refused deliveries are never published);
 * direct mode calls it once the answer is decided; both in `waitUntil`, so no delivery waits on
 * it. It never throws, and one call to the relay per batch only buffers the messages for each
 * listener: a slow or gone listener holds nothing up.
 */
import { configFor } from "../config.js";
import { describe, logError } from "../log.js";
import { relayFor } from "./connect.js";

/**
 * Publishes accepted deliveries, `entries`: `[{ deliveryId, eventName, receivedAt, headers, body }]`
 * (`receivedAt` in epoch ms, Twenty's headers as received, `body` an ArrayBuffer of the exact
 * bytes). Without ADMIN_TOKEN nobody can listen, so nothing is sent.
 */
export async function publishAccepted(env, entries) {
  try {
    if (entries.length === 0 || !configFor(env).adminToken) return;
    await relayFor(env).publish(entries.map(({ deliveryId, eventName, receivedAt, headers, body }) => ({ deliveryId, eventName, receivedAt, headers, body })));
  } catch (error) {
    logError("relay_publish_failed", { deliveries: entries.length, error: describe(error) });
  }
}
