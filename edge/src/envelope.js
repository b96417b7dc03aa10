/**
 * What the queue carries for one accepted delivery: its id, event name, the destinations still
 * waiting for it and the attempt number. A body small enough for a queue message (128 KB at
 * most) travels in it; a larger one is kept in the delivery's ledger shard.
 */
import { ledgerFor } from "./delivery.js";

export const INLINE_BODY_LIMIT = 100_000;

/** Send options for every envelope: the body bytes survive structured clone ("v8"); the
 * default ("json" since 2024) would turn them into `{}`. */
export const SEND_AS = Object.freeze({ contentType: "v8" });

/** True when the body must be kept in the ledger rather than in the message. */
export function bodyTooLargeForMessage(body) {
  return body.byteLength > INLINE_BODY_LIMIT;
}

export function newEnvelope({ deliveryId, eventName, destinations, body }) {
  const envelope = { deliveryId, eventName, destinations, attempt: 1 };
  if (!bodyTooLargeForMessage(body)) envelope.body = body;
  return envelope;
}

/** The original body bytes, or null if a kept body has expired. */
export async function bodyOf(envelope, env) {
  return envelope.body ?? (await ledgerFor(env, envelope.deliveryId).body(envelope.deliveryId));
}

/** Once every destination has the body, a kept copy is no longer needed. */
export async function releaseBody(envelope, env) {
  if (envelope.body === undefined) await ledgerFor(env, envelope.deliveryId).forgetBody(envelope.deliveryId);
}
