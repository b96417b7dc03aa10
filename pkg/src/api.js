/**
 * @module twenty-webhooks
 * The public API, shared by every runtime entry (node.js, workerd.js, browser.js). Each entry
 * only loads the wasm and re-exports this module. Protocol rules and texts live in Rust; this
 * layer reads JavaScript inputs (headers in any shape, bodies as text or bytes), turns wasm
 * error records into error classes, and keeps the verification hot path free of allocations.
 */
import * as wasm from "../dist/wasm/twenty_webhooks.js";
import { TwentyWebhooksError, WebhookPayloadError, WebhookVerificationError } from "./errors.js";
import { assertReady, wasmMemory } from "./lifecycle.js";

export { TwentyWebhooksError, WebhookPayloadError, WebhookVerificationError };

/** Twenty's header names, as Twenty writes them. Compare them case-insensitively. */
export const TWENTY_HEADERS = Object.freeze({
  timestamp: "X-Twenty-Webhook-Timestamp",
  signature: "X-Twenty-Webhook-Signature",
  nonce: "X-Twenty-Webhook-Nonce",
});
const TIMESTAMP = TWENTY_HEADERS.timestamp.toLowerCase();
const SIGNATURE = TWENTY_HEADERS.signature.toLowerCase();
const NONCE = TWENTY_HEADERS.nonce.toLowerCase();

/** Five minutes, in milliseconds. */
export const DEFAULT_TOLERANCE_MS = 300_000;

function fromInfo(info) {
  if (info?.kind === "verification") return new WebhookVerificationError(info);
  if (info?.kind === "payload") return new WebhookPayloadError(info);
  return new TwentyWebhooksError(info);
}

/** Calls into wasm, turning its error records into error classes. */
function call(fn) {
  assertReady();
  try {
    return fn();
  } catch (error) {
    throw typeof error?.kind === "string" && typeof error.code === "string" ? fromInfo(error) : error;
  }
}

function argumentError(message, hint) {
  return new TwentyWebhooksError({ code: "INVALID_ARGUMENT", message: `twenty-webhooks: ${message}`, hint });
}

// ---------------------------------------------------------------------------------------------
// Inputs

/**
 * Twenty's three headers from a Web `Headers`, a `Map`, `[name, value]` pairs or a plain object
 * (Node's `req.headers`, whose names are already lower-case, is the fast path).
 */
function readTwentyHeaders(headers) {
  if (headers !== null && typeof headers === "object" && typeof headers.get !== "function" && !isIterable(headers)) {
    let signature = headers[SIGNATURE];
    let timestamp = headers[TIMESTAMP];
    let nonce = headers[NONCE];
    if (signature === undefined || timestamp === undefined) {
      for (const name in headers) {
        const lower = name.toLowerCase();
        if (lower === SIGNATURE) signature = headers[name];
        else if (lower === TIMESTAMP) timestamp = headers[name];
        else if (lower === NONCE) nonce = headers[name];
      }
    }
    return { signature: headerText(signature), timestamp: headerText(timestamp), nonce: headerText(nonce) };
  }
  if (typeof Headers === "function" && headers instanceof Headers) {
    return { signature: headerText(headers.get(SIGNATURE)), timestamp: headerText(headers.get(TIMESTAMP)), nonce: headerText(headers.get(NONCE)) };
  }
  const found = {};
  for (const [name, value] of headerEntries(headers)) {
    const lower = name.toLowerCase();
    if (lower === SIGNATURE) found.signature = value;
    else if (lower === TIMESTAMP) found.timestamp = value;
    else if (lower === NONCE) found.nonce = value;
  }
  return found;
}

/** A header value as text. Several values of one header are joined as an HTTP hop joins them,
 * which then reads as malformed: a delivery Twenty sent has exactly one of each. */
function headerText(value) {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  return Array.isArray(value) ? value.join(", ") : String(value);
}

function isIterable(value) {
  return typeof value[Symbol.iterator] === "function";
}

/** Every header as `[name, value]`, whatever shape `headers` has. */
function headerEntries(headers) {
  if (headers === null || typeof headers !== "object") {
    throw argumentError(
      "headers must be a Headers object, a Map, an array of [name, value] pairs, or an object such as Node's req.headers",
      "Pass request.headers (Fetch API) or req.headers (Node).",
    );
  }
  const entries = [];
  if (typeof Headers === "function" && headers instanceof Headers) {
    headers.forEach((value, name) => entries.push([name, value]));
  } else if (isIterable(headers)) {
    for (const pair of headers) {
      if (!Array.isArray(pair) || pair.length !== 2) throw argumentError("each header entry must be a [name, value] pair");
      entries.push([String(pair[0]), pair[1]]);
    }
  } else {
    for (const name of Object.keys(headers)) entries.push([name, headers[name]]);
  }
  return entries.filter(([, value]) => value !== undefined && value !== null).map(([name, value]) => [name, headerText(value)]);
}

/** A body as bytes: Uint8Array (any view, e.g. a pooled Node Buffer), other views, ArrayBuffer. */
function toBytes(body) {
  if (body instanceof Uint8Array) return body;
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  const tag = Object.prototype.toString.call(body);
  if (tag === "[object ArrayBuffer]" || tag === "[object SharedArrayBuffer]") return new Uint8Array(body);
  throw fromInfo(wasm.inputError(wasm.InputError.InvalidBody, describe(body)));
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toBytesOrText(body) {
  return typeof body === "string" ? encoder.encode(body) : toBytes(body);
}

function describe(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") {
    const name = Object.getPrototypeOf(value)?.constructor?.name;
    return !name || name === "Object" ? "a parsed object (already JSON.parse'd)" : `a ${name}`;
  }
  return typeof value === "undefined" ? "undefined" : `a ${typeof value}`;
}

function toSecrets(secret) {
  const secrets = Array.isArray(secret) ? secret : [secret];
  secrets.forEach((one, index) => {
    if (typeof one !== "string") throw fromInfo(wasm.inputError(wasm.InputError.SecretNotText, String(index)));
  });
  return secrets;
}

function toMillis(now, name = "now") {
  const ms = now instanceof Date ? now.getTime() : now;
  if (typeof ms !== "number" || !Number.isFinite(ms)) {
    throw argumentError(`${name} must be epoch milliseconds (a finite number) or a valid Date`, "Leave it out to use Date.now().");
  }
  return ms;
}

function toTolerance(toleranceMs) {
  if (typeof toleranceMs !== "number" || !(toleranceMs >= 0) || toleranceMs > Number.MAX_SAFE_INTEGER) {
    throw argumentError("toleranceMs must be a non-negative number of milliseconds", `The default is ${DEFAULT_TOLERANCE_MS} (five minutes).`);
  }
  return toleranceMs;
}

function toTimestampText(timestamp) {
  if (typeof timestamp === "number" || typeof timestamp === "string") return String(timestamp);
  if (timestamp instanceof Date) return String(timestamp.getTime());
  throw argumentError("timestamp must be epoch milliseconds as a number or a string of digits", "Use Date.now().");
}

// ---------------------------------------------------------------------------------------------
// Verification

const UNREAD = Symbol("unread");

/** What a verified delivery carries. `payload` is parsed on first read, never before. */
class VerifiedDelivery {
  #body;
  #payload = UNREAD;

  constructor(body, timestamp, nonce, secretIndex) {
    this.#body = body;
    this.timestamp = timestamp;
    this.nonce = nonce;
    this.secretIndex = secretIndex;
  }

  get payload() {
    if (this.#payload === UNREAD) this.#payload = parseBody(this.#body);
    return this.#payload;
  }

  toJSON() {
    return { payload: this.payload, timestamp: this.timestamp, nonce: this.nonce, secretIndex: this.secretIndex };
  }
}

function parseBody(body) {
  const text = typeof body === "string" ? body : decoder.decode(toBytes(body));
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fromInfo(wasm.inputError(wasm.InputError.InvalidJson, error.message));
  }
}

/**
 * Verifies deliveries against one secret or several (key rotation). Each secret is keyed once,
 * here; `verify` then hashes only the message. Reuse one instance: this is the fast path.
 *
 * @example
 * const verifier = new Verifier(process.env.TWENTY_WEBHOOK_SECRET);
 * const { payload } = verifier.verify(request.headers, await request.text());
 */
export class Verifier {
  #inner;
  // The delivery is written straight into a scratch buffer in wasm memory (body, timestamp,
  // signature) and only lengths cross into wasm: no glue-code copies or string conversions.
  #address = 0;
  #capacity = 0;
  #memory = null; // a view of all wasm memory; replaced when the memory grows
  #bodyView = null; // a view of the scratch buffer, for TextEncoder.encodeInto

  constructor(secretOrSecrets, { toleranceMs = DEFAULT_TOLERANCE_MS } = {}) {
    const secrets = toSecrets(secretOrSecrets);
    const tolerance = toTolerance(toleranceMs);
    this.#inner = call(() => new wasm.WasmVerifier(secrets, tolerance));
  }

  /** Throws WebhookVerificationError, or returns `{ payload, timestamp, nonce, secretIndex }`. */
  verify(headers, body, now = Date.now()) {
    if (this.#inner === undefined) throw argumentError("this Verifier was freed", "Create a new Verifier, or keep this one alive.");
    const { signature, timestamp, nonce } = readTwentyHeaders(headers);
    const nowMs = typeof now === "number" && Number.isFinite(now) ? now : toMillis(now);
    const headerBytes = (signature?.length ?? 0) + (timestamp?.length ?? 0);
    let bodyLength;
    if (typeof body === "string") {
      this.#reserve(body.length * 3 + headerBytes); // UTF-8 needs at most 3 bytes per UTF-16 unit
      bodyLength = encoder.encodeInto(body, this.#bodyView).written;
    } else {
      const bytes = toBytes(body);
      this.#reserve(bytes.length + headerBytes);
      this.#memory.set(bytes, this.#address);
      bodyLength = bytes.length;
    }
    const memory = this.#memory;
    let at = this.#address + bodyLength;
    for (const text of [timestamp, signature]) {
      if (text === undefined) continue;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        memory[at++] = code < 0x80 ? code : 0xff; // never ASCII, so never a digit or hex digit
      }
    }
    const index = this.#inner.verifyScratch(bodyLength, timestamp?.length ?? -1, signature?.length ?? -1, nowMs);
    if (index < 0) throw fromInfo(this.#inner.lastError());
    return new VerifiedDelivery(body, Number(timestamp), nonce, index);
  }

  #reserve(bytes) {
    if (bytes > this.#capacity) {
      this.#address = this.#inner.scratch(bytes);
      this.#capacity = this.#inner.scratchCapacity();
      this.#memory = null;
      // Writing past the buffer would corrupt wasm memory; never let it happen silently.
      if (this.#capacity < bytes) throw new RangeError("twenty-webhooks: could not reserve memory for the body");
    }
    const buffer = wasmMemory().buffer;
    if (this.#memory?.buffer !== buffer) {
      this.#memory = new Uint8Array(buffer);
      this.#bodyView = new Uint8Array(buffer, this.#address, this.#capacity);
    }
  }

  /** Releases the wasm memory now rather than when the garbage collector gets to it. */
  free() {
    this.#inner?.free();
    this.#inner = undefined;
  }
}

// One-shot verify() keeps the last verifier, so `verify({ secret: env.SECRET, ... })` per
// request keys the HMAC once, not on every call.
let cached = { secrets: null, toleranceMs: NaN, verifier: null };

/**
 * Verifies one delivery.
 *
 * @example
 * const { payload } = verify({ secret, headers: request.headers, body: await request.text() });
 */
export function verify({ secret, headers, body, toleranceMs = DEFAULT_TOLERANCE_MS, now = Date.now() } = {}) {
  const secrets = toSecrets(secret);
  const same = cached.toleranceMs === toleranceMs && cached.secrets?.length === secrets.length && cached.secrets.every((s, i) => s === secrets[i]);
  if (!same) {
    const verifier = new Verifier(secrets, { toleranceMs });
    cached.verifier?.free();
    cached = { secrets: [...secrets], toleranceMs, verifier };
  }
  return cached.verifier.verify(headers, body, now);
}

// ---------------------------------------------------------------------------------------------
// Signing and building

/** Twenty's signature: lowercase hex HMAC-SHA256 of `${timestamp}:${body}`. */
export function sign(secret, timestamp, body) {
  const [text] = toSecrets(secret);
  return call(() => wasm.sign(text, toTimestampText(timestamp), toBytesOrText(body)));
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
  const headers = call(() => wasm.requestHeaders(text, toTimestampText(timestamp), nonce ?? wasm.generateNonce(), bytes));
  return { body, headers };
}

/** The exact body Twenty's server sends for an event. */
export function buildPayload(event) {
  return call(() => wasm.buildPayload(event));
}

/** A realistic record of a standard object (person, company, opportunity, task, note) or a custom one. */
export function sampleRecord(objectNameSingular, { seed, now, action } = {}) {
  if (typeof objectNameSingular !== "string") throw argumentError("objectNameSingular must be a string such as \"person\"");
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) throw argumentError("seed must be a non-negative safe integer");
  if (action !== undefined && typeof action !== "string") throw argumentError("action must be a string such as \"created\"");
  return call(() => wasm.sampleRecord(objectNameSingular, seed, now, action));
}

/** Whether a webhook with these `operations` receives `eventName`, by Twenty's exact rule. */
export function matchesOperations(operations, eventName) {
  if (!Array.isArray(operations) || !operations.every((op) => typeof op === "string")) {
    throw argumentError("operations must be an array of strings such as [\"person.*\"]");
  }
  if (typeof eventName !== "string") throw argumentError("eventName must be a string such as \"person.created\"");
  return call(() => wasm.matchesOperations(operations, eventName));
}

/** A new secret as Twenty generates one: 64 lowercase hex digits from crypto.getRandomValues. */
export function generateSecret() {
  return call(() => wasm.generateSecret());
}

/**
 * Why a delivery does not verify: a list of findings `{ code, severity, message, hint }`.
 * A delivery that verifies has no finding of severity "error".
 */
export function diagnose({ secret, headers, body, now = Date.now(), toleranceMs = DEFAULT_TOLERANCE_MS } = {}) {
  const secrets = toSecrets(secret);
  const flat = headerEntries(headers).flat();
  return call(() => wasm.diagnose(secrets, flat, body, toMillis(now), toTolerance(toleranceMs)));
}
