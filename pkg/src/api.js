/**
 * @module twenty-webhooks
 * The public API, shared by every runtime entry (node.js, workerd.js, browser.js); each entry
 * only loads the wasm and re-exports this module. Protocol rules and their texts live in Rust;
 * the modules here read JavaScript inputs and turn wasm error records into error classes.
 * Verification lives in verifier.js; signing, building and diagnosing are here.
 */
import * as wasm from "../dist/wasm/twenty_webhooks.js";
import { argumentError } from "./errors.js";
import { headerEntries } from "./headers.js";
import { DEFAULT_TOLERANCE_MS, toBytesOrText, toDiagnosedBody, toEpochMs, toMillis, toSecrets, toTimestampText, toTolerance } from "./inputs.js";
import { callWasm, callWasmTransient } from "./lifecycle.js";

export { TwentyWebhooksError, WebhookPayloadError, WebhookVerificationError } from "./errors.js";
export { TWENTY_HEADERS } from "./headers.js";
export { DEFAULT_TOLERANCE_MS, DIAGNOSE_MAX_BODY_BYTES } from "./inputs.js";
export { Verifier, verify } from "./verifier.js";

/** Twenty's signature: lowercase hex HMAC-SHA256 of `${timestamp}:${body}`. */
export function sign(secret, timestamp, body) {
  const [text] = toSecrets(secret);
  return callWasm(() => wasm.sign(text, toTimestampText(timestamp), toBytesOrText(body)));
}

/**
 * The body and headers of a delivery exactly as Twenty sends it. An empty secret gives an
 * unsigned delivery (only Content-Type), as Twenty does.
 */
export function signRequest({ secret, body, timestamp = Date.now(), nonce } = {}) {
  const [text] = toSecrets(secret);
  if (nonce !== undefined && (typeof nonce !== "string" || !/^[\x21-\x7e]{1,256}$/.test(nonce))) {
    throw argumentError("nonce must be 1 to 256 visible ASCII characters", "Leave it out for a fresh 32-hex-digit nonce, as Twenty sends.");
  }
  const bytes = toBytesOrText(body);
  const flat = callWasm(() => wasm.requestHeaders(text, toTimestampText(timestamp), nonce ?? wasm.generateNonce(), bytes));
  const pairs = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
  return { body, headers: Object.fromEntries(pairs) };
}

/** The exact body Twenty's server sends for an event. */
export function buildPayload(event) {
  return callWasm(() => wasm.buildPayload(event));
}

/** A realistic record of a standard object (person, company, opportunity, task, note) or a custom one. */
export function sampleRecord(objectNameSingular, { seed, now, action } = {}) {
  if (typeof objectNameSingular !== "string") throw argumentError('objectNameSingular must be a string such as "person"');
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) throw argumentError("seed must be a non-negative safe integer");
  if (action !== undefined && typeof action !== "string") throw argumentError('action must be a string such as "created"');
  const nowMs = toEpochMs(now);
  return JSON.parse(callWasm(() => wasm.sampleRecord(objectNameSingular, seed, nowMs, action)));
}

/** Whether a webhook with these `operations` receives `eventName`, by Twenty's exact rule. */
export function matchesOperations(operations, eventName) {
  if (!Array.isArray(operations) || !operations.every((op) => typeof op === "string")) {
    throw argumentError('operations must be an array of strings such as ["person.*"]');
  }
  if (typeof eventName !== "string") throw argumentError('eventName must be a string such as "person.created"');
  return callWasm(() => wasm.matchesOperations(operations, eventName));
}

/** A new secret as Twenty generates one: 64 lowercase hex digits from crypto.getRandomValues. */
export function generateSecret() {
  return callWasm(() => wasm.generateSecret());
}

/**
 * Why a delivery does not verify: a list of findings `{ code, severity, message, hint }`.
 * A delivery that verifies has no finding of severity "error". A developer tool: bodies over
 * DIAGNOSE_MAX_BODY_BYTES are refused (INVALID_ARGUMENT).
 */
export function diagnose({ secret, headers, body, now = Date.now(), toleranceMs = DEFAULT_TOLERANCE_MS } = {}) {
  const secrets = toSecrets(secret);
  const flat = headerEntries(headers).flat();
  const nowMs = toMillis(now);
  const tolerance = toTolerance(toleranceMs);
  const { bytes, parsed } = toDiagnosedBody(body);
  const texts = callWasmTransient(() => wasm.diagnose(secrets, flat, bytes, parsed, nowMs, tolerance));
  const findings = [];
  for (let i = 0; i < texts.length; i += 4) {
    findings.push({ code: texts[i], severity: texts[i + 1], message: texts[i + 2], hint: texts[i + 3] });
  }
  return findings;
}
