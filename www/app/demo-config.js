/**
 * @module demo-config
 * The demo stack's configuration, served as config.json next to the page:
 * `{ receiverUrl, sinkUrl, webhook: { targetUrl, secret } }`, or `{}` for a plain static
 * site. On first load with a new receiver, a webhook pointing at it is created once.
 */
import { listWebhooks, saveWebhook } from "./store/webhooks.js";
import { load, save } from "./store/storage.js";
import { DEFAULT_OPERATIONS } from "./operations.js";

export async function loadConfig() {
  const response = await fetch("config.json", { cache: "no-store" });
  return response.ok ? response.json() : {};
}

/** Adds the demo webhook unless this target was already offered (deleting it then sticks). */
export function seedDemoWebhook(config) {
  const target = config.webhook?.targetUrl;
  if (!target || load("seeded-target", null) === target) return;
  if (!listWebhooks().some((webhook) => webhook.targetUrl === target)) {
    saveWebhook({
      id: crypto.randomUUID(),
      targetUrl: target,
      description: "Local demo receiver (Cloudflare Worker in workerd), forwarding to the local sink.",
      operations: [...DEFAULT_OPERATIONS],
      secret: config.webhook.secret ?? "",
    });
  }
  save("seeded-target", target);
}
