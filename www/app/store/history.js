/**
 * @module store/history
 * Deliveries sent from the tester, per webhook, newest first:
 * `{ at, eventName, status, latencyMs, ok, tampered }` where `status` is the HTTP status or
 * "timeout" / "blocked".
 */
import { load, save } from "./storage.js";

const KEY = "history";
const KEPT_PER_WEBHOOK = 50;

export function deliveriesOf(webhookId) {
  return load(KEY, {})[webhookId] ?? [];
}

export function recordDelivery(webhookId, entry) {
  const all = load(KEY, {});
  all[webhookId] = [entry, ...(all[webhookId] ?? [])].slice(0, KEPT_PER_WEBHOOK);
  save(KEY, all);
}

export function forgetDeliveries(webhookId) {
  const all = load(KEY, {});
  delete all[webhookId];
  save(KEY, all);
}
