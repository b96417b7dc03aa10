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
  UNAUTHORIZED: {
    status: 401,
    message: "An admin token is required.",
    hint: "Send the receiver's ADMIN_TOKEN as Authorization: Bearer <token>.",
  },
  DELIVERY_NOT_FOUND: {
    status: 404,
    message: "No delivery with this id is in the log.",
    hint: "Take the id from GET /admin/deliveries; entries are kept for 14 days.",
  },
  INVALID_REQUEST: {
    status: 400,
    message: "The request is not one the admin API takes.",
    hint: "Check the parameters against the admin API table in edge/README.md.",
  },
  BODY_EXPIRED: {
    status: 410,
    message: "The delivery's body is no longer kept, so it cannot be sent again.",
    hint: "Bodies are kept LOG_RETENTION_DAYS (default 3, at most 14); raise it to replay older deliveries.",
  },
  RELAY_FULL: {
    status: 429,
    message: "The relay has as many listeners as RELAY_MAX_LISTENERS allows.",
    hint: "Close another listener, or raise RELAY_MAX_LISTENERS (at most 100).",
  },
  UPGRADE_REQUIRED: {
    status: 426,
    message: "The relay is a WebSocket.",
    hint: "Connect with a WebSocket client (Upgrade: websocket), such as `npx twenty-webhooks listen`.",
  },
  LOG_UNAVAILABLE: {
    status: 503,
    message: "The delivery log could not be reached; nothing was changed.",
    hint: "Try again; if it persists, check the LOG binding (D1 database twenty-webhooks-log).",
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
