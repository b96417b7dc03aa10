// The README's quick starts are the files in examples/: each one is started as its README
// section says (Next.js's route module is called with a real Request instead: Next.js itself is
// not installed), sent a genuine and a forged delivery, and must run its handler for the genuine
// one only.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import { ROOT, startProcess } from "./consumer.mjs";
import { bodyFor, signedHeaders } from "./deliveries.mjs";
import { send } from "./http.mjs";
import { startWorker } from "./workerd.mjs";

const SECRET = "example-secret-0123456789";
const PATH = "/webhooks/twenty";
const env = { TWENTY_WEBHOOK_SECRET: SECRET, PORT: "0" };

const EXAMPLES = [
  { name: "Express", start: (dir) => startProcess("node", ["examples/express.mjs"], { cwd: dir, env }) },
  { name: "Fastify", start: (dir) => startProcess("node", ["examples/fastify.mjs"], { cwd: dir, env }) },
  { name: "Deno", start: (dir) => startProcess("deno", ["examples/deno.js"], { cwd: dir, env }) },
  { name: "Bun", start: (dir) => startProcess("bun", ["examples/bun.js"], { cwd: dir, env }) },
  { name: "Hono (in workerd)", start: (dir) => startWorker(dir, "./examples/hono.mjs", { asDefault: true, bindings: { TWENTY_WEBHOOK_SECRET: SECRET } }) },
  { name: "Cloudflare Worker (in workerd)", start: (dir) => startWorker(dir, "./examples/cloudflare-worker.js", { asDefault: true, bindings: { TWENTY_WEBHOOK_SECRET: SECRET } }) },
];

/** Sends a genuine person.created and a forged one; the handler logs the record's id. */
async function genuineAndForged(post, output) {
  const body = bodyFor("person.created");
  const recordId = JSON.parse(body).record.id;
  const genuine = await post(signedHeaders(SECRET, body), body);
  assert.equal(genuine.status, 200, JSON.stringify(genuine.json));
  assert.equal(genuine.json.ok, true);
  const forgedBody = bodyFor("person.created");
  const forged = await post(signedHeaders("a-guess", forgedBody), forgedBody);
  assert.equal(forged.status, 401);
  assert.equal(forged.json.error.code, "SIGNATURE_MISMATCH");
  // Logs may trail the answer by a moment.
  for (let i = 0; i < 50 && !output().includes(`person.created ${recordId}`); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(output().includes(`person.created ${recordId}`), `the handler did not run:\n${output()}`);
  assert.ok(!output().includes(`person.created ${JSON.parse(forgedBody).record.id}`), "the forged delivery reached the handler");
}

export function describeExamples(consumerDir) {
  describe("examples/ (the README's quick starts)", () => {
    it("each README quick start is its examples/ file, verbatim", () => {
      const readme = readFileSync(join(ROOT, "README.md"), "utf8");
      const blocks = [...readme.matchAll(/<!-- example: (\S+) -->\n```js\n([\s\S]*?)\n```/g)];
      assert.equal(blocks.length, EXAMPLES.length + 1, "one block per example, Next.js included");
      for (const [, path, code] of blocks) assert.equal(code, readFileSync(join(ROOT, path), "utf8").trimEnd(), `README block for ${path}`);
    });
    for (const example of EXAMPLES) {
      describe(example.name, () => {
        let server;
        before(async () => {
          server = await example.start(consumerDir());
        });
        after(() => server?.stop());
        it("handles a genuine delivery and refuses a forged one", () =>
          genuineAndForged(async (headers, body) => send(server.base, { path: PATH, headers, body }), () => server.output()));
      });
    }
    it("Next.js App Router: route.js's POST, called with a real Request", async () => {
      process.env.TWENTY_WEBHOOK_SECRET = SECRET;
      const route = await import(pathToFileURL(join(consumerDir(), "examples/nextjs/app/api/webhooks/twenty/route.js")).href);
      let logged = "";
      const log = console.log;
      console.log = (...args) => (logged += `${args.join(" ")}\n`);
      try {
        await genuineAndForged(async (headers, body) => {
          const response = await route.POST(new Request(`http://localhost${PATH}`, { method: "POST", headers, body }));
          return { status: response.status, json: await response.json() };
        }, () => logged);
      } finally {
        console.log = log;
        delete process.env.TWENTY_WEBHOOK_SECRET;
      }
    });
  });
}
