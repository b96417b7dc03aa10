// npm run bench, the receiving section: createNodeMiddleware with one handler on node:http
// against a bare node:http server that only reads the body and answers 200, both sent the same
// genuine 2 KiB delivery over 50 concurrent loopback connections by autocannon (pinned in
// tests/adapters). Two more servers show what bounds the ratio: the bare one plus only the work a
// delivery needs, done by hand with no checks and no promises, once with the package's Verifier
// and once with node:crypto (no wasm at all). Each server runs in its own process, so the load
// generator never shares its event loop; rounds alternate the order (each round reverses the
// last), so drifts in machine speed hit every server alike.
// Prints requests/s, CPU per request and the ratios; asserts nothing (speed is not a test).
import { spawn } from "node:child_process";
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const SECRET = "a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00";
const BODY_BYTES = 2048;
const CONNECTIONS = 50;
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 4);
const GOAL = 0.8;
const SERVERS = {
  bare: "bare node:http (reads the body, answers 200)",
  middleware: "createNodeMiddleware, one handler",
  byHandWasm: "bare + Verifier.verify, JSON.parse, deliveryId by hand",
  byHandNative: "bare + node:crypto HMAC, JSON.parse by hand (no wasm)",
};

/** A person.created body as Twenty sends it, padded inside the record to exactly `size` bytes. */
function deliveryOf(size) {
  const payload = {
    targetUrl: "http://127.0.0.1/webhooks/twenty",
    eventName: "person.created",
    objectMetadata: { id: randomUUID(), nameSingular: "person" },
    workspaceId: randomUUID(),
    webhookId: randomUUID(),
    eventDate: new Date().toISOString(),
    record: { id: randomUUID(), name: { firstName: "Ada", lastName: "Lovelace" }, notes: "" },
  };
  payload.record.notes = "x".repeat(size - JSON.stringify(payload).length);
  const body = JSON.stringify(payload);
  const timestamp = String(Date.now());
  const signature = createHmac("sha256", SECRET).update(`${timestamp}:${body}`).digest("hex");
  const headers = { "content-type": "application/json", "x-twenty-webhook-timestamp": timestamp, "x-twenty-webhook-signature": signature };
  return { body, headers };
}

/** The server side, in a child process: `node bench-node-middleware.mjs serve <kind>`. */
async function serve(kind) {
  const server = createServer(await listenerOf(kind)).listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
  // The parent asks for the CPU time used so far, to tell cost per request from throughput.
  process.on("message", () => process.send(process.cpuUsage()));
}

async function listenerOf(kind) {
  if (kind === "middleware") {
    const { Webhooks } = await import("../pkg/src/node.js");
    const { createNodeMiddleware } = await import("../pkg/src/node-middleware.js");
    const webhooks = new Webhooks({ secret: SECRET });
    let handled = 0;
    webhooks.on("person.created", () => {
      handled++;
    });
    return createNodeMiddleware(webhooks);
  }
  // `onBody` gives the answer's text, or undefined for a delivery that is not the benchmark's (a
  // 500, which the run reports: the figures are then not comparable).
  const bodyThen = (onBody) => (req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const text = onBody(req, Buffer.concat(chunks));
      res.writeHead(text === undefined ? 500 : 200, { "content-type": "application/json" }).end(text ?? "{}");
    });
  };
  if (kind === "bare") return bodyThen(() => '{"ok":true}');
  // The two below do what a delivery needs and nothing else.
  if (kind === "byHandWasm") {
    const { Verifier, deliveryId } = await import("../pkg/src/node.js");
    const verifier = new Verifier(SECRET);
    return bodyThen((req, body) => {
      try {
        if (verifier.verify(req.headers, body).payload.eventName === "person.created") return `{"ok":true,"deliveryId":"${deliveryId(req.headers)}"}`;
      } catch {
        return undefined;
      }
    });
  }
  if (kind === "byHandNative") {
    return bodyThen((req, body) => {
      try {
        const mac = createHmac("sha256", SECRET).update(`${req.headers["x-twenty-webhook-timestamp"]}:`).update(body).digest();
        const signature = Buffer.from(req.headers["x-twenty-webhook-signature"], "hex");
        if (signature.length !== mac.length || !timingSafeEqual(mac, signature)) return undefined;
        if (JSON.parse(body.toString()).eventName === "person.created") return '{"ok":true}';
      } catch {
        return undefined; // no such header, or not JSON
      }
    });
  }
  throw new Error(`no server ${kind}`);
}

function startServer(kind) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "serve", kind], { stdio: ["ignore", "pipe", "inherit", "ipc"] });
  const cpuMicros = () =>
    new Promise((resolve) => {
      child.once("message", ({ user, system }) => resolve(user + system));
      child.send("cpu");
    });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      output += chunk;
      const port = output.match(/"port":(\d+)/)?.[1];
      if (port) resolve({ url: `http://127.0.0.1:${port}/webhooks/twenty`, cpuMicros, stop: () => child.kill() });
    });
    child.on("exit", (code) => reject(new Error(`the ${kind} server exited with ${code}`)));
  });
}

function load(autocannon, url, { body, headers }, seconds) {
  return new Promise((resolve, reject) => {
    autocannon({ url, method: "POST", headers, body, connections: CONNECTIONS, duration: seconds }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function benchNodeMiddleware() {
  const require = createRequire(new URL("../tests/adapters/package.json", import.meta.url));
  let autocannon;
  try {
    autocannon = require("autocannon");
  } catch {
    console.log("\nReceiving over node:http: skipped, autocannon is missing (node scripts/setup.mjs installs it in tests/adapters).");
    return;
  }
  const delivery = deliveryOf(BODY_BYTES);
  const servers = Object.fromEntries(await Promise.all(Object.keys(SERVERS).map(async (kind) => [kind, await startServer(kind)])));
  const rates = Object.fromEntries(Object.keys(SERVERS).map((kind) => [kind, []]));
  const cpuPerRequest = Object.fromEntries(Object.keys(SERVERS).map((kind) => [kind, []])); // µs of the server's CPU per request
  const refused = [];
  try {
    for (const kind of Object.keys(SERVERS)) await load(autocannon, servers[kind].url, delivery, 1); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      // Each round reverses the order of the last, so that no server always runs first.
      const order = round % 2 === 0 ? Object.keys(SERVERS) : Object.keys(SERVERS).reverse();
      for (const kind of order) {
        const cpuBefore = await servers[kind].cpuMicros();
        const result = await load(autocannon, servers[kind].url, delivery, SECONDS);
        cpuPerRequest[kind].push(((await servers[kind].cpuMicros()) - cpuBefore) / result.requests.total);
        if (result.non2xx || result.errors || result.timeouts) refused.push(`${kind}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
        rates[kind].push(result.requests.total / (result.duration || SECONDS));
      }
    }
  } finally {
    for (const server of Object.values(servers)) server.stop();
  }

  const rate = Object.fromEntries(Object.keys(SERVERS).map((kind) => [kind, median(rates[kind])]));
  const fmt = (n) => (n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0));
  console.log(`\nReceiving over node:http, Node ${process.version}: ${BODY_BYTES} B bodies, ${CONNECTIONS} connections, median of ${ROUNDS} alternating rounds of ${SECONDS} s (autocannon)\n`);
  console.log("| server | requests/s | of bare | server CPU per request |");
  console.log("|---|---|---|---|");
  const ofBare = (kind) => `${((100 * rate[kind]) / rate.bare).toFixed(1)}%`;
  for (const [kind, label] of Object.entries(SERVERS)) console.log(`| ${label} | ${fmt(rate[kind])} | ${ofBare(kind)} | ${median(cpuPerRequest[kind]).toFixed(0)} µs |`);
  if (refused.length) console.log(`\n  ✗ not every request got 2xx, so the figures are not comparable: ${refused.join("; ")}`);
  const ratio = rate.middleware / rate.bare;
  console.log(`\n  ${ratio >= GOAL ? "✓" : "✗"} createNodeMiddleware ≥ ${GOAL * 100}% of bare node:http: ${(ratio * 100).toFixed(1)}%`);
  console.log(`    (by hand: ${ofBare("byHandWasm")} with the package's Verifier, ${ofBare("byHandNative")} with node:crypto HMAC and JSON.parse)`);
}

if (process.argv[2] === "serve") await serve(process.argv[3]);
else if (import.meta.url === `file://${process.argv[1]}`) await benchNodeMiddleware();
