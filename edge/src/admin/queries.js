/**
 * @module admin/queries
 * What the admin API reads from and writes to the delivery log (D1, binding LOG; the tables are
 * in ../delivery-log/schema.js), turned into the API's shapes: times as ISO 8601 strings, a delivery's
 * destinations with their attempts and last failure. Entries past their expiry are never shown,
 * even before the consumer's cleanup has removed them.
 */
import { ensureSchema, RECOMPUTE_STATE } from "../delivery-log/schema.js";

/** Each destination of a delivery, as one JSON list, read in the same statement as the delivery. */
const DESTINATIONS_JSON = `(SELECT json_group_array(json_object('url', url, 'state', state, 'attempts', attempts,
  'lastFailure', last_failure, 'lastFailureAt', last_failure_at)) FROM destinations WHERE delivery_id = d.id) AS destinations`;

/**
 * One page of deliveries, newest first: `{ deliveries: [Summary], last }`, `last` the
 * `{ time, id }` of the page's last entry when there may be more, else null.
 */
export async function listDeliveries(db, { state, event, limit, after }, now) {
  await ensureSchema(db);
  const conditions = [["d.expires_at > ?", now]];
  if (state) conditions.push(["d.state = ?", state]);
  if (event) conditions.push(["d.event_name = ?", event]);
  if (after) conditions.push(["(d.received_at, d.id) < (?, ?)", after.time, after.id]);
  const { results } = await db
    .prepare(
      `SELECT d.id, d.event_name, d.received_at, d.size, d.state, ${DESTINATIONS_JSON} FROM deliveries d
       WHERE ${whereOf(conditions)} ORDER BY d.received_at DESC, d.id DESC LIMIT ?`,
    )
    .bind(...paramsOf(conditions), limit + 1)
    .all();
  const page = results.slice(0, limit);
  return { deliveries: page.map(summary), last: results.length > limit ? { time: page.at(-1).received_at, id: page.at(-1).id } : null };
}

/**
 * One delivery with Twenty's headers and its body (null once expired): Summary +
 * `{ headers, body: Uint8Array | null, bodyExpired, deadLetter }`, or null if the log does not
 * have it. `deadLetter`: `{ deadAt, redrivingSince, bodyKept }` while it is in the dead-letter
 * list (what a re-drive of it needs to know), else null.
 */
export async function findDelivery(db, id, now) {
  await ensureSchema(db);
  const row = await db
    .prepare(
      `SELECT d.id, d.event_name, d.received_at, d.size, d.state, d.headers,
       CASE WHEN d.body_expires_at > ?2 THEN d.body END AS body, ${DESTINATIONS_JSON},
       (SELECT json_object('deadAt', l.dead_at, 'redrivingAt', CASE WHEN ${heldLetter("?2")} THEN l.redriving_at END, 'bodyKept', ${letterBody("?2")} IS NOT NULL)
        FROM dead_letters l WHERE l.delivery_id = d.id AND l.expires_at > ?2) AS dead_letter
       FROM deliveries d WHERE d.id = ?1 AND d.expires_at > ?2`,
    )
    .bind(id, now)
    .first();
  if (!row) return null;
  const body = row.body === null ? null : new Uint8Array(row.body);
  const letter = row.dead_letter === null ? null : JSON.parse(row.dead_letter);
  const deadLetter = letter && { deadAt: iso(letter.deadAt), redrivingSince: iso(letter.redrivingAt), bodyKept: letter.bodyKept === 1 };
  return { ...summary(row), headers: JSON.parse(row.headers), body, bodyExpired: body === null, deadLetter };
}

/** One page of dead letters, newest first: `{ deadLetters, last }` as for deliveries. */
export async function listDeadLetters(db, { limit, after }, now) {
  await ensureSchema(db);
  // ?1 = now, in the hold's test and the first condition; the other `?` number on from 2.
  const conditions = [["l.expires_at > ?1", now]];
  if (after) conditions.push(["(l.dead_at, l.delivery_id) < (?, ?)", after.time, after.id]);
  const { results } = await db
    .prepare(
      `SELECT l.delivery_id, l.event_name, l.destinations, l.attempts, l.last_failure, l.last_failure_at, l.dead_at,
       CASE WHEN ${HELD_LETTER} THEN l.redriving_at END AS redriving_at FROM dead_letters l
       WHERE ${whereOf(conditions)} ORDER BY l.dead_at DESC, l.delivery_id DESC LIMIT ?`,
    )
    .bind(...paramsOf(conditions), limit + 1)
    .all();
  const page = results.slice(0, limit);
  const deadLetters = page.map((row) => ({
    deliveryId: row.delivery_id,
    eventName: row.event_name,
    destinations: JSON.parse(row.destinations),
    attempts: row.attempts,
    lastFailure: row.last_failure === null ? null : { reason: row.last_failure, at: iso(row.last_failure_at) },
    deadAt: iso(row.dead_at),
    redrivingSince: iso(row.redriving_at),
  }));
  return { deadLetters, last: results.length > limit ? { time: page.at(-1).dead_at, id: page.at(-1).delivery_id } : null };
}

/**
 * A dead letter's body as a re-drive sends it: the letter's own while its delivery's body is
 * kept (a letter whose message carried no body has none: then the delivery's entry's), else NULL.
 * `now`: the placeholder of the time now; `l` the dead letter.
 */
function letterBody(now) {
  return `COALESCE(CASE WHEN l.body_expires_at IS NULL OR l.body_expires_at > ${now} THEN l.body END,
  (SELECT b.body FROM deliveries b WHERE b.id = l.delivery_id AND b.body_expires_at > ${now}))`;
}

const LETTER_BODY = letterBody("?1");

/** How long a re-drive's claim on a letter holds when nothing shows it went out (the heal below). */
export const REDRIVE_CLAIM_MS = 120_000;

/**
 * FROM … WHERE of the letter's (`l`) listed destinations (`j.value`) in one of `states` (fixed
 * SQL literals); one the log no longer has counts as `dead`.
 */
function listedIn(states) {
  return `FROM json_each(l.destinations) j LEFT JOIN destinations x ON x.delivery_id = l.delivery_id AND x.url = j.value
    WHERE COALESCE(x.state, 'dead') IN (${states})`;
}

/**
 * Held by a re-drive (`now`: the placeholder of the time now; `l` the dead letter): claimed, and the claim is either recent or shows it went out
 * (a listed destination queued or retrying). A claim older than REDRIVE_CLAIM_MS with none of
 * them in flight is from a re-drive that failed before sending: it no longer holds.
 */
function heldLetter(now) {
  return `(l.redriving_at IS NOT NULL AND (l.redriving_at > ${now} - ${REDRIVE_CLAIM_MS} OR EXISTS (SELECT 1 ${listedIn("'queued', 'retrying'")})))`;
}

const HELD_LETTER = heldLetter("?1");

/** A letter that a re-drive may take now (?1 = now): listed, not held, a destination still `dead`, its body kept. */
const FREE_LETTER = `l.expires_at > ?1 AND NOT ${HELD_LETTER} AND EXISTS (SELECT 1 ${listedIn("'dead'")}) AND ${LETTER_BODY} IS NOT NULL`;

/**
 * Claims the letters (?3: a JSON list of ids, or NULL for the oldest) that are free, at most ?2
 * of them, by setting redriving_at = ?1: one statement (D1 runs them one at a time), so two
 * re-drives at the same moment never take the same letter. Returns the ids taken.
 */
const CLAIM_LETTERS = `UPDATE dead_letters SET redriving_at = ?1
  WHERE delivery_id IN (
    SELECT l.delivery_id FROM dead_letters l
    WHERE ${FREE_LETTER} AND (?3 IS NULL OR l.delivery_id IN (SELECT value FROM json_each(?3)))
    ORDER BY l.dead_at, l.delivery_id LIMIT ?2)
  RETURNING delivery_id`;

/**
 * Named dead letters as they are now: `[{ deliveryId, redriving, bodyKept }]`, one per id the
 * list has (an id it does not have is missing). `redriving`: a re-drive holds it.
 */
export async function deadLettersNamed(db, ids, now) {
  await ensureSchema(db);
  const { results } = await db
    .prepare(
      `SELECT l.delivery_id, ${HELD_LETTER} AS redriving, ${LETTER_BODY} IS NOT NULL AS body_kept
       FROM dead_letters l WHERE l.expires_at > ?1 AND l.delivery_id IN (SELECT value FROM json_each(?2))`,
    )
    .bind(now, JSON.stringify(ids))
    .all();
  return results.map((row) => ({ deliveryId: row.delivery_id, redriving: row.redriving === 1, bodyKept: row.body_kept === 1 }));
}

/**
 * Claims for a re-drive at `now` the dead letters of `ids` (or, when null, the oldest), at most
 * `limit`, skipping those another re-drive holds and those whose body is gone. Resolves to
 * `{ claimed: [deliveryId], remaining, bodyExpired: [deliveryId] }`: `remaining` counts the
 * letters still free to re-drive after this claim, `bodyExpired` (at most `limit`) those that
 * can no longer be sent. One batch, so the three agree.
 */
export async function claimDeadLetters(db, ids, limit, now) {
  await ensureSchema(db);
  const [claimed, remaining, bodyExpired] = await db.batch([
    db.prepare(CLAIM_LETTERS).bind(now, limit, ids === null ? null : JSON.stringify(ids)),
    db.prepare(`SELECT count(*) AS n FROM dead_letters l WHERE ${FREE_LETTER}`).bind(now),
    db
      .prepare(
        `SELECT l.delivery_id FROM dead_letters l WHERE l.expires_at > ?1 AND NOT ${HELD_LETTER} AND ${LETTER_BODY} IS NULL
         ORDER BY l.dead_at, l.delivery_id LIMIT ?2`,
      )
      .bind(now, limit),
  ]);
  return {
    claimed: claimed.results.map((row) => row.delivery_id),
    remaining: remaining.results[0].n,
    bodyExpired: bodyExpired.results.map((row) => row.delivery_id),
  };
}

/** Lets go of claimed letters (`ids`, claimed at `claimedAt`) whose re-drive could not be queued. */
export async function releaseDeadLetters(db, ids, claimedAt) {
  await db
    .prepare("UPDATE dead_letters SET redriving_at = NULL WHERE delivery_id IN (SELECT value FROM json_each(?1)) AND redriving_at = ?2")
    .bind(JSON.stringify(ids), claimedAt)
    .run();
}

/**
 * What a new envelope needs for each claimed dead letter of `ids`, oldest first:
 * `{ deliveryId, eventName, destinations, receivedAt, headers, body }`: `destinations` only its
 * listed ones still `dead` (one a replay is sending or delivered is left alone), `body` a
 * Uint8Array, or null when it expired since the claim.
 */
export async function deadLettersToRedrive(db, ids, now) {
  await ensureSchema(db);
  const { results } = await db
    .prepare(
      `SELECT l.delivery_id, l.event_name, (SELECT json_group_array(j.value) ${listedIn("'dead'")}) AS destinations, l.dead_at, d.received_at, d.headers, ${LETTER_BODY} AS body
       FROM dead_letters l LEFT JOIN deliveries d ON d.id = l.delivery_id
       WHERE l.delivery_id IN (SELECT value FROM json_each(?2)) ORDER BY l.dead_at, l.delivery_id`,
    )
    .bind(now, JSON.stringify(ids))
    .all();
  return results.map((row) => {
    const body = row.body === null ? null : new Uint8Array(row.body);
    return {
      deliveryId: row.delivery_id,
      eventName: row.event_name,
      destinations: JSON.parse(row.destinations),
      receivedAt: row.received_at ?? row.dead_at,
      headers: row.headers === null ? {} : JSON.parse(row.headers),
      body,
    };
  });
}

/**
 * Sets destinations' states (`changes`: `[{ deliveryId, url, state }]`) and recomputes each
 * touched delivery's own state, in one batch. With `from`, only a destination still in that
 * state changes (putting back `queued` leaves alone one the consumer has moved on meanwhile).
 */
export async function setDestinationStates(db, changes, from = null) {
  await ensureSchema(db);
  const statements = changes.map(({ deliveryId, url, state }) =>
    db.prepare("UPDATE destinations SET state = ?1 WHERE delivery_id = ?2 AND url = ?3 AND (?4 IS NULL OR state = ?4)").bind(state, deliveryId, url, from),
  );
  for (const deliveryId of new Set(changes.map((change) => change.deliveryId))) {
    statements.push(db.prepare(RECOMPUTE_STATE).bind(deliveryId));
  }
  await db.batch(statements);
}

/** `conditions`: `[[sql, ...values]]`, each a fixed SQL fragment with its `?` placeholders. */
function whereOf(conditions) {
  return conditions.map(([sql]) => sql).join(" AND ");
}

function paramsOf(conditions) {
  return conditions.flatMap(([, ...values]) => values);
}

function summary(row) {
  const destinations = JSON.parse(row.destinations ?? "[]").map((d) => ({
    url: d.url,
    state: d.state,
    attempts: d.attempts,
    lastFailure: d.lastFailure === null ? null : { reason: d.lastFailure, at: iso(d.lastFailureAt) },
  }));
  return {
    deliveryId: row.id,
    eventName: row.event_name,
    receivedAt: iso(row.received_at),
    size: row.size,
    state: row.state,
    attempts: destinations.reduce((sum, d) => sum + d.attempts, 0),
    destinations,
  };
}

function iso(epochMs) {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}
