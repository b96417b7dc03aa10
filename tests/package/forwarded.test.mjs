// signForwarded / verifyForwarded: the edge receiver's hop as a Standard Webhooks delivery, in
// Node 20 through the package's node entry. Expected signatures come from tests/vectors/hops.json
// (node:crypto); the official standardwebhooks package is run against real hops in edge/test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { twenty, vectors } from "./support.mjs";

const HOPS = vectors("hops.json");
const refused = (code) => (error) => error instanceof twenty.WebhookVerificationError && error.code === code && error.hint.length > 0;

/** A hop of vector `v` as the receiver sends it: Standard Webhooks headers, the id beside them. */
function hopOf(v) {
  const headers = twenty.signForwarded({ secret: v.secret, deliveryId: v.id, body: v.body, timestamp: Number(v.timestamp) * 1000 + 999 });
  return { ...headers, "x-twenty-webhook-delivery-id": v.id };
}

test("signForwarded({ secret, deliveryId, body, timestamp }) reproduces each vector's webhook-signature", () => {
  for (const v of HOPS) {
    const headers = hopOf(v);
    assert.equal(headers["webhook-signature"], v.signature, v.name);
    assert.equal(headers["webhook-timestamp"], v.timestamp, `${v.name}: whole seconds`);
    assert.equal(headers["webhook-id"], v.id);
  }
});

test("verifyForwarded({ secret, headers, body, now }) accepts each vector, as text or bytes, and names the id", () => {
  for (const v of HOPS) {
    const now = Number(v.timestamp) * 1000;
    for (const body of [v.body, new TextEncoder().encode(v.body)]) {
      const verified = twenty.verifyForwarded({ secret: v.secret, headers: { "Webhook-Id": v.id, "webhook-timestamp": v.timestamp, "WEBHOOK-SIGNATURE": v.signature }, body, now });
      assert.equal(verified.deliveryId, v.id, v.name);
      assert.equal(verified.timestamp, now);
      assert.equal(verified.secretIndex, 0);
    }
  }
});

test("verifyForwarded: a captured hop re-sent under another delivery's id is refused", () => {
  const [, v] = HOPS;
  const now = Number(v.timestamp) * 1000;
  const other = "00000000000000000000000000000000";
  const base = { "webhook-id": v.id, "webhook-timestamp": v.timestamp, "webhook-signature": v.signature };
  assert.throws(() => twenty.verifyForwarded({ secret: v.secret, headers: { ...base, "webhook-id": other }, body: v.body, now }), refused("SIGNATURE_MISMATCH"));
  assert.throws(
    () => twenty.verifyForwarded({ secret: v.secret, headers: { ...base, "x-twenty-webhook-delivery-id": other }, body: v.body, now }),
    (error) => refused("SIGNATURE_MISMATCH")(error) && /X-Twenty-Webhook-Delivery-Id/.test(error.message),
  );
  assert.equal(twenty.verifyForwarded({ secret: v.secret, headers: { ...base, "x-twenty-webhook-delivery-id": v.id }, body: v.body, now }).deliveryId, v.id);
});

test("verifyForwarded: a plain secret and its whsec_ form are the same key; rotation names the secret", () => {
  const plain = HOPS.find((v) => !v.secret.startsWith("whsec_"));
  const headers = hopOf(plain);
  const now = Number(plain.timestamp) * 1000;
  const whsec = `whsec_${plain.key_base64}`;
  assert.equal(twenty.verifyForwarded({ secret: whsec, headers, body: plain.body, now }).secretIndex, 0);
  assert.equal(twenty.verifyForwarded({ secret: ["old", plain.secret], headers, body: plain.body, now }).secretIndex, 1);
});

test("verifyForwarded: every refusal has verify()'s code for the same fact", () => {
  const v = HOPS[1];
  const now = Number(v.timestamp) * 1000;
  const base = { "webhook-id": v.id, "webhook-timestamp": v.timestamp, "webhook-signature": v.signature };
  const attempt = (headers, options = {}) => () => twenty.verifyForwarded({ secret: v.secret, headers, body: v.body, now, ...options });
  const { "webhook-id": _id, ...noId } = base;
  const { "webhook-timestamp": _ts, ...noTimestamp } = base;
  const { "webhook-signature": _sig, ...noSignature } = base;
  assert.throws(attempt(noId), refused("MISSING_SIGNATURE"));
  assert.throws(attempt(noTimestamp), refused("MISSING_TIMESTAMP"));
  assert.throws(attempt(noSignature), refused("MISSING_SIGNATURE"));
  assert.throws(attempt({ ...base, "webhook-timestamp": `${v.timestamp}000` }), refused("MALFORMED_TIMESTAMP"), "milliseconds");
  assert.throws(attempt({ ...base, "webhook-timestamp": "-1" }), refused("MALFORMED_TIMESTAMP"));
  assert.throws(attempt({ ...base, "webhook-signature": "v1,not base64!" }), refused("MALFORMED_SIGNATURE"));
  assert.throws(attempt({ ...base, "webhook-signature": v.signature.replace("v1,", "v2,") }), refused("MALFORMED_SIGNATURE"));
  assert.throws(attempt(base, { now: now + 300_001 }), refused("TIMESTAMP_TOO_OLD"));
  assert.throws(attempt(base, { now: now - 300_001 }), refused("TIMESTAMP_TOO_NEW"));
  assert.doesNotThrow(attempt(base, { now: now + 300_000 }), "the boundary passes");
  assert.throws(attempt(base, { secret: "another" }), refused("SIGNATURE_MISMATCH"));
  assert.throws(() => twenty.verifyForwarded({ secret: v.secret, headers: base, body: `${v.body} `, now }), refused("SIGNATURE_MISMATCH"));
  const several = `v1,${"A".repeat(43)}= v1a,x ${v.signature}`;
  assert.doesNotThrow(attempt({ ...base, "webhook-signature": several }), "any v1 signature in the list may match");
});

test("signForwarded / verifyForwarded: unusable secrets and arguments are typed errors", () => {
  for (const secret of ["", "  ", "whsec_", "whsec_not base64!"]) {
    assert.throws(() => twenty.signForwarded({ secret, deliveryId: "id", body: "{}" }), refused("INVALID_SECRET"), JSON.stringify(secret));
    assert.throws(() => twenty.verifyForwarded({ secret, headers: {}, body: "{}" }), refused("INVALID_SECRET"), JSON.stringify(secret));
  }
  assert.throws(() => twenty.signForwarded({ secret: "s", deliveryId: "", body: "{}" }), (e) => e.code === "INVALID_ARGUMENT");
  assert.throws(() => twenty.signForwarded({ secret: "s", deliveryId: "a b", body: "{}" }), (e) => e.code === "INVALID_ARGUMENT");
  assert.throws(() => twenty.verifyForwarded({ secret: "s", headers: null, body: "{}" }), (e) => e.code === "INVALID_ARGUMENT");
  assert.throws(() => twenty.verifyForwarded({ secret: "s", headers: {}, body: { parsed: true } }), (e) => e.code === "INVALID_BODY");
});

test("verifyForwarded(...).payload is the parsed body, read lazily; INVALID_JSON when it is not JSON", () => {
  const headers = twenty.signForwarded({ secret: "s", deliveryId: "id", body: "not json" });
  const verified = twenty.verifyForwarded({ secret: "s", headers, body: "not json" });
  assert.throws(() => verified.payload, (e) => e.code === "INVALID_JSON");
  const json = twenty.signForwarded({ secret: "s", deliveryId: "id", body: '{"a":1}' });
  assert.deepEqual(twenty.verifyForwarded({ secret: "s", headers: new Headers(json), body: '{"a":1}' }).payload, { a: 1 });
});
