// Fan-out by ROUTES follows Twenty's rules for a webhook's operations, record and metadata
// (expectations written out by hand from the spec, not computed with the package); a genuine
// event no route takes is answered and logged; a retry reaches only the destinations that have
// not yet accepted the delivery.
import assert from "node:assert/strict";
import { test } from "node:test";
import { signRequest } from "twenty-webhooks";
import { delivery, logEvents, metadataDelivery, post, startPair, startStoppedAfter, successesById, waitFor } from "./lib/harness.mjs";

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
    { operations: ["metadata.*.*"], url: `${sinkUrl}/metadata` },
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
  // Metadata events: `*.*` and `metadata.*.*` take them; `*.created` and `<object>.*` do not.
  "metadata.view.updated": ["/everything", "/metadata"],
  "metadata.view.created": ["/everything", "/metadata"],
  "metadata.objectMetadata.deleted": ["/everything", "/metadata"],
  "metadata.fieldMetadata.created": ["/everything", "/metadata"],
};

test("each event reaches exactly the routes whose operations take it, once each", async () => {
  const sent = [];
  for (const [eventName, paths] of Object.entries(EXPECTED)) {
    const parts = eventName.split(".");
    const d = parts[0] === "metadata"
      ? metadataDelivery({ secret: secrets[0], metadataName: parts[1], action: parts[2] })
      : delivery({ secret: secrets[0], object: parts[0], action: parts[1], seed: sent.length });
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

test("a genuine event no route takes: 200 with 0 destinations, forwarded nowhere, and a no_route log line (no secret, no body)", async () => {
  const body = JSON.stringify({ eventName: "not-an-event", record: { secretNote: "body-marker-7f3a" } });
  const answer = await post(edge, { body, headers: signRequest({ secret: secrets[1], body }).headers });
  assert.equal(answer.status, 200, answer.text);
  assert.deepEqual(answer.json, { accepted: true, deliveryId: answer.json.deliveryId, destinations: 0 });
  const [line] = await waitFor("the no_route line", () => {
    const lines = logEvents(edge, "no_route").filter((e) => e.deliveryId === answer.json.deliveryId);
    return lines.length > 0 && lines;
  });
  assert.deepEqual(line, { event: "no_route", deliveryId: answer.json.deliveryId, eventName: "not-an-event" });
  assert.ok(!edge.logs().includes("body-marker-7f3a"), "no body in the logs");
  assert.ok(!secrets.some((secret) => edge.logs().includes(secret)), "no secret in the logs");
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
