/**
 * What happens to a verified delivery.
 * - Queue mode: it is sent to the queue (with the deliveries accepted at the same moment, in one
 *   batch: batched-send.js) and answered 202; nothing else is on the path (the
 *   consumer deduplicates, writes the log and forwards). Only a body too large for a queue
 *   message is first kept in its ledger shard. A re-send is answered 202 too, and the consumer
 *   drops it before forwarding.
 * - Direct mode: it is claimed in the ledger, forwarded, then settled (remembered when every
 *   destination took it, forgotten when not, so a re-send of a refused delivery is accepted
 *   rather than swallowed as a duplicate); the log and the relay are written after the answer
 *   is decided, in `waitUntil`. A refused delivery is logged with a dead letter for the
 *   destinations that failed, so it can be re-driven (through the queue) if it is not re-sent.
 * Nothing is acknowledged before it is stored (queue) or delivered (direct).
 */
import { batchedSenderFor } from "./batched-send.js";
import { ledgerFor } from "./delivery.js";
import { bodyTooLargeForMessage, envelopeBytes, newEnvelope, SEND_AS } from "./envelope.js";
import { failure } from "./errors.js";
import { forwardAll } from "./forward.js";
import { describe, log, logError } from "./log.js";
import { ensureSchema, STATES } from "./delivery-log/schema.js";
import { directTryStatements } from "./delivery-log/writes.js";
import { publishAccepted } from "./relay/publish.js";
import { destinationsFor } from "./routes.js";

/** Twenty waits 5 s; direct mode answers before 4 s have passed since the request arrived. */
const DIRECT_DEADLINE_MS = 4_000;

/** An event name is logged (and so listed and filtered on) up to this length. */
export const MAX_EVENT_NAME_CHARS = 200;

/**
 * Accepts one verified delivery and resolves to the answer `{ status, body }`. The delivery:
 * `deliveryId` (the package's `deliveryId(headers)`), `body` (an ArrayBuffer of the raw bytes),
 * `eventName`, `headers` (Twenty's, as envelope.js keeps them). `receivedAt`: when the request
 * arrived, in epoch ms; `waitUntil`: the request context's, for work after the answer.
 */
export async function accept(delivery, env, config, { receivedAt = Date.now(), waitUntil = () => {} } = {}) {
  const { deliveryId, eventName } = delivery;
  const loggedName = typeof eventName === "string" ? eventName.slice(0, MAX_EVENT_NAME_CHARS) : null;
  const destinations = destinationsFor(config.routes, eventName);
  if (destinations.length === 0) {
    // Genuine, but no route takes it: answered, and traced, so nothing is dropped unseen.
    log("no_route", { deliveryId, eventName: loggedName });
    return { status: 200, body: { accepted: true, deliveryId, destinations: 0 } };
  }
  const entry = { ...delivery, eventName: loggedName, destinations, receivedAt };
  return config.mode === "queue" ? await enqueue(entry, env, waitUntil) : await acceptDirect(entry, env, config, waitUntil);
}

async function enqueue(entry, env, waitUntil) {
  const { deliveryId, body } = entry;
  if (bodyTooLargeForMessage(body)) {
    try {
      await ledgerFor(env, deliveryId).keepBody(deliveryId, body);
    } catch (error) {
      logError("ledger_unavailable", { deliveryId, error: describe(error) });
      return failure("LEDGER_UNAVAILABLE");
    }
  }
  try {
    const envelope = newEnvelope(entry);
    await batchedSenderFor(env.DELIVERIES).send(envelope, envelopeBytes(envelope), SEND_AS, waitUntil);
  } catch (error) {
    logError("enqueue_failed", { deliveryId, error: describe(error) });
    return failure("ENQUEUE_FAILED");
  }
  log("accepted", { deliveryId, eventName: entry.eventName, destinations: entry.destinations.length });
  return { status: 202, body: { accepted: true, deliveryId } };
}

async function acceptDirect(entry, env, config, waitUntil) {
  const { deliveryId } = entry;
  const ledger = ledgerFor(env, deliveryId);
  let claim;
  try {
    claim = await ledger.claim(deliveryId);
  } catch (error) {
    logError("ledger_unavailable", { deliveryId, error: describe(error) });
    return failure("LEDGER_UNAVAILABLE");
  }
  if (claim === "duplicate") return { status: 200, body: { duplicate: true, deliveryId } };
  if (claim === "in_progress") return failure("DELIVERY_IN_PROGRESS");

  const { answer, results, triedAt } = await forwardInline(entry, config);
  const accepted = answer.status < 300;
  try {
    // A copy verifies while its timestamp is within the tolerance of now, before or after: for
    // at most twice the tolerance from this moment.
    await ledger.settle(deliveryId, accepted, 2 * config.toleranceMs);
  } catch (error) {
    // Accepted: it was delivered, and a copy after the lease runs out still carries the same id.
    // Refused: the lease runs out within a minute and a re-send is accepted then.
    logError("ledger_settle_failed", { deliveryId, accepted, error: describe(error) });
  }
  waitUntil(recordTry(entry, results, triedAt, env, config));
  return answer;
}

/**
 * Forwards to every destination within the deadline: `{ answer, results, triedAt }`, `results`
 * one `{ url, state, reason }` per destination as the log records a try (no retry follows a
 * failure here: `dead`).
 */
async function forwardInline({ deliveryId, eventName, destinations, body, receivedAt }, config) {
  const timeoutMs = Math.max(1, Math.min(config.forwardTimeoutMs, DIRECT_DEADLINE_MS - (Date.now() - receivedAt)));
  const options = { deliveryId, forwardSecret: config.forwardSecret, timeoutMs };
  const { failed, failures } = await forwardAll(destinations, body, options);
  const triedAt = Date.now();
  const results = destinations.map((url) => {
    const i = failed.indexOf(url);
    return i < 0 ? { url, state: STATES.delivered, reason: null } : { url, state: STATES.dead, reason: failures[i].reason };
  });
  if (failures.length > 0) {
    logError("forward_failed", { deliveryId, eventName, failures });
    const reasons = failures.map((f) => f.reason).join(", ");
    const answer = failure("FORWARD_FAILED", `${failures.length} of ${destinations.length} destination(s) did not accept the delivery (${reasons}).`);
    return { answer, results, triedAt };
  }
  log("forwarded", { deliveryId, eventName, destinations: destinations.length });
  return { answer: { status: 200, body: { accepted: true, deliveryId, forwarded: destinations.length } }, results, triedAt };
}

/**
 * Direct mode, after the answer: the delivery's log entry with this try, in one D1 batch.
 * Delivered: published to the relay, and a dead letter left by an earlier refusal leaves the
 * list. Refused: a dead letter lists the destinations that failed, with the body, so the admin
 * API can re-drive them if Twenty does not send it again. Never throws.
 */
async function recordTry(entry, results, triedAt, env, config) {
  const { deliveryId, eventName, body, receivedAt } = entry;
  const delivered = results.every((result) => result.state === STATES.delivered);
  if (delivered) await publishAccepted(env, [{ deliveryId, eventName, receivedAt, headers: entry.headers, body }]);
  try {
    await ensureSchema(env.LOG);
    await env.LOG.batch(directTryStatements(env.LOG, { ...entry, size: body.byteLength }, results, triedAt, config.logRetentionDays));
  } catch (error) {
    logError("log_write_failed", { deliveryId, error: describe(error) });
  }
}
