// Unit tests in Node, for what the runtime tests cannot provoke: every settings rule, and the
// order of claim, hand-off and settle when the queue or the ledger fails. The queue and the
// ledger here are small in-memory stand-ins; everything else is the Worker's own code.
import assert from "node:assert/strict";
import { test } from "node:test";
import { deliveryId, signRequest } from "twenty-webhooks";
import { accept } from "../src/accept.js";
import { ConfigError, readConfig } from "../src/config.js";
import { backoffSeconds } from "../src/consumer.js";

const SECRET_VALUE = "s3cret-value";
const bindings = { LEDGER: {}, DELIVERIES: {}, DEAD_LETTERS: {} };
const valid = { ...bindings, TWENTY_WEBHOOK_SECRETS: `${SECRET_VALUE}, other`, FORWARD_SECRET: "hop-value", FORWARD_URL: "https://dest.example/hook?token=abc" };

test("readConfig: defaults, rotation list, FORWARD_URL as a route taking every event", () => {
  const config = readConfig(valid);
  assert.deepEqual(config.secrets, [SECRET_VALUE, "other"]);
  assert.deepEqual(config.routes, [{ operations: null, url: "https://dest.example/hook?token=abc" }]);
  assert.equal(config.mode, "queue");
  assert.equal(config.toleranceMs, 300_000);
  assert.equal(config.maxBodyBytes, 1_048_576);
  assert.deepEqual(config.corsOrigins, []);
  assert.equal(readConfig({ ...valid, TOLERANCE_MS: 60000, MAX_BODY_BYTES: "" }).toleranceMs, 60_000, "JSON numbers and empty strings");
});

test("readConfig: ROUTES as JSON text or as a JSON var", () => {
  const routes = [{ operations: ["person.*"], url: "https://a.example/" }];
  const { FORWARD_URL, ...noUrl } = valid;
  assert.deepEqual(readConfig({ ...noUrl, ROUTES: JSON.stringify(routes) }).routes, routes);
  assert.deepEqual(readConfig({ ...noUrl, ROUTES: routes, FORWARD_URL: "" }).routes, routes);
});

test("readConfig: each bad setting is a ConfigError naming it, never its value", () => {
  const { FORWARD_URL, ...noUrl } = valid;
  const cases = [
    [{ TWENTY_WEBHOOK_SECRETS: undefined }, "TWENTY_WEBHOOK_SECRETS"],
    [{ TWENTY_WEBHOOK_SECRETS: `${SECRET_VALUE},,x` }, "TWENTY_WEBHOOK_SECRETS"],
    [{ FORWARD_SECRET: " " }, "FORWARD_SECRET"],
    [{ FORWARD_SECRET: "whsec_not base64!" }, "FORWARD_SECRET"],
    [{ FORWARD_URL: "" }, "FORWARD_URL"],
    [{ FORWARD_URL: "javascript:alert(1)" }, "FORWARD_URL"],
    [{ ROUTES: "[]" }, "not both"],
    [{ ...noUrl, FORWARD_URL: undefined, ROUTES: "{nope" }, "ROUTES"],
    [{ ...noUrl, FORWARD_URL: undefined, ROUTES: "[]" }, "ROUTES"],
    [{ ...noUrl, FORWARD_URL: undefined, ROUTES: '[{"operations":[],"url":"https://a.example"}]' }, "ROUTES[0].operations"],
    [{ ...noUrl, FORWARD_URL: undefined, ROUTES: '[{"operations":["*.*"],"url":"https://a.example"},{"operations":["*.*"],"url":"ftp://x"}]' }, "ROUTES[1].url"],
    [{ DELIVERY_MODE: "batch" }, "DELIVERY_MODE"],
    [{ TOLERANCE_MS: "5 minutes" }, "TOLERANCE_MS"],
    [{ MAX_BODY_BYTES: "3000000" }, "MAX_BODY_BYTES"],
    [{ MAX_ATTEMPTS: "0" }, "MAX_ATTEMPTS"],
    [{ FORWARD_TIMEOUT_MS: "-1" }, "FORWARD_TIMEOUT_MS"],
    [{ RETRY_BASE_SECONDS: "1.5" }, "RETRY_BASE_SECONDS"],
    [{ CORS_ORIGINS: "http://localhost:5173/page" }, "CORS_ORIGINS"],
    [{ CORS_ORIGINS: "*" }, "CORS_ORIGINS"],
    [{ DELIVERIES: undefined }, "DELIVERIES"],
    [{ LEDGER: undefined, DELIVERY_MODE: "direct" }, "LEDGER"],
  ];
  for (const [change, name] of cases) {
    assert.throws(() => readConfig({ ...valid, ...change }), (error) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.code, "CONFIG_INVALID");
      assert.ok(error.message.includes(name), `${error.message} should name ${name}`);
      for (const value of [SECRET_VALUE, "hop-value", "token=abc", "alert", "ftp://x", "5 minutes"]) assert.ok(!error.message.includes(value));
      return true;
    });
  }
  assert.equal(readConfig({ ...valid, DEAD_LETTERS: undefined, DELIVERIES: undefined, DELIVERY_MODE: "direct" }).mode, "direct", "direct mode needs no queue");
});

test("backoffSeconds doubles from RETRY_BASE_SECONDS and stops at the queue's 12-hour limit", () => {
  const config = { retryBaseSeconds: 30 };
  assert.deepEqual([1, 2, 3, 4].map((attempt) => backoffSeconds(config, attempt)), [30, 60, 120, 240]);
  assert.equal(backoffSeconds(config, 20), 43_200);
});

/** An env whose queue and ledger are in-memory stand-ins recording each call. */
function standIns({ send = async () => {}, claim, settle } = {}) {
  const calls = [];
  const remembered = new Map();
  const ledger = {
    claim: claim ?? (async (id) => {
      calls.push(["claim", id]);
      if (remembered.has(id)) return remembered.get(id) === "accepted" ? "duplicate" : "in_progress";
      remembered.set(id, "pending");
      return "claimed";
    }),
    settle: settle ?? (async (id, accepted) => {
      calls.push(["settle", id, accepted]);
      if (accepted) remembered.set(id, "accepted");
      else remembered.delete(id);
    }),
  };
  const env = {
    ...valid,
    LEDGER: { idFromName: (name) => name, get: () => ledger },
    DELIVERIES: { send: async (...args) => (calls.push(["send"]), send(...args)) },
  };
  return { env, calls, config: readConfig(env) };
}

function verified(secret = SECRET_VALUE) {
  const body = JSON.stringify({ eventName: "person.created", record: { id: crypto.randomUUID() } });
  const { headers } = signRequest({ secret, body });
  return { deliveryId: deliveryId(headers), body: new TextEncoder().encode(body).buffer, eventName: "person.created" };
}

test("accept: when the enqueue fails the answer is 503 and the delivery is forgotten, so a re-send is accepted", async () => {
  let failing = true;
  const { env, calls, config } = standIns({ send: async () => { if (failing) throw new Error("queue down"); } });
  const delivery = verified();
  const refused = await accept(delivery, env, config);
  assert.equal(refused.status, 503);
  assert.equal(refused.body.error.code, "ENQUEUE_FAILED");
  assert.deepEqual(calls.map(([name, , accepted]) => [name, accepted]), [["claim", undefined], ["send", undefined], ["settle", false]]);
  failing = false;
  const resent = await accept(delivery, env, config);
  assert.equal(resent.status, 202, "the re-send is not swallowed as a duplicate");
  assert.equal((await accept(delivery, env, config)).status, 200, "and a third copy is a duplicate");
});

test("accept: when the ledger cannot be reached nothing is queued and the answer is 503", async () => {
  const { env, calls, config } = standIns({ claim: async () => { throw new Error("ledger down"); } });
  const answer = await accept(verified(), env, config);
  assert.equal(answer.status, 503);
  assert.equal(answer.body.error.code, "LEDGER_UNAVAILABLE");
  assert.ok(!calls.some(([name]) => name === "send"));
});

test("accept: a queued delivery is still acknowledged when remembering it fails", async () => {
  const { env, config } = standIns({ settle: async () => { throw new Error("ledger hiccup"); } });
  const answer = await accept(verified(), env, config);
  assert.equal(answer.status, 202, "it is stored in the queue, so it is acknowledged");
});

test("accept: a copy under the same delivery id is a duplicate, whatever the signature's case; another delivery is not", async () => {
  const { env, config } = standIns();
  const body = JSON.stringify({ eventName: "person.created" });
  const { headers } = signRequest({ secret: SECRET_VALUE, body });
  const signature = headers["X-Twenty-Webhook-Signature"];
  const one = { deliveryId: deliveryId(headers), body: new TextEncoder().encode(body).buffer, eventName: "person.created" };
  const first = await accept(one, env, config);
  assert.equal(first.body.deliveryId, one.deliveryId);
  const upper = await accept({ ...one, deliveryId: deliveryId({ ...headers, "X-Twenty-Webhook-Signature": signature.toUpperCase() }) }, env, config);
  assert.deepEqual(upper.body, { duplicate: true, deliveryId: first.body.deliveryId });
  const other = await accept(verified(), env, config);
  assert.notEqual(other.body.deliveryId, first.body.deliveryId);
});
