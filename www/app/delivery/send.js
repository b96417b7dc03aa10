/**
 * @module delivery/send
 * POSTs a delivery from the browser the way Twenty's server would (5-second timeout, no
 * retry), and says why when the browser does not let it through.
 */

/** Twenty's HTTP client gives up after 5 seconds and records a failure. */
export const TWENTY_TIMEOUT_MS = 5000;

/**
 * `{ kind: "response", status, statusText, ok, bodyText, latencyMs }`,
 * `{ kind: "timeout", latencyMs }` or `{ kind: "blocked", latencyMs, causes }`.
 */
export async function sendDelivery({ url, headers, body }) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TWENTY_TIMEOUT_MS);
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, { method: "POST", headers, body, signal: controller.signal, credentials: "omit", cache: "no-store" });
    const bodyText = await response.text(); // within the timeout too: Twenty waits for the whole answer
    return { kind: "response", status: response.status, statusText: response.statusText, ok: response.ok, bodyText, latencyMs: latency() };
  } catch (error) {
    if (controller.signal.aborted) return { kind: "timeout", latencyMs: latency() };
    if (error instanceof TypeError) return { kind: "blocked", latencyMs: latency(), causes: blockedCauses(url, location.href) };
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;
const PRIVATE_HOST = /^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[::1\]|\[f[cd])/;

/**
 * A failed fetch is a TypeError whatever the reason: the browser hides which one from the
 * page. These are the likely ones for this target seen from this page, most likely first.
 */
function blockedCauses(targetUrl, pageUrl) {
  const target = new URL(targetUrl);
  const page = new URL(pageUrl);
  const causes = [];
  if (page.protocol === "https:" && target.protocol === "http:" && !LOCAL_HOST.test(target.hostname)) {
    causes.push("Mixed content: this page is served over HTTPS and the endpoint is plain http://, which browsers refuse. Use an https:// endpoint, or open this page over http.");
  }
  causes.push(
    `CORS: the endpoint must answer the browser's preflight (OPTIONS) with Access-Control-Allow-Origin: ${page.origin} and Access-Control-Allow-Headers: content-type, x-twenty-webhook-timestamp, x-twenty-webhook-signature, x-twenty-webhook-nonce. Twenty's server needs none of this; only a browser does.`,
  );
  causes.push(`Unreachable: ${target.host} does not resolve, nothing listens there, or its TLS certificate is not trusted.`);
  if (PRIVATE_HOST.test(target.hostname) && !PRIVATE_HOST.test(page.hostname)) {
    causes.push("Private network: browsers may block a public page from calling a local or private address. Open this page locally instead.");
  }
  return causes;
}
