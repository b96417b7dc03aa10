// npm test -- adapters: every adapter in its real framework and runtime, driven over loopback
// HTTP by the one matrix of cases (matrix.mjs), then the README's examples (examples.mjs) and
// misuse of the adapters' options (misuse.mjs).
// Each target is a test app (app/) started from a consumer's folder where the packed package
// is installed by name beside the pinned frameworks.
import { after, before, describe, it } from "node:test";
import { makeConsumer, startProcess } from "./consumer.mjs";
import { CASES } from "./matrix.mjs";
import { startWorker } from "./workerd.mjs";
import { describeExamples } from "./examples.mjs";
import { describeMisuse } from "./misuse.mjs";

/** `has` names what a target offers beyond the common cases (see `needs` in matrix.mjs). */
const TARGETS = [
  { name: "Express 4 (createNodeMiddleware)", runtime: "node", args: ["express.mjs", "express4"], has: ["routing", "express", "echo"] },
  { name: "Express 5 (createNodeMiddleware)", runtime: "node", args: ["express.mjs", "express5"], has: ["routing", "express", "echo"] },
  { name: "Connect (createNodeMiddleware)", runtime: "node", args: ["connect.mjs"], has: ["routing"] },
  { name: "node:http (createNodeMiddleware)", runtime: "node", args: ["node-http.mjs"], has: ["routing"] },
  { name: "Fastify 5 (plugin)", runtime: "node", args: ["fastify.mjs"], has: ["routing", "echo", "fastify"] },
  { name: "Hono on Node 20 (twentyWebhook({ webhooks }))", runtime: "node", args: ["serve-node.mjs", "./hono.mjs"], has: ["routing", "echo", "hono"] },
  { name: "Hono in Deno (twentyWebhook({ webhooks }))", runtime: "deno", args: ["serve-deno.mjs", "./hono.mjs"], has: ["routing", "echo", "hono"] },
  { name: "Hono in Bun (twentyWebhook({ webhooks }))", runtime: "bun", args: ["serve-bun.mjs", "./hono.mjs"], has: ["routing", "echo", "hono"] },
  { name: "Hono in workerd (twentyWebhook({ webhooks }))", runtime: "workerd", entry: "./hono.mjs", has: ["routing", "echo", "hono"] },
  { name: "Fetch handler in Node 20", runtime: "node", args: ["serve-node.mjs", "./fetch.mjs"], has: [] },
  { name: "Fetch handler in Node 22", runtime: "node22", args: ["serve-node.mjs", "./fetch.mjs"], has: [] },
  { name: "Fetch handler in Deno", runtime: "deno", args: ["serve-deno.mjs", "./fetch.mjs"], has: [] },
  { name: "Fetch handler in Bun", runtime: "bun", args: ["serve-bun.mjs", "./fetch.mjs"], has: [] },
  { name: "Fetch handler in workerd", runtime: "workerd", entry: "./fetch.mjs", has: [] },
];

// ADAPTERS_ONLY=<regexp> runs only the targets whose name matches (while working on one).
const only = process.env.ADAPTERS_ONLY ? new RegExp(process.env.ADAPTERS_ONLY, "i") : undefined;

let consumer;
before(() => {
  consumer = makeConsumer();
});
after(() => consumer?.remove());

for (const target of TARGETS.filter((t) => !only || only.test(t.name))) {
  describe(target.name, () => {
    let server;
    before(async () => {
      server = target.runtime === "workerd" ? await startWorker(consumer.dir, target.entry) : await startProcess(target.runtime, target.args, { cwd: consumer.dir });
    });
    after(() => server?.stop());
    for (const testCase of CASES) {
      if (testCase.needs && !target.has.includes(testCase.needs)) continue;
      it(testCase.name, async () => {
        try {
          await testCase.run({ base: server.base });
        } catch (error) {
          error.message += `\n--- ${target.name} output ---\n${server.output().slice(-2000)}`;
          throw error;
        }
      });
    }
  });
}

if (!only || only.test("examples")) describeExamples(() => consumer.dir);
if (!only || only.test("options")) describeMisuse(() => consumer.dir);
