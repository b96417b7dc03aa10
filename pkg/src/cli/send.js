/**
 * @module twenty-webhooks/cli/send
 * One POST as Twenty's server makes it (node:http, as its HTTP client does, so that any port can
 * be reached): its 5 s timeout over the whole exchange, redirects followed as its client follows
 * them, the answer's body read and ignored, 2xx counted as success.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { UsageError } from "./usage.js";

/** Twenty gives up on a delivery after this long. */
export const TWENTY_TIMEOUT_MS = 5_000;
/** Twenty's HTTP client follows up to this many redirects. */
const MAX_REDIRECTS = 21;

/** An http(s) URL from a flag, normalised as Twenty stores a webhook's target URL. */
export function targetUrl(flag, text) {
  let url;
  try {
    url = new URL(text.trim());
  } catch {
    throw new UsageError(`--${flag} must be an absolute http:// or https:// URL, not "${text}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--${flag} must be an http:// or https:// URL, not ${url.protocol}`);
  return url;
}

/**
 * POSTs one delivery. Resolves to `{ status, ok, latencyMs }` for an answer, or `{ ok: false,
 * error, latencyMs }` when none came (timeout, refused, unknown host, TLS…); never rejects.
 */
export async function deliver(url, { body, headers }) {
  const started = performance.now();
  const signal = AbortSignal.timeout(TWENTY_TIMEOUT_MS);
  let hop = { url, method: "POST", body: Buffer.from(body), headers: { ...headers } };
  try {
    for (let redirects = 0; ; redirects++) {
      const { status, location } = await exchange(hop, signal);
      const next = location && redirects < MAX_REDIRECTS ? redirected(hop, status, location) : undefined;
      if (!next) return { status, ok: status >= 200 && status < 300, latencyMs: performance.now() - started };
      hop = next;
    }
  } catch (error) {
    return { ok: false, error: signal.aborted ? `timeout after ${TWENTY_TIMEOUT_MS} ms` : failureOf(error), latencyMs: performance.now() - started };
  }
}

/** One request and its answer's status, the body drained. */
function exchange({ url, method, body, headers }, signal) {
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  const sent = body ? { ...headers, "Content-Length": String(body.length) } : headers;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: sent, signal }, (res) => {
      res.on("error", reject);
      res.on("end", () => resolve({ status: res.statusCode, location: res.headers.location }));
      res.resume();
    });
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * The next hop, as Twenty's client redirects: 307 and 308 POST the same body again; 301, 302
 * and 303 become a GET without a body that keeps the other headers. Other statuses are answers.
 */
function redirected(hop, status, location) {
  const url = new URL(location, hop.url);
  if (status === 307 || status === 308) return { ...hop, url };
  if (status !== 301 && status !== 302 && status !== 303) return undefined;
  const headers = Object.fromEntries(Object.entries(hop.headers).filter(([name]) => !/^content-/i.test(name)));
  return { url, method: "GET", body: undefined, headers };
}

/** Why no answer came, in a few words. */
function failureOf(error) {
  const reason = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "unknown host",
    EAI_AGAIN: "host lookup failed",
    ECONNRESET: "connection reset",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
  }[error?.code];
  return reason ? `unreachable: ${reason}` : `no answer: ${error?.code ?? error?.message ?? error}`;
}
