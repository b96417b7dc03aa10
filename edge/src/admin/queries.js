/**
 * @module admin/queries
 * What the admin API reads from and writes to the delivery log (D1, binding LOG; the tables are
 * in ../log/schema.js), turned into the API's shapes: times as ISO 8601 strings, a delivery's
 * destinations with their attempts and last failure. Entries past their expiry are never shown,
 * even before the consumer's cleanup has removed them.
 */
import { ensureSchema, RECOMPUTE_STATE } from "../log/schema.js";

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
 * `{ headers, body: Uint8Array | null, bodyExpired }`, or null if the log does not have it.
 */
export async function findDelivery(db, id, now) {
  await ensureSchema(db);
  const row = await db
    .prepare(
      `SELECT d.id, d.event_name, d.received_at, d.size, d.state, d.headers,
       CASE WHEN d.body_expires_at > ?2 THEN d.body END AS body, ${DESTINATIONS_JSON}
       FROM deliveries d WHERE d.id = ?1 AND d.expires_at > ?2`,
    )
    .bind(id, now)
    .first();
  if (!row) return null;
  const body = row.body === null ? null : new Uint8Array(row.body);
  return { ...summary(row), headers: JSON.parse(row.headers), body, bodyExpired: body === null };
}

/** One page of dead letters, newest first: `{ deadLetters, last }` as for deliveries. */
export async function listDeadLetters(db, { limit, after }, now) {
  await ensureSchema(db);
  const conditions = [["expires_at > ?", now]];
  if (after) conditions.push(["(dead_at, delivery_id) < (?, ?)", after.time, after.id]);
  const { results } = await db
    .prepare(
      `SELECT delivery_id, event_name, destinations, attempts, last_failure, dead_at FROM dead_letters
       WHERE ${whereOf(conditions)} ORDER BY dead_at DESC, delivery_id DESC LIMIT ?`,
    )
    .bind(...paramsOf(conditions), limit + 1)
    .all();
  const page = results.slice(0, limit);
  const deadLetters = page.map((row) => ({
    deliveryId: row.delivery_id,
    eventName: row.event_name,
    destinations: JSON.parse(row.destinations),
    attempts: row.attempts,
    lastFailure: row.last_failure === null ? null : { reason: row.last_failure, at: iso(row.dead_at) },
    deadAt: iso(row.dead_at),
  }));
  return { deadLetters, last: results.length > limit ? { time: page.at(-1).dead_at, id: page.at(-1).delivery_id } : null };
}

/**
 * The dead letters to re-drive (those of `ids`, or all when `ids` is null), each with what a new
 * envelope needs: `{ deliveryId, eventName, destinations, receivedAt, headers, body }`
 * (`body` a Uint8Array, or null when neither the dead letter nor the log keeps it any more).
 */
export async function deadLettersToRedrive(db, ids, now) {
  await ensureSchema(db);
  const chosen = ids === null ? "" : "AND l.delivery_id IN (SELECT value FROM json_each(?2))";
  const { results } = await db
    .prepare(
      `SELECT l.delivery_id, l.event_name, l.destinations, l.dead_at, d.received_at, d.headers,
       COALESCE(l.body, CASE WHEN d.body_expires_at > ?1 THEN d.body END) AS body
       FROM dead_letters l LEFT JOIN deliveries d ON d.id = l.delivery_id
       WHERE l.expires_at > ?1 ${chosen} ORDER BY l.dead_at, l.delivery_id`,
    )
    .bind(...(ids === null ? [now] : [now, JSON.stringify(ids)]))
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
 * touched delivery's own state, in one batch.
 */
export async function setDestinationStates(db, changes) {
  await ensureSchema(db);
  const statements = changes.map(({ deliveryId, url, state }) =>
    db.prepare("UPDATE destinations SET state = ? WHERE delivery_id = ? AND url = ?").bind(state, deliveryId, url),
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
