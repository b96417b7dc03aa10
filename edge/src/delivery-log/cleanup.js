/**
 * Retention: bodies older than LOG_RETENTION_DAYS are dropped (an entry's and its dead letter's),
 * entries and dead letters older than METADATA_RETENTION_DAYS deleted. Run by the consumer at
 * most once a minute per isolate, and by the hourly cron trigger (wrangler.jsonc), which also
 * deletes destinations whose entry is gone; so retention holds when no delivery arrives.
 */
import { describe, logError } from "../log.js";
import { ensureSchema } from "./schema.js";
import { cleanupStatements } from "./writes.js";

const CLEANUP_EVERY_MS = 60_000;

let lastCleanupAt = 0;

/** Cleans up if this isolate has not in the last minute; a failure only waits for the next one. */
export async function cleanUpNowAndThen(db, now = Date.now()) {
  if (now - lastCleanupAt < CLEANUP_EVERY_MS) return;
  lastCleanupAt = now;
  try {
    await db.batch(cleanupStatements(db, now));
  } catch (error) {
    logError("log_cleanup_failed", { error: describe(error) });
  }
}

/** The cron trigger's clean-up (the Worker's `scheduled` handler); fails the run if the log does. */
export async function cleanUpOnSchedule(db, now = Date.now()) {
  try {
    await ensureSchema(db);
    await db.batch(cleanupStatements(db, now, { orphans: true }));
  } catch (error) {
    logError("log_cleanup_failed", { scheduled: true, error: describe(error) });
    throw error;
  }
}
