// Misusing an adapter fails when the app is built, with the package's typed error, not at the
// first delivery.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, it } from "node:test";

export function describeMisuse(consumerDir) {
  describe("adapter options", () => {
    // Imported from the consumer's folder, as its apps import them.
    const load = async (specifier) => import(pathToFileURL(createRequire(join(consumerDir(), "package.json")).resolve(specifier)).href);

    it("Fastify: registering without a Webhooks fails app.ready() with INVALID_ARGUMENT", async () => {
      const { default: Fastify } = await load("fastify");
      const { default: twentyWebhooks } = await load("twenty-webhooks/fastify");
      const app = Fastify();
      app.register(twentyWebhooks, { path: "/webhooks/twenty" });
      await assert.rejects(app.ready(), { code: "INVALID_ARGUMENT" });
    });

    it("Fastify: a path not starting with / fails app.ready()", async () => {
      const { default: Fastify } = await load("fastify");
      const { Webhooks } = await load("twenty-webhooks");
      const { twentyWebhooks } = await load("twenty-webhooks/fastify");
      const app = Fastify();
      app.register(twentyWebhooks, { webhooks: new Webhooks({ secret: "s" }), path: "webhooks" });
      await assert.rejects(app.ready(), { code: "INVALID_ARGUMENT", message: /path must start with "\/"/ });
    });

    it("Hono: twentyWebhook({ webhooks }) with something else than a Webhooks throws INVALID_ARGUMENT", async () => {
      const { twentyWebhook } = await load("twenty-webhooks/hono");
      assert.throws(() => twentyWebhook({ webhooks: { secret: "s" } }), { code: "INVALID_ARGUMENT" });
    });

    it("Hono: webhooks and secret together throw INVALID_ARGUMENT", async () => {
      const { Webhooks } = await load("twenty-webhooks");
      const { twentyWebhook } = await load("twenty-webhooks/hono");
      assert.throws(() => twentyWebhook({ webhooks: new Webhooks({ secret: "s" }), secret: "s" }), { code: "INVALID_ARGUMENT" });
    });
  });
}
