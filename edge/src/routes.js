/**
 * Which destinations an event goes to, by Twenty's own rule for a webhook's `operations`.
 */
import { matchesOperations, WebhookPayloadError } from "twenty-webhooks";

/**
 * The URLs of every route that takes `eventName`, each once; a FORWARD_URL route
 * (`operations: null`) takes every event.
 */
export function destinationsFor(routes, eventName) {
  const urls = routes.filter((route) => route.operations === null || takes(route.operations, eventName)).map((route) => route.url);
  return [...new Set(urls)];
}

function takes(operations, eventName) {
  try {
    return matchesOperations(operations, typeof eventName === "string" ? eventName : "");
  } catch (error) {
    // A signed body whose eventName is not `<object>.<action>` matches no operation pattern.
    if (error instanceof WebhookPayloadError) return false;
    throw error;
  }
}
