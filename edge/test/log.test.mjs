// The delivery log in D1 (read here from Node through Miniflare), as the consumer writes it: a
// delivery's states move queued → retrying (with its last failure) → delivered; one that fails
// until it is dead shows `dead` with its attempts and reasons and a dead_letters row; with a
// second destination that succeeds, the delivery's own state is still the worst (dead); a
// `redrive` envelope delivered removes its dead letter, a `replay` envelope arrives again
// under the same id, and every try counts in attempts; retention: bodies are dropped after
// LOG_RETENTION_DAYS (a setting; old entries are written here with past times) and whole
// entries after 14 days, also by the hourly cron trigger (dead letters' bodies and destinations
// whose entry is gone too). With MAX_ATTEMPTS = 1 (a second receiver): a dead letter shows the
// attempts and last failure of the try that ended it; a replay that gets it to every destination
// it lists removes it; a re-drive that dies again frees it for another re-drive; a re-drive whose
// entry lost its body sends its letter's, and with none left frees the letter. Then the log's own
// statements run on the receiver's D1: which destinations a letter lists, how a second letter
// merges with the first, direct mode's writes landing in either order, what a claim returns.
import assert from "node:assert/strict";
import { test } from "node:test";
import { generateSecret, TWENTY_HEADERS } from "twenty-webhooks";
import { SCHEMA } from "../src/delivery-log/schema.js";
import { claimStatements, deadLetterStatements, directTryStatements } from "../src/delivery-log/writes.js";
import { blob, delivery, logEntry, logRows, post, startPair, startStoppedAfter, successesById, waitFor } from "./lib/harness.mjs";

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_ATTEMPTS = 2;
const forwardSecret = generateSecret();
const hanging = await startStoppedAfter({ forwardSecret, hang: 1 });
const failing = await startStoppedAfter({ forwardSecret, failFirst: 1 });
const deadUntilRedriven = await startStoppedAfter({ forwardSecret, failFirst: MAX_ATTEMPTS });
const never = await startStoppedAfter({ forwardSecret, failFirst: Infinity });
const { sink: steady, edge, secrets } = await startPair({
  forwardSecret,
  vars: { MAX_ATTEMPTS: String(MAX_ATTEMPTS), RETRY_BASE_SECONDS: "3", FORWARD_TIMEOUT_MS: "2500", LOG_RETENTION_DAYS: "2" },
  routes: (steadyUrl) => [
    { operations: ["person.*"], url: `${hanging.url}/hangs-once` },
    { operations: ["company.*"], url: `${failing.url}/fails-once` },
    { operations: ["task.*"], url: `${deadUntilRedriven.url}/recovers-late` },
    { operations: ["note.*"], url: `${steadyUrl}/steady` },
    { operations: ["note.*"], url: `${never.url}/never` },
  ],
});

// Before the first batch is consumed (cleanup runs on this isolate's first batch): entries as an
// older receiver left them. The tables are the Worker's own (CREATE TABLE IF NOT EXISTS).
const now = Date.now();
const db = await edge.database();
await db.batch(SCHEMA.map((sql) => db.prepare(sql)));
await db.batch([
  db.prepare("INSERT INTO deliveries VALUES ('old-body', 'person.created', ?1, 2, '{}', X'7B7D', ?2, ?3, 'delivered', 'seed', 1)").bind(now - 5 * DAY_MS, now - 3 * DAY_MS, now + 9 * DAY_MS),
  db.prepare("INSERT INTO deliveries VALUES ('expired', 'person.created', ?1, 2, '{}', NULL, ?2, ?3, 'delivered', 'seed', 1)").bind(now - 15 * DAY_MS, now - 13 * DAY_MS, now - 1 * DAY_MS),
  db.prepare("INSERT INTO destinations VALUES ('expired', 'https://gone.example/', 'delivered', 1, NULL, NULL)"),
  db.prepare("INSERT INTO dead_letters (delivery_id, event_name, destinations, attempts, last_failure, last_failure_at, dead_at, body, body_expires_at, expires_at) VALUES ('expired-letter', 'task.created', '[]', 3, 'HTTP_500', ?1, ?1, NULL, ?1, ?2)").bind(now - 15 * DAY_MS, now - DAY_MS),
]);

async function send(object, seed) {
  const d = delivery({ secret: secrets[seed % 2], object, action: "created", seed });
  const answer = await post(edge, d);
  assert.equal(answer.status, 202, answer.text);
  return { ...d, deliveryId: answer.json.deliveryId };
}

const entryOf = (id) => logEntry(edge, id);

// A second receiver, MAX_ATTEMPTS = 1: every failure is final.
const failsOnce = [await startStoppedAfter({ forwardSecret, failFirst: 1 }), await startStoppedAfter({ forwardSecret, failFirst: 1 })];
const neverSingle = await startStoppedAfter({ forwardSecret, failFirst: Infinity });
const single = await startPair({
  forwardSecret,
  vars: { MAX_ATTEMPTS: "1", RETRY_BASE_SECONDS: "1", LOG_RETENTION_DAYS: "2" },
  routes: () => [
    { operations: ["company.*"], url: `${failsOnce[0].url}/a` },
    { operations: ["company.*"], url: `${failsOnce[1].url}/b` },
    { operations: ["task.*"], url: `${neverSingle.url}/never` },
  ],
});
const singleDb = await single.edge.database();
await singleDb.batch(SCHEMA.map((sql) => singleDb.prepare(sql))); // so the log can be read before its first batch

async function sendTo(receiver, object, seed) {
  const d = delivery({ secret: receiver.secrets[0], object, action: "created", seed });
  const answer = await post(receiver.edge, d);
  assert.equal(answer.status, 202, answer.text);
  return { ...d, deliveryId: answer.json.deliveryId };
}

const letterOf = async (receiver, id) => (await logRows(receiver.edge, "SELECT * FROM dead_letters WHERE delivery_id = ?", id))[0];

/** A replay or re-drive envelope of a logged delivery, as the admin API queues it (body read from the log). */
function envelopeOf(sent, destinations, origin) {
  return { deliveryId: sent.deliveryId, eventName: sent.eventName, destinations, attempt: 1, origin, receivedAt: Date.now(), size: Buffer.byteLength(sent.body), headers: {} };
}

test("an entry keeps Twenty's headers, size, event and times; the body for LOG_RETENTION_DAYS, the rest 14 days", async () => {
  const sent = await send("note", 1);
  const entry = await waitFor("the entry", () => entryOf(sent.deliveryId));
  assert.equal(entry.event_name, "note.created");
  assert.equal(entry.size, Buffer.byteLength(sent.body));
  assert.ok(blob(entry.body).equals(Buffer.from(sent.body)), "the exact bytes");
  const expected = Object.fromEntries(["Content-Type", TWENTY_HEADERS.timestamp, TWENTY_HEADERS.signature, TWENTY_HEADERS.nonce].map((name) => [name, sent.headers[name]]));
  assert.deepEqual(JSON.parse(entry.headers), expected);
  assert.ok(Math.abs(entry.received_at - Date.now()) < 60_000);
  assert.equal(entry.body_expires_at - entry.received_at, 2 * DAY_MS, "LOG_RETENTION_DAYS = 2");
  assert.equal(entry.expires_at - entry.received_at, 14 * DAY_MS);
});

test("retention: an older body is dropped (its metadata kept), an entry and a dead letter past 14 days are deleted", async () => {
  const [old] = await waitFor("the old body dropped", async () => {
    const rows = await logRows(edge, "SELECT * FROM deliveries WHERE id = 'old-body' AND body IS NULL");
    return rows.length === 1 && rows;
  });
  assert.equal(old.state, "delivered");
  assert.deepEqual(await logRows(edge, "SELECT id FROM deliveries WHERE id = 'expired'"), []);
  assert.deepEqual(await logRows(edge, "SELECT url FROM destinations WHERE delivery_id = 'expired'"), []);
  assert.deepEqual(await logRows(edge, "SELECT delivery_id FROM dead_letters WHERE delivery_id = 'expired-letter'"), []);
});

test("states move queued → retrying (with the last failure and its time) → delivered, every try counted", async () => {
  const sent = await send("person", 2);
  const queued = await waitFor("queued while the first try hangs", async () => {
    const entry = await entryOf(sent.deliveryId);
    return entry?.state === "queued" && entry;
  });
  assert.deepEqual(queued.destinations.map((d) => [d.state, d.attempts, d.last_failure]), [["queued", 0, null]]);
  const retrying = await waitFor("retrying after the timeout", async () => {
    const entry = await entryOf(sent.deliveryId);
    return entry?.state === "retrying" && entry;
  });
  const [destination] = retrying.destinations;
  assert.deepEqual([destination.state, destination.attempts, destination.last_failure], ["retrying", 1, "TIMEOUT"]);
  assert.ok(Math.abs(destination.last_failure_at - Date.now()) < 60_000);
  const delivered = await waitFor("delivered on the retry", async () => {
    const entry = await entryOf(sent.deliveryId);
    return entry?.state === "delivered" && entry;
  });
  assert.deepEqual(delivered.destinations.map((d) => [d.state, d.attempts, d.last_failure]), [["delivered", 2, "TIMEOUT"]], "the last failure stays visible");
  assert.equal(successesById(hanging).get(sent.deliveryId).length, 1);
});

test("a 500 then a success: retrying with HTTP_500, then delivered with 2 attempts", async () => {
  const sent = await send("company", 3);
  const retrying = await waitFor("retrying", async () => {
    const entry = await entryOf(sent.deliveryId);
    return entry?.state === "retrying" && entry;
  });
  assert.equal(retrying.destinations[0].last_failure, "HTTP_500");
  const delivered = await waitFor("delivered", async () => {
    const entry = await entryOf(sent.deliveryId);
    return entry?.state === "delivered" && entry;
  });
  assert.deepEqual(delivered.destinations.map((d) => [d.state, d.attempts, d.last_failure]), [["delivered", 2, "HTTP_500"]]);
});

let dead; // the delivery that fails until it is dead, re-driven below
test("a delivery whose destination fails until it is dead: `dead`, its attempts and reasons, a dead_letters row", async () => {
  dead = await send("task", 4);
  const letter = await waitFor("the dead letter", async () => (await logRows(edge, "SELECT * FROM dead_letters WHERE delivery_id = ?", dead.deliveryId))[0]);
  assert.deepEqual(JSON.parse(letter.destinations), [`${deadUntilRedriven.url}/recovers-late`]);
  assert.equal(letter.attempts, MAX_ATTEMPTS);
  assert.equal(letter.last_failure, "HTTP_500");
  assert.ok(blob(letter.body).equals(Buffer.from(dead.body)));
  const entry = await entryOf(dead.deliveryId);
  assert.equal(entry.state, "dead");
  assert.deepEqual(entry.destinations.map((d) => [d.state, d.attempts, d.last_failure]), [["dead", MAX_ATTEMPTS, "HTTP_500"]]);
});

test("fan-out: one destination delivered, the other dead: the delivery is dead (the worst of its destinations')", async () => {
  const sent = await send("note", 5);
  const entry = await waitFor("dead", async () => {
    const e = await entryOf(sent.deliveryId);
    return e?.state === "dead" && e;
  });
  const byUrl = Object.fromEntries(entry.destinations.map((d) => [d.url, [d.state, d.attempts]]));
  assert.deepEqual(byUrl, { [`${steady.url}/steady`]: ["delivered", 1], [`${never.url}/never`]: ["dead", MAX_ATTEMPTS] });
  assert.equal(successesById(steady).get(sent.deliveryId).length, 1, "the retry skipped the destination that had it");
});

test("a redrive envelope (body read back from the log) delivers once, same id, and removes the dead letter; a replay arrives again; every try counts", async () => {
  const queue = await edge.queue();
  const { deliveryId } = dead;
  const destinations = [`${deadUntilRedriven.url}/recovers-late`];
  const envelope = { deliveryId, eventName: "task.created", destinations, attempt: 1, receivedAt: Date.now(), size: Buffer.byteLength(dead.body), headers: {} };
  await queue.send({ ...envelope, origin: "redrive" }, { contentType: "v8" });
  await waitFor("the re-driven delivery at the destination", () => successesById(deadUntilRedriven).get(deliveryId)?.length === 1);
  const redriven = await waitFor("the dead letter gone", async () => {
    const letters = await logRows(edge, "SELECT delivery_id FROM dead_letters WHERE delivery_id = ?", deliveryId);
    const entry = await entryOf(deliveryId);
    return letters.length === 0 && entry.state === "delivered" && entry;
  });
  assert.deepEqual(redriven.destinations.map((d) => [d.state, d.attempts]), [["delivered", MAX_ATTEMPTS + 1]]);
  const [record] = successesById(deadUntilRedriven).get(deliveryId);
  assert.ok(record.body.equals(Buffer.from(dead.body)) && record.verified, "the original bytes, re-signed");

  await queue.send({ ...envelope, origin: "replay" }, { contentType: "v8" });
  await waitFor("the replay at the destination", () => successesById(deadUntilRedriven).get(deliveryId)?.length === 2);
  const replayed = await waitFor("the replay counted", async () => {
    const entry = await entryOf(deliveryId);
    return entry.destinations[0].attempts === MAX_ATTEMPTS + 2 && entry;
  });
  assert.equal(replayed.state, "delivered");
  assert.equal(new Set(deadUntilRedriven.deliveries.map((r) => r.deliveryId)).size, 1, "always the same delivery id");
});

test("the hourly cron trigger cleans up too: a dead letter's expired body, destinations whose entry is gone", async () => {
  const at = Date.now();
  await db.batch([
    db.prepare("INSERT INTO dead_letters (delivery_id, event_name, destinations, attempts, dead_at, body, body_expires_at, expires_at) VALUES ('letter-body-expired', 'task.created', '[]', 1, ?1, X'7B7D', ?2, ?3)").bind(at, at - 1_000, at + DAY_MS),
    db.prepare("INSERT INTO dead_letters (delivery_id, event_name, destinations, attempts, dead_at, body, body_expires_at, expires_at) VALUES ('letter-body-kept', 'task.created', '[]', 1, ?1, X'7B7D', ?2, ?2)").bind(at, at + DAY_MS),
    db.prepare("INSERT INTO destinations VALUES ('entry-gone', 'https://gone.example/', 'delivered', 1, NULL, NULL)"),
  ]);
  const { outcome } = await edge.scheduled();
  assert.equal(outcome, "ok");
  const letters = await logRows(edge, "SELECT delivery_id, body FROM dead_letters WHERE delivery_id LIKE 'letter-body-%' ORDER BY delivery_id");
  assert.deepEqual(letters.map((l) => [l.delivery_id, l.body === null]), [["letter-body-expired", true], ["letter-body-kept", false]]);
  assert.deepEqual(await logRows(edge, "SELECT url FROM destinations WHERE delivery_id = 'entry-gone'"), []);
});

let twoDead; // dead at its first try on both of its destinations
test("MAX_ATTEMPTS = 1: the dead letter shows the try that ended it (attempts, last failure and its time), its body kept as long as the delivery's", async () => {
  twoDead = await sendTo(single, "company", 11);
  const letter = await waitFor("the dead letter", () => letterOf(single, twoDead.deliveryId));
  assert.deepEqual(JSON.parse(letter.destinations).sort(), [`${failsOnce[0].url}/a`, `${failsOnce[1].url}/b`].sort());
  assert.equal(letter.attempts, 1);
  assert.equal(letter.last_failure, "HTTP_500");
  assert.ok(letter.last_failure_at <= letter.dead_at && letter.dead_at - letter.last_failure_at < 60_000);
  assert.equal(letter.redriving_at, null);
  assert.ok(blob(letter.body).equals(Buffer.from(twoDead.body)));
  const entry = await waitFor("the entry dead", async () => {
    const e = await logEntry(single.edge, twoDead.deliveryId);
    return e?.state === "dead" && e;
  });
  assert.equal(letter.body_expires_at, entry.body_expires_at, "LOG_RETENTION_DAYS after it was received");
  assert.deepEqual(entry.destinations.map((d) => [d.state, d.attempts, d.last_failure, d.last_failure_at]), [
    ["dead", 1, "HTTP_500", letter.last_failure_at],
    ["dead", 1, "HTTP_500", letter.last_failure_at],
  ]);
});

test("a replay that gets a dead delivery to every destination its letter lists removes the letter (one of two: it stays)", async () => {
  const queue = await single.edge.queue();
  const [a, b] = [`${failsOnce[0].url}/a`, `${failsOnce[1].url}/b`];
  await queue.send(envelopeOf(twoDead, [a], "replay"), { contentType: "v8" });
  await waitFor("/a delivered", async () => (await logEntry(single.edge, twoDead.deliveryId)).destinations.find((d) => d.url === a).state === "delivered");
  assert.ok(await letterOf(single, twoDead.deliveryId), "/b still lacks it: the letter stays");
  await queue.send(envelopeOf(twoDead, [b], "replay"), { contentType: "v8" });
  await waitFor("the letter gone", async () => (await letterOf(single, twoDead.deliveryId)) === undefined);
  assert.equal((await logEntry(single.edge, twoDead.deliveryId)).state, "delivered");
  assert.equal(successesById(failsOnce[0]).get(twoDead.deliveryId).length, 1);
  assert.equal(successesById(failsOnce[1]).get(twoDead.deliveryId).length, 1);
});

test("a re-drive that dies again frees its letter for another re-drive (redriving_at back to NULL), with the new try's failure", async () => {
  const sent = await sendTo(single, "task", 12);
  const first = await waitFor("the dead letter", () => letterOf(single, sent.deliveryId));
  await logRows(single.edge, "UPDATE dead_letters SET redriving_at = ?1 WHERE delivery_id = ?2", Date.now(), sent.deliveryId);
  const queue = await single.edge.queue();
  await queue.send(envelopeOf(sent, [`${neverSingle.url}/never`], "redrive"), { contentType: "v8" });
  const again = await waitFor("dead again", async () => {
    const letter = await letterOf(single, sent.deliveryId);
    return letter.dead_at > first.dead_at && letter;
  });
  assert.equal(again.redriving_at, null);
  assert.equal(again.attempts, 1);
  assert.ok(again.last_failure_at > first.last_failure_at);
  assert.ok(blob(again.body).equals(Buffer.from(sent.body)));
});

test("a re-drive whose entry's body is gone sends the body its dead letter keeps; with none left at all it frees the letter (redriving_at NULL)", async () => {
  const queue = await single.edge.queue();
  const never = `${neverSingle.url}/never`;
  const kept = await sendTo(single, "task", 13);
  await waitFor("its dead letter", () => letterOf(single, kept.deliveryId));
  await logRows(single.edge, "UPDATE deliveries SET body = NULL WHERE id = ?1", kept.deliveryId);
  await queue.send(envelopeOf(kept, [never], "redrive"), { contentType: "v8" });
  const tried = await waitFor("tried again", async () => {
    const [destination] = (await logEntry(single.edge, kept.deliveryId)).destinations;
    return destination.attempts === 2 && destination;
  });
  assert.equal(tried.last_failure, "HTTP_500", "forwarded with the letter's body, not BODY_EXPIRED");

  const gone = await sendTo(single, "task", 14);
  await waitFor("its dead letter", () => letterOf(single, gone.deliveryId));
  await logRows(single.edge, "UPDATE deliveries SET body = NULL WHERE id = ?1", gone.deliveryId);
  await logRows(single.edge, "UPDATE dead_letters SET body = NULL, redriving_at = ?1 WHERE delivery_id = ?2", Date.now(), gone.deliveryId);
  await queue.send(envelopeOf(gone, [never], "redrive"), { contentType: "v8" });
  const freed = await waitFor("the letter free again", async () => {
    const letter = await letterOf(single, gone.deliveryId);
    return letter.redriving_at === null && letter;
  });
  assert.equal(freed.delivery_id, gone.deliveryId);
  const [destination] = (await logEntry(single.edge, gone.deliveryId)).destinations;
  assert.deepEqual([destination.state, destination.last_failure], ["dead", "BODY_EXPIRED"]);
});

// The log's own statements, run on the receiver's D1 (workerd) from Node: the races a queue
// cannot be made to produce on demand.
const [A, B] = ["https://a.example/hook", "https://b.example/hook"];

async function seedEntry(id, states) {
  const at = Date.now();
  await db.batch(claimStatements(db, { deliveryId: id, eventName: "task.created", receivedAt: at, size: 2, headers: {}, destinations: Object.keys(states) }, null, `claim-${id}`, 2));
  for (const [url, state] of Object.entries(states)) await setState(id, url, state);
}
const setState = (id, url, state) => logRows(edge, "UPDATE destinations SET state = ?1 WHERE delivery_id = ?2 AND url = ?3", state, id, url);
const recordLetter = (id, destinations, extra = {}) =>
  db.batch(deadLetterStatements(db, { deliveryId: id, eventName: "task.created", destinations, receivedAt: Date.now(), ...extra }, Date.now(), 2));
const statesOf = async (id) => Object.fromEntries((await entryOf(id)).destinations.map((d) => [d.url, d.state]));
const listedBy = async (id) => {
  const [letter] = await logRows(edge, "SELECT * FROM dead_letters WHERE delivery_id = ?", id);
  return letter && { destinations: JSON.parse(letter.destinations), redrivingAt: letter.redriving_at };
};

test("a letter lists only destinations without the delivery (a delivered one stays delivered); none left: no letter", async () => {
  await seedEntry("sql-partly", { [A]: "delivered", [B]: "retrying" });
  await recordLetter("sql-partly", [A, B]); // as the queue dead-letters a message itself: no attempts, no failure
  assert.deepEqual(await listedBy("sql-partly"), { destinations: [B], redrivingAt: null });
  assert.deepEqual(await statesOf("sql-partly"), { [A]: "delivered", [B]: "dead" });
  await seedEntry("sql-all-delivered", { [A]: "delivered" });
  await recordLetter("sql-all-delivered", [A]);
  assert.equal(await listedBy("sql-all-delivered"), undefined);
  assert.deepEqual(await statesOf("sql-all-delivered"), { [A]: "delivered" });
});

test("a second letter for a delivery keeps the first's destinations still dead and adds its own; it frees the letter only when no re-drive is under way", async () => {
  await seedEntry("sql-merge", { [A]: "dead", [B]: "queued" });
  await recordLetter("sql-merge", [A]);
  await setState("sql-merge", B, "dead"); // a replay to B that died (its try written)
  await recordLetter("sql-merge", [B]);
  assert.deepEqual(await listedBy("sql-merge"), { destinations: [A, B], redrivingAt: null });

  const since = Date.now();
  await logRows(edge, "UPDATE dead_letters SET redriving_at = ?1 WHERE delivery_id = 'sql-merge'", since);
  await setState("sql-merge", A, "retrying"); // the re-drive to A and B is still trying A…
  await recordLetter("sql-merge", [B]); // …when B's chain dies
  assert.equal((await listedBy("sql-merge")).redrivingAt, since, "the re-drive still holds it");
  await setState("sql-merge", A, "dead"); // the re-drive's chain dies too
  await recordLetter("sql-merge", [A]);
  assert.deepEqual(await listedBy("sql-merge"), { destinations: [B, A], redrivingAt: null });
});

test("direct mode's writes land in either order: a destination that got the delivery stays delivered, a letter lists only one that never did", async () => {
  // Direct mode writes each request's try after its answer (accept.js), so a re-send's write may
  // land before the refusal's. `tries`: each request's results, A and B; then every order.
  const write = (id, results) => db.batch(directTryStatements(db, { deliveryId: id, eventName: "task.created", receivedAt: Date.now(), size: 2, headers: {}, destinations: [A, B], body: null }, results, Date.now(), 2));
  const tried = (a, b) => [{ url: A, ...a }, { url: B, ...b }];
  const ok = { state: "delivered", reason: null };
  const refused = { state: "dead", reason: "HTTP_500" };
  const cases = [
    // A refusal (B failed), then a re-send delivered to both: no letter, in either order.
    { name: "refused-then-delivered", tries: [tried(ok, refused), tried(ok, ok)], states: { [A]: "delivered", [B]: "delivered" }, letter: undefined },
    // Each of two refusals reached the destination the other missed: both have it, no letter.
    { name: "crossed-refusals", tries: [tried(ok, refused), tried(refused, ok)], states: { [A]: "delivered", [B]: "delivered" }, letter: undefined },
    // B never got it: listed, whichever came last.
    { name: "b-never", tries: [tried(ok, refused), tried(refused, refused)], states: { [A]: "delivered", [B]: "dead" }, letter: [B] },
  ];
  for (const { name, tries, states, letter } of cases) {
    for (const [order, sequence] of [["in-order", tries], ["reversed", [...tries].reverse()]]) {
      const id = `sql-direct-${name}-${order}`;
      for (const results of sequence) await write(id, results);
      assert.deepEqual(await statesOf(id), states, id);
      assert.deepEqual((await listedBy(id))?.destinations, letter, id);
      assert.equal((await entryOf(id)).state, letter ? "dead" : "delivered", id);
    }
  }
});

test("a claim returns how many times its owner ran it (1: new, so the relay is told); another message's claim returns nothing", async () => {
  const envelope = { deliveryId: "sql-claim", eventName: "task.created", receivedAt: Date.now(), size: 2, headers: {}, destinations: [A] };
  const runs = async (owner) => (await db.batch(claimStatements(db, envelope, null, owner, 2)))[0].results.map((row) => row.claim_runs);
  assert.deepEqual(await runs("message-1"), [1]);
  assert.deepEqual(await runs("message-1"), [2]);
  assert.deepEqual(await runs("message-2"), []);
});
