/**
 * @module twenty-webhooks/inputs
 * The API's arguments checked and put in the shape the wasm takes: secrets, bodies (text or
 * bytes, read through the typed-array intrinsics so that a subclass cannot lie about its size),
 * clocks and tolerances.
 */
import { argumentError } from "./errors.js";
import { inputError } from "./lifecycle.js";

/** Five minutes, in milliseconds. */
export const DEFAULT_TOLERANCE_MS = 300_000;

const encoder = new TextEncoder();
const NODE_BUFFER = globalThis.Buffer?.prototype;
// The built-in getters, out of reach of subclasses and own properties that misreport a size.
const typedArray = Object.getPrototypeOf(Uint8Array.prototype);
const intrinsic = (name) => Function.prototype.call.bind(Object.getOwnPropertyDescriptor(typedArray, name).get);
const bufferOf = intrinsic("buffer");
const byteOffsetOf = intrinsic("byteOffset");
export const byteLengthOf = intrinsic("byteLength");
/** The built-in `set`, whatever the prototype chain of its target says. */
export const copyInto = Function.prototype.call.bind(typedArray.set);

/** A plain Uint8Array over `bytes[offset, offset + length)`: no code of the caller's runs. */
export function viewOf(bytes, offset, length) {
  return new Uint8Array(bufferOf(bytes), byteOffsetOf(bytes) + offset, length);
}

/**
 * A body as a Uint8Array: a Uint8Array or Node Buffer as it is (a view into a larger, pooled
 * buffer included), any other ArrayBuffer view or a subclass as a plain Uint8Array over the same
 * bytes, or an ArrayBuffer. Anything else is INVALID_BODY. Read its size with byteLengthOf.
 */
export function toBytes(body) {
  // Uint8Arrays and Node Buffers are used as they are; sizes are read with byteLengthOf.
  const prototype = Object.getPrototypeOf(body ?? 0);
  if (prototype === Uint8Array.prototype || (prototype === NODE_BUFFER && NODE_BUFFER !== undefined)) return body;
  if (ArrayBuffer.isView(body)) {
    if (body instanceof DataView) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    return new Uint8Array(bufferOf(body), byteOffsetOf(body), byteLengthOf(body));
  }
  const tag = Object.prototype.toString.call(body);
  if (tag === "[object ArrayBuffer]" || tag === "[object SharedArrayBuffer]") return new Uint8Array(body);
  throw inputError("InvalidBody", describe(body));
}

export function toBytesOrText(body) {
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

/** One secret or a list of them, as a list of strings. */
export function toSecrets(secret) {
  const secrets = Array.isArray(secret) ? secret : [secret];
  secrets.forEach((one, index) => {
    if (typeof one !== "string") throw inputError("SecretNotText", index);
  });
  return secrets;
}

export function toMillis(now, name = "now") {
  const ms = now instanceof Date ? now.getTime() : now;
  if (typeof ms !== "number" || !Number.isFinite(ms)) {
    throw argumentError(`${name} must be epoch milliseconds (a finite number) or a valid Date`, "Leave it out to use Date.now().");
  }
  return ms;
}

export function toTolerance(toleranceMs) {
  if (typeof toleranceMs !== "number" || !(toleranceMs >= 0) || toleranceMs > Number.MAX_SAFE_INTEGER) {
    throw argumentError("toleranceMs must be a non-negative number of milliseconds", `The default is ${DEFAULT_TOLERANCE_MS} (five minutes).`);
  }
  return toleranceMs;
}

export function toTimestampText(timestamp) {
  if (typeof timestamp === "number" || typeof timestamp === "string") return String(timestamp);
  if (timestamp instanceof Date) return String(timestamp.getTime());
  throw argumentError("timestamp must be epoch milliseconds as a number or a string of digits", "Use Date.now().");
}
