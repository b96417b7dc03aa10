/// <reference path="../adapters/node_modules/@types/node/index.d.ts" />
// The adapters' types against the frameworks' own: the Fastify plugin's options, Hono's
// { webhooks } form, the Fetch handler in a Worker.
import Fastify from "fastify";
import { Hono } from "hono";
import { memoryDedupe, Webhooks } from "twenty-webhooks";
import twentyWebhooks, { twentyWebhooks as namedPlugin } from "twenty-webhooks/fastify";
import { createFetchHandler } from "twenty-webhooks/fetch";
import { twentyWebhook } from "twenty-webhooks/hono";

const webhooks = new Webhooks({ secret: ["new", "old"], dedupe: memoryDedupe() });

const app = Fastify();
app.register(twentyWebhooks, { webhooks, path: "/webhooks/twenty", maxBodyBytes: 65_536, respondWithinMs: 2_000 });
app.register(namedPlugin, { webhooks, prefix: "/hooks" });
// @ts-expect-error the plugin needs a Webhooks
app.register(twentyWebhooks, { path: "/webhooks/twenty" });
// @ts-expect-error maxBodyBytes is a number of bytes
app.register(twentyWebhooks, { webhooks, maxBodyBytes: "1mb" });

type Env = { Bindings: { TWENTY_WEBHOOK_SECRET: string } };
const hono = new Hono<Env>();
hono.all("/webhooks/twenty", twentyWebhook({ webhooks, respondWithinMs: 1_000 }));
let fromEnv: Webhooks | undefined;
hono.all("/worker/webhooks/twenty", twentyWebhook({ webhooks: (c) => (fromEnv ??= new Webhooks({ secret: c.env.TWENTY_WEBHOOK_SECRET })) }));
// @ts-expect-error a Webhooks, not a secret
twentyWebhook({ webhooks: "my-secret" });

const handle = createFetchHandler(webhooks, { maxBodyBytes: 65_536 });
export default {
  fetch: (request: Request, env: Env["Bindings"], ctx: { waitUntil(promise: Promise<unknown>): void }) => handle(request, env, ctx),
};
export const POST = (request: Request) => handle(request);
