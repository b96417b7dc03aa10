/**
 * @module admin/routes
 * The admin API under /admin (mounted by app.js). It exists only while ADMIN_TOKEN is set:
 * otherwise every path here is the ordinary 404. Then: CORS for CORS_ORIGINS only (a preflight
 * carries no token), `Authorization: Bearer <ADMIN_TOKEN>` for everything else (401 with no
 * detail), and the routes. Every answer is JSON; errors are `{ error: { code, message, hint } }`.
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import { MAX_EVENT_NAME_CHARS } from "../accept.js";
import { failure } from "../errors.js";
import { describe, logError } from "../log.js";
import { STATES } from "../delivery-log/schema.js";
import { connectListener } from "../relay/connect.js";
import { MAX_REDRIVE, redrive, replay } from "./actions.js";
import { isAdmin } from "./auth.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { findDelivery, listDeadLetters, listDeliveries } from "./queries.js";

export const ADMIN_PREFIX = "/admin";

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;

export const admin = new Hono();

admin.use("*", async (c, next) => {
  const config = c.get("config");
  if (!config.adminToken) return reply(c, failure("NOT_FOUND"));
  const allowOrigins = corsFor(config);
  return allowOrigins ? allowOrigins(c, next) : next();
});

admin.use("*", async (c, next) => {
  if (await isAdmin(c.req.header("Authorization"), c.get("config").adminToken)) return next();
  c.header("WWW-Authenticate", "Bearer");
  return reply(c, failure("UNAUTHORIZED"));
});

admin.get(
  "/deliveries",
  logged(async (c) => {
    const query = listQuery(c);
    if (query.error) return reply(c, query.error);
    const state = c.req.query("state") || null;
    if (state !== null && !Object.hasOwn(STATES, state)) return invalid(c, `state must be one of ${Object.keys(STATES).join(", ")}.`);
    const event = c.req.query("event") || null;
    if (event !== null && event.length > MAX_EVENT_NAME_CHARS) return invalid(c, `event must be an event name such as person.created (at most ${MAX_EVENT_NAME_CHARS} characters).`);
    const { deliveries, last } = await listDeliveries(c.env.LOG, { ...query, state, event }, Date.now());
    return c.json({ deliveries, nextCursor: last && encodeCursor(last) });
  }),
);

admin.get(
  "/deliveries/:id",
  logged(async (c) => {
    const entry = await findDelivery(c.env.LOG, c.req.param("id"), Date.now());
    if (!entry) return reply(c, failure("DELIVERY_NOT_FOUND"));
    return c.json({ ...entry, body: entry.body && new TextDecoder().decode(entry.body) });
  }),
);

admin.post(
  "/deliveries/:id/replay",
  logged(async (c) => {
    const request = await jsonBody(c);
    if (request.error) return reply(c, request.error);
    const requested = request.value?.destinations ?? null;
    if (requested !== null && !isListOfText(requested)) return invalid(c, "destinations must be a non-empty list of the delivery's destination URLs.");
    return reply(c, await replay(c.env, c.req.param("id"), requested, Date.now()));
  }),
);

admin.get(
  "/dead-letters",
  logged(async (c) => {
    const query = listQuery(c);
    if (query.error) return reply(c, query.error);
    const { deadLetters, last } = await listDeadLetters(c.env.LOG, query, Date.now());
    return c.json({ deadLetters, nextCursor: last && encodeCursor(last) });
  }),
);

admin.post(
  "/dead-letters/redrive",
  logged(async (c) => {
    const request = await jsonBody(c);
    if (request.error) return reply(c, request.error);
    const ids = request.value?.ids ?? null;
    if (ids !== null && (!isListOfText(ids) || ids.length > MAX_REDRIVE)) {
      return invalid(c, `ids must be a non-empty list of at most ${MAX_REDRIVE} delivery ids from the dead-letter list.`);
    }
    return reply(c, await redrive(c.env, ids === null ? null : [...new Set(ids)], Date.now()));
  }),
);

admin.get("/relay", (c) => {
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") return reply(c, failure("UPGRADE_REQUIRED"));
  return connectListener(c.env, c.get("config").relayMaxListeners);
});

function reply(c, { status, body }) {
  return c.json(body, status);
}

function invalid(c, message) {
  return reply(c, failure("INVALID_REQUEST", message));
}

/** A handler whose log reads and writes may fail: a 503 then, with nothing changed. */
function logged(handler) {
  return async (c) => {
    try {
      return await handler(c);
    } catch (error) {
      logError("log_unavailable", { path: c.req.routePath, error: describe(error) });
      return reply(c, failure("LOG_UNAVAILABLE"));
    }
  };
}

/** `limit` and `cursor` of a list: `{ limit, after }`, or `{ error }`. */
function listQuery(c) {
  const limitText = c.req.query("limit") || String(DEFAULT_LIMIT);
  const limit = /^\d{1,3}$/.test(limitText) ? Number(limitText) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) return { error: failure("INVALID_REQUEST", `limit must be a whole number from 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT}).`) };
  const cursor = c.req.query("cursor") || null;
  const after = cursor === null ? null : decodeCursor(cursor);
  if (cursor !== null && after === null) return { error: failure("INVALID_REQUEST", "cursor must be a nextCursor this list gave.") };
  return { limit, after };
}

/** An empty body (`{ value: null }`) or a JSON object (`{ value }`), else `{ error }`. */
async function jsonBody(c) {
  const text = (await c.req.text()).trim();
  if (text === "") return { value: null };
  try {
    const value = JSON.parse(text);
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return { value };
  } catch {}
  return { error: failure("INVALID_REQUEST", "The body must be empty or a JSON object.") };
}

function isListOfText(value) {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "string" && item !== "");
}

const corsByConfig = new WeakMap();

/** The admin API's CORS, built once per isolate's settings; null without CORS_ORIGINS. */
function corsFor(config) {
  if (!corsByConfig.has(config)) {
    const allow = config.corsOrigins.length > 0 ? cors({ origin: config.corsOrigins, allowMethods: ["GET", "POST"], allowHeaders: ["Authorization", "Content-Type"], maxAge: 600 }) : null;
    corsByConfig.set(config, allow);
  }
  return corsByConfig.get(config);
}
