// DELIVERY_MODE=direct with the admin API on: a delivery some destination refused is answered 502
// as before, then kept (after the answer) as a dead letter naming only the destinations that
// failed, with their reason; the admin API re-drives it through the queue to those only, and it
// leaves the list; a re-send by the sender that gets through removes the letter too.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, test } from "node:test";
import { deliveryId as deliveryIdOf, generateSecret, sampleRecord } from "twenty-webhooks";
import { adminClient } from "./lib/admin.mjs";
import { delivery, post, startPair, startStoppedAfter, successesById, unusedPort, waitFor } from "./lib/harness.mjs";
import { connect } from "./lib/websocket.mjs";

const ADMIN_TOKEN = randomBytes(24).toString("base64url");
// A re-drive's own try budget (through the queue, with no delay between tries).
const MAX_ATTEMPTS = 2;
const forwardSecret = generateSecret();
// Answers 500 to each delivery's first try, then takes it: "recovered" for the next one.
const recovering = await startStoppedAfter({ forwardSecret, failFirst: 1 });
const refusedPort = await unusedPort();
const { sink: healthy, edge, secrets } = await startPair({
  mode: "direct",
  forwardSecret,
  vars: { ADMIN_TOKEN, MAX_ATTEMPTS: String(MAX_ATTEMPTS), RETRY_BASE_SECONDS: "0" },
  routes: (sinkUrl) => [
    { operations: ["person.*", "company.*"], url: `${sinkUrl}/healthy` },
    { operations: ["person.*", "company.*"], url: `${recovering.url}/recovers` },
    { operations: ["task.*"], url: `http://127.0.0.1:${refusedPort}/refused` },
    { operations: ["note.*"], url: `${recovering.url}/large` },
  ],
});
const HEALTHY_URL = `${healthy.url}/healthy`;
const RECOVERING_URL = `${recovering.url}/recovers`;
const REFUSED_URL = `http://127.0.0.1:${refusedPort}/refused`;
const client = adminClient(edge, ADMIN_TOKEN);
// The live relay publishes accepted deliveries only: a refused one once a re-send gets through.
const relay = await connect(`${edge.url}/admin/relay`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
assert.equal(relay.status, 101, relay.text);
after(() => relay.listener.close());
const relayed = (id) => relay.listener.messages.filter((text) => JSON.parse(text).deliveryId === id).length;

async function refused(object, seed, record) {
  const d = delivery({ secret: secrets[seed % 2], object, seed, record });
  const answer = await post(edge, d);
  assert.equal(answer.status, 502, answer.text);
  assert.equal(answer.json.error.code, "FORWARD_FAILED");
  return { ...d, deliveryId: deliveryIdOf(new Headers(d.headers)), answer };
}

async function deadLetters() {
  const answer = await client.call("/admin/dead-letters");
  assert.equal(answer.status, 200, answer.text);
  return answer.json.deadLetters;
}

/** Delivery `id`'s letter and log entry, once written after the answer. */
async function letterOf(id) {
  const letter = await waitFor("the dead letter written after the answer", async () => (await deadLetters()).find((l) => l.deliveryId === id));
  return { letter, entry: await show(id) };
}

async function show(id) {
  const answer = await client.call(`/admin/deliveries/${id}`);
  assert.equal(answer.status, 200, answer.text);
  return answer.json;
}

const byUrl = (destinations) => Object.fromEntries(destinations.map(({ url, state, attempts, lastFailure }) => [url, { state, attempts, reason: lastFailure?.reason ?? null }]));

async function redrive(id) {
  const answer = await client.call("/admin/dead-letters/redrive", { method: "POST", json: { ids: [id] } });
  assert.equal(answer.status, 202, answer.text);
  assert.deepEqual(answer.json, { redriving: 1, deliveryIds: [id], alreadyRedriving: [], bodyExpired: [] });
}

let redrivable;
let unreachable;

test("a fan-out refused by one destination: 502 as before, then a dead letter naming only that one, the other delivered", async () => {
  const d = await refused("person", 1);
  assert.match(d.answer.json.error.message, /^1 of 2 destination\(s\) did not accept the delivery \(HTTP_500\)\./);
  const { letter, entry } = await letterOf(d.deliveryId);
  assert.deepEqual(letter.destinations, [RECOVERING_URL], "only the destination that failed");
  assert.equal(letter.eventName, "person.created");
  assert.equal(letter.attempts, 1);
  assert.equal(letter.lastFailure.reason, "HTTP_500");
  assert.ok(Date.parse(letter.lastFailure.at) <= Date.parse(letter.deadAt));
  assert.equal(letter.redrivingSince, null);
  assert.equal(entry.state, "dead");
  assert.deepEqual(byUrl(entry.destinations), {
    [HEALTHY_URL]: { state: "delivered", attempts: 1, reason: null },
    [RECOVERING_URL]: { state: "dead", attempts: 1, reason: "HTTP_500" },
  });
  assert.equal(entry.deadLetter.bodyKept, true, "re-drivable");
  assert.deepEqual(entry.headers, d.headers, "Twenty's headers as received");
  assert.equal(entry.body, d.body);
  assert.equal(relayed(d.deliveryId), 0, "a refused delivery is not relayed");
  redrivable = d;
});

test("an unreachable destination: its letter says UNREACHABLE", async () => {
  const d = await refused("task", 2);
  const { letter, entry } = await letterOf(d.deliveryId);
  assert.deepEqual([letter.destinations, letter.lastFailure.reason], [[REFUSED_URL], "UNREACHABLE"]);
  assert.deepEqual(byUrl(entry.destinations), { [REFUSED_URL]: { state: "dead", attempts: 1, reason: "UNREACHABLE" } });
  unreachable = d;
});

test("re-driven through the admin API once the destination recovers: it gets it once, the healthy one not again, the letter leaves", async () => {
  assert.ok(redrivable, "the first test kept a letter");
  const { deliveryId, body } = redrivable;
  const healthyBefore = successesById(healthy).get(deliveryId).length;
  await redrive(deliveryId);
  await waitFor("the re-driven delivery at the recovered destination", () => successesById(recovering).has(deliveryId));
  await waitFor("the letter gone from the list", async () => !(await deadLetters()).some((letter) => letter.deliveryId === deliveryId));
  await waitFor("the delivery delivered in the log", async () => (await show(deliveryId)).state === "delivered");
  await new Promise((resolve) => setTimeout(resolve, 2_000)); // time for a stray second copy to show
  const arrivals = successesById(recovering).get(deliveryId);
  assert.equal(arrivals.length, 1, "delivered once");
  assert.equal(arrivals[0].body.toString("utf8"), body, "the original bytes");
  assert.equal(arrivals[0].headers["webhook-id"], deliveryId, "under the same delivery id");
  assert.equal(arrivals[0].verified, true, "re-signed with FORWARD_SECRET");
  assert.equal(healthyBefore, 1);
  assert.equal(successesById(healthy).get(deliveryId).length, 1, "the destination that had it does not get it again");
  assert.equal(relayed(deliveryId), 0, "a re-drive is not relayed (the relay carries what was accepted)");
  const entry = await show(deliveryId);
  assert.equal(entry.deadLetter, null);
  assert.deepEqual(byUrl(entry.destinations), {
    [HEALTHY_URL]: { state: "delivered", attempts: 1, reason: null },
    [RECOVERING_URL]: { state: "delivered", attempts: 2, reason: "HTTP_500" }, // a success keeps the last failure
  });
});

test("a refused delivery the sender sends again is accepted, and once delivered its letter leaves the list", async () => {
  const d = await refused("company", 3);
  const { letter } = await letterOf(d.deliveryId);
  assert.equal(relayed(d.deliveryId), 0, "not relayed while refused");
  const again = await post(edge, d);
  assert.equal(again.status, 200, again.text);
  assert.deepEqual(again.json, { accepted: true, deliveryId: letter.deliveryId, forwarded: 2 });
  await waitFor("the letter gone from the list", async () => !(await deadLetters()).some((l) => l.deliveryId === letter.deliveryId));
  const entry = await show(letter.deliveryId);
  assert.equal(entry.state, "delivered");
  assert.equal(entry.deadLetter, null);
  assert.deepEqual(byUrl(entry.destinations), {
    [HEALTHY_URL]: { state: "delivered", attempts: 2, reason: null },
    [RECOVERING_URL]: { state: "delivered", attempts: 2, reason: "HTTP_500" },
  });
  assert.equal(successesById(recovering).get(letter.deliveryId).length, 1);
  await waitFor("the accepted re-send at the relay's listener", () => relayed(d.deliveryId) > 0);
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // time for a stray second message to show
  assert.equal(relayed(d.deliveryId), 1, "relayed once, when accepted");
});

test("a body over 100 000 bytes (too large for a queue message): re-driven from the log, byte-identical", async () => {
  const record = { ...sampleRecord("note", { seed: 4 }), bodyV2: { blocknote: "[]", markdown: "é".repeat(80_000) } };
  const d = await refused("note", 4, record);
  assert.ok(Buffer.byteLength(d.body) > 100_000);
  await letterOf(d.deliveryId);
  await redrive(d.deliveryId);
  await waitFor("the re-driven large delivery at the destination", () => successesById(recovering).has(d.deliveryId));
  const [arrival] = successesById(recovering).get(d.deliveryId);
  assert.ok(arrival.body.equals(Buffer.from(d.body)), "the original bytes");
  assert.equal(arrival.verified, true);
  await waitFor("the letter gone from the list", async () => !(await deadLetters()).some((l) => l.deliveryId === d.deliveryId));
});

test("a re-drive that fails MAX_ATTEMPTS times again comes back to the list, free to re-drive, every try counted", async () => {
  assert.ok(unreachable, "the unreachable test kept a letter");
  const { deliveryId } = unreachable;
  const before = (await letterOf(deliveryId)).letter;
  await redrive(deliveryId);
  const letter = await waitFor("the letter back from the dead-letter queue", async () => (await deadLetters()).find((l) => l.deliveryId === deliveryId && l.deadAt !== before.deadAt && l.redrivingSince === null));
  assert.deepEqual([letter.destinations, letter.attempts, letter.lastFailure.reason], [[REFUSED_URL], MAX_ATTEMPTS, "UNREACHABLE"]);
  const entry = await show(deliveryId);
  assert.equal(entry.state, "dead");
  assert.deepEqual(byUrl(entry.destinations), { [REFUSED_URL]: { state: "dead", attempts: 1 + MAX_ATTEMPTS, reason: "UNREACHABLE" } });
});
