/**
 * @module store/webhooks
 * The webhooks, as Twenty stores them: `{ id, targetUrl, description, operations, secret }`,
 * plus `createdAt` for the list order.
 */
import { load, save } from "./storage.js";
import { forgetDeliveries } from "./history.js";

const KEY = "webhooks";

export function listWebhooks() {
  return load(KEY, []);
}

export function getWebhook(id) {
  return listWebhooks().find((webhook) => webhook.id === id);
}

/** Inserts or replaces (same id) each webhook, keeping the list's order. */
export function saveWebhooks(changed) {
  const webhooks = listWebhooks();
  for (const webhook of changed) {
    const index = webhooks.findIndex((existing) => existing.id === webhook.id);
    const stored = { createdAt: new Date().toISOString(), ...webhooks[index], ...webhook };
    if (index === -1) webhooks.push(stored);
    else webhooks[index] = stored;
  }
  save(KEY, webhooks);
}

export function saveWebhook(webhook) {
  saveWebhooks([webhook]);
}

export function deleteWebhook(id) {
  save(KEY, listWebhooks().filter((webhook) => webhook.id !== id));
  forgetDeliveries(id);
}
