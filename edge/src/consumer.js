/**
 * The queue consumer, for both of the receiver's queues (`batch.queue` tells which).
 *
 * Deliveries: Twenty's first try of each delivery is claimed in the delivery log, all of a batch
 * in one D1 batch (the replay guard: a copy claimed before is acked and dropped, not forwarded);
 * then every delivery is forwarded to the destinations still waiting for it, and each try's
 * result is written to the log in one more D1 batch. A failed try is re-queued with exponential
 * backoff carrying only the destinations that failed, so a retry never re-delivers to one that
 * already succeeded (`message.retry()` cannot change a message, so it cannot carry that
 * progress). After MAX_ATTEMPTS the delivery goes to the dead-letter queue, still carrying what
 * it needs to be re-driven, with its attempts and last failure.
 *
 * A message the queue delivers again (`message.attempts` > 1: the consumer failed after its
 * claim, e.g. re-queueing failed) skips the destinations the log marks delivered, and is not
 * published to the relay a second time. A try that delivers removes the delivery's dead letter
 * once every destination it lists has it. The log unreachable: every message comes back later,
 * with exponential delays (redelivery.js).
 *
 * Dead letters: recorded in the log (dead_letters), their destinations `dead` (dead-letters.js).
 */
import { configFor } from "./config.js";
import { consumeDeadLetters, DEAD_LETTER_QUEUE } from "./dead-letters.js";
import { isFirstTry, keptBody, ORIGINS, releaseBody, SEND_AS } from "./envelope.js";
import { forward } from "./forward.js";
import { describe, log, logError } from "./log.js";
import { cleanUpNowAndThen } from "./delivery-log/cleanup.js";
import { ensureSchema, STATES } from "./delivery-log/schema.js";
import { claimStatements, deliveredDestinationsStatement, freedLetterStatement, loggedBodyStatement, settledLetterStatement, triedStatements } from "./delivery-log/writes.js";
import { MAX_DELAY_SECONDS, redeliveryDelaySeconds, retryEachLater } from "./redelivery.js";
import { publishAccepted } from "./relay/publish.js";

export async function consume(batch, env, ctx) {
  let config;
  try {
    config = configFor(env);
    await ensureSchema(env.LOG);
  } catch (error) {
    logError("consumer_unready", { code: error.code, error: describe(error) });
    retryEachLater(batch);
    return;
  }
  if (batch.queue === DEAD_LETTER_QUEUE) return await consumeDeadLetters(batch, env, config);
  await cleanUpNowAndThen(env.LOG);
  await consumeDeliveries(batch, env, config, ctx);
}

async function consumeDeliveries(batch, env, config, ctx) {
  const timing = { messages: batch.messages.length };
  let mark = Date.now();
  const lap = (name) => {
    const now = Date.now();
    timing[name] = now - mark;
    mark = now;
  };

  const items = await Promise.all(batch.messages.map((message) => withBody(message, env, config)));
  const claimed = await claimFirstTries(items.filter((item) => item.live && isFirstTry(item.envelope)), env, config);
  await skipDelivered(items.filter((item) => item.live && item.message.attempts > 1), env, config);
  lap("claimMs");

  // The live relay: right after a successful claim and before forwarding, the freshly claimed deliveries only
  // (no duplicate, no retry, no replay), on the claim's first run (a message delivered again
  // after its claim was made was published then; one whose claim failed before was not). It
  // never throws and never waits on a listener.
  const fresh = claimed.filter((item) => item.claimRuns === 1);
  if (fresh.length > 0) {
    const entries = fresh.map(({ envelope, body }) => ({ deliveryId: envelope.deliveryId, eventName: envelope.eventName, receivedAt: envelope.receivedAt, headers: envelope.headers, body }));
    ctx?.waitUntil(publishAccepted(env, entries));
  }

  const live = items.filter((item) => item.live);
  await Promise.all(live.map((item) => tryOnce(item, env, config)));
  lap("forwardMs");

  const statements = live.flatMap((item) => [
    ...triedStatements(env.LOG, item.envelope.deliveryId, item.results, item.triedAt ?? Date.now()),
    ...(item.results.some((result) => result.state === STATES.delivered) ? [settledLetterStatement(env.LOG, item.envelope.deliveryId)] : []),
    // A re-drive with no body left sends no letter back: its hold on the letter ends here.
    ...(item.body === null && item.envelope.origin === ORIGINS.redrive ? [freedLetterStatement(env.LOG, item.envelope.deliveryId)] : []),
  ]);
  if (statements.length > 0) {
    try {
      await env.LOG.batch(statements);
    } catch (error) {
      // The tries happened and their outcome is settled in the queue: the log misses them, but
      // forwarding again just to record them would deliver twice.
      logError("log_write_failed", { deliveries: live.length, error: describe(error) });
    }
  }
  lap("logMs");
  for (const item of items) item.settle();
  log("batch_consumed", timing);
}

/**
 * A message with its body (inline, else kept in the ledger, else in the log). `live` until it
 * is settled: acked or retried. A body that expired ends its destinations as `dead`.
 */
async function withBody(message, env, config) {
  const envelope = message.body;
  const item = { message, envelope, live: true, body: null, results: [], settle: () => message.ack() };
  if (typeof envelope?.deliveryId !== "string" || !Array.isArray(envelope.destinations)) {
    logError("message_unreadable", { messageId: message.id });
    item.live = false; // acked: no retry could make it readable
    return item;
  }
  try {
    item.body = (await keptBody(envelope, env)) ?? (await loggedBody(envelope.deliveryId, env));
  } catch (error) {
    settleWithRetry(item, config, "consumer_error", error, { logDown: true }); // the ledger or the log
    return item;
  }
  // An envelope from before the log (queued while a new version was deployed) lacks these.
  envelope.receivedAt ??= Date.now();
  envelope.size ??= item.body?.byteLength ?? 0;
  envelope.headers ??= {};
  if (item.body === null) {
    logError("body_expired", { deliveryId: envelope.deliveryId, eventName: envelope.eventName, attempt: envelope.attempt });
    item.results = envelope.destinations.map((url) => ({ url, state: STATES.dead, reason: "BODY_EXPIRED" }));
  }
  return item;
}

/** Claims the first tries in one D1 batch; marks duplicates settled (acked, not forwarded). */
async function claimFirstTries(items, env, config) {
  if (items.length === 0) return [];
  const statements = items.flatMap((item) => claimStatements(env.LOG, item.envelope, item.body, item.message.id, config.logRetentionDays));
  let results;
  try {
    results = await env.LOG.batch(statements);
  } catch (error) {
    for (const item of items) settleWithRetry(item, config, "log_claim_failed", error, { logDown: true });
    return [];
  }
  return items.filter((item, i) => {
    const [row] = results[2 * i].results;
    item.claimRuns = row?.claim_runs;
    if (row) return true;
    item.live = false;
    log("duplicate_dropped", { deliveryId: item.envelope.deliveryId });
    return false;
  });
}

/**
 * Messages the queue delivers again: their destinations the log marks delivered are dropped from
 * their envelopes (one D1 query for all), so a try that succeeded before the consumer failed is
 * not made twice. If the log cannot tell, they come back later.
 */
async function skipDelivered(items, env, config) {
  if (items.length === 0) return;
  let rows;
  try {
    ({ results: rows } = await deliveredDestinationsStatement(env.LOG, [...new Set(items.map((item) => item.envelope.deliveryId))]).all());
  } catch (error) {
    for (const item of items) settleWithRetry(item, config, "log_read_failed", error, { logDown: true });
    return;
  }
  const delivered = new Set(rows.map((row) => `${row.delivery_id}\n${row.url}`));
  for (const item of items) {
    const { envelope } = item;
    const waiting = envelope.destinations.filter((url) => !delivered.has(`${envelope.deliveryId}\n${url}`));
    if (waiting.length < envelope.destinations.length) log("delivered_skipped", { deliveryId: envelope.deliveryId, destinations: envelope.destinations.length - waiting.length });
    item.envelope = { ...envelope, destinations: waiting };
  }
}

/** Forwards once to every destination still waiting; decides what comes next. */
async function tryOnce(item, env, config) {
  const { envelope, body } = item;
  if (body === null) return; // its destinations are dead: BODY_EXPIRED
  const { deliveryId, eventName, destinations, attempt } = envelope;
  if (destinations.length === 0) return; // all had it before the message came back
  const options = { deliveryId, forwardSecret: config.forwardSecret, timeoutMs: config.forwardTimeoutMs };
  const outcomes = await Promise.all(destinations.map((url) => forward(url, body, options)));
  item.triedAt = Date.now();
  const failed = destinations.filter((_, i) => !outcomes[i].ok);
  const failures = outcomes.filter((o) => !o.ok).map((o, i) => ({ host: new URL(failed[i]).host, reason: o.reason }));
  const dead = failed.length > 0 && attempt >= config.maxAttempts;
  const failedState = dead ? STATES.dead : STATES.retrying;
  item.results = destinations.map((url, i) => (outcomes[i].ok ? { url, state: STATES.delivered, reason: null } : { url, state: failedState, reason: outcomes[i].reason }));
  try {
    if (failed.length === 0) {
      await releaseBody(envelope, env);
      log("delivered", { deliveryId, eventName, attempt, origin: envelope.origin, destinations: destinations.length });
    } else if (dead) {
      // What the letter's row shows travels with it: the log is written after this batch.
      const lastFailure = { reason: outcomes.find((o) => !o.ok).reason, at: item.triedAt };
      await env.DEAD_LETTERS.send({ ...envelope, destinations: failed, lastFailure }, SEND_AS);
      logError("dead_letter", { deliveryId, eventName, attempts: attempt, failures });
    } else {
      const delaySeconds = backoffSeconds(config, attempt);
      await env.DELIVERIES.send({ ...envelope, destinations: failed, attempt: attempt + 1 }, { ...SEND_AS, delaySeconds });
      log("retry_scheduled", { deliveryId, eventName, attempt, delaySeconds, failures });
    }
  } catch (error) {
    // Nothing was re-queued: the queue redelivers this message as it is (to every destination
    // it lists, under the same delivery id), and its own retries end in the dead-letter queue.
    settleWithRetry(item, config, "consumer_error", error);
    item.live = true; // its try still goes to the log
  }
}

/**
 * Hands the message back to the queue. `logDown`: the log failed it, not a try: it waits as any
 * message does while the log is unreachable (redelivery.js), never less, whatever RETRY_BASE_SECONDS.
 */
function settleWithRetry(item, config, event, error, { logDown = false } = {}) {
  const { deliveryId, attempt } = item.envelope;
  logError(event, { deliveryId, attempt, error: describe(error) });
  item.live = false;
  // A message that keeps coming back waits longer each time, like a failed try.
  const delaySeconds = logDown ? redeliveryDelaySeconds(item.message.attempts ?? 1) : backoffSeconds(config, Math.max(attempt ?? 1, item.message.attempts ?? 1));
  item.settle = () => item.message.retry({ delaySeconds });
}

async function loggedBody(deliveryId, env) {
  const row = await loggedBodyStatement(env.LOG, deliveryId, Date.now()).first();
  if (!row || row.body === null) return null;
  return row.body instanceof ArrayBuffer ? row.body : new Uint8Array(row.body).buffer;
}

/** RETRY_BASE_SECONDS, doubled after each failed attempt, at most 12 hours. */
export function backoffSeconds(config, attempt) {
  return Math.min(config.retryBaseSeconds * 2 ** (attempt - 1), MAX_DELAY_SECONDS);
}
