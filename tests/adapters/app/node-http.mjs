// node:http with createNodeMiddleware as the whole request listener (no next: other paths 404).
import { createServer } from "node:http";
import { createNodeMiddleware } from "twenty-webhooks/node";
import { CALLS_PATH, MAX_BODY_BYTES, PATH, RESPOND_WITHIN_MS } from "./config.mjs";
import { callsJson, webhooks } from "./fixture.mjs";
import { listening } from "./listening.mjs";

const middleware = createNodeMiddleware(webhooks, { path: PATH, maxBodyBytes: MAX_BODY_BYTES, respondWithinMs: RESPOND_WITHIN_MS });
const server = createServer((req, res) => {
  if (req.url === CALLS_PATH) return res.writeHead(200, { "content-type": "application/json" }).end(callsJson());
  middleware(req, res);
});
server.listen(0, "127.0.0.1", () => listening(server.address().port));
