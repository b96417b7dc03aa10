/**
 * The receiver's settings, read from vars and secrets once per isolate and checked before the
 * first request is served. Error messages name the setting, never its value.
 */
import { signForwarded } from "twenty-webhooks";
import { logError } from "./log.js";

export class ConfigError extends Error {
  code = "CONFIG_INVALID";
}

/** A Durable Object row holds at most 2 MB; a queued body that large is kept in one. */
const MAX_STORABLE_BODY_BYTES = 1_900_000;

/** Numeric settings: default and accepted range. */
const NUMBERS = {
  TOLERANCE_MS: { fallback: 300_000, min: 1_000, max: 86_400_000 },
  MAX_BODY_BYTES: { fallback: 1_048_576, min: 1, max: MAX_STORABLE_BODY_BYTES },
  FORWARD_TIMEOUT_MS: { fallback: 10_000, min: 100, max: 120_000 },
  RETRY_BASE_SECONDS: { fallback: 30, min: 0, max: 43_200 },
  MAX_ATTEMPTS: { fallback: 10, min: 1, max: 100 },
  LOG_RETENTION_DAYS: { fallback: 3, min: 1, max: 14 },
  RELAY_MAX_LISTENERS: { fallback: 5, min: 1, max: 100 },
};

const MODES = ["queue", "direct"];

const byEnv = new WeakMap();

/** The checked settings for this Worker's env, computed on first use; throws ConfigError. */
export function configFor(env) {
  let entry = byEnv.get(env);
  if (!entry) {
    try {
      entry = { config: readConfig(env) };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      logError("config_invalid", { message: error.message });
      entry = { error };
    }
    byEnv.set(env, entry);
  }
  if (entry.error) throw entry.error;
  return entry.config;
}

/** Reads and checks every setting; throws ConfigError naming the first bad one. */
export function readConfig(env) {
  const mode = text(env.DELIVERY_MODE) || "queue";
  if (!MODES.includes(mode)) throw new ConfigError(`DELIVERY_MODE must be "queue" or "direct".`);
  const config = {
    secrets: readSecrets(env.TWENTY_WEBHOOK_SECRETS),
    forwardSecret: readForwardSecret(env),
    routes: readRoutes(env),
    mode,
    toleranceMs: number(env, "TOLERANCE_MS"),
    maxBodyBytes: number(env, "MAX_BODY_BYTES"),
    forwardTimeoutMs: number(env, "FORWARD_TIMEOUT_MS"),
    retryBaseSeconds: number(env, "RETRY_BASE_SECONDS"),
    maxAttempts: number(env, "MAX_ATTEMPTS"),
    logRetentionDays: number(env, "LOG_RETENTION_DAYS"),
    corsOrigins: readOrigins(env.CORS_ORIGINS),
    // The admin API and the relay exist only while this secret is set; empty means off.
    adminToken: text(env.ADMIN_TOKEN) || null,
    relayMaxListeners: number(env, "RELAY_MAX_LISTENERS"),
  };
  // The admin API's replays and re-drives go through the queues, in direct mode too.
  const bindings = mode === "queue" || config.adminToken ? ["LEDGER", "LOG", "DELIVERIES", "DEAD_LETTERS"] : ["LEDGER", "LOG"];
  if (config.adminToken) bindings.push("RELAY");
  for (const name of bindings) {
    if (!env[name]) throw new ConfigError(`The ${name} binding is missing; deploy with edge/wrangler.jsonc.`);
  }
  return Object.freeze(config);
}

function readSecrets(value) {
  const secrets = text(value).split(",").map((secret) => secret.trim());
  if (secrets.some((secret) => secret === "")) {
    throw new ConfigError("TWENTY_WEBHOOK_SECRETS must hold the webhook's secret (several, comma-separated, during a rotation), with no empty entry.");
  }
  return secrets;
}

/** Each route: `{ operations, url }`; `operations: null` (FORWARD_URL) takes every event. */
function readRoutes(env) {
  const forwardUrl = text(env.FORWARD_URL);
  const routes = env.ROUTES === undefined || env.ROUTES === "" ? undefined : env.ROUTES;
  if (forwardUrl && routes !== undefined) throw new ConfigError("Set FORWARD_URL or ROUTES, not both.");
  if (forwardUrl) return [{ operations: null, url: httpUrl(forwardUrl, "FORWARD_URL") }];
  if (routes === undefined) throw new ConfigError("Set FORWARD_URL (one destination) or ROUTES (a JSON list of { operations, url }).");
  const list = typeof routes === "string" ? parseJson(routes, "ROUTES") : routes;
  if (!Array.isArray(list) || list.length === 0) throw new ConfigError("ROUTES must be a non-empty JSON list of { operations, url }.");
  return list.map((route, i) => {
    const operations = route?.operations;
    if (!Array.isArray(operations) || operations.length === 0 || !operations.every((op) => typeof op === "string" && op !== "")) {
      throw new ConfigError(`ROUTES[${i}].operations must be a non-empty list of Twenty operations such as "person.*".`);
    }
    return { operations: [...operations], url: httpUrl(route.url, `ROUTES[${i}].url`) };
  });
}

/** FORWARD_SECRET: `whsec_` and the base64 of a key, or any other text (keyed by its UTF-8 bytes). */
function readForwardSecret(env) {
  const secret = required(env, "FORWARD_SECRET", "the secret the destination verifies each forwarded delivery with");
  try {
    signForwarded({ secret, deliveryId: "config-check", body: "" });
  } catch (error) {
    if (error?.code !== "INVALID_SECRET") throw error;
    throw new ConfigError("FORWARD_SECRET starts with whsec_ but the rest is not the base64 of a key; give the Standard Webhooks form whsec_<base64>, or a secret without that prefix.");
  }
  return secret;
}

function readOrigins(value) {
  const origins = text(value).split(",").map((origin) => origin.trim()).filter(Boolean);
  for (const origin of origins) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
      throw new ConfigError("CORS_ORIGINS must be a comma-separated list of origins such as http://localhost:8080 (scheme, host and port; no path).");
    }
  }
  return origins;
}

function httpUrl(value, name) {
  const url = typeof value === "string" && URL.canParse(value) ? new URL(value) : null;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) throw new ConfigError(`${name} must be an http:// or https:// URL.`);
  return url.href;
}

function parseJson(value, name) {
  try {
    return JSON.parse(value);
  } catch {
    throw new ConfigError(`${name} is not valid JSON.`);
  }
}

function required(env, name, what) {
  const value = text(env[name]);
  if (!value) throw new ConfigError(`${name} is not set: it is ${what}.`);
  return value;
}

/** Vars may be JSON numbers or strings; an empty string means "use the default". */
function number(env, name) {
  const { fallback, min, max } = NUMBERS[name];
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = typeof raw === "number" ? raw : /^\d+$/.test(String(raw).trim()) ? Number(String(raw).trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (default ${fallback}).`);
  }
  return value;
}

function text(value) {
  return typeof value === "string" ? value.trim() : "";
}
