/**
 * @module twenty-webhooks/errors
 * The error classes, and how the wasm's error records `{ kind, code, message, hint, hintOf }`
 * become them. Every error has a stable `code` to match on and a `hint` saying how to fix it;
 * messages and hints never contain a secret. Codes and their protocol-level hints come from the
 * Rust code table (src/codes.rs); the JavaScript wording is here.
 */

const RAW_BODY =
  'Verify the raw body exactly as received, before any JSON parsing: await request.text() or request.arrayBuffer(), or express.raw({ type: "application/json" }). ' +
  "Writing a parsed body again does not reliably give back the same bytes.";

/**
 * The package's hints where a JavaScript user needs the names of options or APIs, keyed by code;
 * every other code keeps the core's hint. The README's tables show these
 * (`node scripts/codes.mjs` regenerates them; `npm test -- lint` checks every key is a code).
 */
export const PACKAGE_HINTS = Object.freeze({
  TIMESTAMP_TOO_OLD:
    "Either this is a replay of an old delivery, or your clock is behind the sender's: check NTP on this machine, or raise toleranceMs if deliveries queue for long.",
  TIMESTAMP_TOO_NEW: "The sender's clock is ahead of yours: check NTP on this machine, or raise toleranceMs to allow more skew.",
  TIMESTAMP_IN_SECONDS:
    "The timestamp looks like seconds since the epoch, but Twenty sends milliseconds (Date.now()). If you sign test deliveries yourself, use Date.now(), not Date.now() / 1000.",
  SIGNATURE_MISMATCH:
    "Use the raw request body exactly as received (not a re-serialised JSON object) and the exact secret from Twenty's webhook settings; Twenty signs `${timestamp}:${body}` with HMAC-SHA256. diagnose() names the usual causes.",
  INVALID_BODY: 'Read the body before any JSON parsing, e.g. await request.text() or request.arrayBuffer(), or express.raw({ type: "application/json" }).',
  INVALID_EVENT_DATE: 'Pass a Date, epoch milliseconds, or an ISO-8601 string with a zone, such as "2024-12-24T18:57:19.761Z".',
  INVALID_EVENT: "See TwentyWebhookEvent (record events) and TwentyMetadataWebhookEvent (metadata events) in the type definitions for every field and its type.",
  UNSERIALIZABLE_VALUE: "A record (or a metadata event's event) must hold JSON data: convert BigInt to a number or string, and break cycles, before building the payload.",
  INVALID_ARGUMENT: "The message names the argument and what it must be; the type definitions (index.d.ts) give every option.",
  NOT_INITIALIZED: "await init() once before the first call (browsers load the .wasm file asynchronously).",
  BODY_PARSED: RAW_BODY,
  BODY_RESERIALIZED: RAW_BODY,
  DOUBLE_STRINGIFIED: "Send JSON.stringify(payload), applied once, and sign `${timestamp}:${body}` over exactly the text you send.",
  SIGNED_WITHOUT_TIMESTAMP: "Compute HMAC-SHA256 over `${timestamp}:${body}`, with the X-Twenty-Webhook-Timestamp value as the timestamp.",
  WRONG_SEPARATOR: "Compute HMAC-SHA256 over `${timestamp}:${body}`, with a colon.",
  SECRET_DECODED: 'Key the HMAC with the secret\'s text, as Twenty does: createHmac("sha256", secret), without decoding it.',
});

/** The hint the package gives for a code-table row: its JavaScript wording, or the core's. */
function packageHint(row, coreHint) {
  return Object.hasOwn(PACKAGE_HINTS, row) ? PACKAGE_HINTS[row] : coreHint;
}

/** Base class of every error this package throws. */
export class TwentyWebhooksError extends Error {
  constructor({ code, message, hint }) {
    super(message);
    this.name = "TwentyWebhooksError";
    this.code = code;
    this.hint = hint;
  }
}

/** A delivery, secret or body that cannot be verified. */
export class WebhookVerificationError extends TwentyWebhooksError {
  constructor(info) {
    super(info);
    this.name = "WebhookVerificationError";
  }
}

/** An event or record that cannot become a Twenty payload. */
export class WebhookPayloadError extends TwentyWebhooksError {
  constructor(info) {
    super(info);
    this.name = "WebhookPayloadError";
  }
}

/** The error class for a wasm error record, with the package's hint. */
export function fromInfo(info) {
  const { kind, code, message } = info ?? {};
  const withHint = { code, message, hint: packageHint(info?.hintOf ?? code, info?.hint) };
  if (kind === "verification") return new WebhookVerificationError(withHint);
  if (kind === "payload") return new WebhookPayloadError(withHint);
  return new TwentyWebhooksError(withHint);
}

/** A `diagnose` finding from wasm, with the package's hint. */
export function fromFinding(finding) {
  return { ...finding, hint: packageHint(finding.code, finding.hint) };
}

/** Misuse of the API, e.g. a negative tolerance: not something a delivery did. */
export function argumentError(message, hint = PACKAGE_HINTS.INVALID_ARGUMENT) {
  return new TwentyWebhooksError({ code: "INVALID_ARGUMENT", message: `twenty-webhooks: ${message}`, hint });
}

/** A call before the wasm module is loaded (browsers load it in `init()`). */
export function notInitializedError() {
  return new TwentyWebhooksError({
    code: "NOT_INITIALIZED",
    message: "twenty-webhooks: the WebAssembly module is not loaded yet.",
    hint: PACKAGE_HINTS.NOT_INITIALIZED,
  });
}
