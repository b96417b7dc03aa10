// Small process helpers shared by the build, test and start scripts (Node built-ins only, so
// they run on a fresh clone before `npm install`).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Runs a command with inherited output; exits the script when it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: ROOT, ...options });
  if (result.error) fail(`${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(" ")} exited with ${result.status ?? result.signal}`);
}

/** Runs a command and returns its trimmed standard output, or null when it cannot run. */
export function output(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: "utf8", ...options });
  return result.status === 0 ? result.stdout.trim() : null;
}

export function step(title) {
  console.log(`\n\x1b[1m▶ ${title}\x1b[0m`);
}

export function fail(message) {
  console.error(`\x1b[31m✖ ${message}\x1b[0m`);
  process.exit(1);
}
