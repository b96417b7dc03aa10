// Faulty destinations, one per object (ROUTES): answers 500 at first, hangs past
// FORWARD_TIMEOUT_MS at first, refuses connections at first, never accepts. Every accepted
// delivery still arrives (distinct delivery ids at the sinks == number of 202s); the one that
// never succeeds reaches the dead-letter queue after MAX_ATTEMPTS, whose consumer (the receiver
// itself) records it in the delivery log (read here from D1), and is logged with its delivery id
// and no secret or body.
import assert from "node:assert/strict";
import { test } from "node:test";
import { generateSecret } from "twenty-webhooks";
import { blob, delivery, logEntry, logEvents, logRows, post, startPair, startStoppedAfter, successesById, unusedPort, waitFor } from "./lib/harness.mjs";

const MAX_ATTEMPTS = 4;
const forwardSecret = generateSecret();
const failing = await startStoppedAfter({ forwardSecret, failFirst: 2 });
const hanging = await startStoppedAfter({ forwardSecret, hang: 1 });
const dead = await startStoppedAfter({ forwardSecret, failFirst: Infinity });
const refusedPort = await unusedPort();
const { sink: steady, edge, secrets } = await startPair({
  forwardSecret,
  vars: { MAX_ATTEMPTS: String(MAX_ATTEMPTS), RETRY_BASE_SECONDS: "1", FORWARD_TIMEOUT_MS: "1000" },
  routes: (steadyUrl) => [
    { operations: ["person.*"], url: `${failing.url}/fails-twice` },
    { operations: ["company.*"], url: `${hanging.url}/hangs-once` },
    { operations: ["opportunity.*"], url: `http://127.0.0.1:${refusedPort}/refuses-at-first` },
    { operations: ["task.*"], url: `${dead.url}/never` },
    { operations: ["note.*"], url: `${steadyUrl}/steady` },
  ],
});

async function sendMany(object, count) {
  const ids = [];
  for (let seed = 0; seed < count; seed++) {
    const d = delivery({ secret: secrets[seed % 2], object, action: "updated", seed });
    const answer = await post(edge, d);
    assert.equal(answer.status, 202, answer.text);
    ids.push(answer.json.deliveryId);
    bodies.set(answer.json.deliveryId, d.body);
  }
  return ids;
}

const sent = {};
const bodies = new Map(); // deliveryId → the body answered 202
let late; // the destination that refuses connections until it is started, below

test("accepted under faults: each delivery is answered 202 at once, whatever the destination does", async () => {
  for (const object of ["person", "company", "opportunity", "note"]) sent[object] = await sendMany(object, 6);
  sent.task = await sendMany("task", 2);
});

test("a destination that refuses connections at first gets every delivery once it listens", async () => {
  await waitFor("a failed attempt to the refusing destination", () =>
    logEvents(edge, "retry_scheduled").some((e) => e.failures.some((f) => f.reason === "UNREACHABLE")),
  );
  late = await startStoppedAfter({ port: refusedPort, forwardSecret });
  await waitFor("every delivery at the late destination", () => sent.opportunity.every((id) => successesById(late).has(id)));
  assert.equal(successesById(late).size, sent.opportunity.length);
});

test("a destination answering 500 twice gets every delivery on the third attempt", async () => {
  await waitFor("every delivery past the 500s", () => sent.person.every((id) => successesById(failing).has(id)));
  for (const id of sent.person) {
    assert.deepEqual(failing.deliveries.filter((r) => r.deliveryId === id).map((r) => r.status), [500, 500, 200]);
  }
});

test("a destination hanging past FORWARD_TIMEOUT_MS gets every delivery on the next attempt", async () => {
  await waitFor("every delivery past the hang", () => sent.company.every((id) => successesById(hanging).has(id)));
  const timedOut = logEvents(edge, "retry_scheduled").filter((e) => sent.company.includes(e.deliveryId));
  assert.ok(timedOut.length >= sent.company.length && timedOut.every((e) => e.failures[0].reason === "TIMEOUT"));
});

test("distinct delivery ids received == number of 202s, for every destination that recovers", async () => {
  await waitFor("the steady destination", () => sent.note.every((id) => successesById(steady).has(id)));
  for (const [object, sink] of [["person", failing], ["company", hanging], ["opportunity", late], ["note", steady]]) {
    const received = successesById(sink);
    assert.deepEqual([...received.keys()].sort(), [...sent[object]].sort(), object);
    for (const records of received.values()) assert.ok(records.every((r) => r.verified === true));
  }
});

test("a delivery that never succeeds ends in the dead-letter queue after MAX_ATTEMPTS, recorded in the log and logged with its id only", async () => {
  const letters = await waitFor("both dead letters recorded in the log", async () => {
    const rows = await logRows(edge, `SELECT * FROM dead_letters WHERE delivery_id IN (${sent.task.map(() => "?").join(",")})`, ...sent.task);
    return rows.length === sent.task.length && rows;
  });
  for (const letter of letters) {
    assert.equal(letter.attempts, MAX_ATTEMPTS);
    assert.deepEqual(JSON.parse(letter.destinations), [`${dead.url}/never`], "it still says where it must go");
    assert.equal(letter.last_failure, "HTTP_500");
    assert.ok(blob(letter.body).equals(Buffer.from(bodies.get(letter.delivery_id))), "it keeps the body, ready to be re-driven");
    assert.equal(dead.deliveries.filter((r) => r.deliveryId === letter.delivery_id).length, MAX_ATTEMPTS);
    const entry = await logEntry(edge, letter.delivery_id);
    assert.equal(entry.state, "dead");
    assert.deepEqual(entry.destinations.map((d) => [d.url, d.state, d.attempts, d.last_failure]), [[`${dead.url}/never`, "dead", MAX_ATTEMPTS, "HTTP_500"]]);
  }
  const logged = await waitFor("the dead letters in the Worker's log", () => {
    const lines = logEvents(edge, "dead_letter").filter((e) => sent.task.includes(e.deliveryId));
    return lines.length === sent.task.length && lines;
  });
  const logLines = JSON.stringify(logged);
  for (const secret of [...secrets, forwardSecret]) assert.ok(!logLines.includes(secret));
  assert.ok(!logLines.includes("record") && !logLines.includes("/never"), "no body and no destination path in the log");
});
