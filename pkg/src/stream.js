/**
 * @module twenty-webhooks/stream
 * `verifyStream`: a delivery verified while its body streams in. Each piece is hashed as it
 * arrives (the core's begin/update/finish) and kept for `payload`, so memory is bounded by
 * `maxBodyBytes`, and a body past it is refused without reading the rest.
 */
import { collector, DEFAULT_MAX_BODY_BYTES, forEachPiece } from "./body.js";
import { argumentError } from "./errors.js";
import { DEFAULT_TOLERANCE_MS, toSecrets } from "./inputs.js";
import { keyedOnChange } from "./keyed.js";
import { streamHooks, Verifier } from "./verifier.js";

/** Verifiers kept ready per parent for the next streams: enough for a burst, bounded. */
const IDLE_FORKS = 16;

const keyedVerifier = keyedOnChange(Verifier);
const idleForks = new WeakMap(); // parent Verifier → verifiers of the same secrets, not in use

/**
 * Verifies a delivery whose body is a `ReadableStream`, an async iterable of bytes, or a Node
 * `Readable` (or bytes or text already read). Resolves to `{ payload, timestamp, nonce,
 * secretIndex }` like `verify`; rejects with WebhookVerificationError, or WebhookRequestError
 * PAYLOAD_TOO_LARGE once more than `maxBodyBytes` have arrived. A verification failure found
 * in the headers (missing, stale, malformed) is reported once the body has ended, so that a
 * body past the cap is still refused as too large first.
 *
 * @example
 * const { payload } = await verifyStream({ secret, headers: req.headers, body: req });
 */
export async function verifyStream({ secret, verifier, headers, body, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, toleranceMs = DEFAULT_TOLERANCE_MS, now = Date.now() } = {}) {
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw argumentError("maxBodyBytes must be a non-negative integer", `The default is ${DEFAULT_MAX_BODY_BYTES} (1 MiB).`);
  }
  if (verifier !== undefined && !(verifier instanceof Verifier)) throw argumentError("verifier must be a Verifier", "Pass new Verifier(secret), or pass secret instead.");
  const parent = verifier ?? keyedVerifier(toSecrets(secret), toleranceMs);
  const fork = idleForks.get(parent)?.pop() ?? streamHooks.fork(parent);
  try {
    const verification = streamHooks.begin(fork, headers, now);
    const kept = collector(maxBodyBytes);
    let failure;
    await forEachPiece(body, maxBodyBytes, (piece) => {
      if (failure) return; // counted, not kept: only the size can still change the outcome
      try {
        verification.update(piece);
        kept.add(piece);
      } catch (error) {
        failure = error;
      }
    });
    if (failure) throw failure;
    return verification.finish(kept.bytes());
  } finally {
    park(parent, fork);
  }
}

function park(parent, fork) {
  let idle = idleForks.get(parent);
  if (idle === undefined) idleForks.set(parent, (idle = []));
  if (idle.length < IDLE_FORKS) idle.push(fork);
  else fork.free();
}
