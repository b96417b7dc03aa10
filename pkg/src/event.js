/**
 * @module twenty-webhooks/event
 * An event for buildPayload, read on the JavaScript side: its fields are read here (any
 * exception from a getter, a Proxy or a toJSON becomes a typed error naming the path), its
 * content (`record`, or a metadata event's `event`) is serialised with the engine's own
 * JSON.stringify (the reference for those bytes), and only primitives go into wasm, where the
 * core checks the envelope and writes it in Twenty's order around the content. So no object of
 * the caller's crosses into wasm, and no code of the caller's runs while wasm is on the stack.
 * The text fields cross as one string with their lengths: one copy instead of a dozen.
 */
import * as wasm from "../dist/wasm/twenty_webhooks.js";
import { fromInfo } from "./errors.js";
import { messageOf } from "./inputs.js";
import { assertReady, callWasm } from "./lifecycle.js";

// The built-in getTime, taken once: a Date is recognised by its internal slot, never by a
// method the caller could replace, and a fake (Object.create(Date.prototype)) is refused.
const getTime = Function.prototype.call.bind(Date.prototype.getTime);
const stringify = JSON.stringify;
const isArray = Array.isArray;
const getPrototypeOf = Object.getPrototypeOf;
const objectPrototype = Object.prototype;
const tagOf = Function.prototype.call.bind(Object.prototype.toString);
const nativeWellFormed = String.prototype.isWellFormed;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isWellFormed = nativeWellFormed ? (text) => nativeWellFormed.call(text) : (text) => !LONE_SURROGATE.test(text);

const isObject = (value) => value !== null && (typeof value === "object" || typeof value === "function");
const ABSENT = 0xffffffff; // the length of a text field that is absent: the largest u32
// No object has this many fields; a sparse giant array is refused rather than walked.
const MAX_FIELD_NAMES = 1 << 16;

/** A Date as its epoch milliseconds (NaN for an invalid one); anything else as it is. */
export function dateValue(value) {
  if (!isObject(value)) return value;
  try {
    return getTime(value);
  } catch {
    return value; // not a Date
  }
}

export function eventError(problem, path = "", detail = "") {
  return callWasm(() => fromInfo(wasm.eventError(wasm.EventProblem[problem], path, String(detail))));
}

/** `Array.isArray(value)`, or a typed error naming `path` if it throws. */
function isArrayAt(value, path) {
  try {
    return isArray(value); // throws for a revoked Proxy
  } catch (error) {
    throw eventError("Threw", path, messageOf(error));
  }
}

/** `holder[key]`, or a typed error naming `path` if reading it throws. */
function read(holder, key, path) {
  try {
    return holder[key];
  } catch (error) {
    throw eventError("Threw", path, messageOf(error));
  }
}


/**
 * What to tell wasm about a content field, and its JSON text as JSON.stringify writes it in the
 * payload. For plain data (an object whose prototype is Object.prototype or null, with no
 * toJSON) the text is `JSON.stringify(value)` itself: it is an object's text, and the engine's
 * own result (which for large values is not yet flattened into one piece) is kept as it is.
 * Anything else goes through `JSON.stringify({ [key]: value })`, so that a `toJSON(key)` sees
 * the key Twenty's serialisation gives it, and what came out is looked at.
 */
function serialise(key, value) {
  if (value === undefined) return [wasm.Content.Absent, ""];
  try {
    if (isObject(value) && typeof value !== "function" && !isArray(value)) {
      const prototype = getPrototypeOf(value);
      // The built-in tag tells a boxed Number, String or Boolean whose prototype was replaced.
      const plain = (prototype === objectPrototype || prototype === null) && tagOf(value) === "[object Object]";
      if (plain && value.toJSON === undefined) return [wasm.Content.Object, stringify(value)];
    }
    const json = stringify({ [key]: value }).slice(key.length + 4, -1); // `{"key":` … `}`
    return [json.charCodeAt(0) === 0x7b ? wasm.Content.Object : wasm.Content.NotObject, json];
  } catch (error) {
    throw unserializable(key, value, error);
  }
}

/** The event's text fields, joined, with their lengths (see `Slot` in src/wasm/event.rs). */
class Texts {
  joined = "";
  lengths = [];

  /** An optional text field: absent when undefined or null (Twenty never sends null). */
  add(value, path) {
    if (value === undefined || value === null) {
      this.lengths.push(ABSENT);
      return;
    }
    if (typeof value !== "string") throw eventError("NotText", path);
    if (!isWellFormed(value)) throw eventError("NotWellFormed", path);
    this.joined += value;
    this.lengths.push(value.length);
  }
}

/** The exact body Twenty's server sends for `event` (a record event or a metadata event). */
export function buildPayload(event) {
  assertReady();
  if (!isObject(event)) throw eventError("NotObject");
  const field = (name) => read(event, name, name);
  const texts = new Texts();
  let flags = 0;
  texts.add(field("targetUrl"), "targetUrl");
  texts.add(field("eventName"), "eventName");
  const objectMetadata = field("objectMetadata");
  if (isObject(objectMetadata)) {
    flags |= wasm.EventFlag.ObjectMetadata;
    texts.add(read(objectMetadata, "id", "objectMetadata.id"), "objectMetadata.id");
    texts.add(read(objectMetadata, "nameSingular", "objectMetadata.nameSingular"), "objectMetadata.nameSingular");
  } else if (objectMetadata === undefined) {
    texts.add(undefined);
    texts.add(undefined);
  } else {
    throw eventError("ObjectMetadataNotObject");
  }
  for (const name of ["workspaceId", "webhookId", "userId", "workspaceMemberId", "apiKeyId"]) texts.add(field(name), name);
  const eventDate = dateValue(field("eventDate"));
  let eventDateMs = 0;
  if (typeof eventDate === "number") {
    flags |= wasm.EventFlag.EventDateMs;
    eventDateMs = eventDate;
    texts.add(undefined);
  } else if (eventDate === undefined || typeof eventDate === "string") {
    texts.add(eventDate, "eventDate");
  } else {
    throw eventError("NotDate");
  }
  const updatedFields = field("updatedFields");
  if (updatedFields !== undefined && updatedFields !== null) {
    flags |= wasm.EventFlag.UpdatedFields;
    const length = isArrayAt(updatedFields, "updatedFields") ? read(updatedFields, "length", "updatedFields.length") : -1;
    if (!(length >= 0 && length <= MAX_FIELD_NAMES)) throw eventError("NotFieldNames");
    for (let i = 0; i < length; i++) {
      const name = read(updatedFields, i, `updatedFields[${i}]`);
      if (typeof name !== "string") throw eventError("NotFieldNames");
      texts.add(name, `updatedFields[${i}]`);
    }
  }
  const [recordContent, recordJson] = serialise("record", field("record"));
  const [eventContent, eventJson] = serialise("event", field("event"));
  const envelope = callWasm(() => wasm.payloadEnvelope(texts.joined, texts.lengths, flags, eventDateMs, recordContent, eventContent));
  const cut = envelope.indexOf("\0"); // where the content goes
  const content = recordContent === wasm.Content.Absent ? eventJson : recordJson;
  return envelope.slice(0, cut) + content + envelope.slice(cut + 1);
}

/**
 * JSON.stringify refused `value`: find where, walking it as JSON.stringify does (toJSON,
 * boxed primitives, key order), without recursion so that any depth can be walked.
 */
function unserializable(root, value, error) {
  const found = locate(root, value);
  if (found) return eventError(found.problem, found.path, found.detail);
  const problem = error instanceof RangeError ? "TooDeep" : "Threw";
  return eventError(problem, root, messageOf(error));
}

function locate(root, value) {
  const open = new Set();
  // Each frame: an object or array being walked, its keys, the next index, its path.
  const frames = [];
  let key = root;
  let path = root;
  for (;;) {
    try {
      value = jsonValue(key, value);
    } catch (error) {
      return { problem: "Threw", path, detail: messageOf(error) };
    }
    if (typeof value === "bigint") return { problem: "BigInt", path };
    if (value !== null && typeof value === "object") {
      if (open.has(value)) return { problem: "Cycle", path };
      let keys;
      let length;
      try {
        keys = isArray(value) ? null : Object.keys(value);
        length = keys ? keys.length : Number(value.length) || 0;
      } catch (error) {
        return { problem: "Threw", path, detail: messageOf(error) };
      }
      open.add(value);
      frames.push({ object: value, keys, length, next: 0, path });
    }
    // The next property to walk, closing the objects and arrays that are done.
    for (;;) {
      const frame = frames.at(-1);
      if (frame === undefined) return undefined;
      if (frame.next < frame.length) {
        const index = frame.next++;
        key = frame.keys ? frame.keys[index] : String(index);
        path = frame.keys ? `${frame.path}${segment(key)}` : `${frame.path}[${index}]`;
        try {
          value = frame.object[key];
        } catch (error) {
          return { problem: "Threw", path, detail: messageOf(error) };
        }
        break;
      }
      open.delete(frame.object);
      frames.pop();
    }
  }
}

/** SerializeJSONProperty's first steps: toJSON, then boxed primitives unwrapped. */
function jsonValue(key, value) {
  if (isObject(value) || typeof value === "bigint") {
    const toJSON = value.toJSON;
    if (typeof toJSON === "function") value = toJSON.call(value, key);
  }
  if (value instanceof BigInt) return value.valueOf();
  return value;
}

/** `.name` for identifier-like keys, `["odd key"]` otherwise (as the Rust reader writes paths). */
function segment(key) {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${stringify(key)}]`;
}
