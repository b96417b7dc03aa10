// npm run bench: Verifier.verify against node:crypto, hash-wasm, @noble/hashes and WebCrypto,
// then buildPayload against JSON.stringify of the same payload object (Twenty's own recipe),
// in one Node process, interleaved (each round runs every contender in turn, so drifts in
// machine speed hit all of them alike), reporting the median of the rounds. Every contender
// does the same job: HMAC-SHA256 over `${timestamp}:${body}` and a constant-time comparison
// with the hex signature header.
// Prints ops/s, MB/s, ratios and the goals; it asserts nothing (speed is not a test). Then
// the receiving section: createNodeMiddleware against bare node:http (bench-node-middleware.mjs),
// and the edge receiver's accept path under load in workerd (edge/bench/load.mjs).
import { createHmac, timingSafeEqual, webcrypto } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createHMAC, createSHA256 } from "hash-wasm";
import { hmac as nobleHmac } from "@noble/hashes/hmac.js";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { Verifier, buildPayload, sampleRecord } from "../pkg/src/node.js";
import { benchNodeMiddleware } from "./bench-node-middleware.mjs";

const SECRET = "a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00";
const SIZES = [64, 2048, 64 * 1024, 1024 * 1024];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const SLICE_MS = Number(process.env.BENCH_SLICE_MS ?? 150);
const encoder = new TextEncoder();

function delivery(size) {
  // A JSON-looking ASCII body of exactly `size` bytes.
  const body = `{"pad":"${"x".repeat(size - 10)}"}`;
  const timestamp = String(Date.now());
  const signature = createHmac("sha256", SECRET).update(`${timestamp}:${body}`).digest("hex");
  return { text: body, bytes: encoder.encode(body), timestamp, signature };
}

async function contenders(d) {
  const verifier = new Verifier(SECRET);
  const headers = { "x-twenty-webhook-timestamp": d.timestamp, "x-twenty-webhook-signature": d.signature };
  const hashWasm = await createHMAC(createSHA256(), SECRET);
  const nobleKeyed = nobleHmac.create(nobleSha256, encoder.encode(SECRET));
  const webKey = await webcrypto.subtle.importKey("raw", encoder.encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  const expect = (ok) => {
    if (!ok) throw new Error("a contender failed to verify");
  };
  const sigBytes = () => Buffer.from(headers["x-twenty-webhook-signature"], "hex");
  return {
    "twenty-webhooks (bytes)": () => verifier.verify(headers, d.bytes),
    "twenty-webhooks (string)": () => verifier.verify(headers, d.text),
    "node:crypto": () => {
      const mac = createHmac("sha256", SECRET).update(`${headers["x-twenty-webhook-timestamp"]}:`).update(d.bytes).digest();
      expect(timingSafeEqual(mac, sigBytes()));
    },
    "hash-wasm": () => {
      hashWasm.init();
      hashWasm.update(`${headers["x-twenty-webhook-timestamp"]}:`);
      hashWasm.update(d.bytes);
      expect(timingSafeEqual(hashWasm.digest("binary"), sigBytes()));
    },
    "@noble/hashes": () => {
      const mac = nobleKeyed.clone().update(encoder.encode(`${headers["x-twenty-webhook-timestamp"]}:`)).update(d.bytes).digest();
      expect(timingSafeEqual(mac, sigBytes()));
    },
    WebCrypto: async () => {
      const prefix = encoder.encode(`${headers["x-twenty-webhook-timestamp"]}:`);
      const message = new Uint8Array(prefix.length + d.bytes.length);
      message.set(prefix);
      message.set(d.bytes, prefix.length);
      expect(await webcrypto.subtle.verify("HMAC", webKey, sigBytes(), message));
    },
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function measure(fn, isAsync) {
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < SLICE_MS) {
    if (isAsync) await fn();
    else fn();
    ops++;
    now = performance.now();
  }
  return { ops, ms: now - start };
}

const results = {};
for (const size of SIZES) {
  const d = delivery(size);
  const fns = await contenders(d);
  const rates = Object.fromEntries(Object.keys(fns).map((name) => [name, []]));
  for (let round = 0; round <= ROUNDS; round++) {
    for (const [name, fn] of Object.entries(fns)) {
      const { ops, ms } = await measure(fn, name === "WebCrypto");
      if (round > 0) rates[name].push((ops / ms) * 1000); // round 0 warms up the JIT
    }
  }
  results[size] = Object.fromEntries(Object.entries(rates).map(([name, list]) => [name, median(list)]));
}

const fmtOps = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(1));
const label = (size) => (size >= 1 << 20 ? `${size >> 20} MiB` : size >= 1024 ? `${size >> 10} KiB` : `${size} B`);
console.log(`\nHMAC-SHA256 verify, Node ${process.version}, median of ${ROUNDS} interleaved rounds of ${SLICE_MS} ms per contender\n`);
console.log(`| contender | ${SIZES.map(label).join(" | ")} |`);
console.log(`|---|${SIZES.map(() => "---").join("|")}|`);
for (const name of Object.keys(results[SIZES[0]])) {
  const cells = SIZES.map((size) => `${fmtOps(results[size][name])} ops/s, ${((results[size][name] * size) / 1e6).toFixed(0)} MB/s`);
  console.log(`| ${name} | ${cells.join(" | ")} |`);
}

const ours = (size) => results[size]["twenty-webhooks (bytes)"];
const goals = [
  ["64 B: ≥ 1.5× node:crypto", ours(64) / results[64]["node:crypto"], 1.5],
  ["2 KiB: ≥ 1.3× hash-wasm", ours(2048) / results[2048]["hash-wasm"], 1.3],
  ["2 KiB: ≥ 10× WebCrypto", ours(2048) / results[2048].WebCrypto, 10],
  ["1 MiB: ≥ 1.15× hash-wasm", ours(1 << 20) / results[1 << 20]["hash-wasm"], 1.15],
  ["2 KiB: string body costs ≤ 15% more than bytes", results[2048]["twenty-webhooks (bytes)"] / results[2048]["twenty-webhooks (string)"] - 1, 0.15, true],
];
// ---------------------------------------------------------------------------------------------
// buildPayload against JSON.stringify of the same payload object, for a realistic record (a
// person with a list of notes) of about 2 KiB and 1 MiB.
const PAYLOAD_SIZES = [2048, 1 << 20];

function payloadCase(size) {
  const person = sampleRecord("person", { seed: 1, now: 1735066639761 });
  const notes = [];
  let length = JSON.stringify(person).length + 10;
  for (let i = 0; length < size; i++) {
    const note = { id: `note-${i}`, title: `Call #${i} with Chloé 😀`, body: 'Discussed "pricing"\nand next steps', done: i % 3 === 0, amount: i * 12.5 };
    notes.push(note);
    length += JSON.stringify(note).length + 1;
  }
  const event = {
    targetUrl: "https://example.com/webhook",
    eventName: "person.updated",
    objectMetadata: { id: "370985db-22d8-4463-8e5f-2271d30913bd", nameSingular: "person" },
    workspaceId: "872cfcf1-c79f-42bc-877d-5829f06eb3f9",
    webhookId: "90056586-1228-4e03-a507-70140aa85c05",
    eventDate: new Date(1735066639761),
    userId: "170ba418-85a2-4f91-8565-9cd714c6703a",
    workspaceMemberId: "9062a1e3-e066-49ba-8c4a-d869b6a0ca12",
    record: { ...person, notes },
    updatedFields: ["notes"],
  };
  const payload = { ...event }; // the object Twenty stringifies: the same keys in the same order
  if (buildPayload(event) !== JSON.stringify(payload)) throw new Error("buildPayload and JSON.stringify disagree");
  return { "buildPayload": () => buildPayload(event), "JSON.stringify": () => JSON.stringify(payload) };
}

const payloadResults = {};
for (const size of PAYLOAD_SIZES) {
  const fns = payloadCase(size);
  const rates = Object.fromEntries(Object.keys(fns).map((name) => [name, []]));
  for (let round = 0; round <= ROUNDS; round++) {
    for (const [name, fn] of Object.entries(fns)) {
      const { ops, ms } = await measure(fn, false);
      if (round > 0) rates[name].push(ms / ops); // round 0 warms up the JIT
    }
  }
  payloadResults[size] = Object.fromEntries(Object.entries(rates).map(([name, list]) => [name, median(list)]));
}
const fmtTime = (ms) => (ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`);
console.log(`\nbuildPayload against JSON.stringify of the same payload object (median time per call)\n`);
console.log("| record | buildPayload | JSON.stringify | ratio |");
console.log("|---|---|---|---|");
for (const size of PAYLOAD_SIZES) {
  const r = payloadResults[size];
  console.log(`| ${label(size)} | ${fmtTime(r.buildPayload)} | ${fmtTime(r["JSON.stringify"])} | ${(r.buildPayload / r["JSON.stringify"]).toFixed(2)}× |`);
}

console.log("\nGoals (measured, not asserted):");
for (const [goal, value, target, atMost] of goals) {
  const met = atMost ? value <= target : value >= target;
  const shown = atMost ? `${(value * 100).toFixed(1)}%` : `${value.toFixed(2)}×`;
  console.log(`  ${met ? "✓" : "✗"} ${goal}: ${shown}`);
}
for (const size of PAYLOAD_SIZES) {
  const ratio = payloadResults[size].buildPayload / payloadResults[size]["JSON.stringify"];
  console.log(`  ${ratio <= 1.5 ? "✓" : "✗"} buildPayload, ${label(size)} record: ≤ 1.5× JSON.stringify: ${ratio.toFixed(2)}×`);
}
const wasm = readFileSync(new URL("../pkg/dist/wasm/twenty_webhooks_bg.wasm", import.meta.url));
const kib = (n) => (n / 1024).toFixed(1);
console.log(`  ${wasm.length <= 128 * 1024 ? "✓" : "✗"} wasm ≤ 128 KiB: ${kib(wasm.length)} KiB`);
const gz = gzipSync(wasm, { level: 9 }).length;
console.log(`  ${gz <= 48 * 1024 ? "✓" : "✗"} wasm ≤ 48 KiB gzipped: ${kib(gz)} KiB`);

await benchNodeMiddleware();

if (existsSync(new URL("../edge/node_modules/miniflare/package.json", import.meta.url))) {
  const { benchEdgeLoad } = await import("../edge/bench/load.mjs");
  await benchEdgeLoad();
} else {
  console.log("\nedge load benchmark skipped: edge/'s dependencies are not installed (node scripts/setup.mjs --tests)");
}
