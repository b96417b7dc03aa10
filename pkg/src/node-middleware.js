/**
 * @module twenty-webhooks/node
 * Receiving with node:http, Express 4 and 5, and Connect: a `(req, res, next?)` middleware that
 * reads the raw body from the request stream itself. It imports the package by its own name, so
 * that the runtime's entry loads the wasm.
 */
import "twenty-webhooks";
import { answerFor } from "./answers.js";
import { argumentError } from "./errors.js";
import { WebhookRequestError } from "./receive-errors.js";
import { respond, receiveOptions } from "./respond.js";

/** Where Twenty's deliveries are received unless told otherwise. */
export const DEFAULT_PATH = "/webhooks/twenty";

/**
 * A middleware answering Twenty's deliveries at `path` (the pathname of `req.originalUrl ??
 * req.url`, the query ignored); other requests go to `next()`, or get 404 without `next`.
 * A `Buffer` or `Uint8Array` in `req.body` (from `express.raw`) is taken as the raw body; a
 * request stream that a parser (or anything else) read without leaving its bytes there is
 * answered 500 BODY_ALREADY_PARSED (and logged once), never a misleading 401.
 *
 * @example
 * import { createServer } from "node:http";
 * createServer(createNodeMiddleware(webhooks)).listen(3000);
 * // Express: app.use(createNodeMiddleware(webhooks)); before express.json()
 */
export function createNodeMiddleware(webhooks, { path = DEFAULT_PATH, ...options } = {}) {
  if (typeof path !== "string" || !path.startsWith("/")) throw argumentError('path must start with "/", e.g. "/webhooks/twenty"');
  const checked = receiveOptions(webhooks, options);
  let warned = false;

  return function twentyWebhooksMiddleware(req, res, next) {
    if (pathnameOf(req.originalUrl ?? req.url) !== path) {
      if (typeof next === "function") return next();
      return send(res, answerFor(new WebhookRequestError("NOT_FOUND")));
    }
    const { body, bodyParsed } = rawBodyOf(req);
    const { headers } = req;
    const request = { method: req.method, contentType: headers["content-type"], contentLength: headers["content-length"], headers, body, bodyParsed };
    respond(webhooks, request, checked).then(
      (answer) => {
        // A parsed body is answered 405, 415 or, for a delivery, 500 BODY_ALREADY_PARSED: the one
        // warning goes to the delivery, the case a misplaced parser breaks.
        if (bodyParsed && answer.status === 500 && !warned) {
          warned = true;
          const { message, hint } = new WebhookRequestError("BODY_ALREADY_PARSED");
          console.warn(`twenty-webhooks: ${message} ${hint}`);
        }
        send(res, answer, !req.complete);
      },
      (error) => (typeof next === "function" ? next(error) : send(res, answerFor(error))),
    );
  };
}

/** The raw body: `req.body` when a raw parser left bytes there, else the request stream. */
function rawBodyOf(req) {
  const parsed = req.body;
  if (parsed instanceof Uint8Array) return { body: parsed, bodyParsed: false };
  // body-parser sets `_body` once it has read the stream; Express 4's json() sets `{}` without
  // reading when the media type is not its own, so an unread stream is still ours. A stream
  // read by anything else has no raw bytes left for us either.
  const consumed = req.readableEnded || req._body === true;
  return { body: req, bodyParsed: consumed };
}

/** Sends the answer; `unread` when the request body was not read to its end (413 and others). */
function send(res, { status, headers, body }, unread = false) {
  if (res.headersSent) return;
  // `headers` is this answer's own object (answerFor makes one per answer): completed in place.
  // A body left unread cannot be skipped safely on a kept-alive connection: close it.
  if (unread) headers.connection = "close";
  headers["content-length"] = Buffer.byteLength(body);
  res.writeHead(status, headers);
  res.end(body);
}

function pathnameOf(url = "/") {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}
