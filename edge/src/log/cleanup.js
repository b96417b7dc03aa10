/**
 * Retention: bodies older than LOG_RETENTION_DAYS are dropped, entries and dead letters older
 * than METADATA_RETENTION_DAYS deleted. Run by the consumer at most once a minute per isolate.
 */
import { describe, logError } from "../log.js";
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
