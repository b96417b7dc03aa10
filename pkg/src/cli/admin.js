/**
 * @module twenty-webhooks/cli/admin
 * The edge receiver's admin API as the CLI reaches it: where (`--receiver`), with which token
 * (`--token`, else TWENTY_WEBHOOKS_ADMIN_TOKEN; never printed), and its refusals turned into one
 * failure each, with a hint that says what to change. `listen` reads the same refusals from its
 * WebSocket upgrade.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { targetUrl } from "./send.js";
import { CommandFailure, EXIT, integerFlag, UsageError } from "./usage.js";

export const TOKEN_VARIABLE = "TWENTY_WEBHOOKS_ADMIN_TOKEN";

/** Flags of every command that talks to the admin API. */
export const ADMIN_OPTIONS = {
  receiver: { type: "string", value: "<url>", description: "the edge receiver's URL (https://<worker>.workers.dev)" },
  token: { type: "string", value: "<token>", description: `the receiver's ADMIN_TOKEN; default $${TOKEN_VARIABLE} (safer: not in the process list)` },
};

/** The admin API's lists: a page of at most this many, newest first. */
const PAGE_LIMIT = { max: 100, default: 50 };

/** Flags of every list (deliveries, dead letters). */
export const PAGE_OPTIONS = {
  limit: { type: "string", value: "<n>", description: `list: how many; 1 to ${PAGE_LIMIT.max}, default ${PAGE_LIMIT.default}` },
  cursor: { type: "string", value: "<cursor>", description: "list: the next page, as the previous one said" },
};

/** `limit` and `cursor` for a list's query, from PAGE_OPTIONS' flags (a UsageError for a bad limit). */
export function pageQuery(values) {
  const limit = values.limit === undefined ? undefined : integerFlag("limit", values.limit, { min: 1, max: PAGE_LIMIT.max });
  return { limit, cursor: values.cursor };
}

/** An admin request (or the relay's handshake) gives up after this long. */
export const ADMIN_TIMEOUT_MS = 15_000;

/** The failures of the CLI's own making when talking to a receiver, one table. */
const RECEIVER_FAILURES = Object.freeze({
  RECEIVER_UNREACHABLE: { hint: "Check --receiver: the receiver's URL, and that it is running." },
  RECEIVER_TIMEOUT: { hint: "Check --receiver, and try again." },
  NOT_A_RECEIVER: { hint: "Check --receiver: it must be the twenty-webhooks edge receiver's URL." },
});

/** Hints for the receiver's own codes that mean something to change on this side. */
const RECEIVER_HINTS = {
  UNAUTHORIZED: `Pass the receiver's ADMIN_TOKEN with --token or $${TOKEN_VARIABLE} (set on the receiver with: wrangler secret put ADMIN_TOKEN).`,
  NOT_FOUND: "The receiver has no admin API: set its ADMIN_TOKEN secret (wrangler secret put ADMIN_TOKEN); and check --receiver is the receiver's URL.",
};

/** `{ receiver, token }` from the flags and the environment, or a UsageError. */
export function adminTarget(values, env) {
  if (values.receiver === undefined) throw new UsageError("--receiver <url> is required: the edge receiver's URL");
  const receiver = targetUrl("receiver", values.receiver);
  const token = values.token ?? env[TOKEN_VARIABLE] ?? "";
  if (token === "") throw new UsageError(`no admin token: pass --token <token> or set ${TOKEN_VARIABLE}`);
  if (!/^[\x21-\x7e]+$/.test(token)) throw new UsageError("the admin token must be visible ASCII characters without spaces");
  return { receiver, token };
}

/** The admin URL of `path` (`/admin/…`) on the receiver, whatever path --receiver had. */
export function adminUrl({ receiver }, path, query = {}) {
  const url = new URL(path, receiver);
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, value);
  return url;
}

export function authorization({ token }) {
  return { Authorization: `Bearer ${token}` };
}

/**
 * One admin API call: resolves to the answer's JSON for a 2xx, else throws a CommandFailure with
 * the receiver's code, message and hint (exit 2 for a 400: the receiver refused what was given).
 * node:http rather than fetch, which refuses some ports (fetch's "bad ports").
 */
export async function adminRequest(target, method, path, { query, body } = {}) {
  const url = adminUrl(target, path, query);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers = { ...authorization(target), "Content-Length": String(payload?.length ?? 0), ...(payload && { "Content-Type": "application/json" }) };
  let answer;
  try {
    answer = await exchange(url, { method, headers, body: payload });
  } catch (error) {
    throw unreachable(target, error);
  }
  const { status, text } = answer;
  if (status >= 200 && status < 300) {
    try {
      return JSON.parse(text);
    } catch {}
  }
  throw receiverFailure(target, status, text);
}

/** One request; resolves to `{ status, text }`. */
function exchange(url, { method, headers, body }) {
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, signal: AbortSignal.timeout(ADMIN_TIMEOUT_MS) }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** A refusal (HTTP status and body) as a CommandFailure: the receiver's error, else NOT_A_RECEIVER. */
export function receiverFailure(target, status, text) {
  let error;
  try {
    error = JSON.parse(text)?.error;
  } catch {}
  if (typeof error?.code !== "string") {
    return receiverProblem("NOT_A_RECEIVER", `${target.receiver.origin} answered HTTP ${status}, not the receiver's JSON`);
  }
  const { code, message = `HTTP ${status}`, hint } = error;
  return new CommandFailure({ code, message, hint: RECEIVER_HINTS[code] ?? hint }, status === 400 ? EXIT.USAGE : EXIT.FAILED);
}

/** A network error or timeout as a CommandFailure. */
export function unreachable(target, error) {
  if (error?.name === "TimeoutError" || error?.cause?.name === "TimeoutError") return receiverProblem("RECEIVER_TIMEOUT", `${target.receiver.origin} did not answer within ${ADMIN_TIMEOUT_MS / 1000} s`);
  const cause = error?.cause ?? error;
  const reason = { ECONNREFUSED: "connection refused", ENOTFOUND: "unknown host", EAI_AGAIN: "host lookup failed", ECONNRESET: "connection reset" }[cause?.code] ?? cause?.code ?? cause?.message ?? String(cause);
  return receiverProblem("RECEIVER_UNREACHABLE", `cannot reach ${target.receiver.origin}: ${reason}`);
}

/** A failure of the CLI's own table above. */
export function receiverProblem(code, message) {
  return new CommandFailure({ code, message, hint: RECEIVER_FAILURES[code].hint });
}
