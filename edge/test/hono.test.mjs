// twenty-webhooks/hono, the package's Hono middleware, in Node (the Worker runs it in workerd in
// every other test file): what it sets, what it refuses, and that the raw body stays readable.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Hono } from "hono";
import { signRequest } from "twenty-webhooks";
import { twentyWebhook } from "twenty-webhooks/hono";

const app = new Hono();
app.post("/hook", twentyWebhook({ secret: ["old-secret-7a1", "new-secret-9b2"], toleranceMs: 60_000 }), async (c) => {
  const raw = await c.req.text();
  return c.json({ ...c.get("twentyWebhook"), raw });
});
const deliver = (body, headers) => app.request("/hook", { method: "POST", body, headers });

test("a genuine delivery: payload, timestamp, nonce and the matching secret's index; the raw body is still readable", async () => {
  const body = JSON.stringify({ eventName: "person.created", record: { name: "Zoë" } });
  const { headers } = signRequest({ secret: "new-secret-9b2", body, timestamp: Date.now(), nonce: "a".repeat(32) });
  const response = await deliver(body, headers);
  assert.equal(response.status, 200);
  const seen = await response.json();
  assert.deepEqual(seen.payload, JSON.parse(body));
  assert.equal(seen.timestamp, Number(headers["X-Twenty-Webhook-Timestamp"]));
  assert.equal(seen.nonce, "a".repeat(32));
  assert.equal(seen.secretIndex, 1);
  assert.equal(seen.raw, body);
});

test("a delivery that does not verify: 401 with the package's code, no secret", async () => {
  const body = "{}";
  const cases = [
    [signRequest({ secret: "wrong", body }).headers, "SIGNATURE_MISMATCH"],
    [{ "Content-Type": "application/json" }, "MISSING_SIGNATURE"],
    [signRequest({ secret: "old-secret-7a1", body, timestamp: Date.now() - 120_000 }).headers, "TIMESTAMP_TOO_OLD"],
  ];
  for (const [headers, code] of cases) {
    const response = await deliver(body, headers);
    assert.equal(response.status, 401);
    const text = await response.text();
    assert.equal(JSON.parse(text).error.code, code);
    assert.ok(JSON.parse(text).error.hint, "the hint says what to do");
    assert.ok(!text.includes("secret-7a1") && !text.includes("secret-9b2"));
  }
});

test("a verified body that is not JSON: 400 INVALID_JSON", async () => {
  const body = "not json";
  const response = await deliver(body, signRequest({ secret: "old-secret-7a1", body }).headers);
  assert.equal(response.status, 400);
  assert.equal((await response.json()).error.code, "INVALID_JSON");
});

test("an unusable secret fails when the middleware is created, not on the first delivery", () => {
  assert.throws(() => twentyWebhook({ secret: "" }), { code: "INVALID_SECRET" });
  assert.throws(() => twentyWebhook({ secret: "s", toleranceMs: -1 }), { code: "INVALID_ARGUMENT" });
});

test("a secret from the context (a Worker's env) is read per request and keyed once per value", async () => {
  const env = { TWENTY_WEBHOOK_SECRET: "env-secret-1" };
  let reads = 0;
  const fromEnv = new Hono();
  fromEnv.post("/hook", twentyWebhook({ secret: () => (reads++, env.TWENTY_WEBHOOK_SECRET) }), (c) => c.json(c.get("twentyWebhook")));
  const send = (secret) => {
    const body = '{"eventName":"note.created"}';
    return fromEnv.request("/hook", { method: "POST", body, headers: signRequest({ secret, body }).headers });
  };
  assert.equal((await send("env-secret-1")).status, 200);
  assert.equal((await send("env-secret-1")).status, 200);
  assert.equal((await send("env-secret-2")).status, 401);
  env.TWENTY_WEBHOOK_SECRET = "env-secret-2"; // a rotated secret takes effect at once
  assert.equal((await send("env-secret-2")).status, 200);
  assert.equal(reads, 4);
  // An empty secret in the env is the server's misconfiguration: an error for the app's error
  // handler (a 500), not a 401 that blames the sender.
  const misconfigured = new Hono();
  misconfigured.post("/hook", twentyWebhook({ secret: () => "" }), (c) => c.text("unreachable"));
  misconfigured.onError((error, c) => c.json({ code: error.code }, 500));
  const response = await misconfigured.request("/hook", { method: "POST", body: "{}" });
  assert.equal(response.status, 500);
  assert.deepEqual(await response.json(), { code: "INVALID_SECRET" });
});
