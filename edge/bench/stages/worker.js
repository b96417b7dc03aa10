// The load benchmark's stage Worker: the receiver's accept path built up one stage at a time,
// each at its own path, so bench/load.mjs can price each stage in the same runtime:
// - POST /bare: reads the body and answers 202 (the baseline the issue sets);
// - POST /verify: + Hono and the package's Hono middleware (verification), the delivery id and
//   the headers the receiver keeps;
// - POST /send: + the queue send of the receiver's own envelope (v8), one `send` per request,
//   acked by this Worker's consumer;
// - POST /batched: the same through the receiver's group commit (src/batched-send.js).
// The receiver itself (all of the above plus its settings, routes and log line) runs beside it.
import { Hono } from "hono";
import { deliveryId } from "twenty-webhooks";
import { twentyWebhook } from "twenty-webhooks/hono";
import { batchedSenderFor } from "../../src/batched-send.js";
import { envelopeBytes, keptHeaders, newEnvelope, SEND_AS } from "../../src/envelope.js";
import { BENCH_SECRET } from "./secret.js";

const DESTINATIONS = ["http://127.0.0.1:9/never-called"];

const app = new Hono();
const verify = twentyWebhook({ secret: BENCH_SECRET });

/** What the receiver takes from a verified request. */
async function verified(c) {
  return {
    deliveryId: deliveryId(c.req.raw.headers),
    body: await c.req.arrayBuffer(),
    eventName: c.get("twentyWebhook").payload?.eventName ?? null,
    headers: keptHeaders(c.req.raw.headers),
    destinations: DESTINATIONS,
    receivedAt: Date.now(),
  };
}

app.post("/verify", verify, async (c) => {
  const delivery = await verified(c);
  return c.json({ accepted: true, deliveryId: delivery.deliveryId }, 202);
});

app.post("/send", verify, async (c) => {
  const delivery = await verified(c);
  await c.env.STAGE_QUEUE.send(newEnvelope(delivery), SEND_AS);
  return c.json({ accepted: true, deliveryId: delivery.deliveryId }, 202);
});

app.post("/batched", verify, async (c) => {
  const delivery = await verified(c);
  const envelope = newEnvelope(delivery);
  await batchedSenderFor(c.env.STAGE_QUEUE).send(envelope, envelopeBytes(envelope), SEND_AS);
  return c.json({ accepted: true, deliveryId: delivery.deliveryId }, 202);
});

export default {
  async fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/bare") {
      await request.arrayBuffer();
      return Response.json({ accepted: true }, { status: 202 });
    }
    return app.fetch(request, env, ctx);
  },
  async queue(batch) {
    batch.ackAll();
  },
};
