/**
 * @module twenty-webhooks/receive-errors
 * The errors of receiving over HTTP, beside verification's: a request refused before its
 * signature is checked (wrong method, media type or size, a body a parser already consumed),
 * and handlers that failed. One table gives each code its HTTP status, message and hint.
 */
import { TwentyWebhooksError } from "./errors.js";

/** Each code's answer status, message and hint. Messages and hints never hold request data. */
export const RECEIVE_ERRORS = Object.freeze({
  NOT_FOUND: {
    status: 404,
    message: "Twenty deliveries are not received at this path.",
    hint: "Point the webhook's URL in Twenty at the path the middleware is mounted on (option `path`, default /webhooks/twenty).",
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    message: "Twenty deliveries are POSTed.",
    hint: "Send the delivery with POST, as Twenty does.",
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: "Twenty sends Content-Type: application/json.",
    hint: "Send the delivery with Content-Type: application/json, and let proxies pass it through unchanged.",
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    message: "The body is larger than the receiver accepts.",
    hint: "Twenty's deliveries are a few KiB; raise maxBodyBytes if your records really are larger.",
  },
  BODY_INCOMPLETE: {
    status: 400,
    message: "The request ended before its body did.",
    hint: "The sender or a proxy closed the connection early; a re-send of the whole delivery is received normally.",
  },
  BODY_ALREADY_PARSED: {
    status: 500,
    message: "A body parser consumed the request body before the receiver could read its raw bytes.",
    hint: "Mount the webhook middleware before express.json() (or any body parser), or use express.raw({ type: \"application/json\" }) on its path: the signature covers the exact bytes.",
  },
  DELIVERY_IN_PROGRESS: {
    status: 409,
    message: "Another copy of this delivery is being received right now; its handlers have not finished, or have just failed.",
    hint: "Send again in a few seconds: once they have succeeded the copy is answered as a duplicate, and if they failed it runs them again.",
  },
  HANDLER_FAILED: {
    status: 500,
    message: "A handler failed; the delivery was not acknowledged.",
    hint: "See the receiving server's logs (webhooks.onError); a re-send of the delivery runs its handlers again.",
  },
  INTERNAL_ERROR: {
    status: 500,
    message: "Unexpected error while receiving the delivery; it was not acknowledged.",
    hint: "See the receiving server's logs.",
  },
});

/** A request refused for what it is (method, media type, size, body), not for its signature. */
export class WebhookRequestError extends TwentyWebhooksError {
  constructor(code, { cause } = {}) {
    super({ code, message: RECEIVE_ERRORS[code].message, hint: RECEIVE_ERRORS[code].hint });
    this.name = "WebhookRequestError";
    if (cause !== undefined) this.cause = cause;
    /** The HTTP status that answers it. */
    this.status = RECEIVE_ERRORS[code].status;
  }
}

/**
 * Handlers threw for a delivery. `cause` is the error thrown (an AggregateError when several
 * handlers threw), `errors` every one of them; the answer to the sender names none of them.
 */
export class WebhookHandlerError extends TwentyWebhooksError {
  constructor(errors, deliveryId) {
    const { message, hint } = RECEIVE_ERRORS.HANDLER_FAILED;
    super({ code: "HANDLER_FAILED", message, hint });
    this.name = "WebhookHandlerError";
    this.cause = errors.length === 1 ? errors[0] : new AggregateError(errors, `${errors.length} handlers failed`);
    this.errors = errors;
    this.deliveryId = deliveryId;
  }
}
