// Unit tests in Node, for what the runtime tests cannot provoke: every settings rule, and what
// the accept path does when the queue or the ledger fails (queue mode: no ledger call unless
// the body is too large for a queue message; direct mode: claim before forwarding), and the group
// commit of queue sends (batching, limits, a failed or lost batch); the consumer when the log
// fails, or when the queue delivers a message again; the envelope's size bound. The queue, the
// ledger, the log and the relay here are small in-memory stand-ins; everything else is the
// Worker's own code (forwarding to a real local HTTP server).
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { serialize } from "node:v8";
import { test } from "node:test";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { deliveryId, signRequest } from "twenty-webhooks";
import { accept } from "../src/accept.js";
import { ConfigError, readConfig } from "../src/config.js";
import { BatchedSender } from "../src/batched-send.js";
import { backoffSeconds, consume } from "../src/consumer.js";
import { DEAD_LETTER_QUEUE } from "../src/dead-letters.js";
import { envelopeBytes, newEnvelope } from "../src/envelope.js";
import { MAX_DELAY_SECONDS, redeliveryDelaySeconds } from "../src/redelivery.js";

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
  // Replays and re-drives go through the queues: in direct mode too once the admin API is on.
  const direct = { ...valid, DELIVERY_MODE: "direct", DELIVERIES: undefined, DEAD_LETTERS: undefined };
  assert.equal(readConfig(direct).adminToken, null, "direct mode alone needs no queue");
  for (const name of ["DELIVERIES", "DEAD_LETTERS"]) {
    assert.throws(() => readConfig({ ...on, [name]: undefined }), (error) => error instanceof ConfigError && error.message.includes(name));
    assert.throws(() => readConfig({ ...direct, ADMIN_TOKEN: "admin-value", RELAY: {}, ...bindings, [name]: undefined }), (error) => error instanceof ConfigError && error.message.includes(`The ${name} binding`));
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

test("accept (direct mode), refused: the 502 first, then one log batch (entry, try, dead letter); a log that fails is a log_write_failed line, never a throw", async (t) => {
  const server = createServer((req, res) => req.resume().on("end", () => res.writeHead(500).end()));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => server.close());
  const url = `http://127.0.0.1:${server.address().port}/hook`;
  const kind = (sql) => sql.match(/^(INSERT INTO|UPDATE|DELETE FROM) \w+/)[0];
  for (const failing of [false, true]) {
    const log = logStandIn({ fails: (sql) => failing && sql.startsWith("INSERT INTO dead_letters") });
    const batches = [];
    const { env, config, calls } = standIns({ vars: { DELIVERY_MODE: "direct", FORWARD_URL: url, LOG: log } });
    const batch = log.batch;
    log.batch = (statements) => (calls.push(["batch"]), batches.push(statements.map((statement) => statement.sql)), batch(statements));
    const errors = t.mock.method(console, "error", () => {});
    const afterAnswer = [];
    const answer = await accept(verified(), env, config, { waitUntil: (promise) => afterAnswer.push(promise) });
    assert.deepEqual([answer.status, answer.body.error.code], [502, "FORWARD_FAILED"]);
    assert.deepEqual(calls.slice(0, 2).map(([name, , accepted]) => [name, accepted]), [["claim", undefined], ["settle", false]], "the answer is settled before the log is written");
    assert.equal(afterAnswer.length, 1);
    await afterAnswer[0]; // resolves either way
    errors.mock.restore();
    const written = batches.filter((sqls) => !sqls[0].startsWith("CREATE")); // not the schema's
    assert.deepEqual(written.map((sqls) => sqls.map(kind)), [
      ["INSERT INTO deliveries", "INSERT INTO destinations", "INSERT INTO destinations", "UPDATE deliveries", "INSERT INTO dead_letters", "UPDATE destinations", "UPDATE deliveries", "DELETE FROM dead_letters"],
    ]);
    const events = errors.mock.calls.map((call) => JSON.parse(call.arguments[0]).event);
    assert.deepEqual(events, failing ? ["forward_failed", "log_write_failed"] : ["forward_failed"]);
  }
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
  const lost = sender.send("lost", 10); // its batch never settles
  await tick();
  const waiting = sender.send("next", 10);
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  assert.deepEqual(queue.batches.map((b) => b.bodies), [["lost"], ["next"]]);
  queue.batches[1].resolve();
  await waiting;
  await assert.rejects(lost, /did not confirm/, "and the lost one is refused, not left hanging");
});

test("BatchedSender: a send whose batch is never confirmed (its request gone) is refused after 3 s, not left hanging", async () => {
  const queue = manualQueue();
  const sender = new BatchedSender(queue);
  const leader = sender.send("lost-leader", 10);
  await tick();
  const follower = sender.send("follower", 10);
  const kept = [];
  const rest = sender.send("third", 10, {}, (promise) => kept.push(promise));
  queue.batches[0].resolve(); // the leader's batch: only "lost-leader"
  await leader;
  await tick();
  assert.deepEqual(queue.batches.map((b) => b.bodies), [["lost-leader"], ["follower", "third"]]);
  // That second batch never settles: both of its sends give up, the one that sent it too.
  const started = Date.now();
  await Promise.all([assert.rejects(follower, /did not confirm/), assert.rejects(rest, /did not confirm/)]);
  assert.ok(Date.now() - started >= 2_900);
  assert.equal(kept.length, 0, "the batch was sent by the follower's request, not the third's");
  const next = sender.send("after", 10);
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  assert.deepEqual(queue.batches.at(-1).bodies, ["after"], "later sends are not stuck behind it");
  queue.batches.at(-1).resolve();
  await next;
});

// ── The consumer (in-memory queue batch, log and relay; real HTTP to a local server) ──────────

/** A queue batch stand-in recording what happens to each message. */
function queueBatch(queue, bodies, attempts = bodies.map(() => 1)) {
  const outcomes = [];
  const messages = bodies.map((body, i) => ({
    id: `message-${i}`,
    attempts: attempts[i],
    body,
    ack: () => outcomes.push([i, "ack"]),
    retry: (options) => outcomes.push([i, "retry", options?.delaySeconds]),
  }));
  return {
    queue,
    messages,
    outcomes,
    ackAll: () => messages.forEach((m) => m.ack()),
    retryAll: (options) => messages.forEach((m) => m.retry(options)),
  };
}

/**
 * A D1 stand-in: a statement fails when `fails(sql)` holds for it (a batch: for one of its
 * statements); the claim returns its id and how many times it ran (`claimed`: runs before, by
 * delivery id; none: a fresh claim); the query for delivered destinations answers `delivered`
 * (`[{ delivery_id, url }]`); a logged body is `logged` (null: none). Records every statement it ran.
 */
function logStandIn({ fails = () => false, delivered = [], claimed = {}, logged = null } = {}) {
  const ran = [];
  const bound = [];
  const runs = new Map(Object.entries(claimed));
  const failing = (sql) => {
    if (fails(sql)) throw new Error("D1_ERROR: the log is unreachable");
  };
  const statement = (sql, args = []) => ({
    sql,
    args,
    bind: (...values) => (bound.push([sql, values]), statement(sql, values)),
    all: async () => (failing(sql), ran.push(sql), { results: sql.includes("state = 'delivered'") ? delivered : [] }),
    first: async () => (failing(sql), ran.push(sql), { body: logged }),
  });
  const claim = (id) => (runs.set(id, (runs.get(id) ?? 0) + 1), [{ id, claim_runs: runs.get(id) }]);
  return {
    ran,
    bound,
    prepare: (sql) => statement(sql),
    async batch(statements) {
      for (const s of statements) failing(s.sql);
      ran.push(...statements.map((s) => s.sql));
      return statements.map((s) => ({ results: s.sql.startsWith("INSERT INTO deliveries") ? claim(s.args[0]) : [] }));
    },
  };
}

/** A ledger binding stand-in whose kept bodies are `bodies` (by delivery id). */
function ledgerStandIn(bodies = {}) {
  const ledger = { body: async (id) => bodies[id] ?? null, forgetBody: async () => {} };
  return { idFromName: (name) => name, get: () => ledger };
}

test("consumer, log unreachable: every message comes back later, with delays doubling per delivery up to 12 h, none acked", async () => {
  const letter = { deliveryId: "d", eventName: "person.created", destinations: ["https://a.example/"], attempt: 10, lastFailure: { reason: "HTTP_500", at: 1 } };
  const attempts = [1, 2, 5, 12, 100];
  // The schema cannot even be created (D1 down): both queues.
  for (const queue of ["twenty-webhooks-deliveries", DEAD_LETTER_QUEUE]) {
    const batch = queueBatch(queue, attempts.map(() => letter), attempts);
    await consume(batch, { ...valid, LOG: logStandIn({ fails: () => true }) });
    assert.deepEqual(batch.outcomes, [[0, "retry", 30], [1, "retry", 60], [2, "retry", 480], [3, "retry", MAX_DELAY_SECONDS], [4, "retry", MAX_DELAY_SECONDS]], queue);
  }
  // The schema is there, but recording the dead letters fails.
  const log = logStandIn({ fails: (sql) => sql.startsWith("INSERT INTO dead_letters") });
  const batch = queueBatch(DEAD_LETTER_QUEUE, attempts.map(() => ({ ...letter, body: new ArrayBuffer(2) })), attempts);
  await consume(batch, { ...valid, LOG: log });
  assert.deepEqual(batch.outcomes.map(([i, what, delay]) => [i, what, delay]), [[0, "retry", 30], [1, "retry", 60], [2, "retry", 480], [3, "retry", MAX_DELAY_SECONDS], [4, "retry", MAX_DELAY_SECONDS]]);
  assert.ok(!log.ran.some((sql) => sql.startsWith("INSERT INTO dead_letters")));
});

test("either queue's retries outlast the longest message retention a queue allows (14 days)", () => {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(new URL("../wrangler.jsonc", import.meta.url).pathname);
  for (const queue of ["twenty-webhooks-deliveries", DEAD_LETTER_QUEUE]) {
    const consumer = workerOptions.queueConsumers[queue];
    let seconds = 0;
    for (let attempts = 1; attempts <= consumer.maxRetries; attempts++) seconds += redeliveryDelaySeconds(attempts);
    assert.ok(seconds >= 14 * 24 * 3600, `${queue}: the retries span ${Math.round(seconds / 3600)} h`);
    assert.ok(consumer.retryDelay > 0, "a consumer that throws is not retried at once either");
  }
});

test("consumer: a claim or read the log fails waits as any message does while the log is down, whatever RETRY_BASE_SECONDS (0 here)", async () => {
  const attempts = [1, 2, 5];
  const body = new TextEncoder().encode("{}").buffer;
  const env = (log) => ({ ...valid, RETRY_BASE_SECONDS: "0", LOG: log });
  const first = newEnvelope({ deliveryId: "d-claim", eventName: "person.created", destinations: ["https://a.example/"], body, headers: {}, receivedAt: 1 });
  const claims = queueBatch("twenty-webhooks-deliveries", attempts.map(() => structuredClone(first)), attempts);
  await consume(claims, env(logStandIn({ fails: (sql) => sql.startsWith("INSERT INTO deliveries") })));
  assert.deepEqual(claims.outcomes, attempts.map((n, i) => [i, "retry", redeliveryDelaySeconds(n)]));
  const replay = { ...structuredClone(first), origin: "replay" };
  const reads = queueBatch("twenty-webhooks-deliveries", attempts.slice(1).map(() => structuredClone(replay)), attempts.slice(1));
  await consume(reads, env(logStandIn({ fails: (sql) => sql.includes("state = 'delivered'") })));
  assert.deepEqual(reads.outcomes, [[0, "retry", 60], [1, "retry", 480]]);
});

test("dead-letter consumer: a letter whose body did not travel with it records the body its ledger shard keeps", async () => {
  const kept = new TextEncoder().encode("x".repeat(100_001)).buffer;
  const letter = { deliveryId: "d-large", eventName: "person.created", destinations: ["https://a.example/"], attempt: 10, lastFailure: { reason: "HTTP_500", at: 1 }, receivedAt: 1 };
  const log = logStandIn();
  const batch = queueBatch(DEAD_LETTER_QUEUE, [letter]);
  await consume(batch, { ...valid, LEDGER: ledgerStandIn({ "d-large": kept }), LOG: log });
  assert.deepEqual(batch.outcomes, [[0, "ack"]]);
  const [, args] = log.bound.find(([sql]) => sql.startsWith("INSERT INTO dead_letters"));
  assert.equal(args[8], kept, "the letter's body");
});

test("consumer: a re-drive whose body is gone (ledger and log) frees its letter for another re-drive; a replay's does not touch letters", async () => {
  const envelope = { deliveryId: "d-gone", eventName: "person.created", destinations: ["https://a.example/"], attempt: 1, origin: "redrive", receivedAt: 1, size: 2, headers: {} };
  for (const [origin, freed] of [["redrive", true], ["replay", false]]) {
    const log = logStandIn();
    const batch = queueBatch("twenty-webhooks-deliveries", [{ ...envelope, origin }]);
    await consume(batch, { ...valid, LEDGER: ledgerStandIn(), LOG: log });
    assert.deepEqual(batch.outcomes, [[0, "ack"]]);
    const tried = log.bound.find(([sql]) => sql.startsWith("INSERT INTO destinations (delivery_id, url, state, attempts, last_failure"));
    assert.deepEqual(tried[1].slice(1, 4), ["https://a.example/", "dead", "BODY_EXPIRED"]);
    const release = log.bound.filter(([sql]) => sql.includes("SET redriving_at = NULL"));
    assert.deepEqual(release.map(([, args]) => args), freed ? [["d-gone"]] : [], origin);
  }
});

/** A local destination recording the paths and delivery ids it received; answers `status`. */
async function recordingDestination(status = 200) {
  const received = [];
  const server = createServer((request, response) => {
    received.push([request.url, request.headers["webhook-id"]]);
    request.resume().on("end", () => response.writeHead(status).end());
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, received, close: () => server.close() };
}

test("consumer: a message the queue delivers again skips destinations the log marks delivered, and is not published to the relay again (unless its claim is new)", async () => {
  const destination = await recordingDestination();
  try {
    const [a, b] = [`${destination.url}/a`, `${destination.url}/b`];
    const body = new TextEncoder().encode('{"eventName":"person.created"}').buffer;
    const envelope = newEnvelope({ deliveryId: "delivery-1", eventName: "person.created", destinations: [a, b], body, headers: {}, receivedAt: Date.now() });
    const published = [];
    const relay = { publish: async (entries) => published.push(...entries.map((e) => e.deliveryId)) };
    const env = (log) => ({ ...valid, ADMIN_TOKEN: "admin", RELAY: { idFromName: (n) => n, get: () => relay }, LOG: log });
    const waited = [];
    const ctx = { waitUntil: (promise) => waited.push(promise) };

    // Delivered again after the consumer failed past its claim: /a had it, /b did not.
    const again = queueBatch("twenty-webhooks-deliveries", [structuredClone(envelope)], [2]);
    await consume(again, env(logStandIn({ delivered: [{ delivery_id: "delivery-1", url: a }], claimed: { "delivery-1": 1 } })), ctx);
    await Promise.all(waited);
    assert.deepEqual(destination.received.map(([path]) => path), ["/b"]);
    assert.deepEqual(again.outcomes, [[0, "ack"]]);
    assert.deepEqual(published, [], "published on its first delivery, not again");

    // Its first delivery: both destinations, published once.
    const first = queueBatch("twenty-webhooks-deliveries", [structuredClone(envelope)], [1]);
    await consume(first, env(logStandIn()), ctx);
    await Promise.all(waited);
    assert.deepEqual(destination.received.map(([path]) => path).sort(), ["/a", "/b", "/b"]);
    assert.deepEqual(published, ["delivery-1"]);

    // Delivered again because its first claim failed (the log down a moment): the claim is new, so it is published.
    const late = queueBatch("twenty-webhooks-deliveries", [{ ...structuredClone(envelope), deliveryId: "delivery-late" }], [2]);
    await consume(late, env(logStandIn()), ctx);
    await Promise.all(waited);
    assert.deepEqual(published, ["delivery-1", "delivery-late"]);
  } finally {
    destination.close();
  }
});

test("envelopeBytes bounds an envelope's size as a queue message (v8), whatever its URLs, headers and event name", () => {
  const body = new Uint8Array(50_000).fill(0x61).buffer;
  const headers = { "Content-Type": "application/json", "X-Twenty-Webhook-Signature": "a".repeat(64), "X-Twenty-Webhook-Timestamp": "1700000000000", "X-Twenty-Webhook-Nonce": "n".repeat(36) };
  const cases = [
    newEnvelope({ deliveryId: "d".repeat(64), eventName: "person.created", destinations: ["https://a.example/"], body, headers, receivedAt: Date.now() }),
    newEnvelope({ deliveryId: "d".repeat(64), eventName: "person.created", destinations: Array.from({ length: 50 }, (_, i) => `https://example.com/${i}/${"x".repeat(2_000)}`), body, headers, receivedAt: Date.now() }),
    newEnvelope({ deliveryId: "d".repeat(64), eventName: `person.${"é".repeat(500)}${"ü".repeat(500)}😀`, destinations: [`https://example.com/${"y".repeat(3_000)}`], body, headers, receivedAt: Date.now() }),
    { ...newEnvelope({ deliveryId: "d", eventName: null, destinations: ["https://a.example/"], body, headers: {}, receivedAt: Date.now() }), lastFailure: { reason: "HTTP_500", at: Date.now() } },
  ];
  for (const envelope of cases) {
    const actual = serialize(envelope).byteLength;
    assert.ok(envelopeBytes(envelope) >= actual, `${envelopeBytes(envelope)} < ${actual}`);
    assert.ok(envelopeBytes(envelope) <= 2 * actual + 1_000, "not far above it either");
  }
});

test("consumer: a letter sent to the dead-letter queue carries its attempts and last failure, which its row binds (the log is written after)", async () => {
  const destination = await recordingDestination(500);
  try {
    const body = new TextEncoder().encode('{"eventName":"task.created"}').buffer;
    const envelope = newEnvelope({ deliveryId: "delivery-2", eventName: "task.created", destinations: [`${destination.url}/x`], body, headers: {}, receivedAt: Date.now() });
    const letters = [];
    const log = logStandIn();
    const env = { ...valid, MAX_ATTEMPTS: "1", LOG: log, DEAD_LETTERS: { send: async (letter) => letters.push(structuredClone(letter)) } };
    const batch = queueBatch("twenty-webhooks-deliveries", [envelope]);
    await consume(batch, env);
    assert.deepEqual(batch.outcomes, [[0, "ack"]]);
    assert.equal(letters.length, 1);
    const [letter] = letters;
    assert.equal(letter.attempt, 1);
    assert.equal(letter.lastFailure.reason, "HTTP_500");
    const tried = log.bound.find(([sql]) => sql.startsWith("INSERT INTO destinations (delivery_id, url, state, attempts, last_failure"));
    assert.deepEqual(tried[1].slice(2, 5), ["dead", "HTTP_500", letter.lastFailure.at], "the log's failure time is the letter's");

    const dlq = logStandIn();
    await consume(queueBatch(DEAD_LETTER_QUEUE, [letter]), { ...env, LOG: dlq });
    const [, args] = dlq.bound.find(([sql]) => sql.startsWith("INSERT INTO dead_letters"));
    assert.deepEqual(args.slice(3, 7), [1, 1, "HTTP_500", letter.lastFailure.at], "attempts, last failure and its time from the letter");
  } finally {
    destination.close();
  }
});
