// Express 4 or 5: the middleware reads the raw body itself, so mount it before express.json().
import express from "express";
import { memoryDedupe, Webhooks } from "twenty-webhooks";
import { createNodeMiddleware } from "twenty-webhooks/node";

const webhooks = new Webhooks({ secret: process.env.TWENTY_WEBHOOK_SECRET, dedupe: memoryDedupe() });
webhooks.on("person.created", ({ payload }) => console.log("person.created", payload.record.id));
webhooks.on(["company.*", "*.deleted"], ({ payload }) => console.log(payload.eventName));

const app = express();
app.use(createNodeMiddleware(webhooks)); // POST /webhooks/twenty; other paths go on to next()
app.use(express.json());
const server = app.listen(process.env.PORT ?? 3000, () => console.log(`Listening on http://localhost:${server.address().port}/webhooks/twenty`));
