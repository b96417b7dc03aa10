/**
 * The dead-letter queue's consumer (the receiver consumes its own dead-letter queue): each
 * letter is recorded in the delivery log's dead_letters, with its body, so it can be listed and
 * re-driven, and the destinations it lists are marked `dead`. All of a batch in one D1 batch.
 * A letter whose body was too large to travel with it takes it from the delivery's ledger shard
 * (the log's entry may not have it: a claim that never got through). A batch the log (or the
 * ledger) cannot take comes back with exponential delays (up to 12 hours), within the queue's
 * max_retries (wrangler.jsonc): an outage of days loses no letter.
 */
import { keptBody } from "./envelope.js";
import { describe, logError } from "./log.js";
import { deadLetterStatements } from "./delivery-log/writes.js";
import { retryEachLater } from "./redelivery.js";

/** The dead-letter queue's name, as in wrangler.jsonc. */
export const DEAD_LETTER_QUEUE = "twenty-webhooks-dead-letters";

export async function consumeDeadLetters(batch, env, config) {
  const at = Date.now();
  const readable = batch.messages.filter((message) => {
    const letter = message.body;
    if (typeof letter?.deliveryId === "string" && Array.isArray(letter.destinations)) return true;
    logError("dead_letter_unreadable", { messageId: message.id });
    return false;
  });
  try {
    const letters = await Promise.all(readable.map(async ({ body: letter }) => (letter.body === undefined ? { ...letter, body: await keptBody(letter, env) } : letter)));
    if (letters.length > 0) await env.LOG.batch(letters.flatMap((letter) => deadLetterStatements(env.LOG, letter, at, config.logRetentionDays)));
  } catch (error) {
    logError("dead_letter_record_failed", { letters: batch.messages.length, error: describe(error) });
    retryEachLater(batch);
    return;
  }
  batch.ackAll();
}
