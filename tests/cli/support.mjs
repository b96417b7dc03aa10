// Shared by the CLI tests: the installed `bin` run as a subprocess, a receiver that verifies
// with node:crypto alone, and a raw TCP server that captures requests byte for byte.
import { spawn } from "node:child_process";
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const HOME = process.env.TWENTY_WEBHOOKS_CLI_HOME;
if (!HOME) throw new Error("Run the CLI tests with `node tests/cli/run.mjs` (npm test -- cli): it installs the packed package first.");
/** The installed command, where `npx twenty-webhooks` finds it. */
export const BIN = join(HOME, "node_modules/.bin/twenty-webhooks");
export { HOME };

export const SECRET = "a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00";

/** The environment without TWENTY_WEBHOOK_SECRET, TWENTY_WEBHOOKS_ADMIN_TOKEN or NO_COLOR, plus `extra`. */
export function cleanEnv(extra = {}) {
  const { TWENTY_WEBHOOK_SECRET, TWENTY_WEBHOOKS_ADMIN_TOKEN, NO_COLOR, FORCE_COLOR, ...env } = process.env;
  return { ...env, ...extra };
}

/** Runs `command` with `args`; resolves to `{ code, stdout, stderr }` (stdout as text). */
export function run(command, args, { input, env = cleanEnv(), cwd = HOME } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd });
    const out = [];
    const err = [];
    child.stdout.on("data", (chunk) => out.push(chunk));
    child.stderr.on("data", (chunk) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
    child.stdin.end(input);
  });
}

/** The CLI with `args`. */
export function cli(args, options) {
  return run(BIN, args, options);
}

/** Runs the CLI under a pseudo-terminal (util-linux `script`), so that stdout is a TTY. */
export function onTerminal(args, env) {
  const command = [BIN, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(" ");
  return run("script", ["--quiet", "--return", "--command", command, "/dev/null"], { env });
}

/**
 * The CLI with `args`, left running (`listen`): `{ stdout(), stderr(), waitFor(pattern, stream),
 * interrupt() }`; `waitFor` resolves once stdout (or "stderr") matches, `interrupt` sends SIGINT
 * and resolves to `{ code, signal, stdout, stderr }` when it has exited.
 */
export function startCli(args, options) {
  return start(BIN, args, options);
}

/**
 * A shell command line, left running as startCli's; in a process group of its own, which
 * `interrupt` signals as a terminal's Ctrl-C does (npx and the CLI both get SIGINT).
 */
export function startLine(line, options) {
  return start("sh", ["-c", line], { ...options, group: true });
}

function start(command, args, { env = cleanEnv(), group = false } = {}) {
  const child = spawn(command, args, { env, cwd: HOME, stdio: ["ignore", "pipe", "pipe"], detached: group });
  const text = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk) => (text.stdout += chunk));
  child.stderr.on("data", (chunk) => (text.stderr += chunk));
  const exited = new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, ...text })));
  return {
    child,
    exited,
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    async waitFor(pattern, stream = "stdout", timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(text[stream])) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${pattern} not on ${stream} of ${command} ${args.join(" ")} (exit ${child.exitCode}):\n${text.stdout}${text.stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    interrupt() {
      if (group) process.kill(-child.pid, "SIGINT");
      else child.kill("SIGINT");
      return exited;
    },
  };
}

/** Twenty's check, with node:crypto only: the signature of `${timestamp}:${body}`, fresh timestamp. */
export function verifiesWithNodeCrypto(headers, body, secret = SECRET) {
  const timestamp = headers["x-twenty-webhook-timestamp"];
  const signature = headers["x-twenty-webhook-signature"];
  if (typeof timestamp !== "string" || typeof signature !== "string" || !/^[0-9a-f]{64}$/.test(signature)) return false;
  if (Math.abs(Date.now() - Number(timestamp)) > 300_000) return false;
  const expected = createHmac("sha256", secret).update(`${timestamp}:`).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(signature, "hex"));
}

/**
 * A node:http receiver. Each delivery is kept as `{ method, url, headers, rawHeaders, body,
 * verified }`; it answers `answer(delivery)`, a status or `{ status, headers }` (default: 200
 * when verified, else 401), after
 * `delayMs`, or never when `delayMs` is Infinity; with `barrier`, only once that many requests
 * are in flight together. `maxInFlight` counts concurrent requests.
 */
export async function receiver({ secret = SECRET, answer, delayMs = 0, barrier = 0 } = {}) {
  const deliveries = [];
  let inFlight = 0;
  let held = [];
  const state = { deliveries, maxInFlight: 0 };
  const server = createServer(async (req, res) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const delivery = { method: req.method, url: req.url, headers: req.headers, rawHeaders: req.rawHeaders, body, verified: verifiesWithNodeCrypto(req.headers, body, secret) };
    deliveries.push(delivery);
    if (delayMs === Infinity) return;
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (barrier) {
      // Answer nothing until `barrier` requests are received and waiting together, then all of them.
      const answered = new Promise((resolve) => held.push(resolve));
      if (held.length === barrier) {
        held.forEach((resolve) => resolve());
        held = [];
      }
      await answered;
    }
    inFlight--;
    const reply = answer ? answer(delivery) : delivery.verified ? 200 : 401;
    const { status, headers } = typeof reply === "number" ? { status: reply } : reply;
    res.writeHead(status, headers).end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${server.address().port}/webhooks/twenty`;
  state.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  };
  return state;
}

/** A TCP server that keeps each request's bytes exactly as they arrived, and answers 200. */
export async function captureServer() {
  const captures = [];
  const server = createTcpServer((socket) => {
    let bytes = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      bytes = Buffer.concat([bytes, chunk]);
      const end = bytes.indexOf("\r\n\r\n");
      if (end < 0) return;
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(bytes.subarray(0, end).toString("latin1"))?.[1] ?? 0);
      if (bytes.length < end + 4 + length) return;
      captures.push(bytes);
      socket.end("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    captures,
    url: `http://127.0.0.1:${server.address().port}/webhooks/twenty`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A fresh folder for a test's files; `file(name, bytes)` writes one and returns its path. */
export function scratch() {
  const dir = mkdtempSync(join(tmpdir(), "cli-test-"));
  return {
    dir,
    file(name, bytes) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    },
  };
}

/** Asserts what every bad flag or input gives: exit 2, one line on stderr, no stack trace. */
export function assertUsageError(assert, result, pattern) {
  assert.equal(result.code, 2, `exit code (stderr: ${result.stderr})`);
  assert.match(result.stderr, /^twenty-webhooks[^\n]*\n$/, `one line on stderr: ${JSON.stringify(result.stderr)}`);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
  if (pattern) assert.match(result.stderr, pattern);
}

export const READMES = ["README.md", "pkg/README.md"];
/** The URLs the READMEs' command lines use, which the tests point at local servers. */
export const EXAMPLE_URL = "http://localhost:3000/webhooks/twenty";
export const EXAMPLE_RECEIVER = "https://twenty-webhooks-edge.example.workers.dev";

/** Every `npx twenty-webhooks` line in the file's sh blocks. */
export function commandLines(file) {
  const text = readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]);
  return blocks.flatMap((block) => block.split("\n")).filter((line) => line.startsWith("npx twenty-webhooks "));
}
