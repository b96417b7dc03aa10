/**
 * @module twenty-webhooks/verifier
 * Verification: `Verifier` (secrets keyed once, the fast path) and one-shot `verify()`.
 *
 * The delivery is written straight into a scratch buffer in wasm memory (body, then timestamp
 * and signature) and only lengths cross into wasm: no glue-code copies or string conversions.
 * Bodies larger than one piece are hashed piece by piece, so memory stays bounded whatever the
 * size. The payload is decoded and parsed from the caller's body when first read, not before:
 * copying or decoding it up front would cost 10 to 20% of a verification (measured), so the
 * contract is that a body passed as bytes stays unchanged until `payload` is read.
 */
import * as wasm from "../dist/wasm/twenty_webhooks.js";
import { argumentError, fromInfo } from "./errors.js";
import { readTwentyHeaders } from "./headers.js";
import { DEFAULT_TOLERANCE_MS, assertReadable, byteLengthOf, copyInto, toBytes, toMillis, toSecrets, toTolerance, viewOf } from "./inputs.js";
import { keyedOnChange } from "./keyed.js";
import { callWasm, inputError, instance, wasmMemory } from "./lifecycle.js";

/** Bytes of body handed to wasm per call; larger bodies go in pieces of this size. */
const PIECE_BYTES = 64 * 1024;
/** UTF-8 needs at most 3 bytes per UTF-16 code unit. */
const UTF8_PER_UNIT = 3;
/**
 * Header characters written into wasm memory: one past the longest the core reports by length
 * (MAX_REPORTED_LENGTH), so that an absurd header cannot grow memory for good.
 */
const HEADER_CHARS = 257;

const NO_BYTES = new Uint8Array(0);

/** Internal, for stream.js: set by Verifier's static block (see there). */
export let streamHooks;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Verifies deliveries against one secret or several (key rotation). Each secret is keyed once,
 * here; `verify` then hashes only the message. Reuse one instance: this is the fast path.
 *
 * @example
 * const verifier = new Verifier(process.env.TWENTY_WEBHOOK_SECRET);
 * const { payload } = verifier.verify(request.headers, await request.text());
 */
export class Verifier {
  #secrets;
  #tolerance;
  #inner;
  #generation = -1; // the wasm instance #inner belongs to
  #address = 0;
  #capacity = 0;
  #memory = null; // a view of all wasm memory; replaced when the memory grows
  #piece = null; // a view of the scratch buffer's first PIECE_BYTES

  constructor(secretOrSecrets, { toleranceMs = DEFAULT_TOLERANCE_MS } = {}) {
    // Kept for re-keying in a fresh wasm instance (see lifecycle.js); toSecrets copies, so a
    // caller changing its array later changes nothing here.
    this.#secrets = toSecrets(secretOrSecrets);
    this.#tolerance = toTolerance(toleranceMs);
    this.#key();
  }

  /** Throws WebhookVerificationError, or returns `{ payload, timestamp, nonce, secretIndex }`. */
  verify(headers, body, now = Date.now()) {
    if (this.#secrets === undefined) throw argumentError("this Verifier was freed", "Create a new Verifier, or keep this one alive.");
    const { signature, timestamp, nonce } = readTwentyHeaders(headers);
    const nowMs = typeof now === "number" && Number.isFinite(now) ? now : toMillis(now);
    const bytes = typeof body === "string" ? undefined : toBytes(body);
    // After an exception unwound through wasm (lifecycle.js), the instance is replaced and this
    // Verifier keys its secrets again in the new one.
    if (instance.entered || this.#generation !== instance.generation) this.#key();
    const secretIndex = bytes === undefined
      ? this.#verifyText(body, timestamp, signature, nowMs)
      : this.#verifyBytes(bytes, timestamp, signature, nowMs);
    return new VerifiedDelivery(body, Number(timestamp), nonce, secretIndex);
  }

  /** Releases the wasm memory now rather than when the garbage collector gets to it. */
  free() {
    // A stale inner object belongs to a replaced instance: freeing it would free memory of the
    // current one. The garbage collector drops it.
    // (Checked inside callWasm, after it has replaced an inconsistent instance.)
    const inner = this.#inner;
    if (inner !== undefined) callWasm(() => this.#generation === instance.generation && inner.free());
    this.#inner = undefined;
    this.#secrets = undefined;
  }

  /** Keys the secrets in the current wasm instance. */
  #key() {
    this.#inner = callWasm(() => new wasm.WasmVerifier(this.#secrets, this.#tolerance));
    this.#generation = instance.generation;
    this.#address = 0;
    this.#capacity = 0;
    this.#memory = null;
    this.#piece = null;
  }

  static {
    // For verifyStream: a verification under way keeps its state in the wasm verifier between
    // pieces, so each concurrent stream needs a verifier of its own (`fork`, the same secrets),
    // fed as its body arrives (`begin`).
    streamHooks = {
      fork: (verifier) => {
        if (verifier.#secrets === undefined) throw argumentError("this Verifier was freed", "Create a new Verifier, or keep this one alive.");
        return new Verifier(verifier.#secrets, { toleranceMs: verifier.#tolerance });
      },
      begin: (verifier, headers, now) => verifier.#begin(headers, now),
    };
  }

  /**
   * A verification fed piece by piece: `update(bytes)` as pieces arrive (the headers and the
   * timestamp are checked with the first), then `finish(body)` with the whole body, for
   * `payload`. Either throws WebhookVerificationError. The state between pieces lives in the
   * wasm instance; once that was replaced (lifecycle.js) the state is gone: `update` then
   * returns false and `finish` null, having hashed nothing, and the caller begins again.
   */
  #begin(headers, now) {
    if (this.#inner === undefined) throw argumentError("this Verifier was freed", "Create a new Verifier, or keep this one alive.");
    const { signature, timestamp, nonce } = readTwentyHeaders(headers);
    const nowMs = toMillis(now);
    if (instance.entered || this.#generation !== instance.generation) this.#key();
    const generation = this.#generation;
    let first = true;
    // `entered` still set: an abnormal exit, and the instance is replaced on the next call.
    const lost = () => instance.entered || this.#generation !== generation || instance.generation !== generation;
    const feed = (bytes, last) => {
      const length = byteLengthOf(bytes);
      let offset = 0;
      for (;;) {
        const size = Math.min(length - offset, PIECE_BYTES);
        this.#reserve(size);
        copyInto(this.#piece, viewOf(bytes, offset, size));
        offset += size;
        const secretIndex = this.#hash(size, first, last && offset === length, timestamp, signature, nowMs);
        first = false;
        if (offset === length) return secretIndex;
      }
    };
    return {
      update: (bytes) => !lost() && (feed(bytes, false), true),
      finish: (body) => (lost() ? null : new VerifiedDelivery(body, Number(timestamp), nonce, feed(NO_BYTES, true))),
    };
  }

  #verifyText(body, timestamp, signature, nowMs) {
    let rest = body;
    let first = true;
    for (;;) {
      this.#reserve(Math.min(rest.length * UTF8_PER_UNIT, PIECE_BYTES));
      const { read, written } = encoder.encodeInto(rest, this.#piece);
      rest = rest.slice(read);
      const secretIndex = this.#hash(written, first, rest.length === 0, timestamp, signature, nowMs);
      if (rest.length === 0) return secretIndex;
      first = false;
    }
  }

  #verifyBytes(bytes, timestamp, signature, nowMs) {
    const length = byteLengthOf(bytes);
    if (length === 0) assertReadable(bytes);
    let offset = 0;
    for (;;) {
      const size = Math.min(length - offset, PIECE_BYTES);
      this.#reserve(size);
      // Built-ins only, and the target view is bounded: nothing can write past the scratch.
      copyInto(this.#piece, size === length ? bytes : viewOf(bytes, offset, size));
      const first = offset === 0;
      offset += size;
      const secretIndex = this.#hash(size, first, offset === length, timestamp, signature, nowMs);
      if (offset === length) return secretIndex;
    }
  }

  /**
   * Hashes the piece now in scratch; the first piece is followed there by the two headers.
   * Returns the matching secret's index after the last piece; throws on failure.
   */
  #hash(size, first, last, timestamp, signature, nowMs) {
    let result;
    let error;
    if (first) {
      const timestampChars = writeAscii(this.#memory, this.#address + size, timestamp);
      const signatureChars = writeAscii(this.#memory, this.#address + size + Math.max(timestampChars, 0), signature);
      instance.entered = true; // as callWasm does, without a closure on the hot path
      result = this.#inner.verifyFirst(size, timestampChars, signatureChars, nowMs, last);
    } else {
      instance.entered = true;
      result = this.#inner.verifyNext(size, last);
    }
    if (result < 0) error = this.#inner.lastError();
    instance.entered = false;
    if (result < 0) throw fromInfo(error);
    return result;
  }

  /** Makes room for a piece and both (capped) headers, and refreshes the views if memory moved. */
  #reserve(pieceBytes) {
    const needed = pieceBytes + 2 * HEADER_CHARS;
    if (needed > this.#capacity) {
      this.#address = callWasm(() => this.#inner.scratch(needed));
      this.#capacity = callWasm(() => this.#inner.scratchCapacity());
      this.#memory = null;
      if (this.#capacity < needed) throw new RangeError("twenty-webhooks: could not reserve wasm memory for the body");
    }
    const buffer = wasmMemory().buffer;
    if (this.#memory?.buffer !== buffer) {
      this.#memory = new Uint8Array(buffer);
      this.#piece = new Uint8Array(buffer, this.#address, Math.min(this.#capacity, PIECE_BYTES));
    }
  }
}

/**
 * Writes a header's first HEADER_CHARS characters as bytes at `at` and returns how many (-1 for
 * an absent header). A character that is not ASCII becomes 0xff, which is never a digit or a
 * hex digit, so it can only read as malformed; so can a header cut short, being over-long.
 */
function writeAscii(memory, at, text) {
  if (text === undefined) return -1;
  const count = Math.min(text.length, HEADER_CHARS);
  for (let i = 0; i < count; i++) {
    const code = text.charCodeAt(i);
    memory[at + i] = code < 0x80 ? code : 0xff;
  }
  return count;
}

const UNREAD = Symbol("unread");

/**
 * What a verified delivery carries. `payload` is a getter that decodes and parses the body on
 * first read, never before: destructure it (`const { payload } = …`); a spread copies only the
 * other three.
 */
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
    if (this.#payload === UNREAD) this.#payload = parsePayload(this.#body);
    return this.#payload;
  }

  toJSON() {
    return { payload: this.payload, timestamp: this.timestamp, nonce: this.nonce, secretIndex: this.secretIndex };
  }
}

/** A verified body's payload: INVALID_BODY if it can no longer be read, INVALID_JSON if not JSON. */
export function parsePayload(body) {
  let text;
  try {
    text = typeof body === "string" ? body : decoder.decode(toBytes(body));
  } catch (error) {
    // e.g. a detached ArrayBuffer: a server that releases request buffers after the handler.
    throw inputError("InvalidBody", `a body that can no longer be read (${error.message}); read payload while the request's buffer is alive`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw inputError("InvalidJson", error.message);
  }
}

// One-shot verify() keeps the last verifier, so `verify({ secret: env.SECRET, ... })` per
// request keys the HMAC once, not on every call.
const keyedVerifier = keyedOnChange(Verifier);

/**
 * Verifies one delivery.
 *
 * @example
 * const { payload } = verify({ secret, headers: request.headers, body: await request.text() });
 */
export function verify({ secret, headers, body, toleranceMs = DEFAULT_TOLERANCE_MS, now = Date.now() } = {}) {
  return keyedVerifier(toSecrets(secret), toleranceMs).verify(headers, body, now);
}
