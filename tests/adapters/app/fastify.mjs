// Fastify with the plugin registered beside an ordinary JSON route, which must keep parsing JSON,
// and once more under a prefix.
import Fastify from "fastify";
import twentyWebhooks from "twenty-webhooks/fastify";
import { CALLS_PATH, MAX_BODY_BYTES, PATH, RESPOND_WITHIN_MS } from "./config.mjs";
import { callsJson, webhooks } from "./fixture.mjs";
import { listening } from "./listening.mjs";

const app = Fastify();
app.get(CALLS_PATH, (request, reply) => reply.type("application/json").send(callsJson()));
app.post("/echo", (request) => ({ echo: request.body }));
const options = { webhooks, maxBodyBytes: MAX_BODY_BYTES, respondWithinMs: RESPOND_WITHIN_MS };
app.register(twentyWebhooks, { ...options, path: PATH });
app.register(twentyWebhooks, { ...options, prefix: "/prefixed" }); // the default path, under the prefix
await app.listen({ port: 0, host: "127.0.0.1" });
listening(app.server.address().port);
