/**
 * @module admin/client
 * The receiver's admin API (edge/README.md), called from the browser with
 * `Authorization: Bearer <token>`: never a token in a URL. Every failure is an AdminError whose
 * `kind` says what the page can tell the user: a refused token, a receiver without the admin
 * API, one that does not answer, one that answers but does not let this page read it (CORS),
 * or the receiver's own `{ error: { code, message, hint } }`.
 */

/** Where the receiver takes Twenty's deliveries (edge/src/app.js): its ordinary CORS covers it. */
const DELIVERY_PATH = "/webhooks/twenty";

/** The page gives up on an admin call after this long. */
export const ADMIN_TIMEOUT_MS = 10_000;

export class AdminError extends Error {
  /** `kind`: "unauthorized" | "no-admin-api" | "unreachable" | "cors" | "timeout" | "receiver" | "unexpected". */
  constructor(kind, message, { code = null, hint = null, status = null } = {}) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.hint = hint;
    this.status = status;
  }
}

/** The receiver URL as typed, checked: an http(s) origin, maybe with a path, no trailing slash. */
export function normalizeReceiverUrl(text) {
  const value = text.trim();
  if (value === "") return { error: "Enter the receiver's URL, e.g. http://127.0.0.1:8787." };
  if (!URL.canParse(value)) return { error: "Not a URL: write it with its scheme, e.g. https://twenty-webhooks.example.workers.dev." };
  const url = new URL(value);
  if (url.protocol !== "http:" && url.protocol !== "https:") return { error: "The receiver's URL must start with http:// or https://." };
  if (url.username || url.password) return { error: "Leave the user name and password out of the URL: the admin token is sent in a header." };
  if (url.search || url.hash) return { error: "Give the receiver's address only, without ?query or #fragment." };
  return { url: `${url.origin}${url.pathname.replace(/\/+$/, "")}` };
}

/** The admin calls for one receiver and token. */
export function adminClient({ receiverUrl, token }) {
  const call = (path, options) => request(receiverUrl, token, path, options);
  return {
    /** `{ deliveries, nextCursor }`, newest first. */
    listDeliveries: ({ state, event, cursor, limit } = {}) => call(`/admin/deliveries${query({ state, event, cursor, limit })}`),
    /** The delivery with `headers`, `body` (text or null) and `bodyExpired`. */
    getDelivery: (id) => call(`/admin/deliveries/${encodeURIComponent(id)}`),
    /** Forwards the original bytes again, same delivery id, to all its destinations. */
    replay: (id) => call(`/admin/deliveries/${encodeURIComponent(id)}/replay`, { method: "POST" }),
    /** `{ deadLetters, nextCursor }`, newest first. */
    listDeadLetters: ({ cursor, limit } = {}) => call(`/admin/dead-letters${query({ cursor, limit })}`),
    /** Re-drives the given dead letters, or all of them without `ids`. */
    redrive: (ids) => call("/admin/dead-letters/redrive", { method: "POST", body: ids ? { ids } : undefined }),
  };
}

function query(params) {
  const search = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== undefined && value !== null && value !== ""));
  const text = search.toString();
  return text ? `?${text}` : "";
}

async function request(receiverUrl, token, path, { method = "GET", body } = {}) {
  const url = `${receiverUrl}${path}`;
  const headers = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "omit",
      signal: AbortSignal.timeout(ADMIN_TIMEOUT_MS),
    });
  } catch (error) {
    if (error?.name === "TimeoutError") throw new AdminError("timeout", `No answer from ${receiverUrl} within ${ADMIN_TIMEOUT_MS / 1000} s.`);
    if (error instanceof TypeError) throw await whyUnreadable(receiverUrl);
    throw error;
  }
  const text = await response.text();
  const json = parseJson(text);
  if (response.ok) {
    if (json === undefined) throw new AdminError("unexpected", `${url} answered ${response.status} with something other than JSON: is ${receiverUrl} the twenty-webhooks receiver?`, { status: response.status });
    return json;
  }
  throw errorFor(response.status, json, receiverUrl);
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The AdminError for a readable non-2xx answer. */
function errorFor(status, json, receiverUrl) {
  const error = json?.error;
  const code = typeof error?.code === "string" ? error.code : null;
  if (status === 401) {
    return new AdminError("unauthorized", "The receiver refused this admin token (401 UNAUTHORIZED).", {
      code,
      status,
      hint: "Use the receiver's ADMIN_TOKEN secret exactly (npm start prints it with the other running lines; on Cloudflare it is the one set with wrangler secret put ADMIN_TOKEN).",
    });
  }
  // The receiver's ordinary 404 for a path it does not serve: /admin/* is off without ADMIN_TOKEN.
  if (status === 404 && code === "NOT_FOUND") return noAdminApi(receiverUrl, status);
  if (code) return new AdminError("receiver", `${code}: ${error.message ?? ""}`.trim(), { code, status, hint: error.hint ?? null });
  if (status === 404) return noAdminApi(receiverUrl, status);
  return new AdminError("unexpected", `${receiverUrl} answered HTTP ${status}, not the receiver's JSON error: is it the twenty-webhooks receiver?`, { status });
}

function noAdminApi(receiverUrl, status) {
  return new AdminError("no-admin-api", `${receiverUrl} is the receiver, but has no admin API: /admin/deliveries is not found (404).`, {
    code: "NOT_FOUND",
    status,
    hint: "The admin API is on only when the receiver has the ADMIN_TOKEN secret: set it (wrangler secret put ADMIN_TOKEN) and deploy again, or check that the URL is the receiver's.",
  });
}

/**
 * A failed fetch does not say why. Requests that need no preflight tell most cases apart:
 * - the same path without the token: a readable 404 means no admin API, a readable 401 an
 *   admin API whose CORS does not take this page's token;
 * - the delivery path, which the receiver's ordinary CORS covers: readable means this page's
 *   origin is allowed, so an unreadable /admin/* is the receiver's 404 without CORS, the answer
 *   of a receiver whose admin API is off;
 * - an opaque request, which succeeds whenever something answers at all.
 */
async function whyUnreadable(receiverUrl) {
  const origin = location.origin;
  const probe = (path, options = {}) => fetch(`${receiverUrl}${path}`, { cache: "no-store", credentials: "omit", signal: AbortSignal.timeout(ADMIN_TIMEOUT_MS), ...options });
  const readable = await probe("/admin/deliveries?limit=1").catch(() => null);
  if (readable) {
    const json = parseJson(await readable.text());
    if (readable.status === 404) return noAdminApi(receiverUrl, 404);
    if (readable.status !== 401 && json?.error?.code) return errorFor(readable.status, json, receiverUrl);
    return corsRefused(receiverUrl, origin);
  }
  const deliveryPath = await probe(DELIVERY_PATH).catch(() => null);
  if (deliveryPath && parseJson(await deliveryPath.text())?.error?.code) return noAdminApi(receiverUrl, null);
  if (await probe("/", { mode: "no-cors" }).then(() => true, () => false)) return corsRefused(receiverUrl, origin);
  const mixed = location.protocol === "https:" && receiverUrl.startsWith("http:");
  return new AdminError("unreachable", `No answer from ${receiverUrl}: nothing listens there, the name does not resolve, or its certificate is not trusted.`, {
    hint: mixed
      ? "This page is served over HTTPS and the receiver's URL is plain http://, which browsers refuse: use the receiver's https:// URL."
      : "Check the URL and that the receiver runs (npm start runs one at http://127.0.0.1:8787).",
  });
}

function corsRefused(receiverUrl, origin) {
  return new AdminError("cors", `${receiverUrl} answers, but does not let this page (${origin}) read its admin API.`, {
    hint: `Add ${origin} to the receiver's CORS_ORIGINS (comma-separated origins) and deploy again; check too that the URL is the receiver's.`,
  });
}
