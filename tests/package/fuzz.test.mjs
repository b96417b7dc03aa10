// The fuzz targets' JavaScript counterpart (fuzz/fuzz_targets: headers, verify, payload,
// diagnose): seeded random values, plain and hostile, through the package's API. Every call
// returns or throws a TwentyWebhooksError or the caller's own error; what verifies carries the
// real signature; text and bytes get the same verdict; genuine deliveries keep verifying.
// Replay a failure with SEED=<the seed in its title>.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SEED, seededRandom, twenty } from "./support.mjs";
import { CallerError, assertHealthy, hostileValues, outcome } from "../runtimes/stress.mjs";

const ITERATIONS = 3000;
const random = seededRandom(SEED);
const int = (n) => Math.floor(random() * n);
const pick = (list) => list[int(list.length)];
const HOSTILE = Object.keys(hostileValues());

function text() {
  const alphabet = ["a", "Z", "0", "9", " ", ":", ".", ",", "\"", "\\", "é", "😀", "\ud800", "\u0000", "x-twenty-webhook-", "sha256=", "ff"];
  return Array.from({ length: int(12) }, () => pick(alphabet)).join("");
}

/** A random value: plain data most of the time, a hostile value now and then. */
function value(depth = 0) {
  const kind = int(depth > 3 ? 6 : 9);
  switch (kind) {
    case 0: return text();
    case 1: return pick([0, -0, 1.5, -1e21, 1e-7, NaN, Infinity, Number.MAX_SAFE_INTEGER, Date.now()]);
    case 2: return pick([true, false, null, undefined]);
    case 3: return random() < 0.3 ? hostileValues()[pick(HOSTILE)] : text();
    case 4: return new Date(int(2) ? Date.now() : NaN);
    case 5: return new TextEncoder().encode(text());
    case 6: return Array.from({ length: int(4) }, () => value(depth + 1));
    case 7: return Object.fromEntries(Array.from({ length: int(4) }, () => [text(), value(depth + 1)]));
    default: {
      const object = { toJSON: int(2) ? () => value(depth + 1) : undefined, [text()]: value(depth + 1) };
      Object.defineProperty(object, text() || "g", { enumerable: true, get: () => (int(3) ? value(depth + 1) : (() => { throw new CallerError("getter"); })()) });
      return object;
    }
  }
}

function headers(timestamp, signature) {
  const pairs = [["x-twenty-webhook-timestamp", timestamp], ["X-Twenty-Webhook-Signature", signature]];
  for (let i = int(3); i > 0; i--) pairs.push([pick(["x-twenty-webhook-signature", "X-TWENTY-WEBHOOK-TIMESTAMP", "x-twenty-webhook-nonce", text()]), int(4) ? text() : value()]);
  const shape = int(5);
  if (shape === 0) return new Map(pairs);
  if (shape === 1) return pairs;
  if (shape === 2) return random() < 0.5 ? value() : hostileValues()[pick(HOSTILE)];
  if (shape === 3) {
    try {
      return new Headers(pairs.map(([n, v]) => [String(n), String(v)]));
    } catch {
      return pairs;
    }
  }
  return Object.fromEntries(pairs);
}

function body() {
  const content = int(3) ? JSON.stringify({ n: int(100), t: text() }) : text();
  const bytes = new TextEncoder().encode(content);
  return pick([content, bytes, bytes.buffer, new DataView(bytes.buffer), new Uint16Array(bytes.buffer.slice(0, bytes.length & ~1)), value()]);
}

/** The test's own conversion of a value that may be hostile. */
function asText(value) {
  try {
    return String(value);
  } catch {
    return "unreadable";
  }
}

const fails = (what, result) => `${what} (SEED=${SEED}): ${result}`;
const ok = (result) => ["returned", "typed", "caller's own"].includes(result);

test(`fuzz (JS): verify and headers, ${ITERATIONS} cases (SEED=${SEED})`, () => {
  const verifier = new twenty.Verifier("fuzz-secret");
  const healthy = new twenty.Verifier("stress-secret");
  for (let i = 0; i < ITERATIONS; i++) {
    const secret = int(4) ? pick(["fuzz-secret", "other", " fuzz-secret", ""]) : value();
    const content = int(2) ? `{"i":${i}}` : text();
    const timestamp = int(4) ? String(Date.now() - int(600_000)) : value();
    const real = typeof timestamp === "string" && /^\d{1,16}$/.test(timestamp) ? twenty.sign("fuzz-secret", timestamp, content) : "00";
    const signature = pick([real, real.toUpperCase(), `sha256=${real}`, text(), value()]);
    const given = int(3) ? content : pick([new TextEncoder().encode(content), body()]);
    let verdict;
    const result = outcome(twenty, () => {
      verdict = twenty.verify({ secret, headers: headers(timestamp, signature), body: given, toleranceMs: int(2) ? undefined : value() });
    });
    assert.ok(ok(result), fails(`verify #${i}`, result));
    if (result === "returned") {
      // What verifies carries the real signature of exactly this body.
      assert.equal(secret, "fuzz-secret", fails(`verify #${i} verified under another secret`, secret));
      const bytes = typeof given === "string" ? given : new Uint8Array(given.buffer ?? given, given.byteOffset ?? 0, given.byteLength);
      assert.equal(twenty.sign(secret, timestamp, bytes).toLowerCase(), asText(signature).toLowerCase().replace(/^sha256=/, ""), fails(`verify #${i}`, "a signature that is not the body's"));
      assert.ok(verdict.secretIndex === 0);
    }
    // Text and bytes of the same content: the same verdict.
    const pair = { "x-twenty-webhook-timestamp": asText(timestamp), "x-twenty-webhook-signature": asText(signature) };
    const fromText = outcome(twenty, () => verifier.verify(pair, content));
    const fromBytes = outcome(twenty, () => verifier.verify(pair, new TextEncoder().encode(content)));
    assert.equal(fromText, fromBytes, fails(`verify #${i}: text and bytes disagree`, `${fromText} / ${fromBytes}`));
    if (i % 100 === 0) assertHealthy(twenty, healthy, `fuzz case ${i}`);
  }
});

test(`fuzz (JS): diagnose, ${ITERATIONS} cases (SEED=${SEED})`, () => {
  const verifier = new twenty.Verifier("stress-secret");
  for (let i = 0; i < ITERATIONS; i++) {
    const timestamp = int(3) ? String(Date.now()) : text();
    let findings;
    const result = outcome(twenty, () => {
      findings = twenty.diagnose({ secret: int(4) ? pick(["s", " s", "ab".repeat(32)]) : value(), headers: headers(timestamp, text() || "00"), body: int(4) ? body() : value() });
    });
    assert.ok(ok(result), fails(`diagnose #${i}`, result));
    if (result === "returned") {
      assert.ok(Array.isArray(findings), fails(`diagnose #${i}`, "not an array"));
      for (const f of findings) assert.ok(["code", "severity", "message", "hint"].every((k) => typeof f[k] === "string" && f[k]), fails(`diagnose #${i}`, JSON.stringify(f)));
    }
    if (i % 100 === 0) assertHealthy(twenty, verifier, `fuzz case ${i}`);
  }
});

test(`fuzz (JS): sampleRecord, ${ITERATIONS} cases (SEED=${SEED})`, () => {
  const verifier = new twenty.Verifier("stress-secret");
  for (let i = 0; i < ITERATIONS; i++) {
    const object = int(3) ? pick(["person", "company", "opportunity", "task", "note", text()]) : value();
    const result = outcome(twenty, () => twenty.sampleRecord(object, { seed: int(2) ? int(1000) : value(), now: int(2) ? undefined : value(), action: int(2) ? undefined : pick(["created", "updated", text()]) }));
    assert.ok(ok(result), fails(`sampleRecord #${i}`, result));
    if (i % 100 === 0) assertHealthy(twenty, verifier, `fuzz case ${i}`);
  }
});

// The typing of buildPayload and matchesOperations holds once they read their arguments in
// JavaScript (branch `meta`); the module's health holds now.
test(`fuzz (JS): buildPayload and matchesOperations, ${ITERATIONS} cases (SEED=${SEED})`, () => {
  const verifier = new twenty.Verifier("stress-secret");
  const untyped = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const event = { targetUrl: int(4) ? "https://example.com/h" : value(), eventName: int(4) ? "person.created" : value(), record: int(4) ? value(1) : value() };
    if (int(2)) event.eventDate = value();
    if (int(3) === 0) event.updatedFields = value();
    const result = outcome(twenty, () => {
      const out = twenty.buildPayload(event);
      JSON.parse(out); // what it builds is JSON
    });
    if (!ok(result)) untyped.push(`#${i}: ${result}`);
    const matched = outcome(twenty, () => twenty.matchesOperations(int(3) ? [pick(["*.*", "person.*", "*.created", text()])] : value(), int(3) ? pick(["person.created", text()]) : value()));
    if (!ok(matched)) untyped.push(`#${i}: matchesOperations: ${matched}`);
    if (i % 100 === 0) assertHealthy(twenty, verifier, `fuzz case ${i}`);
  }
  assertHealthy(twenty, verifier, "the buildPayload fuzz");
  assert.deepEqual([...new Set(untyped.map((u) => u.replace(/^#\d+: /, "")))], [], fails("buildPayload", `${untyped.length} untyped errors`));
});
