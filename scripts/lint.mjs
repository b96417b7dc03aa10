// npm test -- lint: formatting, clippy and the generated code tables, all denying drift. The
// wasm facade is linted for its own target, since it is compiled only there.
import { run, step } from "./lib/run.mjs";

step("cargo fmt --check (rustfmt.toml)");
run("cargo", ["fmt", "--all", "--check"]);
run("cargo", ["fmt", "--check"], { cwd: new URL("../fuzz/", import.meta.url).pathname });
step("cargo clippy -D warnings (native, all targets)");
run("cargo", ["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"]);
step("cargo clippy -D warnings (wasm32, the facade)");
run("cargo", ["clippy", "--lib", "--features", "wasm", "--target", "wasm32-unknown-unknown", "--quiet", "--", "-D", "warnings"]);
console.log("  formatted, no clippy warnings");
step("code table: the .d.ts unions and the README's tables match src/codes.rs");
run("node", ["scripts/codes.mjs", "--check"]);
