// The receiver in queue mode (wrangler dev, workerd): genuine deliveries arrive once and intact;
// everything else is refused with its documented status and code and never forwarded; replays
// are answered 202 and dropped by the consumer before forwarding; CORS for the in-browser tester. Oversized bodies are in
// oversized.test.mjs, in a runtime of their own.
import assert from "node:assert/strict";
import { test } from "node:test";
import { deliveryId, sampleRecord, signRequest, sign, TWENTY_HEADERS } from "twenty-webhooks";
import { delivery, logEvents, post, startPair, successesById, variedDeliveries, waitFor, without, pool } from "./lib/harness.mjs";

const TESTER_ORIGIN = "http://localhost:5173";
const { sink, edge, secrets, forwardSecret } = await startPair({ corsOrigins: [TESTER_ORIGIN] });
const [oldSecret, newSecret] = secrets;

/** deliveryId → the body the receiver answered 202 for. */
const accepted = new Map();
/** Bodies the receiver refused; none may ever reach the sink. */
const refused = new Set();
/** Copies of accepted deliveries, answered 202 and dropped by the consumer. */
let resent = 0;

async function sendGenuine(d, extraHeaders = {}) {
  const answer = await post(edge, { body: d.body, headers: { ...d.headers, ...extraHeaders } });
  assert.equal(answer.status, 202, answer.text);
  assert.equal(answer.json.accepted, true);
  assert.match(answer.json.deliveryId, /^[0-9a-f]{32}$/);
  assert.equal(answer.json.deliveryId, deliveryId(d.headers), "the package's deliveryId(headers)");
  accepted.set(answer.json.deliveryId, d.body);
  return answer;
}

async function expectRefused({ body, headers, method, path }, status, code) {
  const answer = await post(edge, { body, headers, method, path });
  assert.equal(answer.status, status, `${code}: ${answer.text}`);
  if (method !== "HEAD") {
    assert.equal(answer.json?.error?.code, code, answer.text);
    assert.deepEqual(Object.keys(answer.json.error), ["code", "message", "hint"], "every refusal says what to do");
    assert.ok(answer.json.error.hint.length > 10, answer.text);
  }
  for (const secret of [...secrets, forwardSecret]) assert.ok(!answer.text.includes(secret), "an answer contains a secret");
  if (body) refused.add(String(body));
  return answer;
}

test("genuine deliveries (every action of every object, both secrets) reach the sink once, bytes intact, hop signature verifying", async () => {
  const unicode = delivery({ secret: newSecret, object: "person", record: { ...sampleRecord("person", { seed: 7 }), name: { firstName: "Zoë 🚀", lastName: "O'Brien / 李 \"quoted\" \\ back" } } });
  const large = delivery({ secret: oldSecret, object: "note", record: { ...sampleRecord("note", { seed: 9 }), bodyV2: { blocknote: "[]", markdown: "é".repeat(150_000) } } });
  assert.ok(Buffer.byteLength(large.body) > 100_000, "the large body is kept in the ledger, not in the queue message");
  const deliveries = [...variedDeliveries(secrets), unicode, large];
  const answers = await pool(deliveries, 8, (d) => sendGenuine(d));
  const ids = answers.map((a) => a.json.deliveryId);
  assert.equal(new Set(ids).size, deliveries.length, "each delivery has its own id");

  await waitFor(`${ids.length} deliveries at the sink`, () => ids.every((id) => successesById(sink).has(id)));
  const received = successesById(sink);
  deliveries.forEach((d, i) => {
    const [record, ...more] = received.get(ids[i]);
    assert.equal(more.length, 0, `${d.eventName} arrived more than once`);
    assert.ok(record.body.equals(Buffer.from(d.body)), `${d.eventName}: body bytes changed`);
    assert.equal(record.verified, true, `hop signature: ${record.error}`);
    assert.equal(record.headers["content-type"], "application/json");
    assert.equal(record.headers["x-twenty-webhook-delivery-id"], ids[i]);
    assert.match(record.headers["x-twenty-webhook-nonce"], /^[0-9a-f]{32}$/);
    assert.notEqual(record.headers["x-twenty-webhook-nonce"], d.headers[TWENTY_HEADERS.nonce], "a fresh nonce per hop");
    assert.notEqual(record.headers["x-twenty-webhook-signature"], d.headers[TWENTY_HEADERS.signature], "re-signed with FORWARD_SECRET");
  });
});

test("every verification failure is 401 with the package's code, and no answer contains a secret", async () => {
  const now = Date.now();
  const d = delivery({ secret: newSecret, object: "company", action: "updated", seed: 11 });
  const signature = d.headers[TWENTY_HEADERS.signature];
  const tampered = d.body.replace("company", "cOmpany");
  const reserialized = JSON.stringify(JSON.parse(d.body), null, 2);
  const docsRecipe = JSON.stringify(d.body); // Twenty's docs stringify the already-stringified body
  const signedAt = (ms) => signRequest({ secret: newSecret, body: d.body, timestamp: ms }).headers;
  const cases = [
    ["MISSING_SIGNATURE", d.body, without(d.headers, "signature")],
    ["MISSING_TIMESTAMP", d.body, without(d.headers, "timestamp")],
    ["MALFORMED_SIGNATURE", d.body, { ...d.headers, [TWENTY_HEADERS.signature]: `sha256=${signature}` }],
    ["MALFORMED_SIGNATURE", d.body, { ...d.headers, [TWENTY_HEADERS.signature]: signature.slice(0, 40) }],
    ["MALFORMED_TIMESTAMP", d.body, { ...d.headers, [TWENTY_HEADERS.timestamp]: "yesterday" }],
    ["MALFORMED_TIMESTAMP", d.body, { ...d.headers, [TWENTY_HEADERS.timestamp]: "-1" }],
    ["TIMESTAMP_TOO_OLD", d.body, signedAt(now - 10 * 60_000)],
    ["TIMESTAMP_TOO_NEW", d.body, signedAt(now + 10 * 60_000)],
    ["SIGNATURE_MISMATCH", d.body, signRequest({ secret: "not-the-secret", body: d.body }).headers],
    ["SIGNATURE_MISMATCH", tampered, d.headers],
    ["SIGNATURE_MISMATCH", reserialized, d.headers],
    ["SIGNATURE_MISMATCH", docsRecipe, { ...d.headers, [TWENTY_HEADERS.signature]: sign(newSecret, d.headers[TWENTY_HEADERS.timestamp], JSON.stringify(docsRecipe)) }],
    ["SIGNATURE_MISMATCH", d.body, { ...d.headers, [TWENTY_HEADERS.timestamp]: `0${d.headers[TWENTY_HEADERS.timestamp]}` }],
  ];
  for (const [code, body, headers] of cases) await expectRefused({ body, headers }, 401, code);
});

test("a body that verifies but is not JSON is 400 INVALID_JSON", async () => {
  for (const body of ["not json", '{"eventName":"person.created"', ""]) {
    await expectRefused({ body, headers: signRequest({ secret: oldSecret, body }).headers }, 400, "INVALID_JSON");
  }
});

test("other paths are 404, other methods 405 with Allow: POST, other media types 415; none is forwarded", async () => {
  const d = delivery({ secret: newSecret, object: "opportunity", seed: 12 });
  for (const path of ["/", "/webhooks", "/webhooks/twenty/", "/webhooks/twenty/extra", "/WEBHOOKS/TWENTY"]) {
    await expectRefused({ ...d, path }, 404, "NOT_FOUND");
  }
  for (const method of ["GET", "PUT", "PATCH", "DELETE", "HEAD"]) {
    const answer = await expectRefused({ ...d, method }, 405, "METHOD_NOT_ALLOWED");
    assert.equal(answer.headers.get("allow"), "POST");
  }
  for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/jsonx", "application/json-patch+json"]) {
    await expectRefused({ body: d.body, headers: { ...d.headers, "Content-Type": type } }, 415, "UNSUPPORTED_MEDIA_TYPE");
  }
  const { "Content-Type": _, ...untyped } = d.headers;
  await expectRefused({ body: Buffer.from(d.body), headers: untyped }, 415, "UNSUPPORTED_MEDIA_TYPE"); // bytes: fetch adds no type
  const charset = delivery({ secret: newSecret, object: "opportunity", seed: 13 });
  await sendGenuine(charset, { "Content-Type": "application/json; charset=utf-8" });
});

test("odd headers never crash the Worker: each is a 401 with a verification code", async () => {
  const d = delivery({ secret: oldSecret, object: "task", seed: 14 });
  const odd = [
    { [TWENTY_HEADERS.timestamp]: "1e12" },
    { [TWENTY_HEADERS.timestamp]: "9".repeat(400) },
    { [TWENTY_HEADERS.timestamp]: "" },
    { [TWENTY_HEADERS.signature]: "" },
    { [TWENTY_HEADERS.signature]: "z".repeat(64) },
    { [TWENTY_HEADERS.signature]: "é".repeat(64) },
    { [TWENTY_HEADERS.signature]: `${d.headers[TWENTY_HEADERS.signature]}, ${d.headers[TWENTY_HEADERS.signature]}` },
  ];
  const codes = new Set(["MISSING_SIGNATURE", "MISSING_TIMESTAMP", "MALFORMED_SIGNATURE", "MALFORMED_TIMESTAMP", "TIMESTAMP_TOO_OLD", "TIMESTAMP_TOO_NEW", "SIGNATURE_MISMATCH"]);
  for (const headers of odd) {
    const answer = await post(edge, { body: d.body, headers: { ...d.headers, ...headers } });
    assert.equal(answer.status, 401, answer.text);
    assert.ok(codes.has(answer.json.error.code), answer.text);
  }
  refused.add(d.body);
});

test("a replayed delivery is answered 202 and dropped before forwarding, whatever its nonce or signature case", async () => {
  const d = delivery({ secret: newSecret, object: "person", action: "updated", seed: 15 });
  const first = await sendGenuine(d);
  const id = first.json.deliveryId;
  const replays = [
    d.headers,
    { ...d.headers, [TWENTY_HEADERS.nonce]: "0".repeat(32) },
    without(d.headers, "nonce"),
    { ...d.headers, [TWENTY_HEADERS.signature]: d.headers[TWENTY_HEADERS.signature].toUpperCase() },
  ];
  for (const headers of replays) {
    const answer = await post(edge, { body: d.body, headers });
    assert.equal(answer.status, 202, answer.text);
    assert.deepEqual(answer.json, { accepted: true, deliveryId: id });
  }
  resent += replays.length;

  const burst = delivery({ secret: oldSecret, object: "company", action: "created", seed: 16 });
  const answers = await Promise.all(Array.from({ length: 8 }, () => post(edge, burst)));
  const burstId = deliveryId(burst.headers);
  for (const answer of answers) assert.deepEqual([answer.status, answer.json], [202, { accepted: true, deliveryId: burstId }], answer.text);
  accepted.set(burstId, burst.body);
  resent += answers.length - 1;
  await waitFor("the replayed deliveries at the sink", () => successesById(sink).has(id) && successesById(sink).has(burstId));
  const dropped = await waitFor("every copy dropped by the consumer", () => {
    const lines = logEvents(edge, "duplicate_dropped");
    return lines.length >= resent && lines;
  });
  assert.deepEqual(
    dropped.map((line) => line.deliveryId).sort(),
    [...Array(replays.length).fill(id), ...Array(answers.length - 1).fill(burstId)].sort(),
    "each copy is dropped by its id only",
  );
});

test("CORS: preflight and answers for CORS_ORIGINS only, allowing Twenty's headers and exposing nothing", async () => {
  const preflight = await post(edge, {
    method: "OPTIONS",
    headers: { Origin: TESTER_ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type, x-twenty-webhook-signature" },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), TESTER_ORIGIN);
  assert.match(preflight.headers.get("access-control-allow-methods"), /POST/);
  const allowed = preflight.headers.get("access-control-allow-headers").toLowerCase().split(",");
  for (const name of ["content-type", ...Object.values(TWENTY_HEADERS).map((n) => n.toLowerCase())]) assert.ok(allowed.includes(name), name);
  assert.equal(preflight.headers.get("access-control-allow-credentials"), null);

  const genuine = await sendGenuine(delivery({ secret: newSecret, object: "note", action: "created", seed: 17 }), { Origin: TESTER_ORIGIN });
  assert.equal(genuine.headers.get("access-control-allow-origin"), TESTER_ORIGIN);
  assert.equal(genuine.headers.get("access-control-expose-headers"), null);
  const forged = delivery({ secret: "forged", object: "note", seed: 18 });
  const refusedForTester = await expectRefused({ body: forged.body, headers: { ...forged.headers, Origin: TESTER_ORIGIN } }, 401, "SIGNATURE_MISMATCH");
  assert.equal(refusedForTester.headers.get("access-control-allow-origin"), TESTER_ORIGIN, "the tester can read why");
  const elsewhere = await expectRefused({ body: forged.body, headers: { ...forged.headers, Origin: "http://evil.localhost:8080" } }, 401, "SIGNATURE_MISMATCH");
  assert.equal(elsewhere.headers.get("access-control-allow-origin"), null);
});

test("nothing but accepted deliveries reached the sink, each exactly once", async () => {
  const canary = await sendGenuine(delivery({ secret: oldSecret, object: "task", action: "destroyed", seed: 19 }));
  await waitFor("every accepted delivery at the sink", () => [...accepted.keys()].every((id) => successesById(sink).has(id)));
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // room for anything that should not come
  assert.ok(successesById(sink).has(canary.json.deliveryId));
  const received = successesById(sink);
  assert.deepEqual([...received.keys()].sort(), [...accepted.keys()].sort());
  for (const [id, records] of received) {
    assert.equal(records.length, 1, `${id} arrived ${records.length} times`);
    assert.ok(records[0].body.equals(Buffer.from(accepted.get(id))));
  }
  assert.equal(sink.deliveries.length, received.size, "no failed or extra attempt reached the sink");
  for (const record of sink.deliveries) assert.ok(!refused.has(record.body.toString()), "a refused body was forwarded");
  await waitFor("the Worker's log of each acceptance", () => logEvents(edge, "accepted").length >= accepted.size + resent);
  assert.equal(logEvents(edge, "accepted").length, accepted.size + resent, "every 202, copies included, has its accepted line");
  assert.equal(logEvents(edge, "delivered").length, accepted.size, "each delivery forwarded once");
});
