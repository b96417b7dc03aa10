/**
 * One hop to a destination: the original body bytes, unchanged, with Twenty's headers signed
 * afresh with FORWARD_SECRET (new timestamp and nonce) and the delivery id, so the destination
 * verifies the hop with this same package and deduplicates retries.
 */
import { signRequest } from "twenty-webhooks";

export const DELIVERY_ID_HEADER = "X-Twenty-Webhook-Delivery-Id";

/**
 * POSTs `body` to `url`. Never throws: resolves to `{ ok: true }` for a 2xx answer (whose body
 * is ignored, as Twenty ignores it), else `{ ok: false, reason }` with reason `HTTP_<status>`,
 * `TIMEOUT` or `UNREACHABLE`.
 */
export async function forward(url, body, { deliveryId, forwardSecret, timeoutMs }) {
  const { headers } = signRequest({ secret: forwardSecret, body });
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { ...headers, [DELIVERY_ID_HEADER]: deliveryId },
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
