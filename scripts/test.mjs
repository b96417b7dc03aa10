// npm test: every test of the project. It installs what the tests need (scripts/setup.mjs),
// builds the package, then runs each suite in turn and prints a summary; it exits non-zero if
// any suite failed. `npm test -- rust package` runs only the suites named.
import { spawnSync } from "node:child_process";
import { ROOT, step } from "./lib/run.mjs";
import { setup } from "./setup.mjs";
import { build } from "./build.mjs";

const SUITES = [
  { name: "lint", what: "cargo fmt --check, cargo clippy -D warnings (native and wasm32), code tables generated from src/codes.rs", command: ["node", "scripts/lint.mjs"] },
  { name: "rust", what: "unit, vector and property tests of the crate", command: ["cargo", "test", "--all-targets", "--quiet"] },
  { name: "rust-docs", what: "doc examples", command: ["cargo", "test", "--doc", "--quiet"] },
  { name: "fuzz", what: "each fuzz target briefly (header parsing, verification, payload building, diagnosis)", command: ["node", "scripts/fuzz.mjs"] },
  { name: "package", what: "the built package in Node 20: API, vectors, differential against node:crypto and JSON.stringify", command: ["node", "--test", "--test-reporter=dot", "tests/package/"] },
  { name: "receive", what: "Webhooks, verifyStream and the fetch and node:http adapters over loopback HTTP", command: ["node", "--test", "--test-reporter=dot", "tests/receive/"] },
  { name: "types", what: "the TypeScript definitions compile against typed usage", command: ["node", "node_modules/typescript/bin/tsc", "-p", "tests/types"] },
  { name: "cli", what: "npm pack, installed in a fresh folder: the bin against a node:crypto receiver, the real curl, captured requests, and listen / deliveries / dead-letters against the real receiver in workerd", command: ["node", "tests/cli/run.mjs"] },
  { name: "adapters", what: "each adapter in its real framework and runtime (Express 4 and 5, Connect, node:http, Fastify; Hono in Node, Deno, Bun and workerd; the Fetch handler in Node 20 and 22, Deno, Bun, workerd) against one matrix of cases, and the README's examples", command: ["node", "--test-reporter=dot", "tests/adapters/run.mjs"] },
  { name: "runtimes", what: "npm pack, installed by name in Node 20 and 22, Deno, Bun, workerd and Chromium", command: ["node", "tests/runtimes/run.mjs"] },
  { name: "edge", what: "the Cloudflare Worker receiver in workerd", command: ["node", "edge/test/run.mjs"] },
  { name: "www", what: "the demo page in headless Chromium", command: ["node", "www/test/run.mjs"] },
  { name: "start", what: "npm start's demonstration runs end to end (npm start -- --once)", command: ["node", "scripts/start.mjs", "--once"] },
];

const only = process.argv.slice(2);
const unknown = only.filter((name) => !SUITES.some((s) => s.name === name));
if (unknown.length) {
  console.error(`No suite named ${unknown.join(", ")}; the suites: ${SUITES.map((s) => s.name).join(", ")}`);
  process.exit(2);
}
const selected = only.length ? SUITES.filter((s) => only.includes(s.name)) : SUITES;

setup({ forTests: true });
step("build");
build();

const results = [];
for (const suite of selected) {
  step(`${suite.name}: ${suite.what}`);
  const started = Date.now();
  const [command, ...args] = suite.command;
  // The suites need not install or build again.
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, TWENTY_WEBHOOKS_PREPARED: "1" } });
  results.push({ ...suite, ok: result.status === 0, seconds: (Date.now() - started) / 1000 });
}

step("summary");
for (const r of results) console.log(`  ${r.ok ? "✓" : "✖"} ${r.name.padEnd(10)} ${r.seconds.toFixed(0).padStart(4)} s  ${r.what}`);
const failed = results.filter((r) => !r.ok);
if (failed.length) {
  console.error(`\n${failed.length} suite(s) failed: ${failed.map((r) => r.name).join(", ")}`);
  process.exit(1);
}
console.log("\nAll suites passed.");
