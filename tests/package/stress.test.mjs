// Issue 8: nothing a caller does can break later verifications. The shared stress
// (tests/runtimes/stress.mjs, which every runtime also runs) at full size, the rule that keeps
// caller code out of wasm checked on the generated glue, the smaller findings of the same review,
// and diagnose's bounds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { twenty } from "./support.mjs";
import { instance, wasmMemory } from "../../pkg/src/lifecycle.js";
import { stress } from "../runtimes/stress.mjs";

const SECRET = "stress-secret";
const MIB = 1024 * 1024;

const codeOf = (fn) => {
  try {
    fn();
    return "no error";
  } catch (error) {
    return error.code ?? `${error.constructor.name}: ${error.message}`;
  }
};
const genuine = (body = '{"a":1}') => ({ body, headers: twenty.signRequest({ secret: SECRET, body }).headers });

// Run once, checked by the two tests below.
const before = wasmMemory().buffer.byteLength;
const result = stress(twenty, { rounds: 5 });
const after = wasmMemory().buffer.byteLength;

test("stress: hostile values and stack overflows at every depth leave the module healthy; errors are typed or the caller's own", () => {
  assert.deepEqual(result.failures, []);
  assert.ok(result.calls >= 10_000, `only ${result.calls} hostile calls`); // each followed by four genuine verifications
  assert.ok(result.hostFailures >= 600, `only ${result.hostFailures} exceptions thrown through wasm by the host`);
  // Replaced instances are given back: wasm memory ends within 2 MiB of where it started.
  assert.ok(after - before <= 2 * MIB, `wasm memory grew from ${before} to ${after} bytes`);
});

test("stress: buildPayload's hostile events get typed errors", () => {
  assert.deepEqual([...new Set(result.buildPayloadFailures.map((f) => f.replace(/ \(#\d+\)/, "")))], []);
});

test("the facade takes only primitives: no export of the glue has a parameter of type any or an object type", () => {
  const glue = readFileSync(new URL("../../pkg/dist/wasm/twenty_webhooks.js", import.meta.url), "utf8");
  // wasm-bindgen's enums (InputError, EventProblem, Content…) cross as numbers.
  const enums = [...glue.matchAll(/^export const (\w+) = Object\.freeze\(/gm)].map(([, name]) => name);
  assert.ok(enums.includes("InputError"), "the glue's enums were not found");
  const allowed = new Set(["string", "number", "boolean", "string[]", "Uint8Array", "Uint32Array", "number[]", "null", "undefined", ...enums]);
  const types = [...glue.matchAll(/@param \{([^}]+)\} (\[?\w+)/g)].map(([, type, name]) => [name, type]);
  assert.ok(types.length > 10, "the glue's JSDoc was not found");
  const offending = types.filter(([, type]) => !type.split("|").every((part) => allowed.has(part.trim())));
  assert.deepEqual(offending, []);
});

test("a stack overflow inside Verifier.verify: the same Verifier verifies afterwards, no borrow left held", () => {
  const verifier = new twenty.Verifier(SECRET);
  const { headers, body } = genuine();
  const dive = (depth) => {
    try {
      return dive(depth + 1);
    } catch {
      try {
        verifier.verify(headers, body);
      } catch {
        // out of stack, somewhere on verify's path
      }
      return depth;
    }
  };
  for (let i = 0; i < 200; i++) dive(0);
  assert.equal(verifier.verify(headers, body).secretIndex, 0);
  assert.equal(twenty.verify({ secret: SECRET, headers, body }).secretIndex, 0);
});

test("a detached buffer is INVALID_BODY, not a TypeError, whatever its shape", () => {
  const { headers } = genuine("{}");
  const detach = (buffer) => structuredClone(buffer, { transfer: [buffer] });
  const bytes = new TextEncoder().encode("{}");
  const view = new DataView(bytes.buffer);
  const words = new Uint16Array(new ArrayBuffer(2));
  for (const buffer of [bytes.buffer, words.buffer]) detach(buffer);
  for (const body of [bytes, bytes.buffer, view, words, words.buffer]) {
    assert.equal(codeOf(() => twenty.verify({ secret: SECRET, headers, body })), "INVALID_BODY");
    assert.equal(codeOf(() => twenty.sign(SECRET, Date.now(), body)), "INVALID_BODY");
    assert.equal(codeOf(() => twenty.diagnose({ secret: SECRET, headers, body })), "INVALID_BODY");
  }
});

// (Not `get` or `set`: those break every property descriptor written as an object literal, the
// wasm-bindgen glue's included.)
test("a polluted Object.prototype changes nothing in how headers are read", () => {
  const { headers, body } = genuine();
  const pollution = {
    "x-twenty-webhook-signature": "00",
    "X-Twenty-Webhook-Timestamp": "1",
    [Symbol.iterator]: function* () {
      yield ["x-twenty-webhook-signature", "00"];
    },
  };
  for (const [name, value] of Object.entries(pollution).concat([[Symbol.iterator, pollution[Symbol.iterator]]])) {
    Object.prototype[name] = value; // eslint-disable-line no-extend-native
  }
  try {
    assert.equal(twenty.verify({ secret: SECRET, headers: { ...headers }, body }).secretIndex, 0);
    assert.equal(new twenty.Verifier(SECRET).verify(Object.assign(Object.create(null), headers), body).secretIndex, 0);
    const findings = twenty.diagnose({ secret: SECRET, headers: { ...headers }, body });
    assert.deepEqual(findings.filter((f) => f.severity === "error"), []);
  } finally {
    for (const name of [...Object.keys(pollution), Symbol.iterator]) delete Object.prototype[name];
  }
});

test("a DataView's own byteLength (or other size properties) is not honoured: the built-in getters are", () => {
  const { headers, body } = genuine();
  const bytes = new TextEncoder().encode(`xx${body}`);
  const view = new DataView(bytes.buffer, 2, bytes.length - 2);
  Object.defineProperties(view, { byteLength: { value: 1 }, byteOffset: { value: 0 }, buffer: { value: new ArrayBuffer(1) } });
  assert.equal(twenty.verify({ secret: SECRET, headers, body: view }).secretIndex, 0);
  const throwing = new TextEncoder().encode(body);
  Object.defineProperty(throwing, "byteLength", { get: () => { throw new Error("caller's getter"); } });
  Object.defineProperty(throwing, "length", { get: () => { throw new Error("caller's getter"); } });
  assert.equal(twenty.verify({ secret: SECRET, headers, body: throwing }).secretIndex, 0);
  assert.equal(twenty.sign(SECRET, 1, throwing), twenty.sign(SECRET, 1, body));
});

test("sampleRecord's now: a real Date, epoch milliseconds or ISO text; a fake Date is INVALID_EVENT_DATE and runs none of its methods", () => {
  const at = Date.UTC(2025, 0, 2, 3, 4, 5);
  const expected = twenty.sampleRecord("person", { seed: 7, now: at });
  assert.deepEqual(twenty.sampleRecord("person", { seed: 7, now: new Date(at) }), expected);
  assert.deepEqual(twenty.sampleRecord("person", { seed: 7, now: new Date(at).toISOString() }), expected);
  let called = 0;
  const fake = Object.create(Date.prototype, { getTime: { value: () => called++ }, valueOf: { value: () => called++ } });
  assert.equal(codeOf(() => twenty.sampleRecord("person", { now: fake })), "INVALID_EVENT_DATE");
  assert.equal(codeOf(() => twenty.sampleRecord("person", { now: "yesterday" })), "INVALID_EVENT_DATE");
  assert.equal(codeOf(() => twenty.sampleRecord("person", { now: NaN })), "INVALID_EVENT_DATE");
  assert.equal(called, 0);
});

test("diagnose is bounded: a 16 MiB forged body is refused (typed) and leaves wasm memory where it was; a 1 MiB one gives its memory back", () => {
  const secret = "a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00";
  const forged = `{"record":{"pad":"${"x".repeat(16 * MIB)}"}}`;
  const headers = { "x-twenty-webhook-timestamp": String(Date.now()), "x-twenty-webhook-signature": "ab".repeat(32) };
  for (const body of [forged, new TextEncoder().encode(forged), JSON.parse(forged)]) {
    const start = wasmMemory().buffer.byteLength;
    const started = performance.now();
    let error;
    try {
      twenty.diagnose({ secret, headers, body });
    } catch (e) {
      error = e;
    }
    const ms = performance.now() - started;
    assert.ok(error instanceof twenty.TwentyWebhooksError && error.code === "INVALID_ARGUMENT" && /1 MiB/.test(error.message), String(error));
    assert.ok(wasmMemory().buffer.byteLength - start <= 2 * MIB, `grew by ${wasmMemory().buffer.byteLength - start} bytes`);
    console.log(`# diagnose refused a 16 MiB ${typeof body === "string" ? "text" : body instanceof Uint8Array ? "bytes" : "parsed"} body in ${ms.toFixed(0)} ms`);
  }
  // Just under the limit, a body whose readings are many small values: examined, then the
  // memory its readings took is given back.
  const items = Array.from({ length: 14_000 }, (_, k) => ({ k, v: [1, "é", null] }));
  const body = JSON.stringify({ targetUrl: "u", eventName: "person.created", record: { items } }, null, 1);
  assert.ok(body.length <= MIB && body.length > MIB / 2, `body of ${body.length}`);
  const signed = twenty.signRequest({ secret, body: JSON.stringify(JSON.parse(body)) }).headers;
  const verifier = new twenty.Verifier(secret);
  const start = wasmMemory().buffer.byteLength;
  const started = performance.now();
  const codes = twenty.diagnose({ secret, headers: signed, body }).map((f) => f.code);
  const ms = performance.now() - started;
  assert.deepEqual(codes, ["BODY_RESERIALIZED"]);
  assert.ok(wasmMemory().buffer.byteLength - start <= 2 * MIB, `grew by ${wasmMemory().buffer.byteLength - start} bytes`);
  console.log(`# diagnose examined a ${(body.length / MIB).toFixed(2)} MiB body in ${ms.toFixed(0)} ms`);
  // A Verifier made before re-keys itself in the instance diagnose left behind.
  const compact = JSON.stringify(JSON.parse(body));
  assert.equal(verifier.verify(signed, compact).secretIndex, 0);
});

test("free() of a Verifier whose wasm instance was replaced frees nothing of the new instance", () => {
  const { headers, body } = genuine();
  const older = new twenty.Verifier(SECRET);
  const survivor = new twenty.Verifier(SECRET);
  // An exception thrown through wasm frames (here by the host's getRandomValues, called from
  // inside generateSecret) leaves the instance to be replaced at the next call.
  const getRandomValues = crypto.getRandomValues;
  crypto.getRandomValues = () => {
    throw new RangeError("the host's own failure");
  };
  try {
    assert.throws(() => twenty.generateSecret(), /the host's own failure/);
  } finally {
    crypto.getRandomValues = getRandomValues;
  }
  assert.ok(instance.entered);
  older.free(); // the next call: the instance is replaced first, and older's object is stale
  assert.equal(survivor.verify(headers, body).secretIndex, 0); // re-keyed where older's object was
  const others = Array.from({ length: 20 }, () => new twenty.Verifier(`other-${Math.random()}`));
  assert.equal(survivor.verify(headers, body).secretIndex, 0);
  for (const other of others) other.free();
  assert.equal(survivor.verify(headers, body).secretIndex, 0);
});
