/**
 * The receiver's own error codes (verification failures use the package's codes). Every error
 * answer has the shape `{ "error": { "code", "message" } }`; the codes are stable, the messages
 * are for people.
 */
export const ERRORS = Object.freeze({
  NOT_FOUND: { status: 404, message: "Twenty deliveries are received at POST /webhooks/twenty." },
  METHOD_NOT_ALLOWED: { status: 405, message: "Twenty deliveries are POSTed." },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "Twenty sends Content-Type: application/json." },
  PAYLOAD_TOO_LARGE: { status: 413, message: "The body is larger than MAX_BODY_BYTES." },
  DELIVERY_IN_PROGRESS: { status: 409, message: "Another copy of this delivery is being accepted right now; send again in a few seconds if it was refused." },
  LEDGER_UNAVAILABLE: { status: 503, message: "The replay guard could not be reached; nothing was accepted. Send again." },
  ENQUEUE_FAILED: { status: 503, message: "The delivery could not be queued; nothing was accepted. Send again." },
  FORWARD_FAILED: { status: 502, message: "The destination did not accept the delivery." },
  CONFIG_INVALID: { status: 500, message: "The receiver is misconfigured." },
  INTERNAL_ERROR: { status: 500, message: "Unexpected error; nothing was accepted." },
});

/** An answer `{ status, body }` for one of the codes above, with a more specific message if given. */
export function failure(code, message = ERRORS[code].message) {
  return { status: ERRORS[code].status, body: { error: { code, message } } };
}
