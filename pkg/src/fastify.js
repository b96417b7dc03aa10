/**
 * @module twenty-webhooks/fastify
 * A Fastify plugin receiving Twenty's deliveries on one route. It is deliberately NOT wrapped in
 * fastify-plugin: registered plainly, the plugin gets its own encapsulated context, so the
 * content-type parsers it replaces (to keep the raw body) apply to its route only, and the
 * app's JSON parsing everywhere else is untouched. It imports the package by its own name, so
 * that the runtime's entry loads the wasm.
 */
import "twenty-webhooks";
import { argumentError } from "./errors.js";
import { DEFAULT_PATH } from "./node-middleware.js";
import { respond, receiveOptions } from "./respond.js";

/**
 * Registers a route at `path` (every method: the answers are the other adapters', 405 included)
 * that verifies each delivery from its raw body, streamed and counted against `maxBodyBytes`,
 * and runs the webhooks' handlers. Fastify's `prefix` option applies as usual.
 *
 * @example
 * import Fastify from "fastify";
 * import twentyWebhooks from "twenty-webhooks/fastify";
 *
 * const app = Fastify();
 * app.register(twentyWebhooks, { webhooks, path: "/webhooks/twenty" });
 */
export async function twentyWebhooks(fastify, { webhooks, path = DEFAULT_PATH, maxBodyBytes, respondWithinMs } = {}) {
  if (typeof path !== "string" || !path.startsWith("/")) throw argumentError('path must start with "/", e.g. "/webhooks/twenty"');
  const options = receiveOptions(webhooks, { maxBodyBytes, respondWithinMs });

  // In this context only: every media type reaches the handler with its body unread (`payload`
  // is the request stream, after any preParsing hook), and the handler decides what to refuse.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser("*", (request, payload, done) => done(null, payload));
  // Fastify answers a Content-Type it cannot parse itself, before any parser: answer it as ours.
  fastify.setErrorHandler((error, request, reply) => {
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return answer(request, reply, webhooks, options);
    throw error; // the app's error handler decides
  });

  fastify.all(path, (request, reply) => answer(request, reply, webhooks, options));
}

async function answer(request, reply, webhooks, options) {
  const { raw } = request;
  const { headers } = raw;
  // No parser runs for a request without a body; the untouched stream is then the body.
  const body = request.body ?? raw;
  const { status, headers: answerHeaders, body: text } = await respond(
    webhooks,
    { method: raw.method, contentType: headers["content-type"], contentLength: headers["content-length"], headers, body },
    options,
  );
  // A body left unread (refused early) cannot be skipped safely on a kept-alive connection.
  if (!raw.complete) reply.header("connection", "close");
  return reply.code(status).headers(answerHeaders).send(text);
}

twentyWebhooks[Symbol.for("fastify.display-name")] = "twenty-webhooks";

export default twentyWebhooks;
