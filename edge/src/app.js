/**
 * The HTTP side: `POST /webhooks/twenty`. Cheap refusals come first (path, method, media type,
 * size counted while the body streams in), then verification with the package's Hono
 * middleware, then the hand-off (accept.js). Every refusal is
 * `{ "error": { "code", "message", "hint" } }`.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { deliveryId, TWENTY_HEADERS } from "twenty-webhooks";
import { twentyWebhook } from "twenty-webhooks/hono";
import { accept } from "./accept.js";
import { admin, ADMIN_PREFIX } from "./admin/routes.js";
import { configFor, ConfigError } from "./config.js";
import { keptHeaders } from "./envelope.js";
import { failure } from "./errors.js";
import { describe, logError } from "./log.js";

export const WEBHOOK_PATH = "/webhooks/twenty";

/** What a browser may send: Twenty's headers. Nothing is exposed beyond the safelisted ones. */
const CORS_ALLOWED_HEADERS = ["Content-Type", TWENTY_HEADERS.timestamp, TWENTY_HEADERS.signature, TWENTY_HEADERS.nonce];

export const app = new Hono();

app.use("*", async (c, next) => {
  c.set("receivedAt", Date.now());
  let config;
  try {
    config = configFor(c.env);
  } catch (error) {
    if (error instanceof ConfigError) return reply(c, failure("CONFIG_INVALID", error.message));
    throw error;
  }
  c.set("config", config);
  // The admin API has its own CORS (admin/routes.js), and none at all while it is off.
  const { allowOrigins } = middlewareFor(config);
  return allowOrigins && !isAdminPath(c.req.path) ? allowOrigins(c, next) : next();
});

app.route(ADMIN_PREFIX, admin);

app.post(
  WEBHOOK_PATH,
  (c, next) => (mediaType(c.req.header("Content-Type")) === "application/json" ? next() : reply(c, failure("UNSUPPORTED_MEDIA_TYPE"))),
  configured("limitBody"),
  configured("verify"),
  async (c) => {
    const { payload } = c.get("twentyWebhook");
    const delivery = {
      deliveryId: deliveryId(c.req.raw.headers), // the same id the package gives any receiver
      body: await c.req.arrayBuffer(), // the bytes the middleware verified (Hono caches them)
      eventName: payload?.eventName,
      headers: keptHeaders(c.req.raw.headers),
    };
    const context = { receivedAt: c.get("receivedAt"), waitUntil: (promise) => c.executionCtx.waitUntil(promise) };
    return reply(c, await accept(delivery, c.env, c.get("config"), context));
  },
);

app.all(WEBHOOK_PATH, (c) => {
  c.header("Allow", "POST");
  return reply(c, failure("METHOD_NOT_ALLOWED"));
});

app.notFound((c) => reply(c, failure("NOT_FOUND")));

app.onError((error, c) => {
  logError("internal_error", { error: describe(error) });
  return reply(c, failure("INTERNAL_ERROR"));
});

function reply(c, { status, body }) {
  return c.json(body, status);
}

function isAdminPath(path) {
  return path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
}

/** `application/json; charset=utf-8` → `application/json`. */
function mediaType(contentType = "") {
  return contentType.split(";")[0].trim().toLowerCase();
}

const middlewares = new WeakMap();

/** Runs one of the middlewares built from this isolate's settings. */
function configured(name) {
  return (c, next) => middlewareFor(c.get("config"))[name](c, next);
}

/** Middlewares built from the settings once per isolate: the secrets are keyed here, once. */
function middlewareFor(config) {
  let built = middlewares.get(config);
  if (!built) {
    built = {
      limitBody: bodyLimit({ maxSize: config.maxBodyBytes, onError: (c) => reply(c, failure("PAYLOAD_TOO_LARGE")) }),
      verify: twentyWebhook({ secret: config.secrets, toleranceMs: config.toleranceMs }),
      allowOrigins: config.corsOrigins.length > 0 ? cors({ origin: config.corsOrigins, allowMethods: ["POST"], allowHeaders: CORS_ALLOWED_HEADERS, maxAge: 600 }) : null,
    };
    middlewares.set(config, built);
  }
  return built;
}
