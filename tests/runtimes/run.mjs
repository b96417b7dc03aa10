// The package as users get it: `npm pack`, installed by name in a fresh folder, then the same
// conformance checks (conformance.mjs, the shared vectors) in Node 20 and 22, Deno, Bun,
// workerd (Miniflare, bundled by esbuild with the `workerd` condition as wrangler does) and
// headless Chromium (the `browser` entry, loaded through an import map). All but Chromium also
// run `twenty-webhooks/hono` with the hono package installed beside it.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { chromium } from "playwright-core";
import { bundleWorker } from "../lib/workerd.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const RUNTIMES = join(ROOT, "tests/runtimes/node_modules/.bin");
const work = mkdtempSync(join(tmpdir(), "twenty-webhooks-runtimes-"));
const results = [];

function sh(command, args, cwd = work) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${result.stderr || result.stdout}`);
  return result.stdout;
}

function record(runtime, outcome) {
  results.push({ runtime, ...outcome });
  const status = outcome.failures.length ? "✖" : "✓";
  console.log(`  ${status} ${runtime.padEnd(26)} ${outcome.passed} checks passed${outcome.failures.length ? `, ${outcome.failures.length} failed` : ""}`);
  for (const failure of outcome.failures.slice(0, 10)) console.log(`      ${failure}`);
}

// 1. Pack and install by name in a fresh folder.
const packed = JSON.parse(sh("npm", ["pack", "--json", "--pack-destination", work], join(ROOT, "pkg")))[0];
console.log(`  packed ${packed.filename}: ${(packed.size / 1024).toFixed(1)} KiB, ${packed.files.length} files`);
const honoVersion = JSON.parse(readFileSync(join(ROOT, "node_modules/hono/package.json"), "utf8")).version;
writeFileSync(join(work, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { "twenty-webhooks": `file:./${packed.filename}`, hono: honoVersion } }));
sh("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"]);

// 2. The checks and the vectors, as plain modules every runtime can import.
for (const file of ["conformance.mjs", "stress.mjs"]) copyFileSync(fileURLToPath(new URL(file, import.meta.url)), join(work, file));
const vectorsDir = join(ROOT, "tests/vectors");
const vectors = {
  signatures: "signatures.json",
  verify: "verify.json",
  payloads: "payloads.json",
  metadataPayloads: "metadata-payloads.json",
  operations: "operations.json",
  diagnoses: "diagnoses.json",
  deliveryIds: "delivery-ids.json",
  hops: "hops.json",
};
for (const [key, file] of Object.entries(vectors)) vectors[key] = JSON.parse(readFileSync(join(vectorsDir, file), "utf8"));
writeFileSync(join(work, "vectors.mjs"), `export default ${JSON.stringify(vectors)};\n`);
writeFileSync(
  join(work, "main.mjs"),
  `import * as twenty from "twenty-webhooks";
import { twentyWebhook } from "twenty-webhooks/hono";
import { Hono } from "hono";
import { conformance } from "./conformance.mjs";
import vectors from "./vectors.mjs";
console.log(JSON.stringify(await conformance(twenty, vectors, { Hono, twentyWebhook })));
`,
);

// 3. Command-line runtimes, each importing the package by name.
const cli = [
  ["Node 20 (machine)", "node", ["main.mjs"]],
  ["Node 22", join(RUNTIMES, "node"), ["main.mjs"]],
  ["Deno", join(RUNTIMES, "deno"), ["run", "--allow-read", "main.mjs"]],
  ["Bun", join(RUNTIMES, "bun"), ["main.mjs"]],
];
for (const [runtime, command, args] of cli) {
  try {
    record(runtime, JSON.parse(sh(command, args).trim().split("\n").pop()));
  } catch (error) {
    record(runtime, { passed: 0, failures: [String(error.message).slice(0, 2000)] });
  }
}

// 4. workerd: bundle with the workerd condition, keep the .wasm as its own module.
try {
  writeFileSync(
    join(work, "worker.mjs"),
    `import * as twenty from "twenty-webhooks";
import { twentyWebhook } from "twenty-webhooks/hono";
import { Hono } from "hono";
import { conformance } from "./conformance.mjs";
import vectors from "./vectors.mjs";
export default { async fetch() { return Response.json(await conformance(twenty, vectors, { Hono, twentyWebhook })); } };
`,
  );
  const mf = new Miniflare(await bundleWorker(join(work, "worker.mjs"), join(work, "worker-dist")));
  try {
    const response = await mf.dispatchFetch("http://localhost/");
    record("workerd", await response.json());
  } finally {
    await mf.dispose();
  }
} catch (error) {
  record("workerd", { passed: 0, failures: [String(error.stack ?? error).slice(0, 2000)] });
}

// 5. Chromium: the browser entry through an import map, served over loopback HTTP.
const MIME = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
writeFileSync(
  join(work, "index.html"),
  `<!doctype html><meta charset="utf-8"><title>conformance</title><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "twenty-webhooks": "/node_modules/twenty-webhooks/src/browser.js" } }</script>
<script type="module">
import * as twenty from "twenty-webhooks";
import { conformance } from "/conformance.mjs";
import vectors from "/vectors.mjs";
// Before init() the wasm is not loaded: every call must say so, whatever its arguments.
const early = [() => twenty.verify({ secret: 5, headers: {}, body: "" }), () => twenty.sign("s", 1, "{}"), () => twenty.generateSecret(), () => new twenty.Verifier("s")]
  .map((call) => { try { call(); return "no error"; } catch (error) { return error.code ?? String(error); } })
  .filter((code) => code !== "NOT_INITIALIZED");
const result = await conformance(twenty, vectors);
window.result = { passed: result.passed + (early.length ? 0 : 1), failures: [...result.failures, ...early.map((code) => "before init(): " + code)] };
</script>`,
);
const server = createServer((req, res) => {
  const path = join(work, decodeURIComponent(new URL(req.url, "http://x").pathname));
  try {
    const body = readFileSync(path.endsWith("/") ? join(path, "index.html") : path);
    res.writeHead(200, { "content-type": MIME[extname(path)] ?? "text/html" }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const profile = mkdtempSync(join(tmpdir(), "chromium-profile-"));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const result = await page.waitForFunction(() => window.result, null, { timeout: 30000 }).then((handle) => handle.jsonValue());
  record(`Chromium ${browser.browser()?.version() ?? ""}`.trim(), { passed: result.passed, failures: [...result.failures, ...errors] });
} catch (error) {
  record("Chromium", { passed: 0, failures: [String(error.message)] });
} finally {
  await browser.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}

rmSync(work, { recursive: true, force: true });
const failed = results.filter((r) => r.failures.length || r.passed === 0);
if (failed.length) {
  console.error(`\n${failed.length} runtime(s) failed: ${failed.map((r) => r.runtime).join(", ")}`);
  process.exit(1);
}
