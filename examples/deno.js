// Deno: deno run --allow-net --allow-env --allow-read deno.js (the package reads its .wasm).
import { Webhooks } from "twenty-webhooks";
import { createFetchHandler } from "twenty-webhooks/fetch";

const webhooks = new Webhooks({ secret: Deno.env.get("TWENTY_WEBHOOK_SECRET") });
webhooks.on("person.created", ({ payload }) => console.log("person.created", payload.record.id));

const handle = createFetchHandler(webhooks);
Deno.serve({ port: Number(Deno.env.get("PORT") ?? 3000) }, (request) =>
  new URL(request.url).pathname === "/webhooks/twenty" ? handle(request) : new Response("Not found", { status: 404 }),
);
