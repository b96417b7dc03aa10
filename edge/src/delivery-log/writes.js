/**
 * The delivery log's writes (tables in schema.js), as D1 statements the caller batches: one
 * batch for a consumer batch's claims, one for its tries' results, one per dead-letter batch,
 * and in direct mode one per request's try (directTryStatements).
 */
import { DAY_MS, METADATA_RETENTION_DAYS, RECOMPUTE_STATE, STATES } from "./schema.js";

/** Direct mode's log entries are claimed under this name: the ledger is their replay guard. */
const DIRECT_CLAIM = "direct";

// claim_runs: 1 when this statement made the claim, more when its owner's message came back.
const CLAIM = `INSERT INTO deliveries (id, event_name, received_at, size, headers, body, body_expires_at, expires_at, state, claimed_by, claim_runs)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'queued', ?9, 1)
  ON CONFLICT(id) DO UPDATE SET claim_runs = deliveries.claim_runs + 1 WHERE deliveries.claimed_by = excluded.claimed_by
  RETURNING id, claim_runs`;

// Only for the claim's owner, so a duplicate never adds a destination that nothing delivers.
const QUEUE_DESTINATIONS = `INSERT INTO destinations (delivery_id, url, state, attempts)
  SELECT ?1, value, 'queued', 0 FROM json_each(?2)
  WHERE EXISTS (SELECT 1 FROM deliveries WHERE id = ?1 AND claimed_by = ?3)
  ON CONFLICT(delivery_id, url) DO NOTHING`;

// Every try counts; a success keeps the last failure, so the history stays visible. With ?6 a
// failed try leaves a destination that has the delivery `delivered`: direct mode writes a
// refusal after its answer, and a re-send delivered meanwhile may have been written first.
const TRIED = `INSERT INTO destinations (delivery_id, url, state, attempts, last_failure, last_failure_at)
  VALUES (?1, ?2, ?3, 1, ?4, ?5)
  ON CONFLICT(delivery_id, url) DO UPDATE SET
    state = CASE WHEN ?6 AND destinations.state = 'delivered' THEN 'delivered' ELSE excluded.state END,
    attempts = destinations.attempts + 1,
    last_failure = COALESCE(excluded.last_failure, destinations.last_failure),
    last_failure_at = COALESCE(excluded.last_failure_at, destinations.last_failure_at)`;

// Keeps the body for re-drive: from the letter, else from the delivery's own entry, until the
// delivery's body expires. Attempts and the last failure travel in the letter; a letter the queue
// dead-lettered itself (a consumer that kept crashing) lacks them, so they are read from the log.
// It lists only the destinations that do not have the delivery (a letter the queue made itself
// may name some that do); none left: no letter. A letter already there keeps those of its own
// still `dead` and adds the new ones (a replay dying to B does not drop A). It is free to be
// re-driven again (redriving_at NULL) unless one it listed or lists is still queued or retrying:
// a re-drive of it is still under way, and another chain dying for the delivery does not end it.
const DEAD_LETTER = `INSERT INTO dead_letters (delivery_id, event_name, destinations, attempts, last_failure, last_failure_at, dead_at, body, body_expires_at, expires_at)
  SELECT ?1, ?2, waiting.urls,
    COALESCE(?4, (SELECT MAX(attempts) FROM destinations WHERE delivery_id = ?1 AND url IN (SELECT value FROM json_each(?3))), ?5),
    COALESCE(?6, (SELECT last_failure FROM destinations WHERE delivery_id = ?1 AND url IN (SELECT value FROM json_each(?3)) AND last_failure IS NOT NULL
      ORDER BY last_failure_at DESC LIMIT 1)),
    COALESCE(?7, (SELECT MAX(last_failure_at) FROM destinations WHERE delivery_id = ?1 AND url IN (SELECT value FROM json_each(?3)))),
    ?8, COALESCE(?9, (SELECT body FROM deliveries WHERE id = ?1)), ?10, ?11
  FROM (SELECT json_group_array(value) AS urls, COUNT(*) AS count FROM json_each(?3)
    WHERE value NOT IN (SELECT url FROM destinations WHERE delivery_id = ?1 AND state = 'delivered')) AS waiting
  WHERE waiting.count > 0
  ON CONFLICT(delivery_id) DO UPDATE SET event_name = excluded.event_name,
    destinations = (SELECT json_group_array(value) FROM (
      SELECT value FROM json_each(dead_letters.destinations)
        WHERE value IN (SELECT url FROM destinations WHERE delivery_id = excluded.delivery_id AND state = 'dead')
        AND value NOT IN (SELECT value FROM json_each(excluded.destinations))
      UNION ALL SELECT value FROM json_each(excluded.destinations))),
    attempts = excluded.attempts, last_failure = excluded.last_failure, last_failure_at = excluded.last_failure_at,
    dead_at = excluded.dead_at, body = COALESCE(excluded.body, dead_letters.body), body_expires_at = excluded.body_expires_at,
    expires_at = excluded.expires_at,
    redriving_at = CASE WHEN EXISTS (SELECT 1 FROM destinations WHERE delivery_id = excluded.delivery_id AND state IN ('queued', 'retrying')
      AND (url IN (SELECT value FROM json_each(dead_letters.destinations)) OR url IN (SELECT value FROM json_each(excluded.destinations))))
      THEN dead_letters.redriving_at END`;

// A re-drive whose body is gone ends its hold on the letter (no letter comes back to do it).
const FREED_LETTER = "UPDATE dead_letters SET redriving_at = NULL WHERE delivery_id = ?1";

// A letter leaves the list once every destination it lists has the delivery, whatever tried last
// (a re-drive, a replay, a retry still in the queue when it died elsewhere).
const SETTLED_LETTER = `DELETE FROM dead_letters WHERE delivery_id = ?1 AND NOT EXISTS (
    SELECT 1 FROM json_each(dead_letters.destinations) AS listed WHERE NOT EXISTS (
      SELECT 1 FROM destinations WHERE delivery_id = ?1 AND url = listed.value AND state = 'delivered'))`;

// The destinations of redelivered messages' deliveries that already have them.
const DELIVERED_DESTINATIONS = `SELECT delivery_id, url FROM destinations
  WHERE delivery_id IN (SELECT value FROM json_each(?1)) AND state = 'delivered'`;

// Never a destination that has the delivery (a letter the queue made itself may list it).
const MARK_DEAD = "UPDATE destinations SET state = 'dead' WHERE delivery_id = ?1 AND url IN (SELECT value FROM json_each(?2)) AND state <> 'delivered'";

const CLEANUP = [
  "UPDATE deliveries SET body = NULL WHERE body IS NOT NULL AND body_expires_at <= ?1",
  "DELETE FROM destinations WHERE delivery_id IN (SELECT id FROM deliveries WHERE expires_at <= ?1)",
  "DELETE FROM deliveries WHERE expires_at <= ?1",
  "DELETE FROM dead_letters WHERE expires_at <= ?1",
  "UPDATE dead_letters SET body = NULL WHERE body IS NOT NULL AND body_expires_at <= ?1",
];

// Rows a delivery's entry no longer holds (a replay's try written as its entry expired): a scan of
// the table, so only from the hourly clean-up.
const ORPHANS = "DELETE FROM destinations WHERE NOT EXISTS (SELECT 1 FROM deliveries WHERE id = destinations.delivery_id)";

/**
 * Claims Twenty's first try of a delivery for the queue message `claimedBy`, with its
 * destinations `queued`: two statements, the first returning the id only to the claim's owner
 * (a message redelivered after a crash still owns it).
 */
export function claimStatements(db, { deliveryId, eventName, receivedAt, size, headers, destinations }, body, claimedBy, retentionDays) {
  return [
    db
      .prepare(CLAIM)
      .bind(deliveryId, eventName ?? null, receivedAt, size, JSON.stringify(headers ?? {}), body, receivedAt + retentionDays * DAY_MS, receivedAt + METADATA_RETENTION_DAYS * DAY_MS, claimedBy),
    db.prepare(QUEUE_DESTINATIONS).bind(deliveryId, JSON.stringify(destinations), claimedBy),
  ];
}

/**
 * One try's results for a delivery: `results` lists `{ url, state, reason }` (reason null on
 * success), then its own state is recomputed. `keepDelivered`: a failure does not take back a
 * destination that has the delivery (for a try written after others may have been).
 */
export function triedStatements(db, deliveryId, results, at, { keepDelivered = false } = {}) {
  return [
    ...results.map(({ url, state, reason }) => db.prepare(TRIED).bind(deliveryId, url, state, reason ?? null, reason ? at : null, keepDelivered ? 1 : 0)),
    db.prepare(RECOMPUTE_STATE).bind(deliveryId),
  ];
}

/**
 * A letter from the dead-letter queue (or direct mode's, for a refused delivery): listed for
 * re-drive, its destinations `dead`. The letter
 * carries `attempt` and `lastFailure: { reason, at }` of the try that ended it; its body is kept
 * as long as the delivery's (`retentionDays` after `receivedAt`).
 */
export function deadLetterStatements(db, letter, at, retentionDays) {
  const { deliveryId, eventName, destinations, attempt, lastFailure, body, receivedAt } = letter;
  const urls = JSON.stringify(destinations);
  const carried = lastFailure ? [attempt ?? null, lastFailure.reason ?? null, lastFailure.at ?? null] : [null, null, null];
  return [
    db
      .prepare(DEAD_LETTER)
      .bind(deliveryId, eventName ?? null, urls, carried[0], attempt ?? 0, carried[1], carried[2], at, body ?? null, (receivedAt ?? at) + retentionDays * DAY_MS, at + METADATA_RETENTION_DAYS * DAY_MS),
    db.prepare(MARK_DEAD).bind(deliveryId, urls),
    db.prepare(RECOMPUTE_STATE).bind(deliveryId),
  ];
}

/**
 * Direct mode's write of one request's try, one batch: the delivery's entry (claimed by
 * "direct"), each destination's result, a dead letter for those that failed (direct mode never
 * retries), and the letter gone once every destination it lists has the delivery. The write
 * lands after the answer, so a re-send's may land first: a failure then leaves a destination
 * that has the delivery `delivered`, and lists no letter for it. `entry`: `deliveryId`,
 * `eventName`, `receivedAt`, `size`, `headers`, `destinations`, `body`; `results`: one
 * `{ url, state, reason }` per destination.
 */
export function directTryStatements(db, entry, results, triedAt, retentionDays) {
  const { deliveryId, eventName, body, receivedAt } = entry;
  const failed = results.filter((result) => result.state !== STATES.delivered);
  // A request's try is attempt 1; each destination's own reason is on its row, the letter shows the first.
  const letter = { deliveryId, eventName, destinations: failed.map((result) => result.url), attempt: 1, lastFailure: { reason: failed[0]?.reason, at: triedAt }, body, receivedAt };
  return [
    ...claimStatements(db, entry, body, DIRECT_CLAIM, retentionDays),
    ...triedStatements(db, deliveryId, results, triedAt, { keepDelivered: true }),
    ...(failed.length > 0 ? deadLetterStatements(db, letter, triedAt, retentionDays) : []),
    settledLetterStatement(db, deliveryId),
  ];
}

/** After a try (the consumer's when it delivered somewhere; direct mode's always): the delivery's dead letter goes once all it lists have it. */
export function settledLetterStatement(db, deliveryId) {
  return db.prepare(SETTLED_LETTER).bind(deliveryId);
}

/** Which destinations of `deliveryIds` already have their delivery: rows `{ delivery_id, url }`. */
export function deliveredDestinationsStatement(db, deliveryIds) {
  return db.prepare(DELIVERED_DESTINATIONS).bind(JSON.stringify(deliveryIds));
}

/**
 * A body that was not in the message: the one the log kept for the delivery, else its dead
 * letter's while kept (`now`), or null once both expired.
 */
export function loggedBodyStatement(db, deliveryId, now) {
  return db
    .prepare(`SELECT COALESCE((SELECT body FROM deliveries WHERE id = ?1),
      (SELECT body FROM dead_letters WHERE delivery_id = ?1 AND (body_expires_at IS NULL OR body_expires_at > ?2))) AS body`)
    .bind(deliveryId, now);
}

/** A re-drive of `deliveryId` that could not be made (its body gone): its letter is free again. */
export function freedLetterStatement(db, deliveryId) {
  return db.prepare(FREED_LETTER).bind(deliveryId);
}

/**
 * Drops bodies (of entries and of dead letters) older than LOG_RETENTION_DAYS, and entries and
 * letters older than METADATA_RETENTION_DAYS; with `orphans`, also destinations whose entry is gone.
 */
export function cleanupStatements(db, now, { orphans = false } = {}) {
  return [...CLEANUP.map((sql) => db.prepare(sql).bind(now)), ...(orphans ? [db.prepare(ORPHANS)] : [])];
}
