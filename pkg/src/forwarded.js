/**
 * @module twenty-webhooks/forwarded
 * Deliveries forwarded by the edge receiver (edge/), which are also Standard Webhooks
 * deliveries (https://www.standardwebhooks.com/): `webhook-id` is the delivery id,
 * `webhook-timestamp` the time in seconds, and `webhook-signature` is `v1,` and the base64
 * HMAC-SHA256 of `${id}.${timestamp}.${body}`. Twenty's own scheme signs only the timestamp and
 * the body; this signature also covers the id destinations deduplicate on, so a captured hop
 * cannot be re-sent under another delivery's id.
 *
 * The key: a `whsec_` secret is `whsec_` and the base64 of the key bytes (the Standard
 * Webhooks form); any other secret is keyed by its UTF-8 bytes, so its Standard Webhooks form
 * is `whsec_` and the base64 of those bytes. The HMAC runs in the package's wasm: no
 * node:crypto, the same code in every runtime.
 */
import * as wasm from "../dist/wasm/twenty_webhooks.js";
import { argumentError, WebhookVerificationError } from "./errors.js";
import { headerEntries } from "./headers.js";
import { DEFAULT_TOLERANCE_MS, toBytesOrText, toMillis, toSecrets, toTolerance } from "./inputs.js";
import { callWasm } from "./lifecycle.js";
import { parsePayload } from "./verifier.js";

/** The headers of a forwarded delivery beside Twenty's own. Compare them case-insensitively. */
export const FORWARDED_HEADERS = Object.freeze({
  id: "webhook-id",
  timestamp: "webhook-timestamp",
  signature: "webhook-signature",
  deliveryId: "X-Twenty-Webhook-Delivery-Id",
});

const SECRET_PREFIX = "whsec_";
const encoder = new TextEncoder();
const SIGNATURE_VERSION = "v1,";
/** Seconds fit in 12 digits until the year 33658; more is not a timestamp in seconds. */
const SECONDS = /^\d{1,12}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
/** What an id may hold: visible ASCII, as in an HTTP header. */
const ID = /^[\x21-\x7e]{1,256}$/;
const HINT_HEADERS = "Forwarded deliveries carry webhook-id, webhook-timestamp and webhook-signature: make sure proxies between the receiver and you pass them through.";

/** Why a forwarded delivery does not verify: the codes are those of `verify`, the same facts. */
const REFUSALS = {
  missingId: ["MISSING_SIGNATURE", "The webhook-id header is missing; the signature covers the delivery id.", HINT_HEADERS],
  missingTimestamp: ["MISSING_TIMESTAMP", "The webhook-timestamp header is missing.", HINT_HEADERS],
  missingSignature: ["MISSING_SIGNATURE", "The webhook-signature header is missing.", HINT_HEADERS],
  malformedTimestamp: ["MALFORMED_TIMESTAMP", "The webhook-timestamp header is not 1 to 12 decimal digits (seconds).", "Pass the header exactly as received."],
  malformedSignature: ["MALFORMED_SIGNATURE", 'The webhook-signature header has no "v1," signature of 32 bytes in base64.', "Pass the header exactly as received."],
  tooOld: ["TIMESTAMP_TOO_OLD", "The webhook-timestamp is further in the past than toleranceMs allows.", "A replay of an old hop, or this machine's clock is behind: check NTP."],
  tooNew: ["TIMESTAMP_TOO_NEW", "The webhook-timestamp is further in the future than toleranceMs allows.", "The sender's clock is ahead: check NTP, or raise toleranceMs."],
  mismatch: [
    "SIGNATURE_MISMATCH",
    "The signature does not match the delivery id, timestamp and body for any secret.",
    "Use the raw body exactly as received and the receiver's FORWARD_SECRET. A hop re-sent under another delivery id is refused here too.",
  ],
  idMismatch: [
    "SIGNATURE_MISMATCH",
    "X-Twenty-Webhook-Delivery-Id differs from the webhook-id the signature covers.",
    "Someone changed the delivery id of a genuine hop: refuse it, and deduplicate on the verified deliveryId.",
  ],
};

function refusal(which) {
  const [code, message, hint] = REFUSALS[which];
  return new WebhookVerificationError({ code, message, hint });
}

/**
 * The Standard Webhooks headers for forwarding `body` as delivery `deliveryId`:
 * `{ "webhook-id", "webhook-timestamp", "webhook-signature" }`. `timestamp` is epoch
 * milliseconds (like `signRequest`); the header carries whole seconds.
 *
 * @example
 * const headers = { ...signRequest({ secret, body, timestamp }).headers, ...signForwarded({ secret, deliveryId: id, body, timestamp }) };
 */
export function signForwarded({ secret, deliveryId, body, timestamp = Date.now() } = {}) {
  const key = keyOf(toSecrets(secret)[0], 0);
  if (typeof deliveryId !== "string" || !ID.test(deliveryId)) {
    throw argumentError("deliveryId must be 1 to 256 visible ASCII characters", "Use deliveryId(headers) of the delivery being forwarded.");
  }
  const seconds = String(Math.floor(toMillis(timestamp, "timestamp") / 1000));
  if (!SECONDS.test(seconds)) throw argumentError("timestamp must be epoch milliseconds from 1970 on", "Use Date.now().");
  return {
    [FORWARDED_HEADERS.id]: deliveryId,
    [FORWARDED_HEADERS.timestamp]: seconds,
    [FORWARDED_HEADERS.signature]: SIGNATURE_VERSION + toBase64(mac(key, deliveryId, seconds, toBytesOrText(body))),
  };
}

/**
 * Verifies a delivery forwarded by the edge receiver, its delivery id included: throws
 * `WebhookVerificationError`, or returns `{ payload, deliveryId, timestamp, secretIndex }`
 * (`timestamp` in epoch milliseconds; `payload` parsed when first read). Deduplicate on
 * `deliveryId`: the signature covers it. An `X-Twenty-Webhook-Delivery-Id` that differs from it
 * is refused.
 *
 * @example
 * const { payload, deliveryId } = verifyForwarded({ secret: env.FORWARD_SECRET, headers: request.headers, body: await request.text() });
 */
export function verifyForwarded({ secret, headers, body, toleranceMs = DEFAULT_TOLERANCE_MS, now = Date.now() } = {}) {
  const keys = forwardKeys(secret);
  const tolerance = toTolerance(toleranceMs);
  const nowMs = toMillis(now);
  const { id, timestamp, signature, deliveryId } = readForwardedHeaders(headers);
  const bytes = toBytesOrText(body);
  if (id === undefined) throw refusal("missingId");
  if (timestamp === undefined) throw refusal("missingTimestamp");
  if (signature === undefined) throw refusal("missingSignature");
  if (!SECONDS.test(timestamp)) throw refusal("malformedTimestamp");
  const timestampMs = Number(timestamp) * 1000;
  if (nowMs - timestampMs > tolerance) throw refusal("tooOld");
  if (timestampMs - nowMs > tolerance) throw refusal("tooNew");
  const candidates = signature.split(" ").filter((entry) => entry.startsWith(SIGNATURE_VERSION)).map((entry) => fromBase64(entry.slice(SIGNATURE_VERSION.length))).filter((bytes) => bytes?.length === 32);
  if (candidates.length === 0) throw refusal("malformedSignature");
  const secretIndex = keys.findIndex((key) => {
    const expected = mac(key, id, timestamp, bytes);
    return candidates.some((candidate) => sameBytes(candidate, expected));
  });
  if (secretIndex < 0) throw refusal("mismatch");
  if (deliveryId !== undefined && deliveryId !== id) throw refusal("idMismatch");
  return new ForwardedDelivery(body, id, timestampMs, secretIndex);
}

/** `{ id, timestamp, signature, deliveryId }`, each a string or undefined; repeats are joined. */
function readForwardedHeaders(headers) {
  const wanted = new Map(Object.entries(FORWARDED_HEADERS).map(([field, name]) => [name.toLowerCase(), field]));
  const found = {};
  for (const [name, value] of headerEntries(headers)) {
    const field = wanted.get(name.toLowerCase());
    if (field) found[field] = found[field] === undefined ? value : `${found[field]}, ${value}`;
  }
  return found;
}

/** The HMAC keys a FORWARD_SECRET (or a list, for rotation) stands for; INVALID_SECRET if one cannot be. */
export function forwardKeys(secret) {
  return toSecrets(secret).map(keyOf);
}

/** The HMAC key a secret stands for (see the module's header). */
function keyOf(secret, index) {
  const invalid = (message) => new WebhookVerificationError({
    code: "INVALID_SECRET",
    message: `Secret #${index} ${message}.`,
    hint: "Pass the receiver's FORWARD_SECRET: whsec_ and the base64 of the key, or any other non-empty text.",
  });
  if (secret.trim() === "") throw invalid("is empty or white space");
  if (!secret.startsWith(SECRET_PREFIX)) return encoder.encode(secret);
  const key = fromBase64(secret.slice(SECRET_PREFIX.length));
  if (!key?.length) throw invalid("starts with whsec_ but the rest is not base64 of a key");
  return key;
}

/** HMAC-SHA256 of `id.timestamp.` and the body, in wasm. */
function mac(key, id, timestamp, bodyBytes) {
  return callWasm(() => wasm.hmacSha256(key, encoder.encode(`${id}.${timestamp}.`), bodyBytes));
}

/** Compares every byte, whatever differs first: no timing tells how much of a forgery is right. */
function sameBytes(a, b) {
  let difference = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) difference |= a[i] ^ b[i];
  return difference === 0;
}

function toBase64(bytes) {
  return btoa(String.fromCharCode(...bytes));
}

/** Standard base64 (padding optional) as bytes, or null. */
function fromBase64(text) {
  if (!BASE64.test(text)) return null;
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

const UNREAD = Symbol("unread");

/** A verified forwarded delivery; `payload` is parsed from the body when first read. */
class ForwardedDelivery {
  #body;
  #payload = UNREAD;

  constructor(body, deliveryId, timestamp, secretIndex) {
    this.#body = body;
    this.deliveryId = deliveryId;
    this.timestamp = timestamp;
    this.secretIndex = secretIndex;
  }

  get payload() {
    if (this.#payload === UNREAD) this.#payload = parsePayload(this.#body);
    return this.#payload;
  }

  toJSON() {
    return { payload: this.payload, deliveryId: this.deliveryId, timestamp: this.timestamp, secretIndex: this.secretIndex };
  }
}
