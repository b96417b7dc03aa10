/**
 * One hop to a destination: the original body bytes, unchanged, signed afresh with
 * FORWARD_SECRET two ways at one timestamp: as a Standard Webhooks delivery whose signature
 * covers the delivery id (`webhook-id`, `webhook-timestamp`, `webhook-signature`: what
 * destinations verify, with `verifyForwarded` or any Standard Webhooks library), and with
 * Twenty's headers (new timestamp and nonce) for the package's `verify`. The id also goes in
 * X-Twenty-Webhook-Delivery-Id; destinations deduplicate on it.
 */
import { FORWARDED_HEADERS, signForwarded, signRequest } from "twenty-webhooks";

/**
 * POSTs `body` to `url`. Never throws: resolves to `{ ok: true }` for a 2xx answer (whose body
 * is ignored, as Twenty ignores it), else `{ ok: false, reason }` with reason `HTTP_<status>`,
 * `TIMEOUT` or `UNREACHABLE`.
 */
export async function forward(url, body, { deliveryId, forwardSecret, timeoutMs }) {
  const timestamp = Date.now();
  const { headers } = signRequest({ secret: forwardSecret, body, timestamp });
  const hop = signForwarded({ secret: forwardSecret, deliveryId, body, timestamp });
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { ...headers, ...hop, [FORWARDED_HEADERS.deliveryId]: deliveryId },
      body,
      redirect: "manual", // a redirect is not an acceptance; following it would re-POST elsewhere
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return response.ok ? { ok: true } : { ok: false, reason: `HTTP_${response.status}` };
  } catch (error) {
    return { ok: false, reason: error?.name === "TimeoutError" ? "TIMEOUT" : "UNREACHABLE" };
  }
}

/**
 * Forwards to every destination at once. `failed` lists the URLs that did not accept it;
 * `failures` says why, for logs: the host only, since a path or query may carry a token.
 */
export async function forwardAll(destinations, body, options) {
  const results = await Promise.all(destinations.map((url) => forward(url, body, options)));
  const failed = destinations.filter((_, i) => !results[i].ok);
  const failures = results.filter((result) => !result.ok).map((result, i) => ({ host: new URL(failed[i]).host, reason: result.reason }));
  return { failed, failures };
}
