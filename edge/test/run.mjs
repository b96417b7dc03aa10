// The edge suite: `node edge/test/run.mjs` (from anywhere). Runs each test file in turn (each
// starts its own local workerd, with fresh state) and exits non-zero on any failure. Needs the package built (`npm run build` at the root); installs edge/'s own
// dependencies on first use. `node edge/test/run.mjs load` runs only the files named so.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const EDGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const FILES = [
  ["unit", "settings rules; the accept path when the queue or ledger fails; the group commit of queue sends (Node)"],
  ["hono", "the package's Hono middleware (Node)"],
  ["sink", "the demo sink: loopback Host names and origins only (Node)"],
  ["receiver", "genuine deliveries, every refusal, replays, CORS (queue mode)"],
  ["oversized", "413 with and without Content-Length"],
  ["routes", "fan-out by ROUTES; retries skip destinations that succeeded"],
  ["hop", "the hop as a Standard Webhooks delivery: the README's destination recipe, a re-sent hop under another id"],
  ["faults", "500s, hangs, refused connections, the dead-letter queue"],
  ["forwarded", "an app on createNodeMiddleware with Webhooks({ forwarded: true }) behind the receiver: a timed-out attempt's retry runs no handler twice"],
  ["direct", "DELIVERY_MODE=direct: 200, 502, re-sends"],
  ["direct-log", "DELIVERY_MODE=direct: a refused delivery kept as a dead letter, re-driven through the admin API or delivered by a re-send"],
  ["log", "the delivery log in D1: states, attempts, failures, dead letters, re-drive and replay envelopes, retention"],
  ["restart", "persisted state: a re-send after a restart is not forwarded again, the entry still logged"],
  ["misconfig", "500 CONFIG_INVALID without leaking values"],
  ["admin", "the admin API: 404 while off, 401 on every path, dead → re-drive, replay, refusals, paging, filters, CORS"],
  ["relay", "the live relay: every accepted delivery byte identical, a stalled listener, 429, no duplicates"],
  ["load", "5,000 deliveries, 50 at a time; latency and throughput"],
  ["wrangler", "wrangler deploy --dry-run (the wasm as its own module), wrangler dev"],
];

if (!existsSync(join(EDGE_DIR, "../pkg/dist/wasm/twenty_webhooks_bg.wasm"))) {
  console.error("edge tests: the package is not built; run `npm run build` at the repository root first.");
  process.exit(1);
}
if (["wrangler", "twenty-webhooks", "standardwebhooks"].some((name) => !existsSync(join(EDGE_DIR, "node_modules", name)))) {
  console.log("edge tests: installing edge/'s dependencies (npm install)");
  const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: EDGE_DIR, stdio: "inherit" });
  if (install.status !== 0) process.exit(1);
}

const only = process.argv.slice(2);
const unknown = only.filter((name) => !FILES.some(([file]) => file === name));
if (unknown.length > 0) {
  console.error(`edge tests: no such file: ${unknown.join(", ")} (one of ${FILES.map(([name]) => name).join(", ")})`);
  process.exit(1);
}
const selected = FILES.filter(([name]) => only.length === 0 || only.includes(name));
for (const [name, what] of selected) console.log(`  ${name.padEnd(10)} ${what}`);
const result = spawnSync(
  process.execPath,
  ["--test", "--test-concurrency=1", "--test-timeout=300000", "--test-reporter=spec", ...selected.map(([name]) => `test/${name}.test.mjs`)],
  { cwd: EDGE_DIR, stdio: "inherit" },
);
process.exit(result.status ?? 1);
