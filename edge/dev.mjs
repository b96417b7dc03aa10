/**
 * Runs the edge receiver locally in workerd, for the demo (`npm start`) and the tests. It runs
 * what `wrangler deploy` would upload (the pinned wrangler bundles it; its
 * `unstable_getMiniflareWorkerOptions` reads the bindings from wrangler.jsonc) in Miniflare,
 * the pinned local workerd. Not `wrangler dev`: its local proxy answers some POSTs under load
 * with its own 503 "Your worker restarted mid-request" (workers-sdk#14641), and it rebuilds and
 * restarts the runtime whenever a watched source changes (the package's included), dropping
 * queued messages. Settings are passed as bindings, never written to disk; state lives in a
 * fresh directory unless `persistTo` is given.
 *
 * @example
 * const sink = await startSink({ forwardSecret: "hop" });
 * const edge = await startEdge({ sinkUrl: sink.url, secrets: ["twenty-secret"], forwardSecret: "hop" });
 * // POST signed deliveries to `${edge.url}/webhooks/twenty`
 * await edge.stop();
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Log, LogLevel, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";

const EDGE_DIR = fileURLToPath(new URL(".", import.meta.url));
const WRANGLER = join(EDGE_DIR, "node_modules/wrangler/bin/wrangler.js");

/**
 * Starts the receiver on 127.0.0.1 and resolves once it serves: `{ url, stop(), logs(), database(), queue(), scheduled() }`;
 * `logs()` returns what the Workers printed so far (one JSON object per line from the receiver);
 * `database()` is the delivery log (the D1 binding `LOG`) as a D1Database, and `queue()` the
 * DELIVERIES queue's producer, both usable from Node (tests); `scheduled()` runs its cron trigger's
 * handler once and resolves to its `{ outcome }`.
 * - `sinkUrl`: FORWARD_URL (omit it when `vars.ROUTES` is given);
 * - `secrets`: TWENTY_WEBHOOK_SECRETS (a string or a list); `forwardSecret`: FORWARD_SECRET;
 * - `corsOrigins`: CORS_ORIGINS (a string or a list); `mode`: DELIVERY_MODE;
 * - `vars`: any other setting from README.md, e.g. `{ ROUTES: JSON.stringify(routes) }`;
 * - `configs`: wrangler configs of further Workers to run beside it, sharing its queues (tests);
 * - `directSockets`: also serve each Worker on a port of its own, `directUrl(name)` (benchmarks).
 */
export async function startEdge({ port = 0, sinkUrl, secrets, forwardSecret, corsOrigins = [], persistTo, mode = "queue", vars = {}, configs = [], directSockets = false } = {}) {
  const settings = {
    TWENTY_WEBHOOK_SECRETS: [secrets].flat().join(","),
    FORWARD_SECRET: forwardSecret ?? "",
    FORWARD_URL: sinkUrl ?? "",
    DELIVERY_MODE: mode,
    CORS_ORIGINS: [corsOrigins].flat().join(","),
    ...vars,
  };
  return startWorkers([join(EDGE_DIR, "wrangler.jsonc"), ...configs], { vars: settings, port, persistTo, directSockets });
}

/**
 * Runs the Workers that wrangler configs describe, in one local workerd sharing queues: each
 * the bundle `wrangler deploy` would upload. The first gets `vars` on top of its own and answers
 * at `url`. Resolves to `{ url, stop(), logs(), database(binding = "LOG"), queue(binding = "DELIVERIES"),
 * scheduled(cron), directUrl(name) }` (the first Worker's bindings; a Worker's own port with `directSockets`, named
 * by its config's directory).
 */
export async function startWorkers(configs, { vars = {}, port = 0, persistTo, directSockets = false } = {}) {
  const scratch = await mkdtemp(join(tmpdir(), "twenty-edge-"));
  let output = "";
  const capture = (stream) => stream.on("data", (chunk) => (output += chunk));
  let mf;
  try {
    const workers = [];
    for (const [i, config] of configs.entries()) {
      const worker = await deployableWorker(config, join(scratch, `bundle-${i}`), i === 0 ? vars : {});
      workers.push(directSockets ? { ...worker, unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] } : worker);
    }
    mf = new Miniflare({
      workers,
      host: "127.0.0.1",
      port,
      cf: false, // offline: no request.cf data to fetch
      defaultPersistRoot: persistTo ?? join(scratch, "state"),
      log: new CapturingLog((line) => (output += `${line}\n`)),
      handleRuntimeStdio(stdout, stderr) {
        capture(stdout);
        capture(stderr);
      },
    });
    const url = (await mf.ready).origin;
    const database = (binding = "LOG") => mf.getD1Database(binding);
    const queue = (binding = "DELIVERIES") => mf.getQueueProducer(binding);
    const scheduled = async (cron = "0 * * * *") => (await mf.getWorker()).scheduled({ cron });
    const directUrl = async (name) => (await mf.unsafeGetDirectURL(name)).origin;
    return { url, stop, logs: () => output, database, queue, scheduled, directUrl };
  } catch (error) {
    await stop();
    throw new Error(`local workerd did not start: ${error.message}\n${output.slice(-4000)}`);
  }

  async function stop() {
    await mf?.dispose();
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The Miniflare options of the Worker a wrangler config describes, running the bundle
 * `wrangler deploy` would upload (built into `outdir`), with `overrides` on top of its vars.
 */
async function deployableWorker(config, outdir, overrides) {
  const build = await wrangler(["deploy", "--dry-run", "--outdir", outdir, "--config", config]);
  if (build.code !== 0) throw new Error(`bundling ${config} failed:\n${build.output}`);
  const { workerOptions, main } = unstable_getMiniflareWorkerOptions(config);
  return {
    ...workerOptions,
    name: basename(dirname(config)),
    modules: true,
    scriptPath: join(outdir, basename(main)),
    modulesRoot: outdir,
    modulesRules: [{ type: "ESModule", include: ["**/*.js"] }, ...workerOptions.modulesRules],
    bindings: { ...workerOptions.bindings, ...overrides },
  };
}

/** Runs a wrangler command in edge/: `{ code, output }`. */
function wrangler(args) {
  return new Promise((resolve) => {
    const env = { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" };
    const child = spawn(process.execPath, [WRANGLER, ...args], { cwd: EDGE_DIR, stdio: ["ignore", "pipe", "pipe"], env });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("exit", (code) => resolve({ code, output }));
  });
}

/** Miniflare's own messages (queue batches, errors), kept with the Workers' output. */
class CapturingLog extends Log {
  #write;

  constructor(write) {
    super(LogLevel.INFO);
    this.#write = write;
  }

  log(message) {
    this.#write(message);
  }
}
