// The shared vectors (tests/vectors/*.json) against the built package in Node 20.
import { test } from "node:test";
import assert from "node:assert/strict";
import { twenty, vectors } from "./support.mjs";

test("sign(secret, timestamp, body) reproduces Twenty's signatures", () => {
  const { signs, must_not_verify: forged } = vectors("signatures.json");
  for (const v of signs) {
    assert.equal(twenty.sign(v.secret, v.timestamp, v.body), v.signature, v.name);
    if (Number.isSafeInteger(Number(v.timestamp))) {
      assert.equal(twenty.sign(v.secret, Number(v.timestamp), new TextEncoder().encode(v.body)), v.signature, `${v.name} (number, bytes)`);
    }
  }
  for (const v of forged) assert.notEqual(twenty.sign(v.secret, v.timestamp, v.body), v.signature, v.name);
});

test("verify({ secret, headers, body, now }) gives each vector's outcome", () => {
  for (const v of vectors("verify.json")) {
    const body = "body_json" in v ? v.body_json : v.body;
    const run = () => twenty.verify({ secret: v.secret, headers: v.headers, body, now: v.now, toleranceMs: v.toleranceMs });
    if (v.expect.ok) {
      const result = run();
      assert.equal(result.secretIndex, v.expect.secretIndex, v.name);
      assert.equal(result.timestamp, v.expect.timestamp, v.name);
      assert.equal(result.nonce, v.expect.nonce, v.name);
      assert.deepEqual(result.payload, JSON.parse(v.body), v.name);
    } else {
      assert.throws(run, (error) => {
        assert.ok(error instanceof twenty.WebhookVerificationError, `${v.name}: ${error}`);
        assert.equal(error.code, v.expect.error, v.name);
        if (v.expect.hintIncludes) assert.match(error.hint, new RegExp(v.expect.hintIncludes), v.name);
        return true;
      });
    }
  }
});

test("new Verifier(secret).verify(headers, body, now) agrees with verify()", () => {
  for (const v of vectors("verify.json").filter((c) => c.expect.ok && !("body_json" in c))) {
    const verifier = new twenty.Verifier(v.secret, { toleranceMs: v.toleranceMs });
    for (const body of [v.body, new TextEncoder().encode(v.body), new TextEncoder().encode(v.body).buffer]) {
      assert.equal(verifier.verify(v.headers, body, v.now).secretIndex, v.expect.secretIndex, v.name);
    }
    verifier.free();
  }
});

test("buildPayload(event) is byte for byte Twenty's body", () => {
  for (const v of vectors("payloads.json")) {
    const { record_json: recordJson, ...event } = v.event;
    assert.equal(twenty.buildPayload({ ...event, record: JSON.parse(recordJson) }), v.body, v.name);
  }
});

test("buildPayload(metadata event) is byte for byte Twenty's body", () => {
  for (const v of vectors("metadata-payloads.json")) {
    const { event_json: eventJson, ...event } = v.event;
    assert.equal(twenty.buildPayload({ ...event, event: JSON.parse(eventJson) }), v.body, v.name);
    assert.equal(twenty.isMetadataEvent(JSON.parse(v.body)), true, v.name);
  }
});

test("matchesOperations(operations, eventName) follows Twenty's rule", () => {
  for (const v of vectors("operations.json")) assert.equal(twenty.matchesOperations(v.operations, v.eventName), v.expected, v.name);
});

test("diagnose({ secret, headers, body, now }) names each mistake", () => {
  for (const v of vectors("diagnoses.json")) {
    const findings = twenty.diagnose({ secret: v.secret, headers: v.headers, body: v.body, now: v.now, toleranceMs: v.tolerance_ms });
    const errors = findings.filter((f) => f.severity === "error").map((f) => f.code);
    assert.deepEqual(errors, v.expect_codes, v.name);
    for (const f of findings) assert.ok(f.message && f.hint, `${v.name}: ${f.code} has message and hint`);
  }
});

test("deliveryId(headers) gives the edge receiver's id, from the signature in any case", () => {
  for (const v of vectors("delivery-ids.json")) {
    assert.equal(twenty.deliveryId({ "x-twenty-webhook-signature": v.signature }), v.deliveryId, v.name);
    assert.equal(twenty.deliveryId(new Headers({ "X-Twenty-Webhook-Signature": v.signature, "X-Twenty-Webhook-Nonce": "n" })), v.deliveryId, v.name);
  }
  assert.throws(() => twenty.deliveryId({ "x-twenty-webhook-nonce": "n" }), (e) => e instanceof twenty.WebhookVerificationError && e.code === "MISSING_SIGNATURE" && e.hint.length > 0);
  assert.throws(() => twenty.deliveryId(null), (e) => e.code === "INVALID_ARGUMENT");
});
