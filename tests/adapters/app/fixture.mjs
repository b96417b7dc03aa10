// The receiving side every adapter test app shares: one `Webhooks` with a recording handler per
// pattern of the routing table, onAny, a slow and a throwing handler, and onError. Runtime-neutral
// (it imports the package by name), so Node, Deno, Bun and workerd run this same file.
import { memoryDedupe, Webhooks } from "twenty-webhooks";
import { SECRETS, SLOW_EVENT, SLOW_HANDLER_MS, THROWING_EVENT, HANDLER_SECRET_DETAIL } from "./config.mjs";
import { PATTERNS } from "./routing.mjs";

/** Every handler call, in order: `{ handler, deliveryId, eventName }`. */
export const calls = [];

export const webhooks = new Webhooks({ secret: SECRETS, dedupe: memoryDedupe({ max: 1000 }) });

const record = (handler) => (event) => {
  calls.push({ handler, deliveryId: event.deliveryId, eventName: event.payload.eventName });
};
for (const pattern of PATTERNS) webhooks.on(pattern, record(pattern));
webhooks.onAny(record("onAny"));
webhooks.on(SLOW_EVENT, async (event) => {
  record("slow:start")(event);
  await new Promise((resolve) => setTimeout(resolve, SLOW_HANDLER_MS));
  record("slow:end")(event);
});
webhooks.on(THROWING_EVENT, () => {
  throw new Error(HANDLER_SECRET_DETAIL);
});
webhooks.onError((error, event) => {
  calls.push({ handler: "onError", deliveryId: event?.deliveryId, eventName: event?.payload?.eventName, message: error?.message });
});

/** The recorded calls, as a test endpoint answers them. */
export function callsJson() {
  return JSON.stringify(calls);
}
