/**
 * @module twenty-webhooks/respond
 * One HTTP exchange, whatever the framework: every adapter hands the request here and sends
 * back the answer `{ status, headers, body }`. Cheap checks come first, in this order: method,
 * media type, a body a parser already consumed, size (Content-Length, then counted while the
 * body streams in), signature; the path is the adapter's. Then the handlers run; if they are
 * still running `respondWithinMs` after the request arrived, the sender gets 202 and they go
 * on (Twenty waits 5 s, and never retries). Handlers that threw get their 500 without waiting
 * for the onError handlers, which go on.
 */
import { answerFor } from "./answers.js";
import { collector, DEFAULT_MAX_BODY_BYTES, forEachPiece } from "./body.js";
import { argumentError } from "./errors.js";
import { WebhookRequestError } from "./receive-errors.js";
import { verifyStream } from "./stream.js";
import { receiverHooks, Webhooks } from "./webhooks.js";

/** Well inside the 5 s Twenty waits. */
export const DEFAULT_RESPOND_WITHIN_MS = 4_000;

/** The adapters' options, checked once when the adapter is made. */
export function receiveOptions(webhooks, { maxBodyBytes = DEFAULT_MAX_BODY_BYTES, respondWithinMs = DEFAULT_RESPOND_WITHIN_MS } = {}) {
  if (!(webhooks instanceof Webhooks)) throw argumentError("the first argument must be a Webhooks instance", "Pass new Webhooks({ secret }).");
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw argumentError("maxBodyBytes must be a non-negative integer", `The default is ${DEFAULT_MAX_BODY_BYTES} (1 MiB).`);
  }
  if (typeof respondWithinMs !== "number" || !(respondWithinMs >= 0) || respondWithinMs > 2_147_483_647) {
    throw argumentError("respondWithinMs must be a non-negative number of milliseconds", `The default is ${DEFAULT_RESPOND_WITHIN_MS}; Twenty waits 5000.`);
  }
  return { maxBodyBytes, respondWithinMs };
}

/**
 * The answer to one request. `request`: `method`, `contentType` and `contentLength` (header
 * values, or undefined), `headers` (any shape `verify` takes), `body` (a stream, bytes or text),
 * and `bodyParsed`, true when a parser consumed the body into something else. `waitUntil`, if
 * given, receives what still runs when the answer goes out: the handlers' promise after a 202,
 * the onError handlers' after a 500. Runtimes such as Workers stop what is left running after
 * the answer unless told.
 */
export async function respond(webhooks, request, { maxBodyBytes, respondWithinMs }, waitUntil) {
  const arrivedAt = Date.now();
  const { method, contentType, contentLength, headers, body, bodyParsed = false } = request;
  if (method !== "POST") return refuse("METHOD_NOT_ALLOWED");
  if (mediaType(contentType) !== "application/json") return refuse("UNSUPPORTED_MEDIA_TYPE");
  if (bodyParsed) return refuse("BODY_ALREADY_PARSED");
  if (Number(contentLength) > maxBodyBytes) return refuse("PAYLOAD_TOO_LARGE");

  let delivery;
  try {
    const verifier = receiverHooks.verifierOf(webhooks);
    delivery = verifier
      ? await verifyStream({ verifier, headers, body, maxBodyBytes, now: arrivedAt })
      : receiverHooks.verify(webhooks, headers, await readWhole(body, maxBodyBytes), arrivedAt); // forwarded: signed over id.timestamp.body in one HMAC
  } catch (error) {
    return answerFor(error);
  }

  const answer = { deliveryId: undefined, settled: false, acknowledged: false, failure: undefined, adapterAnswers: true, reported: undefined };
  const dispatched = receiverHooks.dispatch(webhooks, delivery, headers, answer);
  // Handlers that finished in their synchronous part (the common case) settle the outcome
  // before dispatch returns: no 202 can be due, so no timer is armed (one per request costs).
  if (answer.settled) {
    try {
      return answerFor(await dispatched);
    } catch (error) {
      return failureAnswer(error, answer, waitUntil);
    }
  }
  const outcome = dispatched.then(answerFor, (error) => failureAnswer(error, answer, waitUntil));
  let timer;
  const deadline = new Promise((resolve) => {
    timer = setTimeout(() => {
      if (answer.failure) {
        // Handlers failed and the claim is still being released: answer now, the rest goes on.
        waitUntil?.(outcome);
        resolve(failureAnswer(answer.failure, answer, waitUntil));
        return;
      }
      if (answer.settled) return; // the outcome is known, its answer is on its way
      answer.acknowledged = true; // from now on a failure keeps the delivery's claim
      waitUntil?.(outcome);
      resolve(answerFor({ status: "accepted", deliveryId: answer.deliveryId }));
    }, Math.max(0, respondWithinMs - (Date.now() - arrivedAt)));
  });
  try {
    return await Promise.race([outcome, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The answer to a delivery that failed: handlers that threw are answered at once, while the
 * onError handlers go on (`answer.reported`), kept alive where the runtime needs it.
 */
function failureAnswer(error, answer, waitUntil) {
  if (answer.reported) waitUntil?.(answer.reported);
  return answerFor(error);
}

/** The body's bytes, refused as PAYLOAD_TOO_LARGE as soon as they pass `maxBodyBytes`. */
async function readWhole(body, maxBodyBytes) {
  const kept = collector(maxBodyBytes);
  await forEachPiece(body, maxBodyBytes, (piece, owned) => kept.add(piece, owned));
  return kept.bytes();
}

function refuse(code) {
  return answerFor(new WebhookRequestError(code));
}

/** `application/json; charset=utf-8` → `application/json`. */
function mediaType(contentType) {
  if (contentType === "application/json") return contentType; // as Twenty sends it: no parsing
  return typeof contentType === "string" ? contentType.split(";")[0].trim().toLowerCase() : "";
}
