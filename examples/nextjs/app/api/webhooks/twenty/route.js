// Next.js App Router: app/api/webhooks/twenty/route.js. A route handler gets the raw Request,
// so the Fetch handler is all it takes.
import { Webhooks } from "twenty-webhooks";
import { createFetchHandler } from "twenty-webhooks/fetch";

const webhooks = new Webhooks({ secret: process.env.TWENTY_WEBHOOK_SECRET });
webhooks.on("person.created", ({ payload }) => console.log("person.created", payload.record.id));

const handle = createFetchHandler(webhooks);

export async function POST(request) {
  return handle(request);
}
