// An app behind the receiver deduplicates like one receiving directly. The receiver (queue mode,
// real workerd) forwards one delivery to two node:http apps built on the package's
// createNodeMiddleware, each of whose first handler call outlasts FORWARD_TIMEOUT_MS: the
// receiver counts that attempt as failed (TIMEOUT) and retries, re-signed with a fresh
// timestamp. The app made with `forwarded: true` runs its handler once and answers the retry
// as a duplicate; the app checking Twenty's headers (the default) runs it twice, since the id
// it derives from the re-signed signature differs per attempt.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { test, after } from "node:test";
import { memoryDedupe, Webhooks } from "twenty-webhooks";
import { createNodeMiddleware } from "twenty-webhooks/node";
import { delivery, logEvents, post, startPair, waitFor } from "./lib/harness.mjs";

const FORWARD_TIMEOUT_MS = 1000;
const forwardSecret = "a hop secret, not in whsec_ form";

/** An app whose handler's first call takes longer than the receiver waits. */
async function startApp(options) {
  const app = { runs: [], finished: 0, requests: 0 };
  const webhooks = new Webhooks({ secret: forwardSecret, dedupe: memoryDedupe(), ...options });
  webhooks.on("person.*", async (event) => {
    app.runs.push(event.deliveryId);
    if (app.runs.length === 1) await new Promise((resolve) => setTimeout(resolve, FORWARD_TIMEOUT_MS + 500));
    app.finished += 1;
  });
  const middleware = createNodeMiddleware(webhooks, { path: "/hook", respondWithinMs: 4_000 });
  const server = createServer((req, res) => {
    app.requests += 1;
    middleware(req, res);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  after(() => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  }));
  app.url = `http://127.0.0.1:${server.address().port}/hook`;
  return app;
}

const forwardedApp = await startApp({ forwarded: true });
const directApp = await startApp({});
const { edge, secrets } = await startPair({
  forwardSecret,
  vars: { RETRY_BASE_SECONDS: "1", FORWARD_TIMEOUT_MS: String(FORWARD_TIMEOUT_MS) },
  routes: () => [
    { operations: ["person.*"], url: forwardedApp.url },
    { operations: ["person.*"], url: directApp.url },
  ],
});

test("a destination that times out once: with forwarded: true its handler runs exactly once, the retry is a duplicate", async () => {
  const answer = await post(edge, delivery({ secret: secrets[0], object: "person", action: "created" }));
  assert.equal(answer.status, 202, answer.text);
  const { deliveryId } = answer.json;
  await waitFor("the retry delivered", () => logEvents(edge, "delivered").some((e) => e.deliveryId === deliveryId));
  const retries = logEvents(edge, "retry_scheduled").filter((e) => e.deliveryId === deliveryId);
  assert.ok(retries.some((e) => e.failures.some((f) => f.reason === "TIMEOUT")), JSON.stringify(retries));
  assert.ok(forwardedApp.requests >= 2 && directApp.requests >= 2);
  await waitFor("every handler call finished", () => [forwardedApp, directApp].every((app) => app.finished === app.runs.length));

  assert.deepEqual(forwardedApp.runs, [deliveryId]); // once, under the receiver's id
  // Without forwarded (behaviour unchanged): each attempt has an id of its own, so it runs again.
  assert.equal(directApp.runs.length, 2);
  assert.notEqual(directApp.runs[0], directApp.runs[1]);
});
