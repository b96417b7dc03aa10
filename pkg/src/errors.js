/**
 * @module twenty-webhooks/errors
 * The error classes, and how the wasm's error records `{ kind, code, message, hint }` become
 * them. Every error has a stable `code` to match on and a `hint` saying how to fix it; messages
 * and hints never contain a secret.
 */

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

/** The error class for a wasm error record. */
export function fromInfo(info) {
  if (info?.kind === "verification") return new WebhookVerificationError(info);
  if (info?.kind === "payload") return new WebhookPayloadError(info);
  return new TwentyWebhooksError(info);
}

/** Misuse of the API, e.g. a negative tolerance: not something a delivery did. */
export function argumentError(message, hint) {
  return new TwentyWebhooksError({ code: "INVALID_ARGUMENT", message: `twenty-webhooks: ${message}`, hint });
}
