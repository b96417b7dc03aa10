// Hono (here as a Cloudflare Worker; the same app runs on Deno, Bun and Node's Hono server).
import { Hono } from "hono";
import { Webhooks } from "twenty-webhooks";
import { twentyWebhook } from "twenty-webhooks/hono";

const webhooksFor = (secret) => {
  const webhooks = new Webhooks({ secret });
  webhooks.on("person.created", ({ payload }) => console.log("person.created", payload.record.id));
  return webhooks;
};

let webhooks; // made on the first request: a Worker's secrets arrive with it, in c.env
const app = new Hono();
app.all("/webhooks/twenty", twentyWebhook({ webhooks: (c) => (webhooks ??= webhooksFor(c.env.TWENTY_WEBHOOK_SECRET)) }));
export default app;
