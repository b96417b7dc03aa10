// npm run bench: Verifier.verify against node:crypto, hash-wasm, @noble/hashes and WebCrypto,
// in one Node process, interleaved (each round runs every contender in turn, so drifts in
// machine speed hit all of them alike), reporting the median of the rounds. Every contender
// does the same job: HMAC-SHA256 over `${timestamp}:${body}` and a constant-time comparison
// with the hex signature header.
// Prints ops/s, MB/s, ratios and the goals; it asserts nothing (speed is not a test). Then
// the receiving section: createNodeMiddleware against bare node:http (bench-node-middleware.mjs).
import { createHmac, timingSafeEqual, webcrypto } from "node:crypto";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createHMAC, createSHA256 } from "hash-wasm";
import { hmac as nobleHmac } from "@noble/hashes/hmac.js";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { Verifier } from "../pkg/src/node.js";
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
console.log("\nGoals (measured, not asserted):");
for (const [goal, value, target, atMost] of goals) {
  const met = atMost ? value <= target : value >= target;
  const shown = atMost ? `${(value * 100).toFixed(1)}%` : `${value.toFixed(2)}×`;
  console.log(`  ${met ? "✓" : "✗"} ${goal}: ${shown}`);
}
const wasm = readFileSync(new URL("../pkg/dist/wasm/twenty_webhooks_bg.wasm", import.meta.url));
const kib = (n) => (n / 1024).toFixed(1);
console.log(`  ${wasm.length <= 128 * 1024 ? "✓" : "✗"} wasm ≤ 128 KiB: ${kib(wasm.length)} KiB`);
const gz = gzipSync(wasm, { level: 9 }).length;
console.log(`  ${gz <= 48 * 1024 ? "✓" : "✗"} wasm ≤ 48 KiB gzipped: ${kib(gz)} KiB`);

await benchNodeMiddleware();
