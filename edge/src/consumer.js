/**
 * The queue consumer: forwards each accepted delivery to the destinations still waiting for it.
 * A failed attempt is re-queued with exponential backoff carrying only the destinations that
 * failed, so a retry never re-delivers to one that already succeeded (`message.retry()` cannot
 * change a message, so it cannot carry that progress). After MAX_ATTEMPTS the delivery goes to
 * the dead-letter queue, still carrying what it needs to be re-driven.
 */
import { configFor } from "./config.js";
import { bodyOf, releaseBody, SEND_AS } from "./envelope.js";
import { forwardAll } from "./forward.js";
import { describe, log, logError } from "./log.js";

/** The longest delay a queue accepts: 12 hours. */
const MAX_DELAY_SECONDS = 43_200;

export async function consume(batch, env) {
  let config;
  try {
    config = configFor(env);
  } catch (error) {
    logError("consumer_config_invalid", { code: error.code, message: error.message });
    batch.retryAll();
    return;
  }
  await Promise.all(batch.messages.map((message) => deliver(message, env, config)));
}

async function deliver(message, env, config) {
  const envelope = message.body;
  const { deliveryId, eventName, destinations, attempt } = envelope;
  try {
    const body = await bodyOf(envelope, env);
    if (body === null) {
      logError("body_expired", { deliveryId, eventName, attempt });
    } else {
      const options = { deliveryId, forwardSecret: config.forwardSecret, timeoutMs: config.forwardTimeoutMs };
      const { failed, failures } = await forwardAll(destinations, body, options);
      if (failed.length === 0) {
        await releaseBody(envelope, env);
        log("delivered", { deliveryId, eventName, attempt, destinations: destinations.length });
      } else if (attempt >= config.maxAttempts) {
        await env.DEAD_LETTERS.send({ ...envelope, destinations: failed }, SEND_AS);
        logError("dead_letter", { deliveryId, eventName, attempts: attempt, failures });
      } else {
        const delaySeconds = backoffSeconds(config, attempt);
        await env.DELIVERIES.send({ ...envelope, destinations: failed, attempt: attempt + 1 }, { ...SEND_AS, delaySeconds });
        log("retry_scheduled", { deliveryId, eventName, attempt, delaySeconds, failures });
      }
    }
    message.ack();
  } catch (error) {
    // Nothing was re-queued: the queue redelivers this message as it is (to every destination
    // it lists, under the same delivery id), and its own retries end in the dead-letter queue.
    logError("consumer_error", { deliveryId, attempt, error: describe(error) });
    message.retry({ delaySeconds: backoffSeconds(config, attempt) });
  }
}

/** RETRY_BASE_SECONDS, doubled after each failed attempt, at most 12 hours. */
export function backoffSeconds(config, attempt) {
  return Math.min(config.retryBaseSeconds * 2 ** (attempt - 1), MAX_DELAY_SECONDS);
}
