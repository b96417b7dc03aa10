// Hono, here as a Cloudflare Worker: the secret arrives with the first request, in c.env.
import { Hono } from "hono";
import { Webhooks } from "twenty-webhooks";
import { twentyWebhook } from "twenty-webhooks/hono";

const webhooksFor = (secret) => {
  const webhooks = new Webhooks({ secret });
  webhooks.on("person.created", ({ payload }) => console.log("person.created", payload.record.id));
  return webhooks;
};

let webhooks; // made once, on the first request
const app = new Hono();
app.all("/webhooks/twenty", twentyWebhook({ webhooks: (c) => (webhooks ??= webhooksFor(c.env.TWENTY_WEBHOOK_SECRET)) }));
export default app;
