// The CLI as users get it: `npm pack`, installed by name in a fresh folder (as the runtimes suite
// installs the package), then the tests beside this file run its `bin` as a subprocess.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const HERE = fileURLToPath(new URL(".", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "twenty-webhooks-cli-"));

function sh(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  if (result.status !== 0) {
    console.error(`${command} ${args.join(" ")}: ${result.stderr || result.stdout}`);
    process.exit(1);
  }
  return result.stdout;
}

try {
  const packed = JSON.parse(sh("npm", ["pack", "--json", "--pack-destination", work], join(ROOT, "pkg")))[0];
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "consumer", private: true, dependencies: { "twenty-webhooks": `file:./${packed.filename}` } }));
  sh("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], work);
  console.log(`  installed ${packed.filename} in ${work}`);

  const tests = readdirSync(HERE).filter((file) => file.endsWith(".test.mjs")).map((file) => join(HERE, file));
  const result = spawnSync("node", ["--test", "--test-concurrency=5", "--test-reporter=dot", ...tests], {
    stdio: "inherit",
    env: { ...process.env, TWENTY_WEBHOOKS_CLI_HOME: work },
  });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
