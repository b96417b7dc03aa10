// A Cloudflare Worker (wrangler deploy): the secret is a Worker secret, in env.
import { Webhooks } from "twenty-webhooks";
import { createFetchHandler } from "twenty-webhooks/fetch";

let handle; // made on the first request, which brings env; kept for the isolate's life
export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname !== "/webhooks/twenty") return new Response("Not found", { status: 404 });
    if (!handle) {
      const webhooks = new Webhooks({ secret: env.TWENTY_WEBHOOK_SECRET });
      webhooks.on("person.created", ({ payload }) => console.log("person.created", payload.record.id));
      handle = createFetchHandler(webhooks);
    }
    return handle(request, env, ctx);
  },
};
