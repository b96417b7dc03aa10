// Fastify 5: the plugin parses its own route's body raw; the app's JSON parsing is untouched.
import Fastify from "fastify";
import { memoryDedupe, Webhooks } from "twenty-webhooks";
import twentyWebhooks from "twenty-webhooks/fastify";

const webhooks = new Webhooks({ secret: process.env.TWENTY_WEBHOOK_SECRET, dedupe: memoryDedupe() });
webhooks.on("person.created", ({ payload }) => console.log("person.created", payload.record.id));

const app = Fastify();
app.register(twentyWebhooks, { webhooks, path: "/webhooks/twenty" });
const address = await app.listen({ port: Number(process.env.PORT ?? 3000) });
console.log(`Listening on ${address}/webhooks/twenty`);
