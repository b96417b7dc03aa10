/**
 * @module twenty-webhooks/headers
 * Reading headers in every shape users have them: a Web `Headers`, Node's `req.headers`, a
 * `Map`, or `[name, value]` pairs. Names compare case-insensitively, and a header given more
 * than once (in any casing) has its values joined as an HTTP hop joins them, so that it reads
 * as malformed: Twenty sends each header once.
 */
import { argumentError } from "./errors.js";
import { unreadable } from "./inputs.js";

/** Twenty's header names, as Twenty writes them. Compare them case-insensitively. */
export const TWENTY_HEADERS = Object.freeze({
  timestamp: "X-Twenty-Webhook-Timestamp",
  signature: "X-Twenty-Webhook-Signature",
  nonce: "X-Twenty-Webhook-Nonce",
});
const TIMESTAMP = TWENTY_HEADERS.timestamp.toLowerCase();
const SIGNATURE = TWENTY_HEADERS.signature.toLowerCase();
const NONCE = TWENTY_HEADERS.nonce.toLowerCase();

/** `{ signature, timestamp, nonce }`, each a string or undefined. */
export function readTwentyHeaders(headers) {
  try {
    return readTwenty(headers);
  } catch (error) {
    throw unreadable("headers", error);
  }
}

function readTwenty(headers) {
  if (typeof Headers === "function" && headers instanceof Headers) {
    // Headers already joins repeated values, whatever their casing.
    return { signature: headerText(headers.get(SIGNATURE)), timestamp: headerText(headers.get(TIMESTAMP)), nonce: headerText(headers.get(NONCE)) };
  }
  const found = {};
  const take = (name, value) => {
    // Only names of the right length can be ours (the timestamp's is as long as the signature's):
    // most names are passed over without lower-casing.
    if (name.length !== SIGNATURE.length && name.length !== NONCE.length) return;
    // Node's names are lower-case already: looked up as they are first, with no new string.
    const key = FIELD_OF[name] ?? FIELD_OF[name.toLowerCase()];
    const text = headerText(value);
    if (key && text !== undefined) found[key] = found[key] === undefined ? text : `${found[key]}, ${text}`;
  };
  if (isPlainRecord(headers)) {
    // Node's req.headers, the common case. Own names only: a polluted Object.prototype adds
    // none (checked after the length, which passes over most names).
    for (const name in headers) {
      if ((name.length === SIGNATURE.length || name.length === NONCE.length) && Object.hasOwn(headers, name)) take(name, headers[name]);
    }
  } else {
    for (const [name, value] of headerEntries(headers)) take(name, value);
  }
  return found;
}

// No prototype: a polluted Object.prototype cannot add a field.
const FIELD_OF = { __proto__: null, [SIGNATURE]: "signature", [TIMESTAMP]: "timestamp", [NONCE]: "nonce" };

/** Every header as `[name, value]` (values as text), whatever shape `headers` has. */
export function headerEntries(headers) {
  try {
    return readEntries(headers);
  } catch (error) {
    throw unreadable("headers", error);
  }
}

function readEntries(headers) {
  if (headers === null || typeof headers !== "object") {
    throw argumentError(
      "headers must be a Headers object, a Map, an array of [name, value] pairs, or an object such as Node's req.headers",
      "Pass request.headers (Fetch API) or req.headers (Node).",
    );
  }
  const entries = [];
  if (typeof Headers === "function" && headers instanceof Headers) {
    headers.forEach((value, name) => entries.push([name, value]));
  } else if (!isPlainRecord(headers)) {
    for (const pair of headers) {
      if (!Array.isArray(pair) || pair.length !== 2) throw argumentError("each header entry must be a [name, value] pair");
      entries.push([String(pair[0]), pair[1]]);
    }
  } else {
    for (const name of Object.keys(headers)) entries.push([name, headers[name]]);
  }
  return entries.filter(([, value]) => value !== undefined && value !== null).map(([name, value]) => [name, headerText(value)]);
}

function headerText(value) {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  return Array.isArray(value) ? value.join(", ") : String(value);
}

/** An object read by its own names (Node's req.headers), as opposed to an iterable of pairs. */
function isPlainRecord(value) {
  return value !== null && typeof value === "object" && !isIterable(value);
}

/**
 * Whether `value` is iterable. For a plain object only an iterator of its own counts, so that a
 * polluted Object.prototype (an added Symbol.iterator) changes nothing.
 */
function isIterable(value) {
  if (typeof value[Symbol.iterator] !== "function") return false;
  const prototype = Object.getPrototypeOf(value);
  return (prototype !== Object.prototype && prototype !== null) || Object.hasOwn(value, Symbol.iterator);
}
