/**
 * @module twenty-webhooks/inputs
 * The API's arguments checked and put in the shape the wasm takes: secrets, bodies (text or
 * bytes, read through the typed-array intrinsics so that a subclass cannot lie about its size),
 * clocks and tolerances.
 */
import * as wasm from "../dist/wasm/twenty_webhooks.js";
import { TwentyWebhooksError, argumentError } from "./errors.js";
import { callWasm, inputError } from "./lifecycle.js";

/** Five minutes, in milliseconds. */
export const DEFAULT_TOLERANCE_MS = 300_000;
/**
 * The largest body `diagnose` examines: its search for re-serialised forms holds several
 * copies of the body at once, and Twenty's payloads are a few KiB.
 */
export const DIAGNOSE_MAX_BODY_BYTES = 1024 * 1024;

const encoder = new TextEncoder();
const NODE_BUFFER = globalThis.Buffer?.prototype;
// The built-in getters, out of reach of subclasses and own properties that misreport a size.
const getter = (prototype, name) => Function.prototype.call.bind(Object.getOwnPropertyDescriptor(prototype, name).get);
const typedArray = Object.getPrototypeOf(Uint8Array.prototype);
const bufferOf = getter(typedArray, "buffer");
const byteOffsetOf = getter(typedArray, "byteOffset");
export const byteLengthOf = getter(typedArray, "byteLength");
/** The element type's name for a typed array, undefined for anything else; never throws. */
const typedArrayTag = getter(typedArray, Symbol.toStringTag);
const dataViewBuffer = getter(DataView.prototype, "buffer");
const dataViewOffset = getter(DataView.prototype, "byteOffset");
const dataViewLength = getter(DataView.prototype, "byteLength");
const arrayBufferLength = getter(ArrayBuffer.prototype, "byteLength");
const sharedBufferLength = globalThis.SharedArrayBuffer && getter(SharedArrayBuffer.prototype, "byteLength");
/** The built-in `set`, whatever the prototype chain of its target says. */
export const copyInto = Function.prototype.call.bind(typedArray.set);
/** A Date's time value read from its internal slot: throws for anything but a real Date. */
const timeOf = Function.prototype.call.bind(Date.prototype.getTime);

/** A plain Uint8Array over `bytes[offset, offset + length)`: no code of the caller's runs. */
export function viewOf(bytes, offset, length) {
  return new Uint8Array(bufferOf(bytes), byteOffsetOf(bytes) + offset, length);
}

/**
 * A body as a Uint8Array: a Uint8Array or Node Buffer as it is (a view into a larger, pooled
 * buffer included), any other ArrayBuffer view or a subclass as a plain Uint8Array over the same
 * bytes, or an ArrayBuffer. Anything else, or a body that cannot be read (detached, or a
 * Proxy whose traps throw), is INVALID_BODY. Read its size with byteLengthOf.
 */
export function toBytes(body) {
  // The tag getter is a brand check: it reads the internal slot, never the caller's code.
  const tag = typedArrayTag(body);
  if (tag !== undefined) {
    // Uint8Arrays and Node Buffers are used as they are; sizes are read with byteLengthOf.
    const prototype = Object.getPrototypeOf(body);
    if (tag === "Uint8Array" && (prototype === Uint8Array.prototype || (prototype === NODE_BUFFER && NODE_BUFFER !== undefined))) return body;
    return readBody(() => new Uint8Array(bufferOf(body), byteOffsetOf(body), byteLengthOf(body)));
  }
  if (ArrayBuffer.isView(body)) return readBody(() => new Uint8Array(dataViewBuffer(body), dataViewOffset(body), dataViewLength(body)));
  if (isBuffer(body)) return readBody(() => new Uint8Array(body));
  throw inputError("InvalidBody", describe(body));
}

/** Runs a body reader; a detached buffer's TypeError becomes INVALID_BODY. */
function readBody(read) {
  try {
    return read();
  } catch (error) {
    throw inputError("InvalidBody", `a body that cannot be read (${messageOf(error)})`);
  }
}

/** Throws INVALID_BODY for a view whose buffer was detached (it then reads as empty). */
export function assertReadable(bytes) {
  try {
    new Uint8Array(bufferOf(bytes), 0, 0);
  } catch (error) {
    throw inputError("InvalidBody", `a body that cannot be read (${messageOf(error)})`);
  }
}

/** A body as a fresh Uint8Array of this package's making: safe to hand to the wasm glue. */
export function toBytesOrText(body) {
  if (typeof body === "string") return encoder.encode(body);
  const bytes = toBytes(body);
  if (byteLengthOf(bytes) === 0) assertReadable(bytes);
  return viewOf(bytes, 0, byteLengthOf(bytes));
}

function isBuffer(value) {
  for (const byteLength of [arrayBufferLength, sharedBufferLength]) {
    try {
      byteLength?.(value);
      if (byteLength) return true;
    } catch {
      // not this kind of buffer
    }
  }
  return false;
}

/** An exception's message, read without trusting it. */
export function messageOf(error) {
  try {
    return typeof error?.message === "string" ? error.message : String(error);
  } catch {
    return "an exception";
  }
}

function describe(value) {
  try {
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array";
    if (typeof value === "object") {
      const name = Object.getPrototypeOf(value)?.constructor?.name;
      return !name || name === "Object" ? "a parsed object (already JSON.parse'd)" : `a ${String(name)}`;
    }
    return typeof value === "undefined" ? "undefined" : `a ${typeof value}`;
  } catch {
    return "a value that cannot be read";
  }
}

/** One secret or a list of them, as a new list of strings. */
export function toSecrets(secret) {
  let secrets;
  try {
    secrets = Array.isArray(secret) ? [...secret] : [secret];
  } catch (error) {
    throw unreadable("secret", error);
  }
  secrets.forEach((one, index) => {
    if (typeof one !== "string") throw inputError("SecretNotText", index);
  });
  return secrets;
}

/**
 * What reading the caller's argument `name` threw (a getter, a Proxy trap, a conversion) as
 * INVALID_ARGUMENT naming it, so that nothing untyped escapes. This package's errors, and a
 * RangeError (the caller's stack ran out), go on as they are.
 */
export function unreadable(name, error) {
  if (error instanceof TwentyWebhooksError || error instanceof RangeError) return error;
  return argumentError(`${name} could not be read: ${messageOf(error)}`, `Pass ${name} as plain data; reading it threw.`);
}

export function toMillis(now, name = "now") {
  const ms = isDate(now) ? timeOf(now) : now;
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
  if (isDate(timestamp)) return String(timeOf(timestamp));
  throw argumentError("timestamp must be epoch milliseconds as a number or a string of digits", "Use Date.now().");
}

/** Whether `value` is a real Date (a Date's internal slot, not its prototype, decides). */
function isDate(value) {
  try {
    timeOf(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * A moment as epoch milliseconds for the wasm: a real Date (read through the built-in
 * getTime, so a fake one is refused and no method of the caller's runs), epoch milliseconds, or
 * an ISO-8601 string; now when undefined. The core checks the range (as JavaScript's TimeClip).
 */
export function toEpochMs(value) {
  if (value === undefined) return Date.now();
  if (typeof value === "number") return value;
  if (typeof value === "string") return callWasm(() => wasm.epochMsOfIso(value));
  if (isDate(value)) return timeOf(value);
  throw inputError("InvalidDate", typeof value === "object" && value !== null ? "an object that is not a Date" : `a ${typeof value}`);
}

/**
 * The body `diagnose` examines: text or bytes as bytes, or a parsed value written again with the
 * engine's own JSON.stringify (`parsed`), so that no object of the caller's reaches the wasm.
 */
export function toDiagnosedBody(body) {
  let bytes;
  let parsed = false;
  if (typeof body === "string" || isReadableAsBytes(body)) {
    bytes = toBytesOrText(body);
  } else if (typeof body === "object" && body !== null) {
    let text;
    try {
      text = JSON.stringify(body);
    } catch (error) {
      throw inputError("InvalidBody", `a parsed object that JSON.stringify cannot write (${messageOf(error)})`);
    }
    bytes = encoder.encode(text ?? "");
    parsed = true;
  } else {
    throw inputError("InvalidBody", describe(body));
  }
  if (byteLengthOf(bytes) > DIAGNOSE_MAX_BODY_BYTES) {
    throw argumentError(
      `diagnose examines bodies up to ${DIAGNOSE_MAX_BODY_BYTES} bytes (1 MiB); this one has ${byteLengthOf(bytes)}`,
      "diagnose is a developer tool for a delivery you are investigating, not for unauthenticated traffic; Twenty's payloads are a few KiB.",
    );
  }
  return { bytes, parsed };
}

/** Whether toBytes takes `value` (a typed array, DataView or buffer), without running its code. */
function isReadableAsBytes(value) {
  return typedArrayTag(value) !== undefined || ArrayBuffer.isView(value) || isBuffer(value);
}
