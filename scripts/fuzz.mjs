// Runs each fuzz target briefly (cargo fuzz, nightly): header parsing, verification, payload
// building and diagnosis. A crash, panic or failed assertion fails the run, and libFuzzer's
// reproducer lands in fuzz/artifacts/<target>/. FUZZ_SECONDS sets the time per target.
import { spawnSync } from "node:child_process";
import { ROOT, fail, run, step } from "./lib/run.mjs";

const SECONDS = process.env.FUZZ_SECONDS ?? "20";
const TARGETS = ["headers", "verify", "payload", "diagnose"];

step("cargo fuzz build");
run("cargo", ["+nightly", "fuzz", "build", "--release"]);
for (const target of TARGETS) {
  const args = ["+nightly", "fuzz", "run", "--release", target, "--", `-max_total_time=${SECONDS}`, "-print_final_stats=0"];
  const result = spawnSync("cargo", args, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
  const log = `${result.stdout}${result.stderr}`;
  const runs = log.match(/Done (\d+) runs in (\d+) second/);
  if (result.status !== 0 || !runs) {
    console.error(log.split("\n").slice(-60).join("\n"));
    fail(`fuzz target ${target} failed`);
  }
  console.log(`  ${target}: ${Number(runs[1]).toLocaleString("en")} runs in ${runs[2]} s, no failure`);
}
