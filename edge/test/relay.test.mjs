// The live relay in workerd (GET /admin/relay, a hibernating Durable Object): a listener
// connected during a load of deliveries receives every accepted one exactly once, with Twenty's
// headers and the body's exact bytes, while a second listener that does not read holds nothing
// up (the accept path's p99 with and without it is printed, not asserted) and, once it reads,
// has every delivery of its time connected; past
// RELAY_MAX_LISTENERS an upgrade is 429; duplicates and refused deliveries are not relayed; in
// direct mode the relay gets the delivery too.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { deliveryId, generateSecret } from "twenty-webhooks";
import { delivery, pool, post, startPair, successesById, waitFor } from "./lib/harness.mjs";
import { connect } from "./lib/websocket.mjs";

const ADMIN_TOKEN = randomBytes(24).toString("base64url");
const AUTH = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const LOAD = 1_000;
const CONCURRENCY = 50;
const ROUNDS = 4;
const MESSAGE_KEYS = ["body", "bodyEncoding", "deliveryId", "eventName", "headers", "receivedAt"];
const { sink, edge, secrets } = await startPair({ vars: { ADMIN_TOKEN, RELAY_MAX_LISTENERS: "2" } });

const sent = new Map(); // deliveryId → the delivery as sent
let seed = 0;

/** Sends `count` genuine deliveries, CONCURRENCY at a time; resolves to each answer's latency. */
async function load(count) {
  const deliveries = Array.from({ length: count }, () => {
    seed++;
    return delivery({ secret: secrets[seed % 2], object: ["person", "company", "note"][seed % 3], action: "updated", seed });
  });
  return pool(deliveries, CONCURRENCY, async (d) => {
    const answer = await post(edge, d);
    assert.equal(answer.status, 202, answer.text);
    sent.set(answer.json.deliveryId, d);
    return answer.ms;
  });
}

function p99(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length * 0.99) - 1];
}

/** The relay messages a listener got, parsed, by delivery id (each id once, or the test fails). */
function messagesById(listener) {
  const byId = new Map();
  for (const text of listener.messages) {
    const message = JSON.parse(text);
    assert.ok(!byId.has(message.deliveryId), `${message.deliveryId} relayed twice`);
    byId.set(message.deliveryId, message);
  }
  return byId;
}

let reader;

test(`a listener receives every accepted one of 2 × ${LOAD} deliveries, byte identical, while one that does not read holds nothing up`, async () => {
  const opened = await connect(`${edge.url}/admin/relay`, { headers: AUTH });
  assert.equal(opened.status, 101, opened.text);
  reader = opened.listener;
  await load(100); // warm-up: the isolate, the queue, the relay
  // Interleaved rounds, so that whatever else runs on the machine weighs on both alike.
  const without = [];
  const withStalled = [];
  for (let round = 0; round < ROUNDS; round++) {
    without.push(...(await load(LOAD / ROUNDS)));
    const stalled = await connect(`${edge.url}/admin/relay`, { headers: AUTH, read: false });
    assert.equal(stalled.status, 101, stalled.text);
    const before = new Set(sent.keys());
    withStalled.push(...(await load(LOAD / ROUNDS)));
    // It was a real listener all along: once it reads, the round's deliveries are all there.
    const round = [...sent.keys()].filter((id) => !before.has(id));
    stalled.listener.resume();
    await waitFor("the round's deliveries at the stalled listener, once it reads", () => {
      const ids = new Set(stalled.listener.messages.map((text) => JSON.parse(text).deliveryId));
      return round.every((id) => ids.has(id));
    }, { timeoutMs: 120_000 });
    await stalled.listener.destroy(); // gone without a close frame
  }
  console.log(`  accept p99 without a stalled listener: ${p99(without).toFixed(1)} ms; with one: ${p99(withStalled).toFixed(1)} ms (${LOAD} deliveries each, ${CONCURRENCY} concurrent, ${ROUNDS} interleaved rounds)`);

  await waitFor("every accepted delivery at the reading listener", () => reader.messages.length >= sent.size, { timeoutMs: 120_000 });
  await waitFor("every accepted delivery at the destination", () => [...sent.keys()].every((id) => successesById(sink).has(id)), { timeoutMs: 120_000 });
  const relayed = messagesById(reader);
  assert.deepEqual([...relayed.keys()].sort(), [...sent.keys()].sort(), "every accepted delivery, each once");
  for (const [id, message] of relayed) {
    const d = sent.get(id);
    assert.deepEqual(Object.keys(message).sort(), MESSAGE_KEYS);
    assert.equal(message.bodyEncoding, "base64");
    assert.ok(Buffer.from(message.body, "base64").equals(Buffer.from(d.body)), "the body's exact bytes");
    assert.deepEqual(message.headers, d.headers, "Twenty's headers as received");
    assert.equal(message.eventName, d.eventName);
    assert.ok(!Number.isNaN(Date.parse(message.receivedAt)));
  }
});

test("past RELAY_MAX_LISTENERS an upgrade is 429 RELAY_FULL; a listener that leaves frees its place", async () => {
  const second = await connect(`${edge.url}/admin/relay`, { headers: AUTH, read: false });
  assert.equal(second.status, 101, second.text);
  const refused = await connect(`${edge.url}/admin/relay`, { headers: AUTH });
  assert.equal(refused.status, 429, refused.text);
  assert.equal(refused.json.error.code, "RELAY_FULL");
  assert.deepEqual(Object.keys(refused.json.error).sort(), ["code", "hint", "message"]);
  await second.listener.destroy();
  const again = await waitFor("a free place on the relay", async () => {
    const attempt = await connect(`${edge.url}/admin/relay`, { headers: AUTH });
    return attempt.status === 101 && attempt;
  });
  await again.listener.close();
  assert.ok(again.listener.closeAnswered, "a listener's close is answered (not left to time out)");
});

test("duplicates and refused deliveries are not relayed", async () => {
  const d = delivery({ secret: secrets[0], object: "task", action: "created", seed: 1 });
  const first = await post(edge, d);
  assert.equal(first.status, 202, first.text);
  const copy = { body: d.body, headers: { ...d.headers, "X-Twenty-Webhook-Nonce": randomBytes(16).toString("hex") } };
  const again = await post(edge, copy); // Twenty's re-send: same signature, another nonce
  assert.ok([200, 202].includes(again.status), again.text);
  assert.equal(again.json.deliveryId, first.json.deliveryId);
  const forged = delivery({ secret: generateSecret(), object: "task", action: "deleted", seed: 2 });
  assert.equal((await post(edge, forged)).status, 401);
  const notJson = { body: "not json", headers: { ...d.headers, "Content-Type": "text/plain" } };
  assert.equal((await post(edge, notJson)).status, 415);
  await waitFor("the delivery at the listener", () => messagesById(reader).has(first.json.deliveryId));
  await waitFor("the delivery at the destination", () => successesById(sink).has(first.json.deliveryId));
  await new Promise((resolve) => setTimeout(resolve, 2_000)); // time for a stray copy to show
  const relayed = messagesById(reader); // fails if any id came twice
  assert.ok(!relayed.has(deliveryId(forged.headers)), "a refused delivery is not relayed");
  assert.equal(successesById(sink).get(first.json.deliveryId).length, 1, "nor forwarded twice");
  await reader.close();
  const output = edge.logs();
  for (const secret of [ADMIN_TOKEN, ...secrets]) assert.ok(!output.includes(secret));
});

test("direct mode relays each delivery it forwarded, once", async () => {
  const direct = await startPair({ mode: "direct", vars: { ADMIN_TOKEN } });
  const opened = await connect(`${direct.edge.url}/admin/relay`, { headers: AUTH });
  assert.equal(opened.status, 101, opened.text);
  const d = delivery({ secret: direct.secrets[1], object: "person", action: "created", seed: 5 });
  const answer = await post(direct.edge, d);
  assert.equal(answer.status, 200, answer.text);
  assert.equal((await post(direct.edge, d)).json.duplicate, true);
  const message = await waitFor("the delivery at the listener", () => messagesById(opened.listener).get(answer.json.deliveryId));
  assert.ok(Buffer.from(message.body, "base64").equals(Buffer.from(d.body)));
  assert.deepEqual(message.headers, d.headers);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  assert.equal(opened.listener.messages.length, 1, "the duplicate was not relayed");
  await opened.listener.close();
});
