/**
 * @module twenty-webhooks/answers
 * The answer to a delivery, the same in every adapter and in the shape of the edge receiver's:
 * `{ ok | duplicate | accepted: true, deliveryId }` on success, `{ error: { code, message,
 * hint } }` otherwise. Handler errors are reported as HANDLER_FAILED and nothing more: their
 * details stay on the server.
 */
import { WebhookPayloadError, WebhookVerificationError } from "./errors.js";
import { RECEIVE_ERRORS, WebhookHandlerError, WebhookRequestError } from "./receive-errors.js";

const JSON_HEADERS = Object.freeze({ "content-type": "application/json; charset=utf-8" });
const BODIES = { handled: "ok", unhandled: "ok", duplicate: "duplicate", accepted: "accepted" };
// Each success body's text up to its deliveryId, written once: a delivery's answer is then one
// concatenation, the same text JSON.stringify gives (tests/adapters compare the bodies).
const HEX_ID = /^[0-9a-f]{32}$/;
const BODY_OPENINGS = Object.fromEntries(Object.entries(BODIES).map(([status, key]) => [status, `{${JSON.stringify(key)}:true,"deliveryId":`]));

/**
 * `{ status, headers, body }` (body as JSON text) for the outcome of receiving a delivery
 * (`{ status: "handled" | "unhandled" | "duplicate" | "accepted", deliveryId }`) or the error
 * that ended it. An error of unknown kind is logged, since the sender is told only that it
 * happened.
 */
export function answerFor(outcomeOrError) {
  if (!(outcomeOrError instanceof Error)) {
    const { status, deliveryId } = outcomeOrError;
    const code = status === "accepted" ? 202 : 200;
    // A delivery id is 32 hex digits; anything else (none yet, for an early 202) goes the long way.
    if (typeof deliveryId === "string" && HEX_ID.test(deliveryId)) return { status: code, headers: { ...JSON_HEADERS }, body: `${BODY_OPENINGS[status]}"${deliveryId}"}` };
    return answer(code, { [BODIES[status]]: true, deliveryId });
  }
  const error = outcomeOrError;
  if (error instanceof WebhookVerificationError) return refusal(401, error);
  if (error instanceof WebhookPayloadError) return refusal(400, error); // INVALID_JSON: verified, not JSON
  if (error instanceof WebhookRequestError) {
    const refused = refusal(error.status, error);
    if (error.code === "METHOD_NOT_ALLOWED") refused.headers.allow = "POST";
    return refused;
  }
  if (error instanceof WebhookHandlerError) return refusal(500, error); // onError has seen the details
  console.error("twenty-webhooks: unexpected error while receiving a delivery", error);
  return refusal(500, { code: "INTERNAL_ERROR", ...RECEIVE_ERRORS.INTERNAL_ERROR });
}

function refusal(status, { code, message, hint }) {
  return answer(status, { error: { code, message, hint } });
}

function answer(status, body) {
  return { status, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
}
