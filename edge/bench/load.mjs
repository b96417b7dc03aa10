// The accept path under load, in one Miniflare run (the pinned workerd), interleaved: each round
// sends the same list of 1.5 KiB deliveries, 50 at a time, to each variant in turn, so drifts in
// the machine's speed hit all of them alike. Variants (bench/stages/worker.js, beside the
// receiver, each on a socket of its own):
//   bare     a Worker that reads the body and answers 202 (the baseline)
//   verify   + Hono, the package's Hono middleware, the delivery id and kept headers
//   send     + the queue send of the receiver's envelope, one `send` per request
//   batched  the same through the receiver's group commit (concurrent requests share `sendBatch`)
//   receiver the receiver in queue mode (POST /webhooks/twenty), its consumer forwarding to a
//            sink in this process and writing the D1 log meanwhile
// Each round starts with the next variant, so none always runs first. Each list holds genuine deliveries, 2% copies of them (other nonce) and 2% forged ones. The
// receiver's results are checked: every genuine delivery 202 and at the sink exactly once,
// copies answered 202 and dropped, nothing forged forwarded. Prints answered/s per variant
// (median of the rounds), the per-stage cost per request, the receiver/bare ratio (goal ≥ 50%)
// and the consumer's D1 time (claim batch, log batch) from its batch_consumed lines. Asserts
// nothing (speed is not a test): `node edge/bench/load.mjs`, or `npm run bench` at the root.
// LOAD_ROUNDS (5), LOAD_REQUESTS (2000 per variant and round) and LOAD_VARIANTS (a comma-separated
// subset) change the run.
import { Agent, request } from "node:http";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildPayload, generateSecret, sampleRecord, signRequest, TWENTY_HEADERS } from "twenty-webhooks";
import { startEdge } from "../dev.mjs";
import { startSink } from "../sink.mjs";
import { BENCH_SECRET } from "./stages/secret.js";

const STAGES = fileURLToPath(new URL("stages/wrangler.jsonc", import.meta.url));
const ROUNDS = Number(process.env.LOAD_ROUNDS ?? 5);
const REQUESTS = Number(process.env.LOAD_REQUESTS ?? 2000);
const CONCURRENCY = 50;
const BODY_BYTES = 1536;
const COPY_EVERY = 50; // 2%
const FORGED_EVERY = 50; // 2%
const GOAL = 0.5;
const VARIANTS = (process.env.LOAD_VARIANTS ?? "bare,verify,send,batched,receiver").split(",");

/** A genuine delivery of exactly BODY_BYTES, signed now: `{ body, headers }`. */
function genuine(seed, secret = BENCH_SECRET) {
  const record = sampleRecord("person", { seed, action: "updated" });
  const payload = (pad) => buildPayload({ targetUrl: "https://edge.example/webhooks/twenty", eventName: "person.updated", record: { ...record, bench: pad }, updatedFields: ["name"] });
  const pad = "x".repeat(Math.max(0, BODY_BYTES - Buffer.byteLength(payload(""))));
  const body = payload(pad);
  return { body, headers: signRequest({ secret, body }).headers };
}

/** One round's requests: `{ body, headers, kind }` with kind "genuine", "copy" or "forged". */
function requestList(round) {
  const list = [];
  for (let i = 0; list.length < REQUESTS; i++) {
    const seed = round * 1_000_000 + i;
    const d = genuine(seed);
    list.push({ ...d, kind: "genuine" });
    if (i % COPY_EVERY === COPY_EVERY - 1) list.push({ body: d.body, headers: { ...d.headers, [TWENTY_HEADERS.nonce]: crypto.randomUUID() }, kind: "copy" });
    if (i % FORGED_EVERY === FORGED_EVERY - 2) list.push({ ...genuine(seed + 500_000, "forged-secret"), kind: "forged" });
  }
  return list.slice(0, REQUESTS);
}

// node:http with kept-alive connections: lighter on the shared cores than fetch.
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** POSTs one request: `{ status, json }`. */
function post(url, { body, headers }) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { ...headers, "Content-Length": Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => {
        let json = null;
        try {
          json = JSON.parse(Buffer.concat(chunks).toString());
        } catch {}
        resolve({ status: res.statusCode, json });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Sends `list` to `url`, CONCURRENCY at a time: `{ seconds, statuses, latencies, answers }`. */
async function load(url, list) {
  const answers = new Array(list.length);
  const latencies = [];
  let next = 0;
  const started = performance.now();
  async function lane() {
    while (next < list.length) {
      const i = next++;
      const t = performance.now();
      answers[i] = await post(url, list[i]);
      latencies.push(performance.now() - t);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const seconds = (performance.now() - started) / 1000;
  const statuses = {};
  for (const { status } of answers) statuses[status] = (statuses[status] ?? 0) + 1;
  return { seconds, statuses, latencies, answers, started };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const fmt = (n) => Math.round(n).toLocaleString("en");

export async function benchEdgeLoad() {
  const forwardSecret = generateSecret();
  const sink = await startSink({ forwardSecret });
  const runtime = await startEdge({ sinkUrl: sink.url, secrets: BENCH_SECRET, forwardSecret, configs: [STAGES], directSockets: true });
  const problems = [];
  try {
    const stages = await runtime.directUrl("stages");
    const urls = { bare: `${stages}/bare`, verify: `${stages}/verify`, send: `${stages}/send`, batched: `${stages}/batched`, receiver: `${await runtime.directUrl("edge")}/webhooks/twenty` };
    const rates = Object.fromEntries(VARIANTS.map((v) => [v, []]));
    const latencies = Object.fromEntries(VARIANTS.map((v) => [v, []]));
    const ratios = [];
    const endToEnd = [];
    const expectedStatus = { bare: { genuine: 202, copy: 202, forged: 202 }, verify: { genuine: 202, copy: 202, forged: 401 } };
    expectedStatus.send = expectedStatus.verify;
    expectedStatus.batched = expectedStatus.verify;
    expectedStatus.receiver = expectedStatus.verify;
    const forwardedIds = new Set();
    let genuineSent = 0;
    let copiesSent = 0;

    const warm = requestList(99);
    for (const variant of VARIANTS) await load(urls[variant], warm.slice(0, 200)); // JIT, isolates, tables
    await waitForSink(sink, new Set(warm.slice(0, 200).filter((r) => r.kind === "genuine").map((r) => r.headers[TWENTY_HEADERS.signature])), 0);
    const warmForwarded = sink.deliveries.length;

    console.log(`\nthe accept path under load: Miniflare ${(await import("miniflare/package.json", { with: { type: "json" } })).default.version}, ${REQUESTS} requests of ${BODY_BYTES} B per variant and round, ${CONCURRENCY} concurrent, ${ROUNDS} interleaved rounds\n`);
    for (let round = 0; round < ROUNDS; round++) {
      const list = requestList(round);
      const roundRates = {};
      // Each round starts with another variant, so none always runs first (or after the receiver).
      for (const variant of [...VARIANTS.slice(round % VARIANTS.length), ...VARIANTS.slice(0, round % VARIANTS.length)]) {
        const sinkBefore = sink.deliveries.length;
        const result = await load(urls[variant], list);
        roundRates[variant] = list.length / result.seconds;
        rates[variant].push(roundRates[variant]);
        latencies[variant].push(...result.latencies);
        result.answers.forEach((answer, i) => {
          const expected = expectedStatus[variant][list[i].kind];
          if (answer.status !== expected) problems.push(`${variant}: a ${list[i].kind} delivery was answered ${answer.status}, expected ${expected}`);
        });
        if (variant === "receiver") {
          const ids = new Set(result.answers.filter((a, i) => list[i].kind === "genuine" && a.status === 202).map((a) => a.json.deliveryId));
          genuineSent += ids.size;
          copiesSent += list.filter((r) => r.kind === "copy").length;
          const done = await waitForIds(sink, ids);
          endToEnd.push({ seconds: (done - result.started) / 1000, deliveries: ids.size });
          for (const id of ids) forwardedIds.add(id);
          // Room for anything that should not come (a copy forwarded late) before the next variant.
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          if (sink.deliveries.length - sinkBefore !== ids.size) problems.push(`round ${round}: the sink got ${sink.deliveries.length - sinkBefore} attempts for ${ids.size} accepted deliveries`);
        }
      }
      if (roundRates.receiver && roundRates.bare) ratios.push(roundRates.receiver / roundRates.bare);
      console.log(`  round ${round + 1}: ${VARIANTS.map((v) => `${v} ${fmt(roundRates[v])}/s`).join(", ")}${ratios.length > round ? `; receiver/bare ${(100 * ratios.at(-1)).toFixed(1)}%` : ""}`);
    }

    // Results of the receiver runs: each genuine delivery forwarded exactly once, nothing forged.
    const byId = new Map();
    for (const record of sink.deliveries.slice(warmForwarded)) byId.set(record.deliveryId, (byId.get(record.deliveryId) ?? 0) + 1);
    const twice = [...byId.values()].filter((n) => n > 1).length;
    const lost = [...forwardedIds].filter((id) => !byId.has(id)).length;
    const unknown = [...byId.keys()].filter((id) => !forwardedIds.has(id)).length;
    const failedHops = sink.deliveries.filter((r) => r.status !== 200).length;
    if (twice || lost || unknown || failedHops) problems.push(`forwarded twice: ${twice}, lost: ${lost}, forwarded but not accepted: ${unknown}, hops that did not verify: ${failedHops}`);

    console.log("\n| variant | answered/s (median, min–max) | ms per request | stage cost | p50 / p99 latency |");
    console.log("|---|---|---|---|---|");
    let previous = null;
    for (const variant of VARIANTS) {
      const rate = median(rates[variant]);
      const msPer = 1000 / rate;
      const stage = previous === null ? "—" : `${(msPer - previous).toFixed(3)} ms`;
      console.log(`| ${variant} | ${fmt(rate)} (${fmt(Math.min(...rates[variant]))}–${fmt(Math.max(...rates[variant]))}) | ${msPer.toFixed(3)} | ${stage} | ${percentile(latencies[variant], 50).toFixed(1)} / ${percentile(latencies[variant], 99).toFixed(1)} ms |`);
      previous = msPer;
    }
    console.log(`(ms per request = 1000 / answered/s: the machine's time per request with ${CONCURRENCY} in flight; a stage's cost = its difference to the row above)`);

    const batches = consumerBatches(runtime.logs());
    const sum = (key) => batches.reduce((total, b) => total + b[key], 0);
    const messages = sum("messages");
    console.log(`\nconsumer (receiver runs, warm-up included): ${fmt(messages)} messages in ${fmt(batches.length)} batches (${(messages / batches.length).toFixed(1)} per batch)`);
    console.log(`  per batch: claim (one D1 batch) ${(sum("claimMs") / batches.length).toFixed(1)} ms, forwarding ${(sum("forwardMs") / batches.length).toFixed(1)} ms, log write (one D1 batch) ${(sum("logMs") / batches.length).toFixed(1)} ms`);
    console.log(`  D1 share of the consumer's time: ${((100 * (sum("claimMs") + sum("logMs"))) / (sum("claimMs") + sum("forwardMs") + sum("logMs"))).toFixed(1)}%`);
    const e2e = endToEnd.reduce((a, b) => ({ seconds: a.seconds + b.seconds, deliveries: a.deliveries + b.deliveries }), { seconds: 0, deliveries: 0 });
    console.log(`  end to end (first request → all accepted ones at the sink): ${fmt(e2e.deliveries / e2e.seconds)} deliveries/s (median round ${median(endToEnd.map((r) => r.seconds)).toFixed(1)} s)`);
    console.log(`\nresults: ${fmt(genuineSent)} genuine deliveries accepted and forwarded once each, ${fmt(copiesSent)} copies answered 202 and dropped, forged ones 401 and never forwarded${problems.length ? "" : " ✓"}`);
    for (const problem of problems.slice(0, 10)) console.log(`  ✗ ${problem}`);

    if (ratios.length === 0) return problems.length === 0;
    const ratio = median(ratios);
    console.log(`\n  ${ratio >= GOAL ? "✓" : "✗"} receiver (queue mode) ≥ ${GOAL * 100}% of the bare Worker's answered/s: ${(100 * ratio).toFixed(1)}% (median of the rounds' ratios; ${ratios.map((r) => `${(100 * r).toFixed(0)}%`).join(", ")})`);
  } finally {
    agent.destroy();
    await runtime.stop();
    await sink.stop();
  }
  return problems.length === 0;
}

/** Resolves (to the time, in performance.now() ms) once the sink has every id. */
async function waitForIds(sink, ids) {
  for (;;) {
    const seen = new Set(sink.deliveries.map((r) => r.deliveryId));
    if ([...ids].every((id) => seen.has(id))) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until the sink got `count` more, or at least as many as `signatures` (the warm-up). */
async function waitForSink(sink, signatures) {
  const deadline = Date.now() + 60_000;
  while (sink.deliveries.length < signatures.size && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** The consumer's `batch_consumed` lines (src/consumer.js). */
function consumerBatches(logs) {
  const batches = [];
  for (const match of logs.matchAll(/\{"event":"batch_consumed".*\}/g)) batches.push(JSON.parse(match[0]));
  return batches;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ok = await benchEdgeLoad();
  process.exitCode = ok ? 0 : 1;
}
