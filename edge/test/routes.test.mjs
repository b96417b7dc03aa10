// Fan-out by ROUTES follows Twenty's rule for a webhook's operations (expectations written out
// by hand from the spec, not computed with the package), and a retry reaches only the
// destinations that have not yet accepted the delivery.
import assert from "node:assert/strict";
import { test } from "node:test";
import { signRequest } from "twenty-webhooks";
import { delivery, post, startPair, startStoppedAfter, successesById, waitFor } from "./lib/harness.mjs";

const flaky = await startStoppedAfter({ failFirst: 2 }); // a second destination: fails each delivery twice
const { sink, edge, secrets } = await startPair({
  vars: { RETRY_BASE_SECONDS: "1" },
  routes: (sinkUrl) => [
    { operations: ["person.*"], url: `${sinkUrl}/people` },
    { operations: ["*.created"], url: `${sinkUrl}/created` },
    { operations: ["company.updated", "company.deleted"], url: `${sinkUrl}/company-changes` },
    { operations: ["*.*"], url: `${sinkUrl}/everything` },
    { operations: ["workflowRun.updated"], url: `${sinkUrl}/workflow-runs` },
    { operations: ["*.*"], url: `${sinkUrl}/everything` }, // listed twice: still delivered once
    { operations: ["note.*"], url: `${flaky.url}/notes` },
  ],
});

const EXPECTED = {
  "person.created": ["/people", "/created", "/everything"],
  "person.destroyed": ["/people", "/everything"],
  "company.updated": ["/company-changes", "/everything"],
  "company.deleted": ["/company-changes", "/everything"],
  "company.created": ["/created", "/everything"],
  "company.restored": ["/everything"],
  "opportunity.deleted": ["/everything"],
  "workflowRun.updated": ["/workflow-runs"], // Twenty's one exception: only the exact operation
  "workflowRun.created": ["/created", "/everything"],
};

test("each event reaches exactly the routes whose operations take it, once each", async () => {
  const sent = [];
  for (const [eventName, paths] of Object.entries(EXPECTED)) {
    const [object, action] = eventName.split(".");
    const d = delivery({ secret: secrets[0], object, action, seed: sent.length });
    const answer = await post(edge, d);
    assert.equal(answer.status, 202, `${eventName}: ${answer.text}`);
    sent.push({ id: answer.json.deliveryId, body: d.body, eventName, paths });
  }
  const arrived = (id, path) => successesById(sink, path).has(id);
  await waitFor("every routed copy", () => sent.every(({ id, paths }) => paths.every((path) => arrived(id, path))));
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // room for copies that should not come
  for (const { id, body, eventName, paths } of sent) {
    const copies = sink.deliveries.filter((r) => r.deliveryId === id);
    assert.deepEqual(copies.map((r) => r.path).sort(), [...paths].sort(), eventName);
    for (const copy of copies) {
      assert.equal(copy.status, 200);
      assert.ok(copy.body.equals(Buffer.from(body)));
    }
  }
});

test("a signed body whose eventName is not <object>.<action> matches no operation: 200, 0 destinations, forwarded nowhere", async () => {
  const body = JSON.stringify({ eventName: "not-an-event", record: {} });
  const answer = await post(edge, { body, headers: signRequest({ secret: secrets[1], body }).headers });
  assert.equal(answer.status, 200, answer.text);
  assert.deepEqual(answer.json, { accepted: true, deliveryId: answer.json.deliveryId, destinations: 0 });
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  assert.ok(!sink.deliveries.some((r) => r.deliveryId === answer.json.deliveryId));
});

test("a retry goes only to the destination that failed: the others get the delivery once", async () => {
  const d = delivery({ secret: secrets[1], object: "note", action: "restored", seed: 99 });
  const answer = await post(edge, d);
  assert.equal(answer.status, 202, answer.text);
  const id = answer.json.deliveryId;
  await waitFor("the flaky destination to accept on its third attempt", () => successesById(flaky, "/notes").has(id));
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  assert.deepEqual(flaky.deliveries.filter((r) => r.deliveryId === id).map((r) => r.status), [500, 500, 200]);
  const elsewhere = sink.deliveries.filter((r) => r.deliveryId === id);
  assert.deepEqual(elsewhere.map((r) => [r.path, r.status]), [["/everything", 200]], "re-delivered to a destination that had it");
});
