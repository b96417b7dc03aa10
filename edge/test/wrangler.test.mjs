// wrangler's own commands on the committed config. `wrangler deploy --dry-run` builds what would
// be uploaded: it must succeed, keep the wasm as a module of its own (production workerd refuses
// to compile wasm from bytes), and use a compatibility date the pinned workerd knows. `wrangler
// dev` runs it (the other files run the same bundle in Miniflare; see dev.mjs for why).
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { generateSecret } from "twenty-webhooks";
import { delivery, post, startStoppedAfter, successesById, unusedPort, waitFor } from "./lib/harness.mjs";

const EDGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const NEWEST_WORKERD_DATE = "2026-04-26"; // workerd 1.20260426, pinned through wrangler 4.86.0 and miniflare
const WRANGLER = join(EDGE_DIR, "node_modules/wrangler/bin/wrangler.js");
const scratch = mkdtempSync(join(tmpdir(), "twenty-edge-wrangler-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

test("wrangler deploy --dry-run succeeds and uploads the wasm as its own module", () => {
  const outdir = join(scratch, "bundle");
  const result = spawnSync(process.execPath, [WRANGLER, "deploy", "--dry-run", "--outdir", outdir], {
    cwd: EDGE_DIR,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
  });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /DeliveryLedger/);
  assert.match(result.stdout, /twenty-webhooks-deliveries/);
  const files = readdirSync(outdir);
  const wasm = files.find((name) => name.endsWith("twenty_webhooks_bg.wasm"));
  assert.ok(wasm, `no .wasm module in ${files.join(", ")}`);
  assert.deepEqual([...readFileSync(join(outdir, wasm)).subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], "a wasm binary");
  const script = readFileSync(join(outdir, "index.js"), "utf8");
  assert.ok(script.includes(`from "./${wasm}"`), "the Worker imports the wasm module");
  assert.ok(!script.includes("AGFzbQ"), "no wasm inlined as base64");
});

test(`the pinned compatibility_date is no later than ${NEWEST_WORKERD_DATE}`, () => {
  const config = readFileSync(join(EDGE_DIR, "wrangler.jsonc"), "utf8");
  const [, date] = config.match(/"compatibility_date":\s*"(\d{4}-\d{2}-\d{2})"/);
  assert.ok(date <= NEWEST_WORKERD_DATE, date);
});

test("wrangler dev runs the committed config: a genuine delivery is accepted and forwarded", async () => {
  const [secret, forwardSecret] = [generateSecret(), generateSecret()];
  const sink = await startStoppedAfter({ forwardSecret });
  const envFile = join(scratch, "dev.env");
  writeFileSync(envFile, `TWENTY_WEBHOOK_SECRETS=${secret}\nFORWARD_SECRET=${forwardSecret}\nFORWARD_URL=${sink.url}\n`, { mode: 0o600 });
  const port = await unusedPort();
  const args = [WRANGLER, "dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", join(scratch, "state"), "--env-file", envFile, "--show-interactive-dev-session=false"];
  const dev = spawn(process.execPath, args, { cwd: EDGE_DIR, stdio: "ignore", env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" } });
  after(() => dev.kill("SIGTERM"));
  const edge = { url: `http://127.0.0.1:${port}` };
  await waitFor("wrangler dev to answer", () => fetch(edge.url).then(() => true, () => false));
  const answer = await post(edge, delivery({ secret, object: "company", action: "created" }));
  assert.equal(answer.status, 202, answer.text);
  await waitFor("the delivery at the sink", () => successesById(sink).has(answer.json.deliveryId));
});
