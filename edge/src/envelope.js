/**
 * What the queue carries for one accepted delivery (DESIGN-10's envelope): its id, event name,
 * the destinations still waiting for it, the attempt number within its origin's try budget, the
 * origin ("twenty", or "replay" / "redrive" from the admin API), when and how large it arrived,
 * Twenty's headers as received, and the body when it fits a queue message (128 KB at most). A
 * larger body is kept in the delivery's ledger shard, then in the delivery log.
 */
import { TWENTY_HEADERS } from "twenty-webhooks";
import { ledgerFor } from "./delivery.js";

export const INLINE_BODY_LIMIT = 100_000;

/** Send options for every envelope: the body bytes survive structured clone ("v8"); the
 * default ("json" since 2024) would turn them into `{}`. */
export const SEND_AS = Object.freeze({ contentType: "v8" });

export const ORIGINS = Object.freeze({ twenty: "twenty", replay: "replay", redrive: "redrive" });

/** The headers of Twenty's request the log keeps, by the names Twenty sends. */
const KEPT_HEADERS = ["Content-Type", TWENTY_HEADERS.timestamp, TWENTY_HEADERS.signature, TWENTY_HEADERS.nonce];

/** More than v8's tags, lengths and numbers add to an envelope's text (a fixed set of fields). */
const ENVELOPE_STRUCTURE_BYTES = 512;

/**
 * An upper bound of an envelope's size as a queue message (v8 serialization), for batch limits:
 * the body, plus its other fields as JSON text (longer than their strings) at one byte per
 * character when all are Latin-1, else two (how v8 writes strings), plus the structure. Many or
 * long destination URLs count in full.
 */
export function envelopeBytes(envelope) {
  const { body, ...fields } = envelope;
  const text = JSON.stringify(fields);
  const bytesPerChar = /[^\u0000-\u00ff]/.test(text) ? 2 : 1;
  return (body?.byteLength ?? 0) + text.length * bytesPerChar + ENVELOPE_STRUCTURE_BYTES;
}

/** True when the body must be kept in the ledger rather than in the message. */
export function bodyTooLargeForMessage(body) {
  return body.byteLength > INLINE_BODY_LIMIT;
}

/** Twenty's headers of a request, as received; absent ones omitted. */
export function keptHeaders(headers) {
  const kept = {};
  for (const name of KEPT_HEADERS) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return kept;
}

/**
 * The first envelope of a delivery: Twenty's (origin "twenty"), or a replay or re-drive of a
 * logged one (origin "replay" / "redrive": not deduplicated, every try counted).
 */
export function newEnvelope({ deliveryId, eventName, destinations, body, headers, receivedAt, origin = ORIGINS.twenty }) {
  const envelope = { deliveryId, eventName, destinations, attempt: 1, origin, receivedAt, size: body.byteLength, headers };
  if (!bodyTooLargeForMessage(body)) envelope.body = body;
  return envelope;
}

/** True for the one kind of message the consumer deduplicates: Twenty's first try. */
export function isFirstTry(envelope) {
  return (envelope.origin ?? ORIGINS.twenty) === ORIGINS.twenty && envelope.attempt === 1;
}

/** A body kept in the ledger shard (ArrayBuffer), or null; no call for a body that travels inline. */
export async function keptBody(envelope, env) {
  if (envelope.body !== undefined) return envelope.body;
  return await ledgerFor(env, envelope.deliveryId).body(envelope.deliveryId);
}

/** Once every destination has the body, a copy kept in the ledger is no longer needed there. */
export async function releaseBody(envelope, env) {
  if (envelope.body === undefined) await ledgerFor(env, envelope.deliveryId).forgetBody(envelope.deliveryId);
}
