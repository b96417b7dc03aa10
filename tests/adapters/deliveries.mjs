// Deliveries as Twenty's server sends them, built and signed here with JSON.stringify and
// node:crypto, never with the package under test.
import { createHmac, randomUUID } from "node:crypto";

const TARGET_URL = "http://127.0.0.1/webhooks/twenty";

/** Twenty's body for an event name: the record shape, or the metadata shape for `metadata.*`. */
export function bodyFor(eventName, { padTo = 0 } = {}) {
  const common = { targetUrl: TARGET_URL, eventName };
  const ids = { workspaceId: randomUUID(), webhookId: randomUUID(), eventDate: new Date().toISOString() };
  const payload = eventName.startsWith("metadata.")
    ? { ...common, ...ids, event: { metadataName: eventName.split(".")[1], recordId: randomUUID(), properties: { after: { id: randomUUID(), name: "x" } }, type: eventName.split(".")[2] } }
    : { ...common, objectMetadata: { id: randomUUID(), nameSingular: eventName.split(".")[0] }, ...ids, record: { id: randomUUID(), name: { firstName: "Ada", lastName: "Lovelace" } } };
  const body = JSON.stringify(payload);
  // A padded body is still JSON with Twenty's keys, one more at the end: `,"padding":"…"`.
  const padding = padTo - body.length - ',"padding":""'.length;
  return padding > 0 ? JSON.stringify({ ...payload, padding: "x".repeat(padding) }) : body;
}

/** Headers as Twenty writes them, signed with `secret` at `timestamp` (epoch ms). */
export function signedHeaders(secret, body, { timestamp = Date.now(), contentType = "application/json" } = {}) {
  const signature = createHmac("sha256", secret).update(`${timestamp}:`).update(body).digest("hex");
  return {
    "Content-Type": contentType,
    "X-Twenty-Webhook-Timestamp": String(timestamp),
    "X-Twenty-Webhook-Signature": signature,
    "X-Twenty-Webhook-Nonce": randomUUID().replaceAll("-", ""),
  };
}
