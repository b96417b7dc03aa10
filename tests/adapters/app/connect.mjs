// Connect with createNodeMiddleware; other paths fall through to Connect's 404.
import { createServer } from "node:http";
import connect from "connect";
import { createNodeMiddleware } from "twenty-webhooks/node";
import { CALLS_PATH, MAX_BODY_BYTES, PATH, RESPOND_WITHIN_MS } from "./config.mjs";
import { callsJson, webhooks } from "./fixture.mjs";
import { listening } from "./listening.mjs";

const app = connect();
app.use(CALLS_PATH, (req, res) => res.writeHead(200, { "content-type": "application/json" }).end(callsJson()));
app.use(createNodeMiddleware(webhooks, { path: PATH, maxBodyBytes: MAX_BODY_BYTES, respondWithinMs: RESPOND_WITHIN_MS }));
const server = createServer(app).listen(0, "127.0.0.1", () => listening(server.address().port));
