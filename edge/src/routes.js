/**
 * Which destinations an event goes to, by Twenty's own rules for a webhook's `operations`:
 * the record rule for `<object>.<action>` events, the metadata rule for `metadata.<name>.<action>`.
 */
import { matchesOperations } from "twenty-webhooks";

/**
 * The URLs of every route that takes `eventName`, each once; a FORWARD_URL route
 * (`operations: null`) takes every event.
 */
export function destinationsFor(routes, eventName) {
  const urls = routes.filter((route) => route.operations === null || takes(route.operations, eventName)).map((route) => route.url);
  return [...new Set(urls)];
}

/** A signed body without a string eventName matches no operation: only FORWARD_URL takes it. */
function takes(operations, eventName) {
  return typeof eventName === "string" && matchesOperations(operations, eventName);
}
