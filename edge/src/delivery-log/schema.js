/**
 * The delivery log's tables in D1 (binding `LOG`, database `twenty-webhooks-log`): the SQL text
 * lives here once. The Worker creates them itself, once per isolate (`ensureSchema`), so no
 * migration step is needed locally or on deploy. Read by the admin API, written by the consumer
 * (and in direct mode by the accept path, after answering).
 */

/** A destination's state, and a delivery's own (the worst of its destinations'). */
export const STATES = Object.freeze({ queued: "queued", delivered: "delivered", retrying: "retrying", dead: "dead" });

/** Worst first: a delivery's state is the first of these any of its destinations is in. */
export const STATES_WORST_FIRST = Object.freeze(["dead", "retrying", "queued", "delivered"]);

/** How long an entry's metadata (and so the consumer's replay guard) is kept. */
export const METADATA_RETENTION_DAYS = 14;

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `headers` is a JSON object of Twenty's headers as received; `body` is NULL once it expired.
 * `deliveries.claim_runs` counts the runs of its claim by its owner (1: the first; the relay is told then).
 * `dead_letters.last_failure_at` is when its last failed try happened (review item 15: not dead_at);
 * `dead_letters.body_expires_at` is its delivery's (LOG_RETENTION_DAYS after it was received);
 * `dead_letters.redriving_at` is set when a re-drive claims the letter (so it is sent once) and
 * NULL again when the letter comes back dead.
 */
export const SCHEMA = Object.freeze([
  `CREATE TABLE IF NOT EXISTS deliveries (
    id TEXT PRIMARY KEY,
    event_name TEXT,
    received_at INTEGER NOT NULL,
    size INTEGER NOT NULL,
    headers TEXT NOT NULL,
    body BLOB,
    body_expires_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    state TEXT NOT NULL,
    claimed_by TEXT NOT NULL,
    claim_runs INTEGER NOT NULL DEFAULT 1
  )`,
  "CREATE INDEX IF NOT EXISTS deliveries_by_time ON deliveries (received_at DESC, id DESC)",
  "CREATE INDEX IF NOT EXISTS deliveries_by_state ON deliveries (state, received_at DESC, id DESC)",
  "CREATE INDEX IF NOT EXISTS deliveries_by_event ON deliveries (event_name, received_at DESC, id DESC)",
  "CREATE INDEX IF NOT EXISTS deliveries_by_expiry ON deliveries (expires_at)",
  "CREATE INDEX IF NOT EXISTS deliveries_by_body_expiry ON deliveries (body_expires_at) WHERE body IS NOT NULL",
  `CREATE TABLE IF NOT EXISTS destinations (
    delivery_id TEXT NOT NULL,
    url TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    last_failure TEXT,
    last_failure_at INTEGER,
    PRIMARY KEY (delivery_id, url)
  )`,
  `CREATE TABLE IF NOT EXISTS dead_letters (
    delivery_id TEXT PRIMARY KEY,
    event_name TEXT,
    destinations TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    last_failure TEXT,
    last_failure_at INTEGER,
    dead_at INTEGER NOT NULL,
    body BLOB,
    body_expires_at INTEGER,
    expires_at INTEGER NOT NULL,
    redriving_at INTEGER
  )`,
  "CREATE INDEX IF NOT EXISTS dead_letters_by_time ON dead_letters (dead_at DESC, delivery_id DESC)",
  "CREATE INDEX IF NOT EXISTS dead_letters_by_expiry ON dead_letters (expires_at)",
  "CREATE INDEX IF NOT EXISTS dead_letters_by_body_expiry ON dead_letters (body_expires_at) WHERE body IS NOT NULL",
]);

const ready = new WeakMap();

/**
 * Creates the tables if they are missing, once per isolate and database binding; a failure is
 * forgotten so the next call tries again. Resolves when they exist.
 */
export function ensureSchema(db) {
  let done = ready.get(db);
  if (!done) {
    done = db.batch(SCHEMA.map((sql) => db.prepare(sql))).catch((error) => {
      ready.delete(db);
      throw error;
    });
    ready.set(db, done);
  }
  return done;
}

/**
 * Recomputes one delivery's own state (?1 = its id) as the worst of its destinations'; run after
 * any change to them, in the same batch.
 */
export const RECOMPUTE_STATE = `UPDATE deliveries SET state = COALESCE((
    SELECT CASE
      WHEN SUM(state = 'dead') > 0 THEN 'dead'
      WHEN SUM(state = 'retrying') > 0 THEN 'retrying'
      WHEN SUM(state = 'queued') > 0 THEN 'queued'
      ELSE 'delivered' END
    FROM destinations WHERE delivery_id = ?1), state)
  WHERE id = ?1`;
