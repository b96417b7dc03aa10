// Installs what building, testing and running need, skipping whatever is already there:
// the wasm target, the pinned wasm-bindgen CLI, npm packages, and (for tests) Chromium, the
// extra JavaScript runtimes and cargo-fuzz. Safe to run again; a second run takes seconds.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ROOT, output, run, step } from "./lib/run.mjs";

export const WASM_BINDGEN_VERSION = "0.2.130";
const CARGO_FUZZ_VERSION = "0.13.2";

export function setup({ forTests = false } = {}) {
  step("toolchain");
  const targets = output("rustup", ["target", "list", "--installed"]) ?? "";
  if (!targets.split("\n").includes("wasm32-unknown-unknown")) {
    run("rustup", ["target", "add", "wasm32-unknown-unknown"]);
  }
  if (output("cargo", ["clippy", "--version"]) === null || output("cargo", ["fmt", "--version"]) === null) {
    run("rustup", ["component", "add", "clippy", "rustfmt"]);
  }
  if (output("wasm-bindgen", ["--version"]) !== `wasm-bindgen ${WASM_BINDGEN_VERSION}`) {
    // No --locked: the CLI's lockfile names a crate version the registry here does not serve.
    run("cargo", ["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN_VERSION]);
  }
  console.log(`  rust wasm target, wasm-bindgen ${WASM_BINDGEN_VERSION}: ready`);

  step("npm packages");
  // The root's tools, the edge Worker's own packages (wrangler bundles them), then the
  // frameworks the adapters are tested against and the adapter benchmark's load generator.
  for (const folder of [".", "edge", "tests/adapters"]) {
    run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: join(ROOT, folder) });
  }
  if (!forTests) return;

  // Node 22, Deno and Bun live in their own folder so that their `node` binary never shadows
  // the machine's Node in npm scripts.
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: join(ROOT, "tests/runtimes") });

  step("Chromium and curl");
  // Debian's: the page tests drive its Chromium; the CLI tests run the curl commands it prints.
  const missing = [["/usr/bin/chromium", "chromium"], ["/usr/bin/curl", "curl"]].filter(([path]) => !existsSync(path)).map(([, name]) => name);
  if (missing.length) {
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", ...missing], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  }
  console.log(`  ${output("/usr/bin/chromium", ["--version"])}`);
  console.log(`  ${output("/usr/bin/curl", ["--version"])?.split("\n")[0]}`);

  step("fuzzing toolchain");
  const toolchains = output("rustup", ["toolchain", "list"]) ?? "";
  if (!toolchains.includes("nightly")) run("rustup", ["toolchain", "install", "nightly", "--profile", "minimal"]);
  if (output("cargo", ["fuzz", "--version"]) === null) run("cargo", ["install", "cargo-fuzz", "--version", CARGO_FUZZ_VERSION]);
  console.log(`  ${output("cargo", ["fuzz", "--version"])}`);
}

if (import.meta.url === `file://${process.argv[1]}`) setup({ forTests: process.argv.includes("--tests") });
