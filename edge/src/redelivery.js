/**
 * When the queue hands a message back (the log unreachable, the settings invalid): exponential
 * delays from the message's own delivery count, so an outage of hours or days spends a few of
 * its retries, not all of them in a minute.
 */

/** The longest delay a queue accepts: 12 hours. */
export const MAX_DELAY_SECONDS = 43_200;

/** The first delay; doubled on each further delivery of the same message. */
const FIRST_DELAY_SECONDS = 30;

/** The delay before a message delivered `attempts` times (1 on its first delivery) comes back. */
export function redeliveryDelaySeconds(attempts) {
  return Math.min(FIRST_DELAY_SECONDS * 2 ** (Math.max(attempts, 1) - 1), MAX_DELAY_SECONDS);
}

/** Hands every message of `batch` back to its queue, each after its own delay. */
export function retryEachLater(batch) {
  for (const message of batch.messages) message.retry({ delaySeconds: redeliveryDelaySeconds(message.attempts ?? 1) });
}
