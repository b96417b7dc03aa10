/**
 * @module admin/actions
 * Sending a logged delivery again: a replay (any delivery, to some or all of its own
 * destinations) or a re-drive (dead letters, to the destinations that gave up). Either marks
 * those destinations `queued` in the log, then hands a new envelope to the DELIVERIES queue
 * under the same delivery id with the original bytes and Twenty's headers; the consumer
 * forwards it as it forwards any delivery (re-signed), counting each try. If the queue refuses,
 * the states are put back and nothing was changed.
 */
import { newEnvelope, ORIGINS, SEND_AS } from "../envelope.js";
import { failure } from "../errors.js";
import { describe, log, logError } from "../log.js";
import { STATES } from "../log/schema.js";
import { deadLettersToRedrive, findDelivery, setDestinationStates } from "./queries.js";

/**
 * Replays delivery `id` to `requested` (a list of its own destination URLs) or, when null, to
 * all of them. Resolves to the answer `{ status, body }`.
 */
export async function replay(env, id, requested, now) {
  const entry = await findDelivery(env.LOG, id, now);
  if (!entry) return failure("DELIVERY_NOT_FOUND");
  const own = entry.destinations.map((d) => d.url);
  const destinations = [...new Set(requested ?? own)];
  if (!destinations.every((url) => own.includes(url))) {
    return failure("INVALID_REQUEST", "Each of destinations must be one of the delivery's own (see GET /admin/deliveries/:id).");
  }
  if (entry.body === null) return failure("BODY_EXPIRED");
  const before = entry.destinations.filter((d) => destinations.includes(d.url)).map((d) => ({ deliveryId: id, url: d.url, state: d.state }));
  const item = { ...entry, receivedAt: Date.parse(entry.receivedAt), destinations };
  const [sent] = await resend(env, [{ item, before }], ORIGINS.replay);
  if (!sent) return failure("ENQUEUE_FAILED", "The replay could not be queued; nothing was changed. Try again.");
  return { status: 202, body: { replaying: true, deliveryId: id, destinations } };
}

/**
 * Re-drives the dead letters of `ids` or, when null, all of them. An unknown id is a 400; a
 * letter whose body is no longer kept cannot be sent (410 when named; skipped, and listed in
 * `bodyExpired`, when re-driving all). Resolves to the answer `{ status, body }`.
 */
export async function redrive(env, ids, now) {
  const letters = await deadLettersToRedrive(env.LOG, ids, now);
  if (ids !== null) {
    const unknown = ids.filter((id) => !letters.some((letter) => letter.deliveryId === id));
    if (unknown.length > 0) {
      return failure("INVALID_REQUEST", `${unknown.length} of ids ${unknown.length === 1 ? "is" : "are"} not in the dead-letter list (see GET /admin/dead-letters).`);
    }
  }
  const bodyExpired = letters.filter((letter) => letter.body === null).map((letter) => letter.deliveryId);
  if (ids !== null && bodyExpired.length > 0) return failure("BODY_EXPIRED");
  if (bodyExpired.length > 0) log("redrive_body_expired", { deliveryIds: bodyExpired });
  const batch = letters
    .filter((letter) => letter.body !== null)
    .map((item) => ({ item, before: item.destinations.map((url) => ({ deliveryId: item.deliveryId, url, state: STATES.dead })) }));
  const sent = await resend(env, batch, ORIGINS.redrive);
  const deliveryIds = batch.filter((_, i) => sent[i]).map(({ item }) => item.deliveryId);
  if (deliveryIds.length === 0 && batch.length > 0) return failure("ENQUEUE_FAILED", "The dead letters could not be queued; nothing was changed. Try again.");
  return { status: 202, body: { redriving: deliveryIds.length, deliveryIds, bodyExpired } };
}

/**
 * Marks each item's destinations queued, then queues one envelope per item with `origin`;
 * puts the states of an item the queue refused back to `before`. Resolves to whether each went.
 */
async function resend(env, batch, origin) {
  if (batch.length === 0) return [];
  await setDestinationStates(env.LOG, batch.flatMap(({ before }) => before.map((d) => ({ ...d, state: STATES.queued }))));
  const results = await Promise.allSettled(batch.map(({ item }) => env.DELIVERIES.send(envelopeOf(item, origin), SEND_AS)));
  const refused = batch.filter((_, i) => results[i].status === "rejected");
  for (const [i, result] of results.entries()) {
    const { deliveryId, destinations } = batch[i].item;
    if (result.status === "fulfilled") log(`${origin}_queued`, { deliveryId, destinations: destinations.length });
    else logError("enqueue_failed", { deliveryId, origin, error: describe(result.reason) });
  }
  if (refused.length > 0) await setDestinationStates(env.LOG, refused.flatMap(({ before }) => before));
  return results.map((result) => result.status === "fulfilled");
}

/** A new envelope with `origin` (attempt 1 of its own try budget), the body as an ArrayBuffer. */
function envelopeOf({ deliveryId, eventName, destinations, receivedAt, headers, body }, origin) {
  const bytes = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
  return newEnvelope({ deliveryId, eventName, destinations, body: bytes, headers, receivedAt, origin });
}
