// The package's contract in Node 20, call by call: inputs in every accepted shape, typed errors
// for everything else, and no secret in any message.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { twenty } from "./support.mjs";

const SECRET = "a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00";
const NOW = 1735066639761;
const BODY = '{"eventName":"person.created","record":{"id":"1"}}';
const signed = (body = BODY, secret = SECRET, timestamp = String(NOW)) => ({
  "x-twenty-webhook-timestamp": timestamp,
  "x-twenty-webhook-signature": createHmac("sha256", secret).update(`${timestamp}:${body}`).digest("hex"),
  "x-twenty-webhook-nonce": "00112233445566778899aabbccddeeff",
});
const codeOf = (fn) => {
  try {
    fn();
  } catch (error) {
    return error.code;
  }
  return "no error";
};

test("verify accepts headers as Headers, Map, pairs and objects in any casing", () => {
  const h = signed();
  const shapes = [
    h,
    new Headers(h),
    new Map(Object.entries(h)),
    Object.entries(h),
    Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toUpperCase(), v])),
    Object.fromEntries(Object.entries(h).map(([k, v]) => [k, [v]])), // Node's headersDistinct
  ];
  for (const headers of shapes) {
    const result = twenty.verify({ secret: SECRET, headers, body: BODY, now: NOW });
    assert.equal(result.nonce, h["x-twenty-webhook-nonce"]);
  }
});

test("verify accepts the body as a string, bytes, a view into a larger buffer, or an ArrayBuffer", () => {
  const headers = signed();
  const bytes = new TextEncoder().encode(BODY);
  const pool = Buffer.alloc(bytes.length + 100, 0x7b); // a pooled Buffer: the body sits at an offset
  bytes.forEach((b, i) => (pool[37 + i] = b));
  const bodies = [BODY, bytes, Buffer.from(BODY), pool.subarray(37, 37 + bytes.length), bytes.buffer, new DataView(bytes.buffer)];
  for (const body of bodies) assert.equal(twenty.verify({ secret: SECRET, headers, body, now: NOW }).secretIndex, 0);
});

test("verify refuses a parsed body, a number or nothing with INVALID_BODY", () => {
  for (const body of [JSON.parse(BODY), 42, undefined, null, [1, 2]]) {
    assert.throws(() => twenty.verify({ secret: SECRET, headers: signed(), body, now: NOW }), (e) => {
      assert.ok(e instanceof twenty.WebhookVerificationError);
      assert.equal(e.code, "INVALID_BODY");
      assert.match(e.hint, /raw|text\(\)/);
      return true;
    });
  }
});

test("verify does not parse the body: payload is parsed on first read, once", () => {
  const parse = JSON.parse;
  let calls = 0;
  JSON.parse = (...args) => {
    calls++;
    return parse(...args);
  };
  try {
    const result = twenty.verify({ secret: SECRET, headers: signed(), body: BODY, now: NOW });
    assert.equal(calls, 0);
    assert.equal(result.payload.eventName, "person.created");
    assert.equal(result.payload, result.payload);
    assert.equal(calls, 1);
  } finally {
    JSON.parse = parse;
  }
});

test("a verified body that is not JSON throws INVALID_JSON when its payload is read", () => {
  const result = twenty.verify({ secret: SECRET, headers: signed("not json"), body: "not json", now: NOW });
  assert.throws(() => result.payload, (e) => e instanceof twenty.WebhookPayloadError && e.code === "INVALID_JSON");
});

test("verify's timestamp errors: seconds are called out, the boundary passes both ways", () => {
  const seconds = String(Math.floor(NOW / 1000));
  assert.throws(() => twenty.verify({ secret: SECRET, headers: signed(BODY, SECRET, seconds), body: BODY, now: NOW }), (e) => e.code === "TIMESTAMP_TOO_OLD" && /seconds/.test(e.hint));
  assert.equal(twenty.verify({ secret: SECRET, headers: signed(), body: BODY, now: NOW + 5, toleranceMs: 5 }).timestamp, NOW);
  assert.equal(codeOf(() => twenty.verify({ secret: SECRET, headers: signed(), body: BODY, now: NOW + 6, toleranceMs: 5 })), "TIMESTAMP_TOO_OLD");
  assert.equal(codeOf(() => twenty.verify({ secret: SECRET, headers: signed(), body: BODY, now: NOW - 6, toleranceMs: 5 })), "TIMESTAMP_TOO_NEW");
  assert.equal(twenty.verify({ secret: SECRET, headers: signed(), body: BODY, now: new Date(NOW) }).timestamp, NOW);
});

test("misuse is a TwentyWebhooksError with code INVALID_ARGUMENT", () => {
  const cases = [
    () => twenty.verify({ secret: SECRET, headers: null, body: BODY }),
    () => twenty.verify({ secret: SECRET, headers: "x-twenty-webhook-signature: 1", body: BODY }),
    () => twenty.verify({ secret: SECRET, headers: signed(), body: BODY, now: "now" }),
    () => twenty.verify({ secret: SECRET, headers: signed(), body: BODY, now: NaN }),
    () => new twenty.Verifier(SECRET, { toleranceMs: -1 }),
    () => new twenty.Verifier(SECRET, { toleranceMs: "300000" }),
    () => twenty.signRequest({ secret: SECRET, body: BODY, nonce: "line\nbreak" }),
    () => twenty.sampleRecord("person", { seed: -1 }),
    () => twenty.matchesOperations("*.*", "person.created"),
    () => {
      const verifier = new twenty.Verifier(SECRET);
      verifier.free();
      verifier.verify(signed(), BODY, NOW);
    },
  ];
  for (const fn of cases) {
    assert.throws(fn, (e) => {
      assert.equal(e.constructor, twenty.TwentyWebhooksError, String(e));
      assert.equal(e.code, "INVALID_ARGUMENT");
      assert.match(e.message, /^twenty-webhooks: /);
      return true;
    });
  }
});

test("secrets must be non-empty strings; a secret never appears in a message or hint", () => {
  for (const secret of ["", "   ", [], [SECRET, ""], 42, [SECRET, null]]) {
    assert.equal(codeOf(() => new twenty.Verifier(secret)), "INVALID_SECRET", JSON.stringify(secret));
  }
  const secret = "sk_live_do-not-leak-7f3a9c";
  const attempts = [
    () => twenty.verify({ secret, headers: signed(BODY, "other"), body: BODY, now: NOW }),
    () => twenty.verify({ secret, headers: signed(), body: BODY, now: NOW + 1e9 }),
    () => twenty.verify({ secret, headers: {}, body: BODY, now: NOW }),
    () => twenty.verify({ secret: [secret, " "], headers: signed(), body: BODY, now: NOW }),
    () => twenty.verify({ secret, headers: { "x-twenty-webhook-signature": secret, "x-twenty-webhook-timestamp": secret }, body: BODY }),
  ];
  for (const fn of attempts) {
    assert.throws(fn, (e) => !`${e.message} ${e.hint} ${e.stack}`.includes(secret) || assert.fail(`leaked in ${e.code}`));
  }
  const findings = twenty.diagnose({ secret, headers: signed(BODY, "other"), body: BODY, now: NOW });
  assert.ok(!JSON.stringify(findings).includes(secret));
});

test("key rotation reports which secret matched", () => {
  const verifier = new twenty.Verifier(["old", SECRET, "newer"]);
  assert.equal(verifier.verify(signed(), BODY, NOW).secretIndex, 1);
  assert.equal(verifier.verify(signed(BODY, "newer"), BODY, NOW).secretIndex, 2);
  assert.equal(codeOf(() => verifier.verify(signed(BODY, "retired"), BODY, NOW)), "SIGNATURE_MISMATCH");
});

test("one-shot verify keys again when the secret or tolerance changes", () => {
  assert.equal(twenty.verify({ secret: "a", headers: signed(BODY, "a"), body: BODY, now: NOW }).secretIndex, 0);
  assert.equal(codeOf(() => twenty.verify({ secret: "b", headers: signed(BODY, "a"), body: BODY, now: NOW })), "SIGNATURE_MISMATCH");
  assert.equal(twenty.verify({ secret: "b", headers: signed(BODY, "b"), body: BODY, now: NOW }).secretIndex, 0);
  assert.equal(codeOf(() => twenty.verify({ secret: "b", headers: signed(BODY, "b"), body: BODY, now: NOW + 2, toleranceMs: 1 })), "TIMESTAMP_TOO_OLD");
});

test("a Verifier reused across bodies of every size, text and bytes, stays correct", () => {
  const verifier = new twenty.Verifier(SECRET);
  for (const size of [0, 1, 63, 64, 65, 1000, 70000, 3, 200000, 10]) {
    const body = `"${"é😀x".repeat(size)}"`;
    assert.equal(verifier.verify(signed(body), body, NOW).secretIndex, 0, `text ${size}`);
    assert.equal(verifier.verify(signed(body), Buffer.from(body), NOW).secretIndex, 0, `bytes ${size}`);
    assert.equal(codeOf(() => verifier.verify(signed(body), `${body} `, NOW)), "SIGNATURE_MISMATCH");
  }
  // Non-ASCII characters in headers can never pass for digits or hex digits.
  const tricky = { ...signed(), "x-twenty-webhook-timestamp": `\u0131${String(NOW).slice(1)}` };
  assert.equal(codeOf(() => verifier.verify(tricky, BODY, NOW)), "MALFORMED_TIMESTAMP");
});

test("signRequest gives Twenty's headers in Twenty's order, and nothing signed for an empty secret", () => {
  const { body, headers } = twenty.signRequest({ secret: SECRET, body: BODY, timestamp: NOW, nonce: "n0nce" });
  assert.equal(body, BODY);
  assert.deepEqual(Object.keys(headers), ["Content-Type", "X-Twenty-Webhook-Timestamp", "X-Twenty-Webhook-Signature", "X-Twenty-Webhook-Nonce"]);
  assert.deepEqual(headers, {
    "Content-Type": "application/json",
    "X-Twenty-Webhook-Timestamp": String(NOW),
    "X-Twenty-Webhook-Signature": signed()["x-twenty-webhook-signature"],
    "X-Twenty-Webhook-Nonce": "n0nce",
  });
  const fresh = twenty.signRequest({ secret: SECRET, body: BODY });
  assert.match(fresh.headers["X-Twenty-Webhook-Nonce"], /^[0-9a-f]{32}$/);
  assert.ok(Math.abs(Number(fresh.headers["X-Twenty-Webhook-Timestamp"]) - Date.now()) < 60000);
  assert.deepEqual(twenty.signRequest({ secret: "", body: BODY }).headers, { "Content-Type": "application/json" });
  assert.equal(codeOf(() => twenty.signRequest({ secret: " ", body: BODY })), "INVALID_SECRET");
});

test("generateSecret gives 64 lowercase hex digits, different each time", () => {
  const secrets = new Set(Array.from({ length: 100 }, () => twenty.generateSecret()));
  assert.equal(secrets.size, 100);
  for (const s of secrets) assert.match(s, /^[0-9a-f]{64}$/);
});

test("sampleRecord makes realistic, reproducible records", () => {
  const person = twenty.sampleRecord("person", { seed: 7, now: NOW });
  assert.deepEqual(person, twenty.sampleRecord("person", { seed: 7, now: NOW }));
  assert.notDeepEqual(person, twenty.sampleRecord("person", { seed: 8, now: NOW }));
  assert.match(person.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual(Object.keys(person.name), ["firstName", "lastName"]);
  assert.match(person.emails.primaryEmail, /@/);
  assert.equal(person.deletedAt, null);
  assert.equal(twenty.sampleRecord("task", { now: NOW, action: "deleted" }).deletedAt, new Date(NOW).toISOString());
  const task = twenty.sampleRecord("task", { seed: 1 });
  assert.ok(["TODO", "IN_PROGRESS", "DONE"].includes(task.status));
  assert.doesNotThrow(() => JSON.parse(task.bodyV2.blocknote));
  assert.equal(typeof twenty.sampleRecord("company").annualRecurringRevenue.amountMicros, "number");
  assert.equal(typeof twenty.sampleRecord("rocket").name, "string");
  assert.equal(codeOf(() => twenty.sampleRecord("not a name")), "INVALID_OBJECT_NAME");
  assert.equal(codeOf(() => twenty.sampleRecord("note", { action: "create" })), "INVALID_EVENT_NAME");
});

test("buildPayload fills what a tester leaves out, and orders keys as Twenty does", () => {
  const record = twenty.sampleRecord("person", { seed: 3, now: NOW });
  const body = twenty.buildPayload({ record, eventName: "person.created", targetUrl: "https://x.test/hook" });
  const payload = JSON.parse(body);
  assert.deepEqual(Object.keys(payload), ["targetUrl", "eventName", "objectMetadata", "workspaceId", "webhookId", "eventDate", "record"]);
  assert.equal(payload.objectMetadata.nameSingular, "person");
  assert.match(payload.workspaceId, /^[0-9a-f-]{36}$/);
  assert.ok(Math.abs(Date.parse(payload.eventDate) - Date.now()) < 60000);
  assert.equal(body, JSON.stringify(payload));
  for (const eventDate of [NOW, new Date(NOW), "2024-12-24T18:57:19.761Z", "2024-12-24T19:57:19.761+01:00"]) {
    assert.equal(JSON.parse(twenty.buildPayload({ record, eventName: "person.created", targetUrl: "u", eventDate })).eventDate, "2024-12-24T18:57:19.761Z");
  }
});

test("buildPayload serialises records exactly as JSON.stringify, toJSON and all", () => {
  class Money {
    constructor(micros) {
      this.micros = micros;
    }
    toJSON(key) {
      return { amountMicros: this.micros, key };
    }
  }
  const record = {
    date: new Date(NOW),
    money: new Money(5),
    skipped: undefined,
    fn() {},
    [Symbol("hidden")]: 1,
    list: [undefined, () => 1, Symbol("s"), NaN, -0, Infinity, 1e21, 5e-7],
    boxed: [new Number(3), new String("s"), new Boolean(false)],
    nested: { deep: { deeper: [{}] } },
    2: "index keys first",
    "lone \ud800": "\udfff",
  };
  Object.defineProperty(record, "hiddenProp", { value: 1, enumerable: false });
  const event = { targetUrl: "u", eventName: "person.created", eventDate: NOW, workspaceId: "w", webhookId: "h", objectMetadata: { id: "m" }, record };
  const expected = JSON.stringify({ targetUrl: "u", eventName: "person.created", objectMetadata: { id: "m", nameSingular: "person" }, workspaceId: "w", webhookId: "h", eventDate: new Date(NOW), record });
  assert.equal(twenty.buildPayload(event), expected);
});

test("buildPayload refuses what Twenty could not send, with typed errors", () => {
  const ok = { targetUrl: "u", eventName: "person.created", record: {} };
  const cases = [
    [{ ...ok, eventName: "person" }, "INVALID_EVENT_NAME"],
    [{ ...ok, eventName: "person.create" }, "INVALID_EVENT_NAME"],
    [{ ...ok, objectMetadata: { nameSingular: "company" } }, "EVENT_OBJECT_MISMATCH"],
    [{ ...ok, eventDate: "yesterday" }, "INVALID_EVENT_DATE"],
    [{ ...ok, eventDate: "2024-12-24T18:57:19" }, "INVALID_EVENT_DATE"],
    [{ ...ok, eventDate: new Date(NaN) }, "INVALID_EVENT_DATE"],
    [{ ...ok, eventDate: 8.64e15 + 1 }, "INVALID_EVENT_DATE"],
    [{ ...ok, targetUrl: undefined }, "INVALID_EVENT"],
    [{ ...ok, workspaceId: 5 }, "INVALID_EVENT"],
    [{ ...ok, record: undefined }, "INVALID_EVENT"],
    [{ ...ok, record: [1] }, "INVALID_EVENT"],
    [{ ...ok, updatedFields: "name" }, "INVALID_EVENT"],
    [{ ...ok, record: { amount: 10n } }, "UNSERIALIZABLE_VALUE"],
    [{ ...ok, record: { get bad() { throw new Error("boom"); } } }, "UNSERIALIZABLE_VALUE"],
    [null, "INVALID_EVENT"],
  ];
  for (const [event, code] of cases) {
    assert.throws(() => twenty.buildPayload(event), (e) => {
      assert.ok(e instanceof twenty.WebhookPayloadError, `${code}: ${e}`);
      assert.equal(e.code, code, e.message);
      assert.ok(e.hint.length > 10);
      return true;
    });
  }
  const cyclic = { a: {} };
  cyclic.a.back = cyclic;
  assert.throws(() => twenty.buildPayload({ ...ok, record: cyclic }), (e) => e.code === "UNSERIALIZABLE_VALUE" && /record\.a\.back/.test(e.message) && /cycle/.test(e.message));
  // Nesting JSON.stringify itself cannot write (Twenty's server could not send it either).
  let deep = {};
  for (let i = 0; i < 100000; i++) deep = { deep };
  assert.throws(() => JSON.stringify(deep), RangeError);
  assert.throws(() => twenty.buildPayload({ ...ok, record: deep }), (e) => e.code === "UNSERIALIZABLE_VALUE" && /deep/.test(e.message));
  // After refusals the module keeps working.
  assert.equal(JSON.parse(twenty.buildPayload({ ...ok, record: { a: 1 } })).record.a, 1);
});

test("diagnose accepts a parsed body and says so", () => {
  const findings = twenty.diagnose({ secret: SECRET, headers: signed(), body: JSON.parse(BODY), now: NOW });
  assert.deepEqual(findings.map((f) => f.code), ["BODY_PARSED"]);
  assert.equal(twenty.diagnose({ secret: SECRET, headers: signed(), body: BODY, now: NOW }).length, 0);
});

test("a header given twice reads as malformed, in every shape, and diagnose agrees", () => {
  const h = signed();
  const twice = [["x-twenty-webhook-timestamp", h["x-twenty-webhook-timestamp"]], ["x-twenty-webhook-signature", "0".repeat(64)], ["X-Twenty-Webhook-Signature", h["x-twenty-webhook-signature"]]];
  const plainTwoCasings = { ...h, "X-Twenty-Webhook-Signature": "0".repeat(64) };
  const headers = new Headers(twice.slice(0, 2));
  headers.append("x-twenty-webhook-signature", h["x-twenty-webhook-signature"]);
  for (const shape of [twice, new Map(twice), headers, plainTwoCasings, { "x-twenty-webhook-timestamp": h["x-twenty-webhook-timestamp"], "x-twenty-webhook-signature": [h["x-twenty-webhook-signature"], "0".repeat(64)] }]) {
    assert.throws(() => twenty.verify({ secret: SECRET, headers: shape, body: BODY, now: NOW }), (e) => e.code === "MALFORMED_SIGNATURE" && /more than once/.test(e.message));
    const findings = twenty.diagnose({ secret: SECRET, headers: shape, body: BODY, now: NOW });
    assert.deepEqual(findings.map((f) => f.code), ["MALFORMED_SIGNATURE"]);
  }
});

test("a body that misreports its length is read by its true bytes, never past them", () => {
  class Liar extends Uint8Array {
    get length() {
      return 2;
    }
  }
  const body = `{"padding":"${"x".repeat(4000)}"}`;
  const ownLength = new TextEncoder().encode(body);
  Object.defineProperty(ownLength, "length", { value: 2 });
  assert.equal(codeOf(() => twenty.verify({ secret: SECRET, headers: signed(body.slice(0, 2)), body: ownLength, now: NOW })), "SIGNATURE_MISMATCH");
  assert.equal(twenty.verify({ secret: SECRET, headers: signed(body), body: ownLength, now: NOW }).secretIndex, 0);
  const liar = new Liar(new TextEncoder().encode(body));
  assert.equal(twenty.verify({ secret: SECRET, headers: signed(body), body: liar, now: NOW }).payload.padding.length, 4000);
  assert.equal(codeOf(() => twenty.verify({ secret: SECRET, headers: signed(body.slice(0, 2)), body: liar, now: NOW })), "SIGNATURE_MISMATCH");
  assert.equal(twenty.verify({ secret: SECRET, headers: signed(), body: BODY, now: NOW }).secretIndex, 0, "the module still works");
});

test("bodies in shared or detached memory: verified, or a typed error when the payload can no longer be read", () => {
  const bytes = new TextEncoder().encode(BODY);
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  assert.equal(twenty.verify({ secret: SECRET, headers: signed(), body: shared, now: NOW }).payload.eventName, "person.created");
  const buffer = bytes.slice().buffer;
  const result = twenty.verify({ secret: SECRET, headers: signed(), body: buffer, now: NOW });
  structuredClone(buffer, { transfer: [buffer] }); // detaches it, as some servers do after the handler
  assert.throws(() => result.payload, (e) => e instanceof twenty.WebhookVerificationError && e.code === "INVALID_BODY" && /no longer be read/.test(e.message));
});

test("a large body is hashed in pieces, whatever its size and wherever a character falls", () => {
  const verifier = new twenty.Verifier(SECRET);
  for (const size of [65535, 65536, 65537, 3 * 65536 + 7]) {
    const body = `"${"😀é".repeat(size / 3)}"`;
    assert.equal(verifier.verify(signed(body), body, NOW).secretIndex, 0, `text ${size}`);
    assert.equal(verifier.verify(signed(body), new TextEncoder().encode(body), NOW).secretIndex, 0, `bytes ${size}`);
    const tampered = new TextEncoder().encode(body);
    tampered[tampered.length - 2] ^= 1;
    assert.equal(codeOf(() => verifier.verify(signed(body), tampered, NOW)), "SIGNATURE_MISMATCH");
  }
  // A refusal at the first piece of a long body leaves the verifier ready for the next one.
  assert.equal(codeOf(() => verifier.verify({ ...signed(), "x-twenty-webhook-signature": "zz" }, "x".repeat(200000), NOW)), "MALFORMED_SIGNATURE");
  assert.equal(verifier.verify(signed(), BODY, NOW).secretIndex, 0);
});

test("memory stays bounded: a 16 MiB body and a 20 MB header grow wasm memory by little", async () => {
  const { wasmMemory } = await import("../../pkg/src/lifecycle.js"); // the instance the package uses
  const verifier = new twenty.Verifier(SECRET);
  const before = wasmMemory().buffer.byteLength;
  const big = `"${"x".repeat(16 * 1024 * 1024)}"`;
  assert.equal(verifier.verify(signed(big), big, NOW).secretIndex, 0);
  assert.equal(verifier.verify(signed(big), Buffer.from(big), NOW).secretIndex, 0);
  assert.throws(() => verifier.verify({ ...signed(), "x-twenty-webhook-timestamp": "9".repeat(20_000_000) }, BODY, NOW), { code: "MALFORMED_TIMESTAMP" });
  assert.throws(() => verifier.verify({ ...signed(), "x-twenty-webhook-signature": "a".repeat(20_000_000) }, BODY, NOW), (e) => /over 256 characters/.test(e.message));
  assert.ok(wasmMemory().buffer.byteLength - before <= 1024 * 1024, `grew by ${wasmMemory().buffer.byteLength - before} bytes`);
});

test("matchesOperations answers every string event name and refuses only non-strings", () => {
  assert.equal(twenty.matchesOperations(["*.*"], "metadata.view.updated"), true);
  assert.equal(twenty.matchesOperations(["*.created"], "metadata.view.created"), false);
  assert.equal(twenty.matchesOperations(["metadata.*.*"], "person.created"), false);
  for (const name of ["", "person", "*.*", "metadata.*.*", "a.b.c.d", "\ud800.x", "x".repeat(100000)]) {
    assert.equal(twenty.matchesOperations(["*.*", name], name), false, JSON.stringify(name.slice(0, 20)));
  }
  for (const [operations, eventName] of [[["*.*"], 1], [["*.*"], null], [["*.*"], undefined], ["*.*", "person.created"], [[1], "person.created"], [null, "x.y"]]) {
    assert.equal(codeOf(() => twenty.matchesOperations(operations, eventName)), "INVALID_ARGUMENT");
  }
});

test("buildPayload builds metadata bodies in Twenty's key order, byte for byte JSON.stringify's", () => {
  const event = twenty.sampleMetadataEvent("fieldMetadata", { seed: 4, now: NOW, action: "updated" });
  const base = { targetUrl: "https://x.test/hook", eventName: "metadata.fieldMetadata.updated", workspaceId: "w", webhookId: "h", eventDate: new Date(NOW), event };
  const twentys = (e) => JSON.stringify({ targetUrl: e.targetUrl, eventName: e.eventName, workspaceId: e.workspaceId, webhookId: e.webhookId, eventDate: new Date(NOW), userId: e.userId, apiKeyId: e.apiKeyId, event: e.event });
  for (const extra of [{}, { userId: "u" }, { apiKeyId: "k" }, { userId: "u", apiKeyId: "k" }]) {
    assert.equal(twenty.buildPayload({ ...base, ...extra }), twentys({ ...base, ...extra }), JSON.stringify(extra));
  }
  const filled = JSON.parse(twenty.buildPayload({ targetUrl: "u", eventName: "metadata.view.deleted", event: { type: "deleted" } }));
  assert.deepEqual(Object.keys(filled), ["targetUrl", "eventName", "workspaceId", "webhookId", "eventDate", "event"]);
  assert.match(filled.webhookId, /^[0-9a-f-]{36}$/);
});

test("buildPayload refuses a metadata event with record fields and a record event with event, with a hint", () => {
  const event = twenty.sampleMetadataEvent("view", { seed: 1 });
  const metadata = { targetUrl: "u", eventName: "metadata.view.created", event };
  const cases = [
    [{ ...metadata, record: {} }, "INVALID_EVENT", /record/],
    [{ ...metadata, objectMetadata: { id: "m" } }, "INVALID_EVENT", /objectMetadata/],
    [{ ...metadata, updatedFields: ["name"] }, "INVALID_EVENT", /updatedFields/],
    [{ ...metadata, workspaceMemberId: "w" }, "INVALID_EVENT", /workspaceMemberId/],
    [{ targetUrl: "u", eventName: "person.created", record: {}, apiKeyId: "k" }, "INVALID_EVENT", /apiKeyId/],
    [{ ...metadata, event: undefined }, "INVALID_EVENT", /event/],
    [{ ...metadata, event: [event] }, "INVALID_EVENT", /event/],
    [{ targetUrl: "u", eventName: "person.created", record: {}, event }, "INVALID_EVENT", /event/],
    [{ ...metadata, eventName: "metadata.view.restored" }, "INVALID_EVENT_NAME", /created, updated or deleted/],
    [{ ...metadata, event: { n: 1n } }, "UNSERIALIZABLE_VALUE", /event\.n/],
  ];
  for (const [input, code, message] of cases) {
    assert.throws(() => twenty.buildPayload(input), (e) => {
      assert.ok(e instanceof twenty.WebhookPayloadError, String(e));
      assert.equal(e.code, code, e.message);
      assert.match(e.message, message);
      assert.ok(e.hint.length > 10);
      return true;
    });
  }
});

test("buildPayload runs no caller code while wasm is on the stack, and types every failure", () => {
  const ok = { targetUrl: "u", eventName: "person.created", record: {} };
  const trap = new Proxy({}, { get() { throw new Error("trap"); }, ownKeys() { throw new Error("keys"); } });
  const cases = [
    [trap, "UNSERIALIZABLE_VALUE", /targetUrl/],
    [{ ...ok, record: trap }, "UNSERIALIZABLE_VALUE", /record/],
    [{ ...ok, record: { list: [1, { get x() { throw new Error("getter"); } }] } }, "UNSERIALIZABLE_VALUE", /record\.list\[1\]\.x.*getter/],
    [{ ...ok, record: { toJSON() { throw new Error("toJSON"); } } }, "UNSERIALIZABLE_VALUE", /toJSON/],
    [{ ...ok, record: { "odd key": { n: 2n } } }, "UNSERIALIZABLE_VALUE", /record\["odd key"\]\.n/],
    [{ ...ok, eventDate: Object.create(Date.prototype) }, "INVALID_EVENT_DATE", /expected a Date/],
    [{ ...ok, eventDate: { getTime: () => NOW } }, "INVALID_EVENT_DATE", /expected a Date/],
    [{ ...ok, workspaceId: { toString: () => "w" } }, "INVALID_EVENT", /workspaceId/],
    [{ ...ok, updatedFields: new Proxy([], { get(t, k) { if (k === "length") return 1; throw new Error("item"); } }) }, "UNSERIALIZABLE_VALUE", /updatedFields\[0\]/],
    [{ ...ok, updatedFields: [{ toString: () => "name" }] }, "INVALID_EVENT", /updatedFields/],
    [{ ...ok, updatedFields: new Array(1e9) }, "INVALID_EVENT", /updatedFields/],
    [{ ...ok, targetUrl: "https://x.test/\ud800" }, "INVALID_EVENT", /targetUrl.*well-formed/],
    [{ ...ok, updatedFields: ["name", "\udfff"] }, "INVALID_EVENT", /updatedFields\[1\].*well-formed/],
    [{ ...ok, eventDate: Symbol("now") }, "INVALID_EVENT_DATE", /expected a Date/],
    [{ ...ok, objectMetadata: "person" }, "INVALID_EVENT", /objectMetadata/],
    [{ ...ok, record: Object.setPrototypeOf(new Number(5), Object.prototype) }, "INVALID_EVENT", /record/],
    [{ ...ok, record: Object.create(null, { toJSON: { value: () => [1] } }) }, "INVALID_EVENT", /record/],
  ];
  for (const [input, code, message] of cases) {
    assert.throws(() => twenty.buildPayload(input), (e) => {
      assert.ok(e instanceof twenty.TwentyWebhooksError, String(e));
      assert.equal(e.code, code, e.message);
      assert.match(e.message, message);
      return true;
    });
  }
  // A Date whose methods were replaced is still read by its internal time.
  const date = new Date(NOW);
  date.getTime = () => 0;
  date.toJSON = () => "1970";
  assert.equal(JSON.parse(twenty.buildPayload({ ...ok, eventDate: date })).eventDate, new Date(NOW).toISOString());
  // toJSON on the record itself sees the key "record", as Twenty's JSON.stringify gives it.
  assert.equal(JSON.parse(twenty.buildPayload({ ...ok, record: { toJSON: (key) => ({ key }) } })).record.key, "record");
  assert.equal(JSON.parse(twenty.buildPayload({ ...ok, record: {} })).record.constructor, Object, "the module still works");
});

test("sampleMetadataEvent makes realistic, reproducible metadata events", () => {
  for (const name of ["objectMetadata", "fieldMetadata", "view", "viewField", "webhook"]) {
    const created = twenty.sampleMetadataEvent(name, { seed: 2, now: NOW });
    assert.deepEqual(created, twenty.sampleMetadataEvent(name, { seed: 2, now: new Date(NOW) }));
    assert.equal(created.type, "created");
    assert.equal(created.metadataName, name);
    assert.deepEqual(Object.keys(created.properties), ["after"]);
    assert.equal(created.properties.after.id, created.recordId);
    assert.deepEqual(Object.keys(created.properties.after).slice(-4), ["id", "workspaceId", "applicationId", "universalIdentifier"]);
    const updated = twenty.sampleMetadataEvent(name, { seed: 2, now: NOW, action: "updated" });
    assert.deepEqual(Object.keys(updated.properties), ["updatedFields", "diff", "before", "after"]);
    for (const field of updated.properties.updatedFields) {
      assert.deepEqual(updated.properties.diff[field], { before: updated.properties.before[field], after: updated.properties.after[field] });
    }
    assert.deepEqual(Object.keys(twenty.sampleMetadataEvent(name, { action: "deleted" }).properties), ["before"]);
  }
  const object = twenty.sampleMetadataEvent("objectMetadata", { seed: 3 }).properties.after;
  assert.equal(typeof object.nameSingular, "string");
  assert.equal(typeof object.labelPlural, "string");
  const field = twenty.sampleMetadataEvent("fieldMetadata", { seed: 3 }).properties.after;
  assert.equal(typeof field.type, "string");
  assert.equal(typeof field.objectMetadataId, "string");
  const view = twenty.sampleMetadataEvent("view", { seed: 3 }).properties.after;
  assert.ok(["TABLE", "KANBAN"].includes(view.type));
  assert.equal(codeOf(() => twenty.sampleMetadataEvent("not a name")), "INVALID_EVENT_NAME");
  assert.equal(codeOf(() => twenty.sampleMetadataEvent("view", { action: "restored" })), "INVALID_EVENT_NAME");
  assert.equal(codeOf(() => twenty.sampleMetadataEvent(5)), "INVALID_ARGUMENT");
  assert.equal(codeOf(() => twenty.sampleMetadataEvent("view", { seed: 1.5 })), "INVALID_ARGUMENT");
});

test("isMetadataEvent tells metadata payloads from record payloads", () => {
  const body = twenty.buildPayload({ targetUrl: "u", eventName: "metadata.view.created", event: twenty.sampleMetadataEvent("view") });
  assert.equal(twenty.isMetadataEvent(JSON.parse(body)), true);
  assert.equal(twenty.isMetadataEvent({ eventName: "person.created" }), false);
  assert.equal(twenty.isMetadataEvent({ eventName: "metadata.created" }), false, "a record event of an object named metadata");
  for (const value of [null, undefined, 5, {}, { eventName: 5 }]) assert.equal(twenty.isMetadataEvent(value), false);
});
