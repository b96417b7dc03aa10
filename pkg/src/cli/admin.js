/**
 * @module twenty-webhooks/cli/admin
 * The edge receiver's admin API as the CLI reaches it: where (`--receiver`), with which token
 * (`--token`, else TWENTY_WEBHOOKS_ADMIN_TOKEN; never printed), and its refusals turned into one
 * failure each, with a hint that says what to change. `listen` reads the same refusals from its
 * WebSocket upgrade.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { printable, printTable } from "./output.js";
import { targetUrl } from "./send.js";
import { CommandFailure, EXIT, integerFlag, UsageError } from "./usage.js";

export const TOKEN_VARIABLE = "TWENTY_WEBHOOKS_ADMIN_TOKEN";

/** Flags of every command that talks to the admin API. */
export const ADMIN_OPTIONS = {
  receiver: { type: "string", value: "<url>", description: "the edge receiver's URL (https://<worker>.workers.dev), with its path if it is served under one" },
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

/**
 * One page of an admin list (`name` its field in the answer, `noun` its words): the JSON
 * document, or a table (or "no <noun>") and how to ask for the next page.
 */
export function printPage(out, { name, noun, items, nextCursor, cursorGiven, columns }) {
  if (out.json) {
    out.document({ ok: true, [name]: items, nextCursor });
    return EXIT.OK;
  }
  if (!items.length) out.line(out.paint.dim(cursorGiven ? `no more ${noun}` : `no ${noun}`));
  else printTable(out, columns, items);
  if (nextCursor) out.line(out.paint.dim(`more: --cursor ${nextCursor}`));
  return EXIT.OK;
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

/**
 * `{ receiverUrl, token }` from the flags and the environment, or a UsageError. `receiverUrl`:
 * the receiver's origin and path, without a trailing slash (a receiver behind a path prefix
 * keeps it), as the page normalises it (www/app/admin/client.js).
 */
export function adminTarget(values, env) {
  if (values.receiver === undefined) throw new UsageError("--receiver <url> is required: the edge receiver's URL");
  const receiver = targetUrl("receiver", values.receiver);
  if (receiver.username || receiver.password) throw new UsageError("--receiver: leave the user name and password out of the URL (the admin token is sent in a header)");
  if (receiver.search || receiver.hash) throw new UsageError("--receiver: give the receiver's address only, without ?query or #fragment");
  const receiverUrl = `${receiver.origin}${receiver.pathname.replace(/\/+$/, "")}`;
  const token = values.token ?? env[TOKEN_VARIABLE] ?? "";
  if (token === "") throw new UsageError(`no admin token: pass --token <token> or set ${TOKEN_VARIABLE}`);
  if (!/^[\x21-\x7e]+$/.test(token)) throw new UsageError("the admin token must be visible ASCII characters without spaces");
  return { receiverUrl, token };
}

/** The admin URL of `path` (`/admin/…`) on the receiver, under --receiver's path. */
export function adminUrl({ receiverUrl }, path, query = {}) {
  const url = new URL(`${receiverUrl}${path}`);
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, value);
  return url;
}

export function authorization({ token }) {
  return { Authorization: `Bearer ${token}` };
}

/**
 * One admin API call: resolves to the answer's JSON for a 2xx whose shape `answer` (a check from
 * answers.js) accepts, else throws a CommandFailure: the receiver's code, message and hint (exit
 * 2 for a 400: the receiver refused what was given), or NOT_A_RECEIVER for an answer of another
 * shape. node:http rather than fetch, which refuses some ports (fetch's "bad ports").
 */
export async function adminRequest(target, method, path, { query, body, answer: problemOf } = {}) {
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
  if (status < 200 || status >= 300) throw receiverFailure(target, status, text);
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw receiverProblem("NOT_A_RECEIVER", `${target.receiverUrl} answered HTTP ${status}, not the receiver's JSON`);
  }
  const problem = problemOf?.(json);
  if (problem) throw receiverProblem("NOT_A_RECEIVER", `${url.origin}${url.pathname} answered HTTP ${status}, but ${problem}`);
  return json;
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

/** The receiver's error codes look like this (edge/src/errors.js). */
const ERROR_CODE = /^[A-Z][A-Z0-9_]*$/;

/**
 * A refusal (HTTP status and body) as a CommandFailure: the receiver's error, its message and
 * hint made printable, else NOT_A_RECEIVER.
 */
export function receiverFailure(target, status, text) {
  let error;
  try {
    error = JSON.parse(text)?.error;
  } catch {}
  if (typeof error?.code !== "string" || !ERROR_CODE.test(error.code)) {
    return receiverProblem("NOT_A_RECEIVER", `${target.receiverUrl} answered HTTP ${status}, not the receiver's JSON`);
  }
  const { code } = error;
  const message = (typeof error.message === "string" && printable(error.message).trim()) || `HTTP ${status}`;
  const hint = RECEIVER_HINTS[code] ?? (typeof error.hint === "string" ? printable(error.hint).trim() || undefined : undefined);
  return new CommandFailure({ code, message, hint }, status === 400 ? EXIT.USAGE : EXIT.FAILED);
}

/** A network error or timeout as a CommandFailure. */
export function unreachable(target, error) {
  if (error?.name === "TimeoutError" || error?.cause?.name === "TimeoutError") return receiverProblem("RECEIVER_TIMEOUT", `${target.receiverUrl} did not answer within ${ADMIN_TIMEOUT_MS / 1000} s`);
  const cause = error?.cause ?? error;
  const reason = { ECONNREFUSED: "connection refused", ENOTFOUND: "unknown host", EAI_AGAIN: "host lookup failed", ECONNRESET: "connection reset" }[cause?.code] ?? cause?.code ?? cause?.message ?? String(cause);
  return receiverProblem("RECEIVER_UNREACHABLE", `cannot reach ${target.receiverUrl}: ${reason}`);
}

/** A failure of the CLI's own table above. */
export function receiverProblem(code, message) {
  return new CommandFailure({ code, message, hint: RECEIVER_FAILURES[code].hint });
}
