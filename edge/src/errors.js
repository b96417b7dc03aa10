/**
 * The receiver's own error codes (verification failures use the package's codes). Every error
 * answer has the shape `{ "error": { "code", "message", "hint" } }`, as the package's errors
 * have: the codes are stable, the messages say what happened, the hints what to do. None holds
 * a secret or a setting's value.
 */
export const ERRORS = Object.freeze({
  NOT_FOUND: {
    status: 404,
    message: "Twenty deliveries are received at POST /webhooks/twenty.",
    hint: "Set the webhook's URL in Twenty to https://<this worker>/webhooks/twenty.",
  },
  METHOD_NOT_ALLOWED: { status: 405, message: "Twenty deliveries are POSTed.", hint: "Send the delivery with POST, as Twenty does." },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: "Twenty sends Content-Type: application/json.",
    hint: "Send the body as Twenty does, with Content-Type: application/json (parameters such as charset are fine).",
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    message: "The body is larger than MAX_BODY_BYTES.",
    hint: "Twenty's payloads are a few KiB; if yours are larger, raise MAX_BODY_BYTES (at most 1 900 000).",
  },
  DELIVERY_IN_PROGRESS: {
    status: 409,
    message: "Another copy of this delivery is being accepted right now; send again in a few seconds if it was refused.",
    hint: "Send again in a few seconds: a copy that was accepted is then answered as a duplicate.",
  },
  LEDGER_UNAVAILABLE: {
    status: 503,
    message: "The replay guard could not be reached; nothing was accepted. Send again.",
    hint: "Send the same delivery again; nothing of it was kept.",
  },
  ENQUEUE_FAILED: {
    status: 503,
    message: "The delivery could not be queued; nothing was accepted. Send again.",
    hint: "Send the same delivery again; nothing of it was kept.",
  },
  FORWARD_FAILED: {
    status: 502,
    message: "The destination did not accept the delivery.",
    hint: "Check the destination named by the reason (HTTP_<status>, TIMEOUT, UNREACHABLE), then send again: it goes under the same delivery id.",
  },
  CONFIG_INVALID: {
    status: 500,
    message: "The receiver is misconfigured.",
    hint: "Fix the setting the message names (see the settings table in edge/README.md) and deploy again.",
  },
  INTERNAL_ERROR: {
    status: 500,
    message: "Unexpected error; nothing was accepted.",
    hint: "Send again; if it persists, the Worker's logs have an internal_error line.",
  },
});

/** An answer `{ status, body }` for one of the codes above, with a more specific message if given. */
export function failure(code, message = ERRORS[code].message) {
  const { status, hint } = ERRORS[code];
  return { status, body: { error: { code, message, hint } } };
}
