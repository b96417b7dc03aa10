// The Hono middleware's types: the secret from a Worker's env, the typed variable it sets.
import { Hono } from "hono";
import { type TwentyWebhookPayload, isMetadataEvent } from "twenty-webhooks";
import { twentyWebhook } from "twenty-webhooks/hono";

type Env = { Bindings: { TWENTY_WEBHOOK_SECRET: string } };

const app = new Hono<Env>();
app.post("/webhooks/twenty", twentyWebhook<TwentyWebhookPayload<{ id: string }>>({ secret: (c) => c.env.TWENTY_WEBHOOK_SECRET, toleranceMs: 60_000 }), (c) => {
  const { payload, secretIndex } = c.get("twentyWebhook");
  if (isMetadataEvent(payload)) return c.json({ metadata: payload.event.metadataName });
  const id: string = payload.record.id;
  // @ts-expect-error the record has no name
  payload.record.name;
  return c.json({ id, secretIndex });
});

// @ts-expect-error a secret is text, not a number
twentyWebhook({ secret: 42 });

export default app;
