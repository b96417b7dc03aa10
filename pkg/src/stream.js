/**
 * @module twenty-webhooks/stream
 * `verifyStream`: a delivery verified while its body streams in. Pieces are hashed as they
 * arrive (the core's begin/update/finish) and kept for `payload`, so memory is bounded by
 * `maxBodyBytes`, and a body past it is refused without reading the rest.
 */
import { collector, DEFAULT_MAX_BODY_BYTES, forEachPiece } from "./body.js";
import { argumentError } from "./errors.js";
import { DEFAULT_TOLERANCE_MS, toSecrets } from "./inputs.js";
import { keyedOnChange } from "./keyed.js";
import { streamHooks, Verifier } from "./verifier.js";

/**
 * Bodies up to this size are verified in one call once they have arrived, by the verifier
 * itself (one call cannot interleave with another); larger ones are hashed piece by piece as
 * they arrive, each by a fork of its own. Twenty's deliveries are a few KiB: no fork for them.
 */
const ONE_CALL_BYTES = 64 * 1024;
/** Forks kept ready per verifier for the next large streams: enough for a burst, bounded. */
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
  const kept = collector(maxBodyBytes);
  let fork;
  let verification; // begun once the body outgrows ONE_CALL_BYTES
  let failure;
  try {
    await forEachPiece(body, maxBodyBytes, (piece, owned) => {
      if (failure) return; // counted, not kept: only the size can still change the outcome
      kept.add(piece, owned);
      if (kept.length() <= ONE_CALL_BYTES) return;
      try {
        if (verification?.update(piece)) return;
        // Not begun yet, or its state was lost with a replaced wasm instance (lifecycle.js):
        // begin, in the fork keyed again, with every byte kept so far.
        fork ??= idleForks.get(parent)?.pop() ?? streamHooks.fork(parent);
        verification = streamHooks.begin(fork, headers, now);
        verification.update(kept.bytes());
      } catch (error) {
        failure = error;
      }
    });
    if (failure) throw failure;
    // A state lost after the last piece: the kept body in one call (it cannot be interleaved).
    return verification?.finish(kept.bytes()) ?? parent.verify(headers, kept.bytes(), now);
  } finally {
    if (fork) park(parent, fork);
  }
}

function park(parent, fork) {
  let idle = idleForks.get(parent);
  if (idle === undefined) idleForks.set(parent, (idle = []));
  if (idle.length < IDLE_FORKS) idle.push(fork);
  else fork.free();
}
