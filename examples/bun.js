// Bun: bun run bun.js
import { Webhooks } from "twenty-webhooks";
import { createFetchHandler } from "twenty-webhooks/fetch";

const webhooks = new Webhooks({ secret: Bun.env.TWENTY_WEBHOOK_SECRET });
webhooks.on("person.created", ({ payload }) => console.log("person.created", payload.record.id));

const handle = createFetchHandler(webhooks);
const server = Bun.serve({
  port: Number(Bun.env.PORT ?? 3000),
  routes: { "/webhooks/twenty": (request) => handle(request) },
  fetch: () => new Response("Not found", { status: 404 }),
});
console.log(`Listening on ${server.url}webhooks/twenty`);
