// npm run build: cargo → wasm-bindgen (pinned) → wasm-opt (npm binaryen) → pkg/dist/wasm,
// offline once the toolchain is installed (scripts/setup.mjs does that).
import { gzipSync } from "node:zlib";
import { readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT, output, run, step, fail } from "./lib/run.mjs";
import { WASM_BINDGEN_VERSION } from "./setup.mjs";

const OUT_DIR = join(ROOT, "pkg/dist/wasm");
// Built beside, then swapped in, so that a running server or test never sees a half-built package.
const STAGING_DIR = join(ROOT, "pkg/dist/wasm.staging");
const CRATE_WASM = join(ROOT, "target/wasm32-unknown-unknown/release/twenty_webhooks.wasm");
export const PACKAGE_WASM = join(OUT_DIR, "twenty_webhooks_bg.wasm");

// What rustc 1.95 emits for wasm32-unknown-unknown plus our +simd128; wasm-opt must accept
// exactly these and add nothing newer.
const WASM_FEATURES = [
  "--enable-simd",
  "--enable-bulk-memory",
  "--enable-sign-ext",
  "--enable-mutable-globals",
  "--enable-nontrapping-float-to-int",
  "--enable-reference-types",
  "--enable-multivalue",
];

export function build() {
  const bindgen = output("wasm-bindgen", ["--version"]);
  if (bindgen !== `wasm-bindgen ${WASM_BINDGEN_VERSION}`) {
    fail(`wasm-bindgen ${WASM_BINDGEN_VERSION} is required (found: ${bindgen ?? "none"}); run node scripts/setup.mjs`);
  }
  step("cargo build (wasm32-unknown-unknown, release, the wasm facade)");
  // A cdylib only here: the crate is otherwise an rlib, so native builds need no allocator or
  // panic handler of ours.
  run("cargo", ["rustc", "--lib", "--release", "--target", "wasm32-unknown-unknown", "--features", "wasm", "--crate-type", "cdylib"]);

  step(`wasm-bindgen ${WASM_BINDGEN_VERSION} --target web`);
  rmSync(STAGING_DIR, { recursive: true, force: true });
  run("wasm-bindgen", [
    CRATE_WASM,
    "--target", "web",
    "--omit-default-module-path",
    // Exports __wbg_reset_state: a fresh instance after an exception unwound through wasm
    // (pkg/src/lifecycle.js), and glue that refuses objects of a replaced instance.
    "--experimental-reset-state-function",
    "--no-typescript",
    "--out-dir", STAGING_DIR,
    "--out-name", "twenty_webhooks",
  ]);

  step("wasm-opt -O3");
  const staged = join(STAGING_DIR, "twenty_webhooks_bg.wasm");
  run(join(ROOT, "node_modules/.bin/wasm-opt"), [staged, "-O3", ...WASM_FEATURES, "-o", staged]);
  rmSync(OUT_DIR, { recursive: true, force: true });
  renameSync(STAGING_DIR, OUT_DIR);

  const bytes = readFileSync(PACKAGE_WASM);
  const glue = statSync(join(OUT_DIR, "twenty_webhooks.js")).size;
  step("sizes");
  console.log(`  twenty_webhooks_bg.wasm  ${kib(bytes.length)} KiB  (${kib(gzipSync(bytes, { level: 9 }).length)} KiB gzipped)`);
  console.log(`  twenty_webhooks.js       ${kib(glue)} KiB  (wasm-bindgen glue)`);
}

function kib(n) {
  return (n / 1024).toFixed(1);
}

if (import.meta.url === `file://${process.argv[1]}`) build();
