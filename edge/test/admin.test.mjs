// The admin API in workerd, against the delivery log the consumer writes (D1): 404 everywhere
// while ADMIN_TOKEN is unset; 401 with no detail for a missing or wrong token on every path
// (the WebSocket upgrade included); a delivery that dies shows as `dead` with its attempts and
// reasons, is re-driven once the destination recovers (once, same id) and leaves the dead-letter
// list; a replay arrives again under the same id; both counted in the log. Then the refusals
// (foreign destination, unknown ids, bad parameters), paging, filters, CORS, and no secret in
// any answer or log line.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { generateSecret } from "twenty-webhooks";
import { redrive as redriveAction, replay as replayAction } from "../src/admin/actions.js";
import { setDestinationStates } from "../src/admin/queries.js";
import { ADMIN_REQUESTS, adminClient, allPages } from "./lib/admin.mjs";
import { delivery, logRows, pool, post, startPair, startStoppedAfter, successesById, waitFor } from "./lib/harness.mjs";
import { connect } from "./lib/websocket.mjs";

const ADMIN_TOKEN = randomBytes(24).toString("base64url");
const PAGE_ORIGIN = "http://localhost:8080";
const MAX_ATTEMPTS = 3;
const forwardSecret = generateSecret();
// Answers 500 to each delivery's first MAX_ATTEMPTS tries (so it dies), then recovers.
const recovering = await startStoppedAfter({ forwardSecret, failFirst: MAX_ATTEMPTS });
const { sink: steady, edge, secrets } = await startPair({
  forwardSecret,
  corsOrigins: [PAGE_ORIGIN],
  vars: { ADMIN_TOKEN, MAX_ATTEMPTS: String(MAX_ATTEMPTS), RETRY_BASE_SECONDS: "0" },
  routes: (steadyUrl) => [
    { operations: ["task.*"], url: `${recovering.url}/recovers` },
    { operations: ["note.*"], url: `${recovering.url}/many` },
    { operations: ["person.*", "company.*"], url: `${steadyUrl}/steady` },
  ],
});
const DYING_URL = `${recovering.url}/recovers`;
const MANY_URL = `${recovering.url}/many`;
const STEADY_URL = `${steady.url}/steady`;
const { edge: off } = await startPair({}); // no ADMIN_TOKEN: no admin API at all
const client = adminClient(edge, ADMIN_TOKEN);

async function send(object, action, seed) {
  const d = delivery({ secret: secrets[seed % 2], object, action, seed });
  const answer = await post(edge, d);
  assert.equal(answer.status, 202, answer.text);
  return { ...d, deliveryId: answer.json.deliveryId };
}

async function show(id) {
  const answer = await client.call(`/admin/deliveries/${id}`);
  assert.equal(answer.status, 200, answer.text);
  return answer.json;
}

/** Waits until the log has delivery `id` in `state` (and `attempts` when given). */
function logShows(id, state, attempts) {
  return waitFor(`delivery ${id} ${state} in the log`, async () => {
    const answer = await client.call(`/admin/deliveries/${id}`);
    return answer.status === 200 && answer.json.state === state && (attempts === undefined || answer.json.attempts === attempts) && answer.json;
  });
}

/** A re-drive-all's answer with nothing in it, and `fields` on top. */
function redriveAnswer(fields) {
  return { redriving: 0, deliveryIds: [], alreadyRedriving: [], bodyExpired: [], remaining: 0, ...fields };
}

/** A named re-drive's answer (no `remaining`: that counts "all") with nothing in it, and `fields` on top. */
function namedAnswer(fields) {
  return { redriving: 0, deliveryIds: [], alreadyRedriving: [], bodyExpired: [], ...fields };
}

async function deadLetterIds() {
  const answer = await client.call("/admin/dead-letters");
  assert.equal(answer.status, 200, answer.text);
  return answer.json.deadLetters.map((letter) => letter.deliveryId);
}

function expectError(answer, status, code) {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.json?.error?.code, code, answer.text);
  assert.deepEqual(Object.keys(answer.json.error).sort(), ["code", "hint", "message"]);
}

test("without ADMIN_TOKEN every /admin/* path is the ordinary 404, with or without a token, the upgrade and preflights included", async () => {
  const offClient = adminClient(off, ADMIN_TOKEN);
  for (const { method, path } of ADMIN_REQUESTS) {
    for (const token of [null, ADMIN_TOKEN]) expectError(await offClient.call(path, { method, token }), 404, "NOT_FOUND");
    const preflight = await offClient.call(path, { method: "OPTIONS", token: null, headers: { Origin: PAGE_ORIGIN, "Access-Control-Request-Method": "GET" } });
    assert.equal(preflight.status, 404);
  }
  const upgrade = await connect(`${off.url}/admin/relay`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  assert.equal(upgrade.status, 404);
  assert.equal(upgrade.json.error.code, "NOT_FOUND");
});

test("with ADMIN_TOKEN, a missing or wrong token is 401 UNAUTHORIZED with no detail on every admin path, the WebSocket upgrade included", async () => {
  const wrong = [
    {}, // no Authorization
    { Authorization: "Bearer" },
    { Authorization: `Bearer ${randomBytes(24).toString("base64url")}` }, // same length
    { Authorization: `Bearer ${ADMIN_TOKEN}x` },
    { Authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}` },
    { Authorization: `Bearer ${ADMIN_TOKEN.toUpperCase()}` },
    { Authorization: ADMIN_TOKEN }, // no scheme
    { Authorization: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString("base64")}` },
  ];
  const bodies = new Set();
  for (const { method, path } of ADMIN_REQUESTS) {
    for (const headers of wrong) {
      const answer = await client.call(path, { method, token: null, headers });
      expectError(answer, 401, "UNAUTHORIZED");
      assert.equal(answer.headers.get("www-authenticate"), "Bearer");
      bodies.add(answer.text);
    }
  }
  for (const headers of wrong) {
    const upgrade = await connect(`${edge.url}/admin/relay`, { headers });
    assert.equal(upgrade.status, 401, upgrade.text);
    assert.equal(upgrade.json.error.code, "UNAUTHORIZED");
    bodies.add(upgrade.text);
  }
  assert.equal(bodies.size, 1, "every refusal is the same answer: nothing says what was wrong");
  const right = await client.call("/admin/deliveries");
  assert.equal(right.status, 200, right.text);
  assert.deepEqual(Object.keys(right.json).sort(), ["deliveries", "nextCursor"]);
  // The scheme is case-insensitive (RFC 9110); the token is not.
  assert.equal((await client.call("/admin/deliveries", { token: null, headers: { Authorization: `bearer ${ADMIN_TOKEN}` } })).status, 200);
});

const dying = {};

test("a delivery whose destination fails until it is dead shows as dead, with its attempts and reasons, in the log and the dead-letter list", async () => {
  dying.first = await send("task", "updated", 1);
  dying.second = await send("task", "created", 2);
  await waitFor("both in the dead-letter list", async () => {
    const ids = await deadLetterIds();
    return [dying.first, dying.second].every((d) => ids.includes(d.deliveryId));
  });
  for (const d of [dying.first, dying.second]) {
    const entry = await logShows(d.deliveryId, "dead");
    assert.equal(entry.eventName, d.eventName);
    assert.equal(entry.attempts, MAX_ATTEMPTS);
    assert.equal(entry.size, Buffer.byteLength(d.body));
    assert.equal(entry.body, d.body, "the body as Twenty sent it");
    assert.equal(entry.bodyExpired, false);
    assert.deepEqual(entry.headers, d.headers, "Twenty's headers as received");
    assert.equal(entry.destinations.length, 1);
    const [destination] = entry.destinations;
    assert.equal(destination.url, DYING_URL);
    assert.equal(destination.state, "dead");
    assert.equal(destination.attempts, MAX_ATTEMPTS);
    assert.equal(destination.lastFailure.reason, "HTTP_500");
    assert.ok(!Number.isNaN(Date.parse(destination.lastFailure.at)));
    assert.equal(recovering.deliveries.filter((r) => r.deliveryId === d.deliveryId).length, MAX_ATTEMPTS);
  }
  const { items: letters, sizes } = await allPages(client, "/admin/dead-letters", "deadLetters", 1);
  assert.deepEqual(sizes, [1, 1]);
  for (const letter of letters) {
    const [destination] = (await show(letter.deliveryId)).destinations;
    assert.equal(letter.lastFailure.at, destination.lastFailure.at, "the last failed try's time, not when the letter was recorded");
    assert.deepEqual((await show(letter.deliveryId)).deadLetter, { deadAt: letter.deadAt, redrivingSince: null, bodyKept: true }, "the delivery says it is a dead letter that can be re-driven");
    assert.ok(letter.lastFailure.at < letter.deadAt);
    assert.equal(letter.redrivingSince, null);
  }
  assert.deepEqual(letters.map((l) => l.deliveryId).sort(), [dying.first.deliveryId, dying.second.deliveryId].sort());
  assert.ok(letters[0].deadAt >= letters[1].deadAt, "newest first");
  for (const letter of letters) {
    assert.deepEqual(letter.destinations, [DYING_URL]);
    assert.equal(letter.attempts, MAX_ATTEMPTS);
    assert.equal(letter.lastFailure.reason, "HTTP_500");
    assert.ok(!Number.isNaN(Date.parse(letter.deadAt)) && !Number.isNaN(Date.parse(letter.lastFailure.at)));
  }
  const dead = await allPages(client, "/admin/deliveries?state=dead", "deliveries", 100);
  assert.deepEqual(dead.items.map((e) => e.deliveryId).sort(), [dying.first.deliveryId, dying.second.deliveryId].sort());
});

test("a queue that refuses (here: no DELIVERIES binding at all) changes nothing: states and the re-drive's claim are put back", async () => {
  // The admin actions run in Node against the receiver's own D1 log: only the missing queue
  // binding differs, which the config check now refuses before any request (unit.test.mjs).
  const env = { LOG: await edge.database(), DELIVERIES: undefined };
  const tries = recovering.deliveries.length;
  for (const action of [() => redriveAction(env, [dying.first.deliveryId], Date.now()), () => redriveAction(env, null, Date.now()), () => replayAction(env, dying.first.deliveryId, null, Date.now())]) {
    const answer = await action();
    assert.equal(answer.status, 503);
    assert.equal(answer.body.error.code, "ENQUEUE_FAILED");
  }
  for (const d of [dying.first, dying.second]) {
    const entry = await show(d.deliveryId);
    assert.equal(entry.state, "dead", "not left queued");
    assert.deepEqual(entry.destinations.map((x) => x.state), ["dead"]);
  }
  const { json } = await client.call("/admin/dead-letters");
  assert.deepEqual(json.deadLetters.map((letter) => letter.redrivingSince), [null, null], "free to be re-driven again");
  assert.equal(recovering.deliveries.length, tries, "nothing was sent");
});

test("a re-drive that fails after its claim lets go of it; a claim older than 2 minutes with nothing sent heals; a recent one holds", async () => {
  const db = await edge.database();
  const id = dying.first.deliveryId;
  const redrivingSince = async () => (await logRows(edge, "SELECT redriving_at FROM dead_letters WHERE delivery_id = ?", id))[0].redriving_at;
  // The log fails once the letters are claimed (reading them for the envelopes).
  const failing = {
    prepare(sql) {
      if (sql.includes("LEFT JOIN deliveries d")) throw new Error("D1 down");
      return db.prepare(sql);
    },
    batch: (statements) => db.batch(statements),
    exec: (sql) => db.exec(sql),
  };
  await assert.rejects(redriveAction({ LOG: failing, DELIVERIES: undefined }, [id], Date.now()), /D1 down/);
  assert.equal(await redrivingSince(), null, "the failed re-drive's claim is let go");
  // A claim left by a re-drive that died before sending (say, the isolate was killed).
  const noQueue = { LOG: db, DELIVERIES: undefined };
  await logRows(edge, "UPDATE dead_letters SET redriving_at = ? WHERE delivery_id = ?", Date.now() - 30_000, id);
  assert.deepEqual((await redriveAction(noQueue, [id], Date.now())).body, namedAnswer({ alreadyRedriving: [id] }), "a recent claim holds");
  assert.notEqual((await show(id)).deadLetter.redrivingSince, null);
  const listed = async () => (await client.call("/admin/dead-letters")).json.deadLetters.find((letter) => letter.deliveryId === id);
  assert.notEqual((await listed()).redrivingSince, null);
  await logRows(edge, "UPDATE dead_letters SET redriving_at = ? WHERE delivery_id = ?", Date.now() - 121_000, id);
  assert.equal((await show(id)).deadLetter.redrivingSince, null, "shown free once the hold has lapsed");
  assert.equal((await listed()).redrivingSince, null);
  assert.equal((await show(id)).deadLetter.bodyKept, true);
  const healed = await redriveAction(noQueue, [id], Date.now());
  assert.equal(healed.body.error?.code, "ENQUEUE_FAILED", "taken again (then refused by the missing queue)");
  assert.equal(await redrivingSince(), null);
  assert.deepEqual((await show(id)).destinations.map((x) => x.state), ["dead"]);
});

test("a re-drive takes only the listed destinations still dead; a letter with none is not taken; a refused one leaves a state the consumer changed", async () => {
  const db = await edge.database();
  const id = dying.first.deliveryId;
  const noQueue = { LOG: db, DELIVERIES: undefined };
  const tries = recovering.deliveries.length;
  // As the consumer would: the destination's state and the delivery's own, recomputed.
  const setState = (state) => setDestinationStates(db, [{ deliveryId: id, url: DYING_URL, state }]);
  try {
    await setState("retrying"); // say, a replay of it is on its way
    assert.deepEqual((await redriveAction(noQueue, [id], Date.now())).body, namedAnswer({}), "named: not taken");
    const all = await redriveAction(noQueue, null, Date.now());
    assert.equal(all.body.error?.code, "ENQUEUE_FAILED", "all: the other letter is taken");
    await setState("dead");
    // A queue that refuses after the consumer already finished a copy (its state moved on).
    const racing = { LOG: db, DELIVERIES: { sendBatch: async () => (await setState("delivered"), Promise.reject(new Error("queue down"))) } };
    assert.equal((await redriveAction(racing, [id], Date.now())).body.error?.code, "ENQUEUE_FAILED");
    assert.deepEqual((await logRows(edge, "SELECT state FROM destinations WHERE delivery_id = ?", id)).map((r) => r.state), ["delivered"], "not put back to dead");
  } finally {
    await setState("dead");
  }
  assert.equal((await show(id)).state, "dead");
  assert.equal(recovering.deliveries.length, tries, "nothing was sent");
});

test("a letter taken but gone (delivered meanwhile) or whose body went since the claim is no queue refusal: 202, the latter in bodyExpired", async () => {
  const db = await edge.database();
  const id = dying.first.deliveryId;
  const READ_LETTERS = "FROM dead_letters l LEFT JOIN deliveries d";
  /** The log as it is, but the letters read after the claim seen through `change` (its SQL rewritten). */
  const logWith = (change) => ({
    prepare: (sql) => db.prepare(sql.includes(READ_LETTERS) ? change(sql) : sql),
    batch: (statements) => db.batch(statements),
    exec: (sql) => db.exec(sql),
  });
  const deletedMeanwhile = logWith((sql) => sql.replace("WHERE l.delivery_id IN", "WHERE 0 AND l.delivery_id IN"));
  const expiredMeanwhile = logWith((sql) => sql.replace(/COALESCE\(CASE WHEN l\.body_expires_at[\s\S]*\) AS body/, "NULL AS body"));
  assert.deepEqual(await redriveAction({ LOG: deletedMeanwhile, DELIVERIES: undefined }, [id], Date.now()), { status: 202, body: namedAnswer({}) });
  assert.deepEqual(await redriveAction({ LOG: expiredMeanwhile, DELIVERIES: undefined }, [id], Date.now()), { status: 202, body: namedAnswer({ bodyExpired: [id] }) });
  const { json } = await client.call("/admin/dead-letters");
  assert.deepEqual(json.deadLetters.map((letter) => letter.redrivingSince), [null, null], "let go of");
});

test("after the destination recovers, a re-drive delivers it once under the same id, and it leaves the dead-letter list", async () => {
  const redriven = async (d) => {
    await waitFor("the re-driven delivery at the destination", () => successesById(recovering).has(d.deliveryId));
    await logShows(d.deliveryId, "delivered");
    await waitFor("the dead letter gone from the list", async () => !(await deadLetterIds()).includes(d.deliveryId));
  };
  const byId = await client.call("/admin/dead-letters/redrive", { method: "POST", json: { ids: [dying.first.deliveryId] } });
  assert.equal(byId.status, 202, byId.text);
  assert.deepEqual(byId.json, namedAnswer({ redriving: 1, deliveryIds: [dying.first.deliveryId] }));
  await redriven(dying.first);
  assert.deepEqual(await deadLetterIds(), [dying.second.deliveryId], "the other one is still dead");
  const all = await client.call("/admin/dead-letters/redrive", { method: "POST" }); // empty body: every dead letter
  assert.equal(all.status, 202, all.text);
  assert.deepEqual(all.json, redriveAnswer({ redriving: 1, deliveryIds: [dying.second.deliveryId] }));
  await redriven(dying.second);
  await new Promise((resolve) => setTimeout(resolve, 2_000)); // time for a stray second copy to show
  for (const d of [dying.first, dying.second]) {
    const arrivals = successesById(recovering).get(d.deliveryId);
    assert.equal(arrivals.length, 1, "delivered once");
    assert.equal(arrivals[0].headers["webhook-id"], d.deliveryId, "under the same delivery id");
    assert.equal(arrivals[0].body.toString("utf8"), d.body, "the original bytes");
    assert.equal(arrivals[0].verified, true, "re-signed with FORWARD_SECRET");
    const entry = await show(d.deliveryId);
    assert.equal(entry.state, "delivered");
    assert.equal(entry.deadLetter, null, "no longer a dead letter");
    assert.equal(entry.attempts, MAX_ATTEMPTS + 1, "the log counts every try, the dead ones and the re-drive");
    assert.deepEqual(entry.destinations.map((x) => [x.state, x.attempts]), [["delivered", MAX_ATTEMPTS + 1]]);
  }
  assert.deepEqual(await deadLetterIds(), []);
  assert.deepEqual((await client.call("/admin/dead-letters/redrive", { method: "POST" })).json, redriveAnswer({}));
});

test("a replay of a delivered one arrives again with the same id, the original bytes, re-signed; the log counts both", async () => {
  const d = await send("person", "created", 3);
  await waitFor("the first arrival", () => successesById(steady).has(d.deliveryId));
  await logShows(d.deliveryId, "delivered", 1);
  const replay = await client.call(`/admin/deliveries/${d.deliveryId}/replay`, { method: "POST" });
  assert.equal(replay.status, 202, replay.text);
  assert.deepEqual(replay.json, { replaying: true, deliveryId: d.deliveryId, destinations: [STEADY_URL] });
  const arrivals = await waitFor("the replay at the destination", () => successesById(steady).get(d.deliveryId)?.length === 2 && successesById(steady).get(d.deliveryId));
  for (const hop of arrivals) {
    assert.equal(hop.headers["webhook-id"], d.deliveryId);
    assert.equal(hop.body.toString("utf8"), d.body);
    assert.equal(hop.verified, true);
  }
  const entry = await logShows(d.deliveryId, "delivered", 2);
  assert.equal(entry.destinations[0].attempts, 2);
  // Naming its own destination explicitly works alike.
  const named = await client.call(`/admin/deliveries/${d.deliveryId}/replay`, { method: "POST", json: { destinations: [STEADY_URL] } });
  assert.equal(named.status, 202, named.text);
  await waitFor("the third arrival", () => successesById(steady).get(d.deliveryId)?.length === 3);
  await logShows(d.deliveryId, "delivered", 3);
});

test("refusals: a destination that is not the delivery's (400), unknown ids (404, 400), bad parameters (400)", async () => {
  const d = await send("company", "created", 4);
  await logShows(d.deliveryId, "delivered");
  const replay = (json, id = d.deliveryId) => client.call(`/admin/deliveries/${id}/replay`, { method: "POST", json });
  expectError(await replay({ destinations: [DYING_URL] }), 400, "INVALID_REQUEST");
  expectError(await replay({ destinations: [STEADY_URL, "http://127.0.0.1:1/elsewhere"] }), 400, "INVALID_REQUEST");
  expectError(await replay({ destinations: [] }), 400, "INVALID_REQUEST");
  expectError(await replay({ destinations: "all" }), 400, "INVALID_REQUEST");
  const unknown = "f".repeat(d.deliveryId.length);
  expectError(await replay(undefined, unknown), 404, "DELIVERY_NOT_FOUND");
  expectError(await client.call(`/admin/deliveries/${unknown}`), 404, "DELIVERY_NOT_FOUND");
  expectError(await client.call("/admin/dead-letters/redrive", { method: "POST", json: { ids: [unknown] } }), 400, "INVALID_REQUEST");
  expectError(await client.call("/admin/dead-letters/redrive", { method: "POST", json: { ids: "all" } }), 400, "INVALID_REQUEST");
  const tooMany = Array.from({ length: 101 }, (_, i) => `${unknown.slice(0, -3)}${String(i).padStart(3, "0")}`);
  expectError(await client.call("/admin/dead-letters/redrive", { method: "POST", json: { ids: tooMany } }), 400, "INVALID_REQUEST");
  for (const query of ["limit=0", "limit=101", "limit=ten", "limit=-1", "state=lost", "state=toString", "cursor=garbage", "cursor=WzEsMl0"]) {
    expectError(await client.call(`/admin/deliveries?${query}`), 400, "INVALID_REQUEST");
  }
  expectError(await client.call("/admin/dead-letters?limit=500"), 400, "INVALID_REQUEST");
  const notJson = await post(edge, { path: `/admin/deliveries/${d.deliveryId}/replay`, body: "destinations=all", headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  expectError(notJson, 400, "INVALID_REQUEST");
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  assert.equal(successesById(steady).get(d.deliveryId).length, 1, "no refused replay was sent");
});

test("lists are newest first and page with a cursor; state and event filters", async () => {
  const sent = [];
  for (let seed = 10; seed < 17; seed++) sent.push(await send("company", "updated", seed));
  for (const d of sent) await logShows(d.deliveryId, "delivered");
  const { items, sizes } = await allPages(client, "/admin/deliveries?event=company.updated", "deliveries", 3);
  assert.deepEqual(sizes, [3, 3, 1]);
  assert.deepEqual(items.map((e) => e.deliveryId).sort(), sent.map((d) => d.deliveryId).sort());
  for (let i = 1; i < items.length; i++) {
    const [a, b] = [items[i - 1], items[i]];
    assert.ok(a.receivedAt > b.receivedAt || (a.receivedAt === b.receivedAt && a.deliveryId > b.deliveryId), "newest first");
  }
  assert.equal(items[0].deliveryId, sent.at(-1).deliveryId, "the last sent is first");
  for (const e of items) {
    assert.equal(e.eventName, "company.updated");
    assert.deepEqual(Object.keys(e).sort(), ["attempts", "deliveryId", "destinations", "eventName", "receivedAt", "size", "state"]);
  }
  const everything = await allPages(client, "/admin/deliveries", "deliveries", 2);
  const oneList = (await client.call("/admin/deliveries?limit=100")).json.deliveries;
  assert.deepEqual(everything.items, oneList, "pages of 2 make the same list as one page");
  assert.equal(new Set(oneList.map((e) => e.deliveryId)).size, oneList.length);
  const delivered = (await client.call("/admin/deliveries?state=delivered&limit=100")).json.deliveries;
  assert.ok(delivered.length >= sent.length + 3 && delivered.every((e) => e.state === "delivered"));
  assert.deepEqual((await client.call("/admin/deliveries?state=retrying")).json, { deliveries: [], nextCursor: null });
  assert.deepEqual((await client.call("/admin/deliveries?event=opportunity.created")).json, { deliveries: [], nextCursor: null });
  assert.equal((await client.call("/admin/deliveries?event=person.created")).json.deliveries.length, 1);
});

test("a body no longer kept (LOG_RETENTION_DAYS passed): shown as expired; replay and a named re-drive are 410, re-drive all skips it", async () => {
  const delivered = await send("person", "updated", 20);
  await logShows(delivered.deliveryId, "delivered");
  const dead = await send("task", "deleted", 21);
  await waitFor("the dead letter", async () => (await deadLetterIds()).includes(dead.deliveryId));
  // What the consumer's cleanup does once the bodies' time is up.
  await logRows(edge, "UPDATE deliveries SET body = NULL WHERE id IN (?, ?)", delivered.deliveryId, dead.deliveryId);
  await logRows(edge, "UPDATE dead_letters SET body = NULL WHERE delivery_id = ?", dead.deliveryId);
  assert.equal((await show(dead.deliveryId)).deadLetter.bodyKept, false, "a dead letter that can no longer be re-driven");
  const entry = await show(delivered.deliveryId);
  assert.equal(entry.deadLetter, null);
  assert.equal(entry.body, null);
  assert.equal(entry.bodyExpired, true);
  assert.deepEqual(entry.headers, delivered.headers, "the metadata stays");
  expectError(await client.call(`/admin/deliveries/${delivered.deliveryId}/replay`, { method: "POST" }), 410, "BODY_EXPIRED");
  expectError(await client.call("/admin/dead-letters/redrive", { method: "POST", json: { ids: [dead.deliveryId] } }), 410, "BODY_EXPIRED");
  const all = await client.call("/admin/dead-letters/redrive", { method: "POST" });
  assert.equal(all.status, 202, all.text);
  assert.deepEqual(all.json, redriveAnswer({ bodyExpired: [dead.deliveryId] }));
  assert.equal((await show(dead.deliveryId)).state, "dead", "nothing was changed");
  assert.equal(successesById(steady).get(delivered.deliveryId).length, 1, "nothing was sent again");
});

test("a re-drive takes at most 100 letters and says how many remain; a letter is never re-driven twice, whatever runs at the same time", async () => {
  const MANY = 105;
  const seeds = Array.from({ length: MANY }, (_, i) => 100 + i);
  const many = await pool(seeds, 10, (seed) => send("note", ["created", "updated", "deleted"][seed % 3], seed));
  const ids = many.map((d) => d.deliveryId);
  await waitFor(`${MANY} dead letters`, async () => (await logRows(edge, "SELECT count(*) AS n FROM dead_letters WHERE delivery_id IN (SELECT value FROM json_each(?))", JSON.stringify(ids)))[0].n === MANY, { timeoutMs: 120_000 });
  const redrive = (json) => client.call("/admin/dead-letters/redrive", { method: "POST", json }).then((answer) => (assert.equal(answer.status, 202, answer.text), answer.json));

  // The same letter twice at once (a double click): one takes it, the other says so.
  const [one] = ids;
  const twice = await Promise.all([redrive({ ids: [one] }), redrive({ ids: [one] })]);
  assert.deepEqual(twice.map((answer) => answer.redriving).sort(), [0, 1]);
  assert.deepEqual(twice.find((answer) => answer.redriving === 0), namedAnswer({ alreadyRedriving: [one] }));
  assert.deepEqual(twice.find((answer) => answer.redriving === 1), namedAnswer({ redriving: 1, deliveryIds: [one] }));
  const listed = (await allPages(client, "/admin/dead-letters", "deadLetters", 100)).items;
  const redriving = listed.filter((letter) => letter.redrivingSince !== null).map((letter) => letter.deliveryId);
  assert.ok(redriving.every((id) => id === one), "only the claimed letter shows as being re-driven");

  // All: the oldest 100, then the rest, while another "all" runs at the same time.
  const first = await redrive(undefined);
  assert.equal(first.redriving, 100);
  assert.equal(first.remaining, MANY - 1 - 100);
  assert.ok(!first.deliveryIds.includes(one), "not the one being re-driven");
  const both = await Promise.all([redrive(undefined), redrive(undefined)]);
  assert.deepEqual(both.map((answer) => answer.redriving).sort(), [0, MANY - 1 - 100]);
  assert.ok(both.every((answer) => answer.remaining === 0));
  const taken = [one, ...first.deliveryIds, ...both.flatMap((answer) => answer.deliveryIds)];
  assert.deepEqual([...taken].sort(), [...ids].sort(), "each letter taken exactly once");

  await waitFor(`all ${MANY} delivered`, () => ids.every((id) => successesById(recovering).has(id)), { timeoutMs: 120_000 });
  await waitFor("none of them in the dead-letter list", async () => !(await allPages(client, "/admin/dead-letters", "deadLetters", 100)).items.some((letter) => ids.includes(letter.deliveryId)));
  await new Promise((resolve) => setTimeout(resolve, 2_000)); // time for a stray second copy to show
  for (const id of ids) assert.equal(successesById(recovering).get(id).length, 1, "delivered once");
  assert.ok(recovering.deliveries.filter((r) => r.path === "/many").every((r) => ids.includes(r.deliveryId)));
  assert.equal(recovering.deliveries.filter((r) => r.path === "/many").length, MANY * (MAX_ATTEMPTS + 1), "three failed tries and one re-drive each, nothing more");
});

test("CORS on /admin/* only for CORS_ORIGINS: the preflight allows GET, POST and Authorization; a 401 is readable there", async () => {
  const preflight = await client.call("/admin/deliveries", {
    method: "OPTIONS",
    token: null,
    headers: { Origin: PAGE_ORIGIN, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization" },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), PAGE_ORIGIN);
  assert.deepEqual(preflight.headers.get("access-control-allow-methods").split(","), ["GET", "POST"]);
  assert.deepEqual(preflight.headers.get("access-control-allow-headers").split(","), ["Authorization", "Content-Type"]);
  const listed = await client.call("/admin/deliveries", { headers: { Origin: PAGE_ORIGIN } });
  assert.equal(listed.headers.get("access-control-allow-origin"), PAGE_ORIGIN);
  const refused = await client.call("/admin/deliveries", { token: "wrong", headers: { Origin: PAGE_ORIGIN } });
  assert.equal(refused.status, 401);
  assert.equal(refused.headers.get("access-control-allow-origin"), PAGE_ORIGIN, "the page can tell a bad token");
  for (const origin of ["http://evil.localhost:8080", "http://localhost:8081"]) {
    const elsewhere = await client.call("/admin/deliveries", { method: "OPTIONS", token: null, headers: { Origin: origin, "Access-Control-Request-Method": "GET" } });
    assert.equal(elsewhere.headers.get("access-control-allow-origin"), null);
    assert.equal((await client.call("/admin/deliveries", { headers: { Origin: origin } })).headers.get("access-control-allow-origin"), null);
  }
});

test("no admin answer and no log line holds the admin token, a webhook secret or FORWARD_SECRET", () => {
  const output = edge.logs();
  assert.ok(client.answers.length > 100);
  for (const secret of [ADMIN_TOKEN, ...secrets, forwardSecret]) {
    assert.ok(!output.includes(secret), "not in the Worker's output");
    assert.ok(client.answers.every((text) => !text.includes(secret)), "not in an answer");
  }
  assert.ok(/"event":"(replay|redrive)_queued"/.test(output), "the admin actions are logged (ids and counts only)");
});

test("the token is never taken from the URL (it would end up in access logs)", async () => {
  // Last: Miniflare's own access log prints URLs, so this request puts the token in the output.
  for (const path of [`/admin/deliveries?token=${ADMIN_TOKEN}`, `/admin/deliveries?access_token=${ADMIN_TOKEN}`]) {
    expectError(await client.call(path, { token: null }), 401, "UNAUTHORIZED");
  }
});
