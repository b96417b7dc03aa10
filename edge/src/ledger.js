/**
 * @module ledger
 * The Durable Object that remembers deliveries (one of 256 shards; see delivery.js). In direct
 * mode it is the replay guard: a delivery is first claimed (a short lease), then settled once
 * forwarded: remembered as accepted, or forgotten when forwarding failed, so that a re-send of a
 * refused delivery is not swallowed as a duplicate. In queue mode the consumer deduplicates (in
 * the delivery log) and the ledger only keeps bodies too large for a queue message.
 */
import { DurableObject } from "cloudflare:workers";

/** Far longer than any hand-off (direct mode answers within 5 s): only a crashed claimer's lease runs out. */
const LEASE_MS = 30_000;
/** A kept body outlives the longest queue retention, so a dead letter can still be re-driven. */
const BODY_RETENTION_MS = 14 * 24 * 60 * 60 * 1000;

export class DeliveryLedger extends DurableObject {
  #sql;

  constructor(ctx, env) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    this.#sql.exec("CREATE TABLE IF NOT EXISTS deliveries (id TEXT PRIMARY KEY, state TEXT NOT NULL, expires_at INTEGER NOT NULL)");
    this.#sql.exec("CREATE TABLE IF NOT EXISTS bodies (id TEXT PRIMARY KEY, body BLOB NOT NULL, expires_at INTEGER NOT NULL)");
  }

  /**
   * Claims a delivery for forwarding: "claimed", or "duplicate" (accepted before) or
   * "in_progress" (another copy holds the lease).
   */
  async claim(id) {
    const now = Date.now();
    const [known] = this.#sql.exec("SELECT state FROM deliveries WHERE id = ? AND expires_at > ?", id, now).toArray();
    if (known) return known.state === "accepted" ? "duplicate" : "in_progress";
    this.#sql.exec("INSERT OR REPLACE INTO deliveries (id, state, expires_at) VALUES (?, 'pending', ?)", id, now + LEASE_MS);
    await this.#cleanUpBy(now + LEASE_MS);
    return "claimed";
  }

  /** Keeps a body (an ArrayBuffer) too large for a queue message until it is delivered. */
  async keepBody(id, body) {
    const expiresAt = Date.now() + BODY_RETENTION_MS;
    this.#sql.exec("INSERT OR REPLACE INTO bodies (id, body, expires_at) VALUES (?, ?, ?)", id, body, expiresAt);
    await this.#cleanUpBy(expiresAt);
  }

  /** Remembers an accepted delivery for `rememberMs`, or forgets a refused one (and its body). */
  async settle(id, accepted, rememberMs) {
    if (accepted) {
      this.#sql.exec("UPDATE deliveries SET state = 'accepted', expires_at = ? WHERE id = ?", Date.now() + rememberMs, id);
    } else {
      this.#sql.exec("DELETE FROM deliveries WHERE id = ?", id);
      this.#sql.exec("DELETE FROM bodies WHERE id = ?", id);
    }
  }

  /** A kept body (ArrayBuffer), or null. */
  async body(id) {
    const [row] = this.#sql.exec("SELECT body FROM bodies WHERE id = ?", id).toArray();
    return row ? row.body : null;
  }

  /** Drops a kept body once every destination has it. */
  async forgetBody(id) {
    this.#sql.exec("DELETE FROM bodies WHERE id = ?", id);
  }

  async alarm() {
    const now = Date.now();
    this.#sql.exec("DELETE FROM deliveries WHERE expires_at <= ?", now);
    this.#sql.exec("DELETE FROM bodies WHERE expires_at <= ?", now);
    const [{ next }] = this.#sql.exec("SELECT MIN(expires_at) AS next FROM (SELECT expires_at FROM deliveries UNION ALL SELECT expires_at FROM bodies)").toArray();
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  /**
   * Keeps the alarm no later than the earliest expiry (a new lease is the earliest possible);
   * settling only moves expiries later, and the alarm re-arms itself at the next one.
   */
  async #cleanUpBy(time) {
    const alarm = await this.ctx.storage.getAlarm();
    if (alarm === null || alarm > time) await this.ctx.storage.setAlarm(time);
  }
}
