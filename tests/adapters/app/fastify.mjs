// Fastify with the plugin registered beside an ordinary JSON route, which must keep parsing JSON.
import Fastify from "fastify";
import twentyWebhooks from "twenty-webhooks/fastify";
import { CALLS_PATH, MAX_BODY_BYTES, PATH, RESPOND_WITHIN_MS } from "./config.mjs";
import { callsJson, webhooks } from "./fixture.mjs";
import { listening } from "./listening.mjs";

const app = Fastify();
app.get(CALLS_PATH, (request, reply) => reply.type("application/json").send(callsJson()));
app.post("/echo", (request) => ({ echo: request.body }));
app.register(twentyWebhooks, { webhooks, path: PATH, maxBodyBytes: MAX_BODY_BYTES, respondWithinMs: RESPOND_WITHIN_MS });
await app.listen({ port: 0, host: "127.0.0.1" });
listening(app.server.address().port);
