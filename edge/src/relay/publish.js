/**
 * @module relay/publish
 * How accepted deliveries reach the relay's listeners. The consumer calls `publishAccepted`
 * right after it claims a batch (so duplicates and refused deliveries are never published);
 * direct mode calls it in `ctx.waitUntil` once the answer is decided. It never throws, and it
 * never makes a delivery wait on a listener: one call to the relay per batch, which only
 * buffers the messages, bounded by PUBLISH_WAIT_MS should the relay itself be slow.
 */
import { configFor } from "../config.js";
import { describe, logError } from "../log.js";
import { relayFor } from "./connect.js";

/** The longest a batch of deliveries waits on the relay; past it, they are forwarded without waiting. */
const PUBLISH_WAIT_MS = 1_000;

/**
 * Publishes accepted deliveries, `entries`: `[{ deliveryId, eventName, receivedAt, headers, body }]`
 * (`receivedAt` in epoch ms, Twenty's headers as received, `body` an ArrayBuffer of the exact
 * bytes). Without ADMIN_TOKEN nobody can listen, so nothing is sent.
 */
export async function publishAccepted(env, entries) {
  try {
    if (entries.length === 0 || !configFor(env).adminToken) return;
    let timer;
    const waited = new Promise((resolve) => (timer = setTimeout(resolve, PUBLISH_WAIT_MS)));
    await Promise.race([publish(env, entries), waited]);
    clearTimeout(timer);
  } catch (error) {
    logError("relay_publish_failed", { deliveries: entries.length, error: describe(error) });
  }
}

async function publish(env, entries) {
  try {
    const messages = entries.map(({ deliveryId, eventName, receivedAt, headers, body }) => ({ deliveryId, eventName, receivedAt, headers, body }));
    await relayFor(env).publish(messages);
  } catch (error) {
    logError("relay_publish_failed", { deliveries: entries.length, error: describe(error) });
  }
}
