/**
 * @module admin/actions
 * Sending a logged delivery again: a replay (any delivery, to some or all of its own
 * destinations) or a re-drive (dead letters, to the destinations that gave up). Either marks
 * those destinations `queued` in the log, then hands a new envelope to the DELIVERIES queue
 * under the same delivery id with the original bytes and Twenty's headers; the consumer
 * forwards it as it forwards any delivery (re-signed), counting each try. If the queue refuses,
 * the states (and a re-drive's claim on its letters) are put back and nothing was changed.
 */
import { MAX_BATCH_BYTES, MAX_BATCH_MESSAGES } from "../batched-send.js";
import { envelopeBytes, newEnvelope, ORIGINS, SEND_AS } from "../envelope.js";
import { failure } from "../errors.js";
import { describe, log, logError } from "../log.js";
import { STATES } from "../delivery-log/schema.js";
import { claimDeadLetters, deadLettersNamed, deadLettersToRedrive, findDelivery, releaseDeadLetters, setDestinationStates } from "./queries.js";

/** A re-drive takes at most this many dead letters (one sendBatch's worth); the answer says how many remain. */
export const MAX_REDRIVE = 100;

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
 * Re-drives the dead letters of `ids` or, when null, the oldest MAX_REDRIVE of them, each to its
 * listed destinations still `dead` (a letter with none is not taken). Each letter is claimed
 * first (dead_letters.redriving_at), so a second click or a concurrent "all" never sends it
 * twice: a named letter another re-drive holds is listed in `alreadyRedriving`, not sent. An
 * unknown id is a 400; a named letter whose body is no longer kept is a 410 (re-driving all
 * skips those; a letter whose body went since the claim, either way, is listed in `bodyExpired`).
 * `remaining` ("all" only): letters still free to re-drive after this call. Resolves to the
 * answer `{ status, body }`.
 */
export async function redrive(env, ids, now) {
  if (ids !== null) {
    const named = await deadLettersNamed(env.LOG, ids, now);
    const unknown = ids.filter((id) => !named.some((letter) => letter.deliveryId === id));
    if (unknown.length > 0) {
      return failure("INVALID_REQUEST", `${unknown.length} of ids ${unknown.length === 1 ? "is" : "are"} not in the dead-letter list (see GET /admin/dead-letters).`);
    }
    if (named.some((letter) => !letter.redriving && !letter.bodyKept)) return failure("BODY_EXPIRED");
  }
  const claim = await claimDeadLetters(env.LOG, ids, ids?.length ?? MAX_REDRIVE, now);
  try {
    return await sendClaimed(env, ids, claim, now);
  } catch (error) {
    // Whatever failed after the claim: let go of it, so the letters do not wait for the heal.
    await releaseDeadLetters(env.LOG, claim.claimed, now).catch(() => {});
    throw error;
  }
}

/** The rest of a re-drive once `claim` is held: send what it took, tell the rest apart. */
async function sendClaimed(env, ids, claim, now) {
  const letters = claim.claimed.length === 0 ? [] : await deadLettersToRedrive(env.LOG, claim.claimed, now);
  const batch = letters
    .filter((letter) => letter.body !== null && letter.destinations.length > 0)
    .map((item) => ({ item, before: item.destinations.map((url) => ({ deliveryId: item.deliveryId, url, state: STATES.dead })) }));
  const sent = await resend(env, batch, ORIGINS.redrive);
  const deliveryIds = batch.filter((_, i) => sent[i]).map(({ item }) => item.deliveryId);
  const refused = batch.filter((_, i) => !sent[i]).map(({ item }) => item.deliveryId);
  const unsent = claim.claimed.filter((id) => !deliveryIds.includes(id));
  if (unsent.length > 0) await releaseDeadLetters(env.LOG, unsent, now);
  // Named ones not taken: held by another re-drive, or their body gone (since the check); a
  // letter deleted meanwhile (delivered) or with no destination left `dead` is in neither list.
  const notTaken = ids === null ? [] : await deadLettersNamed(env.LOG, ids.filter((id) => !claim.claimed.includes(id)), now);
  const alreadyRedriving = notTaken.filter((letter) => letter.redriving).map((letter) => letter.deliveryId);
  const expiredSinceClaim = letters.filter((letter) => letter.body === null).map((letter) => letter.deliveryId);
  const bodyExpired = [...(ids === null ? claim.bodyExpired : notTaken.filter((l) => !l.redriving && !l.bodyKept).map((l) => l.deliveryId)), ...expiredSinceClaim];
  if (bodyExpired.length > 0) log("redrive_body_expired", { deliveryIds: bodyExpired });
  if (alreadyRedriving.length > 0) log("redrive_already_claimed", { deliveryIds: alreadyRedriving });
  if (deliveryIds.length === 0 && refused.length > 0) return failure("ENQUEUE_FAILED", "The dead letters could not be queued; nothing was changed. Try again.");
  const answer = { redriving: deliveryIds.length, deliveryIds, alreadyRedriving, bodyExpired };
  return { status: 202, body: ids === null ? { ...answer, remaining: claim.remaining + refused.length } : answer };
}

/**
 * Marks each item's destinations queued, then queues one envelope per item with `origin` (in
 * sendBatch calls within the queue's limits); puts the states of the items the queue refused
 * back to `before` (only those still `queued`). Marking first: the consumer may finish an
 * envelope before this returns, and its state must not be overwritten with `queued`. Resolves
 * to whether each went.
 */
async function resend(env, batch, origin) {
  if (batch.length === 0) return [];
  await setDestinationStates(env.LOG, batch.flatMap(({ before }) => before.map((d) => ({ ...d, state: STATES.queued }))));
  const envelopes = batch.map(({ item }) => envelopeOf(item, origin));
  const chunks = sendBatches(envelopes);
  // async: a binding that throws at once (missing, misused) refuses like one that rejects.
  const results = await Promise.allSettled(chunks.map(async (chunk) => env.DELIVERIES.sendBatch(chunk.map((i) => ({ body: envelopes[i], ...SEND_AS })))));
  const sent = new Array(batch.length).fill(false);
  for (const [c, result] of results.entries()) {
    for (const i of chunks[c]) {
      const { deliveryId, destinations } = batch[i].item;
      sent[i] = result.status === "fulfilled";
      if (sent[i]) log(`${origin}_queued`, { deliveryId, destinations: destinations.length });
      else logError("enqueue_failed", { deliveryId, origin, error: describe(result.reason) });
    }
  }
  const refused = batch.filter((_, i) => !sent[i]);
  if (refused.length > 0) await setDestinationStates(env.LOG, refused.flatMap(({ before }) => before), STATES.queued);
  return sent;
}

/** The envelopes' indexes in groups that one sendBatch takes (MAX_BATCH_MESSAGES, MAX_BATCH_BYTES). */
function sendBatches(envelopes) {
  const chunks = [];
  let bytes = 0;
  for (const [i, envelope] of envelopes.entries()) {
    const size = envelopeBytes(envelope);
    const last = chunks.at(-1);
    if (!last || last.length === MAX_BATCH_MESSAGES || bytes + size > MAX_BATCH_BYTES) {
      chunks.push([i]);
      bytes = size;
    } else {
      last.push(i);
      bytes += size;
    }
  }
  return chunks;
}

/** A new envelope with `origin` (attempt 1 of its own try budget), the body as an ArrayBuffer. */
function envelopeOf({ deliveryId, eventName, destinations, receivedAt, headers, body }, origin) {
  const bytes = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
  return newEnvelope({ deliveryId, eventName, destinations, body: bytes, headers, receivedAt, origin });
}
