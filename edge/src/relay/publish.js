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

/** A call to the relay carries at most this many body bytes (an RPC's arguments are limited). */
const MAX_BYTES_PER_CALL = 8 * 1024 * 1024;

/**
 * Publishes accepted deliveries, `entries`: `[{ deliveryId, eventName, receivedAt, headers, body }]`
 * (`receivedAt` in epoch ms, Twenty's headers as received, `body` an ArrayBuffer of the exact
 * bytes). Without ADMIN_TOKEN nobody can listen, so nothing is sent.
 */
export async function publishAccepted(env, entries) {
  try {
    if (entries.length === 0 || !configFor(env).adminToken) return;
    const relay = relayFor(env);
    for (const part of parts(entries)) await relay.publish(part);
  } catch (error) {
    logError("relay_publish_failed", { deliveries: entries.length, error: describe(error) });
  }
}

/** The entries (only the fields a message needs) in parts of at most MAX_BYTES_PER_CALL body bytes. */
function parts(entries) {
  const result = [[]];
  let bytes = 0;
  for (const { deliveryId, eventName, receivedAt, headers, body } of entries) {
    if (bytes + body.byteLength > MAX_BYTES_PER_CALL && result.at(-1).length > 0) {
      result.push([]);
      bytes = 0;
    }
    result.at(-1).push({ deliveryId, eventName, receivedAt, headers, body });
    bytes += body.byteLength;
  }
  return result;
}
