// A consumer's folder, as users get the package: `npm pack`, installed by name beside the
// frameworks at the versions pinned in this folder's package.json, with the test apps
// (app/) and the README's examples (examples/) copied in.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const RUNTIMES = join(ROOT, "tests/runtimes/node_modules/.bin");

/** How each runtime runs a module in the consumer's folder. */
export const RUNTIME_COMMANDS = {
  node: [process.execPath],
  node22: [join(RUNTIMES, "node")],
  deno: [join(RUNTIMES, "deno"), "run", "--allow-net", "--allow-read", "--allow-env"],
  bun: [join(RUNTIMES, "bun")],
};

/** The apps' frameworks, at the versions tests/adapters/package.json pins. */
const FRAMEWORKS = ["connect", "express4", "express5", "fastify"];

function sh(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${result.stderr || result.stdout}`);
  return result.stdout;
}

function versionOf(packageJson, name) {
  return JSON.parse(readFileSync(join(ROOT, packageJson), "utf8")).devDependencies[name];
}

export function makeConsumer() {
  const dir = mkdtempSync(join(tmpdir(), "twenty-webhooks-adapters-"));
  const packed = JSON.parse(sh("npm", ["pack", "--json", "--pack-destination", dir], join(ROOT, "pkg")))[0];
  const pinned = (name) => versionOf("tests/adapters/package.json", name);
  const dependencies = {
    "twenty-webhooks": `file:./${packed.filename}`,
    ...Object.fromEntries(FRAMEWORKS.map((name) => [name, pinned(name)])),
    // The examples import Express by its own name: the newest major, as `npm install express` gives.
    express: pinned("express5"),
    hono: versionOf("package.json", "hono"),
  };
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies }, null, 2));
  sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], dir);
  cpSync(join(ROOT, "tests/adapters/app"), dir, { recursive: true });
  cpSync(join(ROOT, "examples"), join(dir, "examples"), { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts `args` with `runtime` in `cwd` and waits for the line that says where it listens:
 * `{"port":N}` from the test apps, or a `http://host:port` URL from the examples.
 * Resolves to `{ base, output, stop }`; `output()` is everything printed so far.
 */
export function startProcess(runtime, args, { cwd, env = {}, timeoutMs = 20_000 }) {
  const [command, ...first] = RUNTIME_COMMANDS[runtime];
  const child = spawn(command, [...first, ...args], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const stop = () => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : (child.once("exit", resolve), child.kill())));
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`no port within ${timeoutMs} ms`)), timeoutMs);
    const fail = (error) => {
      clearTimeout(timer);
      stop();
      if (!settled) reject(new Error(`${runtime} ${args.join(" ")}: ${error.message}\n${output}`));
      settled = true;
    };
    // Deno.serve says where it listens on stderr, the others on stdout.
    const seen = (chunk) => {
      output += chunk;
      const port = output.match(/"port":(\d+)/)?.[1] ?? output.match(/https?:\/\/[^\s:/]+:(\d+)/)?.[1];
      if (port && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ base: `http://127.0.0.1:${port}`, output: () => output, stop });
      }
    };
    child.stdout.setEncoding("utf8").on("data", seen);
    child.stderr.setEncoding("utf8").on("data", seen);
    child.on("error", fail);
    child.on("exit", (code) => fail(new Error(`exited with ${code} before listening`)));
  });
}
