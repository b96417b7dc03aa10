/**
 * @module twenty-webhooks/body
 * Reading a request body piece by piece with a size cap, whatever carries it: a Web
 * `ReadableStream` (Fetch), a Node `Readable` (node:http's request), any async iterable of
 * bytes, or bytes and text already in memory. The cap is counted as pieces arrive, so a body
 * without Content-Length (chunked) is refused as soon as it passes the cap, and reading stops.
 */
import { toBytes } from "./inputs.js";
import { WebhookRequestError } from "./receive-errors.js";

/** One MiB: Twenty's deliveries are a few KiB. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

const encoder = new TextEncoder();

/**
 * Calls `onPiece(bytes, owned)` for each piece of `source` as it arrives, and resolves to the number
 * of bytes once it ends. Rejects with WebhookRequestError PAYLOAD_TOO_LARGE as soon as more than
 * `maxBodyBytes` have arrived (and stops reading), BODY_INCOMPLETE if the stream is cut short.
 */
export function forEachPiece(source, maxBodyBytes, onPiece) {
  let total = 0;
  // `owned`: the source gives each piece up for good (see collector); only a generic async
  // iterable may not.
  const taker = (owned) => (piece) => {
    const bytes = typeof piece === "string" ? encoder.encode(piece) : toBytes(piece);
    total += bytes.byteLength;
    if (total > maxBodyBytes) throw new WebhookRequestError("PAYLOAD_TOO_LARGE");
    onPiece(bytes, owned || typeof piece === "string");
  };
  if (typeof source === "string" || isBytes(source)) {
    try {
      taker(true)(source); // a body given whole stays unchanged until `payload` is read, as with verify
    } catch (error) {
      return Promise.reject(error);
    }
    return Promise.resolve(total);
  }
  if (typeof source?.getReader === "function") return fromWebStream(source, taker(true)).then(() => total);
  if (isNodeReadable(source)) return fromNodeReadable(source, taker(true)).then(() => total);
  if (typeof source?.[Symbol.asyncIterator] === "function") return fromAsyncIterable(source, taker(false)).then(() => total);
  // Not a body: toBytes names what it is (INVALID_BODY).
  return Promise.reject(captured(() => toBytes(source)));
}

/**
 * Keeps the pieces of a body, up to `maxBodyBytes`. A piece its source hands over for good
 * (`owned`: socket data, Web stream chunks, a body given whole) is kept as it is while it is
 * the only one, the common case; otherwise pieces are copied into one buffer that grows by
 * doubling, since a generic async iterable may reuse its buffer for the next piece.
 */
export function collector(maxBodyBytes) {
  let buffer = new Uint8Array(0);
  let length = 0;
  let kept = null; // the one owned piece so far, not copied
  const append = (bytes) => {
    const needed = length + bytes.byteLength;
    if (needed > buffer.byteLength) {
      const grown = new Uint8Array(Math.min(Math.max(needed, 2 * buffer.byteLength, 1024), Math.max(maxBodyBytes, needed)));
      grown.set(buffer.subarray(0, length));
      buffer = grown;
    }
    buffer.set(bytes, length);
    length = needed;
  };
  return {
    add(bytes, owned = false) {
      if (length === 0 && owned) {
        kept = bytes;
        length = bytes.byteLength;
        return;
      }
      if (kept !== null) {
        const first = kept;
        kept = null;
        length = 0;
        append(first);
      }
      append(bytes);
    },
    length: () => length,
    bytes: () => kept ?? buffer.subarray(0, length),
  };
}

async function fromWebStream(stream, take) {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read().catch(incomplete);
      if (done) return;
      take(value);
    }
  } catch (error) {
    reader.cancel(error).catch(() => {}); // stop the sender; the error is what matters
    throw error;
  } finally {
    reader.releaseLock();
  }
}

/** Events rather than async iteration: much cheaper per piece on node:http. */
function fromNodeReadable(readable, take) {
  if (readable.readableEnded) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const cleanUp = () => {
      readable.off("data", onData);
      readable.off("end", onEnd);
      readable.off("error", onError);
      readable.off("close", onClose);
    };
    const fail = (error) => {
      cleanUp();
      readable.pause(); // read no further; the answer goes out and the connection closes
      reject(error);
    };
    const onData = (piece) => {
      try {
        take(piece);
      } catch (error) {
        fail(error);
      }
    };
    const onEnd = () => {
      cleanUp();
      resolve();
    };
    const onError = (error) => fail(new WebhookRequestError("BODY_INCOMPLETE", { cause: error }));
    const onClose = () => fail(new WebhookRequestError("BODY_INCOMPLETE")); // closed before "end"
    readable.on("data", onData);
    readable.on("end", onEnd);
    readable.on("error", onError);
    readable.on("close", onClose);
    readable.resume?.();
  });
}

async function fromAsyncIterable(iterable, take) {
  const iterator = iterable[Symbol.asyncIterator]();
  try {
    for (;;) {
      const { done, value } = await iterator.next().catch(incomplete);
      if (done) return;
      take(value);
    }
  } catch (error) {
    if (!(error instanceof WebhookRequestError && error.code === "BODY_INCOMPLETE")) await iterator.return?.().catch(() => {});
    throw error;
  }
}

/** A source that failed while the body was arriving: the sender or the connection gave out. */
function incomplete(error) {
  throw new WebhookRequestError("BODY_INCOMPLETE", { cause: error });
}

function isBytes(value) {
  return ArrayBuffer.isView(value) || Object.prototype.toString.call(value) === "[object ArrayBuffer]";
}

function isNodeReadable(value) {
  return typeof value?.on === "function" && typeof value.pause === "function" && typeof value.readableEnded === "boolean";
}

function captured(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return new TypeError("twenty-webhooks: not a body");
}
