/**
 * What happens to a verified delivery. It is claimed in the ledger first, so a concurrent or
 * later copy is not handed off twice; then handed off (queued, or forwarded inline in direct
 * mode); then settled: remembered when the hand-off succeeded, forgotten when it failed, so a
 * re-send of a refused delivery is accepted rather than swallowed as a duplicate. Nothing is
 * acknowledged before it is stored (queue) or delivered (direct).
 */
import { ledgerFor } from "./delivery.js";
import { bodyTooLargeForMessage, newEnvelope, SEND_AS } from "./envelope.js";
import { failure } from "./errors.js";
import { forwardAll } from "./forward.js";
import { describe, log, logError } from "./log.js";
import { destinationsFor } from "./routes.js";

/** Twenty waits 5 s; direct mode answers before 4 s have passed since the request arrived. */
const DIRECT_DEADLINE_MS = 4_000;

/**
 * Accepts one verified delivery (`deliveryId` from the package's `deliveryId(headers)`, `body`
 * an ArrayBuffer of the raw bytes) and resolves to the answer `{ status, body }`. `receivedAt`
 * is when the request arrived, in epoch milliseconds.
 */
export async function accept({ deliveryId, body, eventName }, env, config, receivedAt = Date.now()) {
  const loggedName = typeof eventName === "string" ? eventName.slice(0, 200) : null;
  const destinations = destinationsFor(config.routes, eventName);
  if (destinations.length === 0) {
    // Genuine, but no route takes it: answered, and traced, so nothing is dropped unseen.
    log("no_route", { deliveryId, eventName: loggedName });
    return { status: 200, body: { accepted: true, deliveryId, destinations: 0 } };
  }

  const ledger = ledgerFor(env, deliveryId);
  const queued = config.mode === "queue";
  let claim;
  try {
    claim = await ledger.claim(deliveryId, queued && bodyTooLargeForMessage(body) ? body : null);
  } catch (error) {
    logError("ledger_unavailable", { deliveryId, error: describe(error) });
    return failure("LEDGER_UNAVAILABLE");
  }
  if (claim === "duplicate") return { status: 200, body: { duplicate: true, deliveryId } };
  if (claim === "in_progress") return failure("DELIVERY_IN_PROGRESS");

  const delivery = { deliveryId, eventName: loggedName, destinations, body };
  const answer = queued ? await enqueue(delivery, env) : await forwardInline(delivery, config, receivedAt);
  const accepted = answer.status < 300;
  try {
    // A copy verifies while its timestamp is within the tolerance of now, before or after: for
    // at most twice the tolerance from this moment.
    await ledger.settle(deliveryId, accepted, 2 * config.toleranceMs);
  } catch (error) {
    // Accepted: it is stored, and a copy after the lease runs out still carries the same id.
    // Refused: the lease runs out within a minute and a re-send is accepted then.
    logError("ledger_settle_failed", { deliveryId, accepted, error: describe(error) });
  }
  return answer;
}

async function enqueue(delivery, env) {
  try {
    await env.DELIVERIES.send(newEnvelope(delivery), SEND_AS);
  } catch (error) {
    logError("enqueue_failed", { deliveryId: delivery.deliveryId, error: describe(error) });
    return failure("ENQUEUE_FAILED");
  }
  log("accepted", { deliveryId: delivery.deliveryId, eventName: delivery.eventName, destinations: delivery.destinations.length });
  return { status: 202, body: { accepted: true, deliveryId: delivery.deliveryId } };
}

async function forwardInline({ deliveryId, eventName, destinations, body }, config, receivedAt) {
  const timeoutMs = Math.max(1, Math.min(config.forwardTimeoutMs, DIRECT_DEADLINE_MS - (Date.now() - receivedAt)));
  const options = { deliveryId, forwardSecret: config.forwardSecret, timeoutMs };
  const { failures } = await forwardAll(destinations, body, options);
  if (failures.length > 0) {
    logError("forward_failed", { deliveryId, eventName, failures });
    const reasons = failures.map((f) => f.reason).join(", ");
    return failure("FORWARD_FAILED", `${failures.length} of ${destinations.length} destination(s) did not accept the delivery (${reasons}).`);
  }
  log("forwarded", { deliveryId, eventName, destinations: destinations.length });
  return { status: 200, body: { accepted: true, deliveryId, forwarded: destinations.length } };
}
