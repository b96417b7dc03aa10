/**
 * @module twenty-webhooks
 * The public API, shared by every runtime entry (node.js, workerd.js, browser.js); each entry
 * only loads the wasm and re-exports this module. Protocol rules and their texts live in Rust;
 * the modules here read JavaScript inputs and turn wasm error records into error classes.
 * Verification lives in verifier.js; signing, building and diagnosing are here.
 */
import * as wasm from "../dist/wasm/twenty_webhooks.js";
import { argumentError, fromFinding } from "./errors.js";
import { headerEntries } from "./headers.js";
import { DEFAULT_TOLERANCE_MS, toBytesOrText, toDiagnosedBody, toEpochMs, toMillis, toSecrets, toTimestampText, toTolerance } from "./inputs.js";
import { callWasm, callWasmTransient } from "./lifecycle.js";

export { TwentyWebhooksError, WebhookPayloadError, WebhookVerificationError } from "./errors.js";
export { deliveryId } from "./delivery-id.js";
export { FORWARDED_HEADERS, signForwarded, verifyForwarded } from "./forwarded.js";
export { TWENTY_HEADERS } from "./headers.js";
export { DEFAULT_TOLERANCE_MS, DIAGNOSE_MAX_BODY_BYTES } from "./inputs.js";
export { Verifier, verify } from "./verifier.js";
export { Webhooks } from "./webhooks.js";
export { memoryDedupe } from "./dedupe.js";
export { WebhookHandlerError, WebhookRequestError } from "./receive-errors.js";
export { verifyStream } from "./stream.js";
export { DEFAULT_MAX_BODY_BYTES } from "./body.js";
export { buildPayload } from "./event.js";

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

/** A realistic record of a standard object (person, company, opportunity, task, note) or a custom one. */
export function sampleRecord(objectNameSingular, options = {}) {
  if (typeof objectNameSingular !== "string") throw argumentError('objectNameSingular must be a string such as "person"');
  return JSON.parse(callWasm(() => wasm.sampleRecord(objectNameSingular, ...sampleOptions(options))));
}

/**
 * A realistic metadata event `{ type, metadataName, recordId, properties }` as Twenty builds
 * it: objectMetadata, fieldMetadata and view with their own columns, any other camelCase name
 * with the columns every metadata entity has.
 */
export function sampleMetadataEvent(metadataName, options = {}) {
  if (typeof metadataName !== "string") throw argumentError('metadataName must be a string such as "view"');
  return JSON.parse(callWasm(() => wasm.sampleMetadataEvent(metadataName, ...sampleOptions(options))));
}

function sampleOptions(options) {
  if (options === null || typeof options !== "object") throw argumentError('options must be an object such as { seed: 1, action: "created" }');
  const { seed, now, action } = options;
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) throw argumentError("seed must be a non-negative safe integer");
  if (action !== undefined && typeof action !== "string") throw argumentError('action must be a string such as "created"');
  return [seed, toEpochMs(now), action];
}

/**
 * Whether a payload is a metadata event's (its eventName is `metadata.<metadataName>.<action>`):
 * by Twenty's rule every metadata event, and nothing else, is selected by `metadata.*.*`.
 */
export function isMetadataEvent(payload) {
  const eventName = payload?.eventName;
  return typeof eventName === "string" && callWasm(() => wasm.matchesOperations(["metadata.*.*"], eventName));
}

/**
 * Whether a webhook with these `operations` receives `eventName`, by Twenty's exact rule for
 * record events or for metadata events. Every string gets a boolean (false for a name Twenty
 * never emits); only a non-array or non-string argument throws (INVALID_ARGUMENT).
 */
export function matchesOperations(operations, eventName) {
  const invalid = () => argumentError('operations must be an array of strings such as ["person.*"]');
  let isList;
  try {
    isList = Array.isArray(operations); // throws for a revoked Proxy
  } catch {
    throw invalid();
  }
  if (!isList) throw invalid();
  // Copied into a plain array of strings here, so that the glue reads nothing of the caller's.
  const list = [];
  try {
    for (let i = 0, length = operations.length; i < length; i++) list.push(operations[i]);
  } catch {
    throw invalid();
  }
  if (!list.every((op) => typeof op === "string")) throw invalid();
  if (typeof eventName !== "string") throw argumentError('eventName must be a string such as "person.created"');
  return callWasm(() => wasm.matchesOperations(list, eventName));
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
  for (let i = 0; i < texts.length; i += 5) {
    const finding = { code: texts[i], severity: texts[i + 1], message: texts[i + 2], hint: texts[i + 3] };
    if (texts[i + 4]) finding.formerCode = texts[i + 4];
    findings.push(fromFinding(finding));
  }
  return findings;
}
