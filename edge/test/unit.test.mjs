// Unit tests in Node, for what the runtime tests cannot provoke: every settings rule, and what
// the accept path does when the queue or the ledger fails (queue mode: no ledger call unless
// the body is too large for a queue message; direct mode: claim before forwarding). The queue
// and the ledger here are small in-memory stand-ins; everything else is the Worker's own code.
import assert from "node:assert/strict";
import { test } from "node:test";
import { deliveryId, signRequest } from "twenty-webhooks";
import { accept } from "../src/accept.js";
import { ConfigError, readConfig } from "../src/config.js";
import { BatchedSender } from "../src/batched-send.js";
import { backoffSeconds } from "../src/consumer.js";

const SECRET_VALUE = "s3cret-value";
const bindings = { LEDGER: {}, LOG: {}, DELIVERIES: {}, DEAD_LETTERS: {} };
const valid = { ...bindings, TWENTY_WEBHOOK_SECRETS: `${SECRET_VALUE}, other`, FORWARD_SECRET: "hop-value", FORWARD_URL: "https://dest.example/hook?token=abc" };

test("readConfig: defaults, rotation list, FORWARD_URL as a route taking every event", () => {
  const config = readConfig(valid);
  assert.deepEqual(config.secrets, [SECRET_VALUE, "other"]);
  assert.deepEqual(config.routes, [{ operations: null, url: "https://dest.example/hook?token=abc" }]);
  assert.equal(config.mode, "queue");
  assert.equal(config.toleranceMs, 300_000);
  assert.equal(config.maxBodyBytes, 1_048_576);
  assert.deepEqual(config.corsOrigins, []);
  assert.equal(config.logRetentionDays, 3);
  assert.equal(readConfig({ ...valid, LOG_RETENTION_DAYS: "14" }).logRetentionDays, 14);
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
    [{ LOG: undefined, DELIVERY_MODE: "direct" }, "LOG"],
    [{ LOG_RETENTION_DAYS: "0" }, "LOG_RETENTION_DAYS"],
    [{ LOG_RETENTION_DAYS: "15" }, "LOG_RETENTION_DAYS"],
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

test("readConfig: ADMIN_TOKEN turns the admin API on (empty or spaces: off) and then needs RELAY; RELAY_MAX_LISTENERS 1 – 100", () => {
  assert.equal(readConfig(valid).adminToken, null);
  assert.equal(readConfig({ ...valid, ADMIN_TOKEN: "  " }).adminToken, null);
  assert.equal(readConfig(valid).relayMaxListeners, 5);
  const on = { ...valid, ADMIN_TOKEN: " admin-value ", RELAY: {} };
  assert.equal(readConfig(on).adminToken, "admin-value");
  assert.equal(readConfig({ ...on, RELAY_MAX_LISTENERS: "100" }).relayMaxListeners, 100);
  for (const [change, name] of [[{ RELAY: undefined }, "RELAY"], [{ RELAY_MAX_LISTENERS: "0" }, "RELAY_MAX_LISTENERS"], [{ RELAY_MAX_LISTENERS: "101" }, "RELAY_MAX_LISTENERS"]]) {
    assert.throws(() => readConfig({ ...on, ...change }), (error) => error instanceof ConfigError && error.message.includes(name) && !error.message.includes("admin-value"));
  }
});

test("backoffSeconds doubles from RETRY_BASE_SECONDS and stops at the queue's 12-hour limit", () => {
  const config = { retryBaseSeconds: 30 };
  assert.deepEqual([1, 2, 3, 4].map((attempt) => backoffSeconds(config, attempt)), [30, 60, 120, 240]);
  assert.equal(backoffSeconds(config, 20), 43_200);
});

/** An env whose queue and ledger are in-memory stand-ins recording each call. */
function standIns({ send = async () => {}, claim, keepBody, vars = {} } = {}) {
  const calls = [];
  const ledger = {
    claim: claim ?? (async (id) => (calls.push(["claim", id]), "claimed")),
    settle: async (id, accepted) => calls.push(["settle", id, accepted]),
    keepBody: keepBody ?? (async (id, body) => calls.push(["keepBody", id, body.byteLength])),
  };
  const env = {
    ...valid,
    ...vars,
    LEDGER: { idFromName: (name) => name, get: () => ledger },
    DELIVERIES: {
      async sendBatch(messages) {
        for (const { body, contentType } of messages) {
          calls.push(["send", body, contentType]);
          await send(body);
        }
      },
    },
  };
  return { env, calls, config: readConfig(env) };
}

function verified(secret = SECRET_VALUE, bodyText = JSON.stringify({ eventName: "person.created", record: { id: crypto.randomUUID() } })) {
  const { headers } = signRequest({ secret, body: bodyText });
  return { deliveryId: deliveryId(headers), body: new TextEncoder().encode(bodyText).buffer, eventName: "person.created", headers: { "Content-Type": "application/json" } };
}

test("accept (queue mode): one queue send and nothing else on the path; the envelope carries the body, headers, origin and size", async () => {
  const { env, calls, config } = standIns();
  const delivery = verified();
  const answer = await accept(delivery, env, config, { receivedAt: 1234 });
  assert.deepEqual(answer, { status: 202, body: { accepted: true, deliveryId: delivery.deliveryId } });
  assert.deepEqual(calls.map(([name]) => name), ["send"], "no ledger call for a body that fits a queue message");
  const [, envelope, contentType] = calls[0];
  assert.equal(contentType, "v8", "bytes survive only structured clone");
  assert.deepEqual({ ...envelope, body: undefined }, {
    deliveryId: delivery.deliveryId, eventName: "person.created", destinations: ["https://dest.example/hook?token=abc"],
    attempt: 1, origin: "twenty", receivedAt: 1234, size: delivery.body.byteLength, headers: delivery.headers, body: undefined,
  });
  assert.equal(envelope.body, delivery.body);
});

test("accept (queue mode): when the enqueue fails the answer is 503 ENQUEUE_FAILED, and a re-send is accepted", async () => {
  let failing = true;
  const { env, config } = standIns({ send: async () => { if (failing) throw new Error("queue down"); } });
  const delivery = verified();
  const refused = await accept(delivery, env, config);
  assert.equal(refused.status, 503);
  assert.equal(refused.body.error.code, "ENQUEUE_FAILED");
  failing = false;
  assert.equal((await accept(delivery, env, config)).status, 202);
});

test("accept (queue mode): a body too large for a queue message is kept in the ledger first; if that fails nothing is queued", async () => {
  const large = verified(SECRET_VALUE, JSON.stringify({ eventName: "person.created", pad: "x".repeat(150_000) }));
  const { env, calls, config } = standIns({ vars: { MAX_BODY_BYTES: "1000000" } });
  assert.equal((await accept(large, env, config)).status, 202);
  assert.deepEqual(calls.map(([name]) => name), ["keepBody", "send"]);
  assert.equal(calls[1][1].body, undefined, "the message does not carry it");
  const down = standIns({ keepBody: async () => { throw new Error("ledger down"); } });
  const answer = await accept(large, down.env, down.config);
  assert.equal(answer.status, 503);
  assert.equal(answer.body.error.code, "LEDGER_UNAVAILABLE");
  assert.equal(down.calls.length, 0, "nothing queued");
});

test("accept (queue mode): a copy is 202 under the same delivery id, whatever the signature's case (the consumer drops it); another delivery has its own id", async () => {
  const { env, config } = standIns();
  const body = JSON.stringify({ eventName: "person.created" });
  const { headers } = signRequest({ secret: SECRET_VALUE, body });
  const signature = headers["X-Twenty-Webhook-Signature"];
  const one = { deliveryId: deliveryId(headers), body: new TextEncoder().encode(body).buffer, eventName: "person.created", headers: {} };
  const first = await accept(one, env, config);
  const upper = await accept({ ...one, deliveryId: deliveryId({ ...headers, "X-Twenty-Webhook-Signature": signature.toUpperCase() }) }, env, config);
  assert.deepEqual(upper, { status: 202, body: { accepted: true, deliveryId: first.body.deliveryId } });
  const other = await accept(verified(), env, config);
  assert.notEqual(other.body.deliveryId, first.body.deliveryId);
});

test("accept (direct mode): the ledger is claimed before anything is forwarded; unreachable → 503, a duplicate → 200 duplicate", async () => {
  const down = standIns({ vars: { DELIVERY_MODE: "direct" }, claim: async () => { throw new Error("ledger down"); } });
  const answer = await accept(verified(), down.env, down.config);
  assert.equal(answer.status, 503);
  assert.equal(answer.body.error.code, "LEDGER_UNAVAILABLE");
  const seen = standIns({ vars: { DELIVERY_MODE: "direct" }, claim: async () => "duplicate" });
  const delivery = verified();
  assert.deepEqual(await accept(delivery, seen.env, seen.config), { status: 200, body: { duplicate: true, deliveryId: delivery.deliveryId } });
  const busy = standIns({ vars: { DELIVERY_MODE: "direct" }, claim: async () => "in_progress" });
  assert.equal((await accept(verified(), busy.env, busy.config)).body.error.code, "DELIVERY_IN_PROGRESS");
});

/** A queue stand-in whose sendBatch calls are recorded and settled by the test. */
function manualQueue() {
  const batches = [];
  return {
    batches,
    sendBatch(messages) {
      return new Promise((resolve, reject) => batches.push({ bodies: messages.map((m) => m.body), resolve, reject }));
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test("BatchedSender: sends arriving while a batch is in flight share the next sendBatch; each resolves only once its own batch is taken", async () => {
  const queue = manualQueue();
  const sender = new BatchedSender(queue);
  const settled = [];
  const send = (n) => sender.send(n, 10, { contentType: "v8" }).then(() => settled.push(n));
  const first = send(1);
  await tick();
  const rest = [2, 3, 4].map(send);
  await tick();
  assert.deepEqual(queue.batches.map((b) => b.bodies), [[1]], "one batch in flight at a time");
  queue.batches[0].resolve();
  await first;
  await tick();
  assert.deepEqual(settled, [1]);
  assert.deepEqual(queue.batches.map((b) => b.bodies), [[1], [2, 3, 4]]);
  queue.batches[1].resolve();
  await Promise.all(rest);
  assert.deepEqual(settled.sort(), [1, 2, 3, 4]);
});

test("BatchedSender: a failed batch fails every send in it, and the next batch still goes", async () => {
  const queue = manualQueue();
  const sender = new BatchedSender(queue);
  const first = sender.send("a", 10);
  await tick();
  const second = sender.send("b", 10);
  const third = sender.send("c", 10);
  queue.batches[0].reject(new Error("queue down"));
  await assert.rejects(first, /queue down/);
  await tick();
  queue.batches[1].reject(new Error("still down"));
  await assert.rejects(second, /still down/);
  await assert.rejects(third, /still down/);
  const fourth = sender.send("d", 10);
  await tick();
  assert.deepEqual(queue.batches.at(-1).bodies, ["d"]);
  queue.batches.at(-1).resolve();
  await fourth;
});

test("BatchedSender: a batch holds at most 100 messages and 250 000 bytes (as given)", async () => {
  const queue = manualQueue();
  const sender = new BatchedSender(queue);
  const all = [sender.send(0, 10)];
  await tick();
  for (let i = 1; i <= 150; i++) all.push(sender.send(i, 10));
  for (let i = 0; i < 3; i++) all.push(sender.send(`big${i}`, 100_000));
  for (let i = 0; queue.batches.length > i; i++) {
    queue.batches[i].resolve();
    await tick();
    await tick();
  }
  await Promise.all(all);
  const sizes = queue.batches.map((b) => b.bodies.length);
  assert.deepEqual(sizes, [1, 100, 52, 1], "100 small; then 50 small and two big; the third big one alone");
  assert.equal(queue.batches.flatMap((b) => b.bodies).length, 154, "each message sent once");
});

test("BatchedSender: if a batch in flight never settles (its request gone), waiting sends lead their own after a second", async () => {
  const queue = manualQueue();
  const sender = new BatchedSender(queue);
  sender.send("lost", 10); // never settled
  await tick();
  const waiting = sender.send("next", 10);
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  assert.deepEqual(queue.batches.map((b) => b.bodies), [["lost"], ["next"]]);
  queue.batches[1].resolve();
  await waiting;
});
