// DELIVERY_MODE=direct (no Queues): the delivery is forwarded before the answer, 200 when every
// destination accepted it, 502 otherwise (500s, a hang cut off by the deadline, a refused
// connection), and a refused delivery can be sent again. No CORS_ORIGINS: no CORS at all.
import assert from "node:assert/strict";
import { test } from "node:test";
import { generateSecret } from "twenty-webhooks";
import { delivery, logEvents, metadataDelivery, post, startPair, startStoppedAfter, successesById, unusedPort } from "./lib/harness.mjs";

const forwardSecret = generateSecret();
const failsOnce = await startStoppedAfter({ forwardSecret, failFirst: 1 });
const hangs = await startStoppedAfter({ forwardSecret, hang: true });
const refusedPort = await unusedPort();
const { sink, edge, secrets } = await startPair({
  mode: "direct",
  forwardSecret,
  routes: (sinkUrl) => [
    { operations: ["person.*", "opportunity.*"], url: `${sinkUrl}/ok` },
    { operations: ["company.*", "opportunity.*"], url: `${failsOnce.url}/fails-once` },
    { operations: ["note.*"], url: `${hangs.url}/hangs` },
    { operations: ["task.*"], url: `http://127.0.0.1:${refusedPort}/refused` },
  ],
});
const send = (object, seed = 0) => {
  const d = delivery({ secret: secrets[seed % 2], object, seed });
  return post(edge, d).then((answer) => ({ ...answer, d }));
};

test("200 once the destination accepted it: the delivery is there before the answer", async () => {
  const answer = await send("person");
  assert.equal(answer.status, 200, answer.text);
  assert.deepEqual(answer.json, { accepted: true, deliveryId: answer.json.deliveryId, forwarded: 1 });
  const [record] = successesById(sink).get(answer.json.deliveryId);
  assert.ok(record.body.equals(Buffer.from(answer.d.body)));
  assert.equal(record.verified, true);

  const again = await post(edge, answer.d);
  assert.deepEqual([again.status, again.json], [200, { duplicate: true, deliveryId: answer.json.deliveryId }]);
  assert.equal(sink.deliveries.filter((r) => r.deliveryId === answer.json.deliveryId).length, 1, "a duplicate is not forwarded");
});

test("502 FORWARD_FAILED when the destination answers 500; sent again, it is accepted rather than swallowed", async () => {
  const first = await send("company", 1);
  assert.equal(first.status, 502, first.text);
  assert.equal(first.json.error.code, "FORWARD_FAILED");
  assert.match(first.json.error.message, /HTTP_500/);
  const again = await post(edge, first.d);
  assert.equal(again.status, 200, again.text);
  assert.deepEqual(failsOnce.deliveries.filter((r) => r.deliveryId === again.json.deliveryId).map((r) => r.status), [500, 200]);
});

test("502 when the destination hangs: cut off by the deadline, well before Twenty's 5 s", async (t) => {
  const answer = await send("note", 2);
  assert.equal(answer.status, 502, answer.text);
  assert.match(answer.json.error.message, /TIMEOUT/);
  t.diagnostic(`answered after ${answer.ms.toFixed(0)} ms (deadline: 4000 ms after arrival)`);
});

test("502 when the destination refuses connections", async () => {
  const answer = await send("task", 3);
  assert.equal(answer.status, 502, answer.text);
  assert.match(answer.json.error.message, /UNREACHABLE/);
});

test("fan-out: 502 if one destination fails; the re-send reaches both, under the same delivery id", async () => {
  const first = await send("opportunity", 4);
  assert.equal(first.status, 502, first.text);
  const again = await post(edge, first.d);
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.forwarded, 2);
  const id = again.json.deliveryId;
  assert.equal(successesById(sink).get(id).length, 2, "the destination that had it gets it again: it deduplicates on the id");
  assert.equal(successesById(failsOnce).get(id).length, 1);
});

test("an event no route takes, record or metadata: 200 with 0 destinations and a no_route line naming it", async () => {
  const record = await send("invoice", 5);
  const metadata = await post(edge, metadataDelivery({ secret: secrets[0], metadataName: "view", action: "updated" }));
  for (const [answer, eventName] of [[record, "invoice.created"], [metadata, "metadata.view.updated"]]) {
    assert.deepEqual([answer.status, answer.json], [200, { accepted: true, deliveryId: answer.json.deliveryId, destinations: 0 }]);
    assert.deepEqual(logEvents(edge, "no_route").filter((e) => e.deliveryId === answer.json.deliveryId), [{ event: "no_route", deliveryId: answer.json.deliveryId, eventName }]);
  }
});

test("without CORS_ORIGINS there is no CORS: OPTIONS is 405 and no answer allows an origin", async () => {
  const preflight = await post(edge, { method: "OPTIONS", headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "POST" } });
  assert.equal(preflight.status, 405);
  assert.equal(preflight.headers.get("access-control-allow-origin"), null);
  const d = delivery({ secret: "forged", object: "person" });
  const answer = await post(edge, { body: d.body, headers: { ...d.headers, Origin: "http://localhost:5173" } });
  assert.equal(answer.status, 401);
  assert.equal(answer.headers.get("access-control-allow-origin"), null);
});
