// createFetchHandler behind the least routing a Fetch runtime needs. Exports `fetch`, as Deno,
// Bun, workerd and the Node bridge expect.
import { createFetchHandler } from "twenty-webhooks/fetch";
import { CALLS_PATH, MAX_BODY_BYTES, PATH, RESPOND_WITHIN_MS } from "./config.mjs";
import { callsJson, webhooks } from "./fixture.mjs";

const handle = createFetchHandler(webhooks, { maxBodyBytes: MAX_BODY_BYTES, respondWithinMs: RESPOND_WITHIN_MS });

export function fetch(request, env, ctx) {
  const { pathname } = new URL(request.url);
  if (pathname === CALLS_PATH) return new Response(callsJson(), { headers: { "content-type": "application/json" } });
  if (pathname === PATH) return handle(request, env, ctx);
  return new Response("not found", { status: 404 });
}
