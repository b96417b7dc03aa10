// Hono with twentyWebhook({ webhooks }) on the path, for every method (405 is the middleware's),
// and behind a middleware that reads the body first.
import { Hono } from "hono";
import { twentyWebhook } from "twenty-webhooks/hono";
import { CALLS_PATH, MAX_BODY_BYTES, PATH, RESPOND_WITHIN_MS } from "./config.mjs";
import { callsJson, webhooks } from "./fixture.mjs";

const app = new Hono();
app.get(CALLS_PATH, (c) => c.body(callsJson(), 200, { "content-type": "application/json" }));
app.post("/echo", async (c) => c.json({ echo: await c.req.json() }));
const receive = twentyWebhook({ webhooks, maxBodyBytes: MAX_BODY_BYTES, respondWithinMs: RESPOND_WITHIN_MS });
app.all(PATH, receive);
// Another middleware reads the body first: Hono keeps it, and the raw bytes must still verify.
app.all(`/read-first${PATH}`, async (c, next) => (await c.req.json(), next()), receive);

export const fetch = (request, env, ctx) => app.fetch(request, env, ctx);
