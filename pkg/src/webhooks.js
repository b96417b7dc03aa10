/**
 * @module twenty-webhooks/webhooks
 * `Webhooks`: verified deliveries routed to handlers by event name, with Twenty's own operation
 * syntax and rule (`matchesOperations`), so that a pattern means here what the same filter
 * means in Twenty's settings. Copies of a delivery are told apart by `deliveryId` and, with a
 * `dedupe` store, run their handlers once. With `forwarded: true` the deliveries come from the
 * edge receiver: each retry is re-signed with a fresh timestamp, so the id is the hop's
 * `webhook-id`, which `verifyForwarded` authenticates, rather than one derived from the signature.
 */
import { matchesOperations } from "./api.js";
import { deliveryId } from "./delivery-id.js";
import { argumentError } from "./errors.js";
import { forwardKeys, verifyForwarded } from "./forwarded.js";
import { DEFAULT_TOLERANCE_MS, toTolerance } from "./inputs.js";
import { WebhookHandlerError, WebhookRequestError } from "./receive-errors.js";
import { Verifier } from "./verifier.js";

/** `<object>.<action>` or `metadata.<name>.<action>`, each part a name or `*`. */
const EVENT_PATTERN = /^(?:[^\s.]+\.[^\s.]+|metadata\.[^\s.]+\.[^\s.]+)$/;

/** Distinct event names whose matching handlers are remembered; past it, the list starts over. */
const ROUTE_CACHE_SIZE = 1024;

/** Internal: set by Webhooks' static block (see there). Declared first, as the block assigns it. */
export let receiverHooks;

/**
 * Receives Twenty deliveries: verifies each, then runs every handler whose pattern matches its
 * event name, and every `onAny` handler.
 *
 * @example
 * const webhooks = new Webhooks({ secret: process.env.TWENTY_WEBHOOK_SECRET, dedupe: memoryDedupe() });
 * webhooks.on("person.created", async ({ payload }) => console.log(payload.record.name.firstName));
 * webhooks.on(["company.*", "*.deleted"], async ({ payload }) => audit(payload));
 * const { status } = await webhooks.receive({ headers: req.headers, body: rawBody });
 */
export class Webhooks {
  #verifier; // Twenty's scheme; undefined with `forwarded`
  #forwardSecret; // the edge receiver's FORWARD_SECRET(s) with `forwarded`, else undefined
  #toleranceMs;
  #dedupe;
  #routes = []; // { patterns, handler }
  #anyHandlers = [];
  #errorHandlers = [];
  #handlersByEvent = new Map(); // event name → handlers, cleared whenever a handler is added
  #attempts = new Map(); // with `dedupe`: id → the `answer` records of this instance's claims and runs of it

  constructor({ secret, toleranceMs = DEFAULT_TOLERANCE_MS, dedupe, forwarded = false } = {}) {
    if (dedupe !== undefined && typeof dedupe?.claim !== "function") {
      throw argumentError("dedupe must have a claim(id, ttlMs) method returning a Promise<boolean>", "Use memoryDedupe(), or leave it out.");
    }
    if (typeof forwarded !== "boolean") throw argumentError("forwarded must be true or false", "true when deliveries come from the edge receiver (edge/); leave it out otherwise.");
    this.#toleranceMs = toTolerance(toleranceMs);
    if (forwarded) {
      forwardKeys(secret); // a FORWARD_SECRET that can key no HMAC is refused now, not at the first delivery
      this.#forwardSecret = secret;
    } else {
      this.#verifier = new Verifier(secret, { toleranceMs });
    }
    this.#dedupe = dedupe;
  }

  /**
   * Runs `handler(event)` for deliveries whose event name a pattern matches: Twenty's operation
   * syntax (`person.created`, `person.*`, `*.created`, `*.*`, `metadata.<name>.<action>`, …),
   * one pattern or a list.
   */
  on(patterns, handler) {
    const list = [patterns].flat();
    if (list.length === 0 || !list.every((pattern) => typeof pattern === "string" && EVENT_PATTERN.test(pattern))) {
      throw argumentError('patterns must be an event pattern or a list of them, e.g. "person.created", "company.*" or "metadata.*.*"', "Patterns use Twenty's operation syntax: <object>.<action>, or metadata.<name>.<action>, with * for any.");
    }
    // Twenty's picker shows "All Metadata" as metadata.*, but metadata.<x> matches no event
    // (metadata events have three parts; *.* does match them): refused rather than never run.
    const metadataPair = list.find((pattern) => /^metadata\.[^.]+$/.test(pattern));
    if (metadataPair !== undefined) {
      throw argumentError(`"${metadataPair}" matches no event: metadata events are named metadata.<name>.<action>`, 'Use "metadata.*.*" for every metadata event, "metadata.view.*" for one entity\'s, "metadata.*.created" for one action.');
    }
    this.#routes.push({ patterns: list, handler: checkHandler(handler) });
    this.#handlersByEvent.clear();
    return this;
  }

  /** Runs `handler(event)` for every verified delivery. */
  onAny(handler) {
    this.#anyHandlers.push(checkHandler(handler));
    this.#handlersByEvent.clear();
    return this;
  }

  /**
   * Runs `handler(error, event)` when handlers threw: `error` is a WebhookHandlerError.
   * `receive` rejects once it has finished; the HTTP adapters answer 500 without waiting for it.
   */
  onError(handler) {
    this.#errorHandlers.push(checkHandler(handler));
    return this;
  }

  /**
   * Verifies a delivery and runs its handlers. Resolves to `{ status, deliveryId, handlers }`
   * (`handled`, `duplicate` or `unhandled`; how many handlers ran). Rejects with
   * WebhookVerificationError (no handler runs), WebhookPayloadError INVALID_JSON,
   * WebhookHandlerError when handlers threw (after `onError`; the claim is released, so a
   * re-send runs them again), or, with a `dedupe` store that has `release`, WebhookRequestError
   * DELIVERY_IN_PROGRESS for a copy that arrives while this instance runs the original's
   * handlers, not yet answered 202 (they may yet fail), or after they failed until the store
   * answers the release.
   */
  async receive({ headers, body, now = Date.now() } = {}) {
    return this.#dispatch(this.#verify(headers, body, now), headers, {});
  }

  /** Twenty's scheme, or with `forwarded` the hop's Standard Webhooks signature over id, timestamp and body. */
  #verify(headers, body, now) {
    if (this.#verifier) return this.#verifier.verify(headers, body, now);
    return verifyForwarded({ secret: this.#forwardSecret, headers, body, toleranceMs: this.#toleranceMs, now });
  }

  static {
    // Internal, for the HTTP adapters (respond.js): the verifier, to verify a streamed body
    // with (undefined with `forwarded`: then `verify` takes the whole body); and what receive()
    // does after verification, with the adapter's `answer` record, which says whether a 202
    // has gone out (then a failed delivery keeps its claim) and, with `adapterAnswers`, gets the
    // onError handlers' promise as `reported` instead of awaiting it before the rejection.
    receiverHooks = {
      verifierOf: (webhooks) => webhooks.#verifier,
      verify: (webhooks, headers, body, now) => webhooks.#verify(headers, body, now),
      dispatch: (webhooks, delivery, headers, answer) => webhooks.#dispatch(delivery, headers, answer),
    };
  }

  async #dispatch(delivery, headers, answer) {
    const { payload, timestamp, secretIndex, nonce } = delivery; // INVALID_JSON throws here
    const id = this.#verifier ? deliveryId(headers) : delivery.deliveryId; // forwarded: the signed webhook-id
    answer.deliveryId = id;
    const handlers = this.#handlersFor(typeof payload?.eventName === "string" ? payload.eventName : "");
    if (this.#dedupe && !(await this.#claim(id, answer))) return settled(answer, "duplicate", id, 0);
    if (handlers.length === 0) {
      if (this.#dedupe) this.#leave(id, answer);
      return settled(answer, "unhandled", id, 0);
    }

    const event = { payload, deliveryId: id, timestamp, secretIndex, nonce };
    let failures = failuresOf(handlers, event); // never throws nor rejects
    if (!Array.isArray(failures)) failures = await failures;
    answer.settled = true;
    if (failures.length === 0) {
      if (this.#dedupe) this.#leave(id, answer);
      return { status: "handled", deliveryId: id, handlers: handlers.length };
    }

    const error = new WebhookHandlerError(failures, id);
    // The outcome is known: an adapter whose deadline passes while the claim is being released
    // answers it then (a store that does not answer must not hold the answer).
    answer.failure = error;
    // The release begins first (a store that applies it at once has, before onError runs), then
    // onError, without waiting for the release (a store that never answers must not silence it).
    // An adapter still owing its answer sends the 500 without waiting for onError (a slow error
    // reporter would make Twenty, which waits 5 s, give up); it keeps `reported` alive.
    const releasing = this.#dedupe && !answer.acknowledged ? this.#release(id) : undefined;
    const reported = this.#report(error, event);
    const answerFirst = answer.adapterAnswers && !answer.acknowledged;
    if (answerFirst) answer.reported = reported;
    await releasing;
    if (this.#dedupe) this.#leave(id, answer);
    if (!answerFirst) await reported;
    throw error;
  }

  /**
   * Claims a delivery in the dedupe store for this run (`answer`). With a store that can release,
   * a copy that loses the claim while this instance runs the delivery, or ran it and failed while
   * the copy's claim was on its way, or was still waiting for its own claim's answer then (a
   * remote store may answer out of order), gets DELIVERY_IN_PROGRESS: the handlers may yet fail
   * and be released, so it is not a duplicate yet. Once a 202 acknowledged a run, its claim stays.
   */
  async #claim(id, answer) {
    const ttlMs = 2 * this.#toleranceMs;
    // Without `release` a failed delivery stays claimed: a copy is a duplicate whatever happens.
    if (typeof this.#dedupe.release !== "function") return this.#dedupe.claim(id, ttlMs);
    let attempts = this.#attempts.get(id);
    if (attempts === undefined) this.#attempts.set(id, (attempts = new Set()));
    const before = [...attempts]; // a run that fails and is released while our claim is made
    attempts.add(answer);
    try {
      answer.claim = (await this.#dedupe.claim(id, ttlMs)) ? "won" : "lost";
    } finally {
      answer.claim ??= "failed"; // the store threw: nothing of ours runs
      if (answer.claim !== "won") this.#leave(id, answer);
    }
    if (answer.claim === "won") {
      // The store handed the claim out again: failed runs' releases have landed (or lapsed).
      for (const run of attempts) if (run.failure !== undefined) attempts.delete(run);
      return true;
    }
    // Still waiting for its claim's answer (undefined), or won it: unanswered and not succeeded.
    const mayRunAgain = (run) => (run.claim === undefined || run.claim === "won") && !run.acknowledged && (!run.settled || run.failure !== undefined);
    const winners = [...(this.#attempts.get(id) ?? [])].filter((run) => run.claim === "won");
    if (before.some(mayRunAgain) || winners.some(mayRunAgain)) throw new WebhookRequestError("DELIVERY_IN_PROGRESS");
    return false;
  }

  /** Gives up the claim on a delivery whose handlers failed, so that a re-send runs them again. */
  async #release(id) {
    try {
      await this.#dedupe.release?.(id);
    } catch (releaseFailure) {
      // The claim lapses after its ttl; until then a re-send counts as a duplicate.
      console.error(`twenty-webhooks: could not release the claim on delivery ${id}`, releaseFailure);
    }
  }

  /** This claim or run of a delivery is over (others of the same id may go on). */
  #leave(id, answer) {
    const attempts = this.#attempts.get(id);
    if (attempts === undefined) return;
    attempts.delete(answer);
    if (attempts.size === 0) this.#attempts.delete(id);
  }

  /** Runs the onError handlers in turn; never rejects. */
  async #report(error, event) {
    for (const onError of this.#errorHandlers) {
      try {
        await onError(error, event);
      } catch (reportFailure) {
        console.error("twenty-webhooks: an onError handler threw", reportFailure);
      }
    }
  }

  #handlersFor(eventName) {
    let handlers = this.#handlersByEvent.get(eventName);
    if (handlers === undefined) {
      handlers = [...this.#routes.filter(({ patterns }) => eventName !== "" && matchesOperations(patterns, eventName)).map(({ handler }) => handler), ...this.#anyHandlers];
      if (this.#handlersByEvent.size >= ROUTE_CACHE_SIZE) this.#handlersByEvent.clear();
      this.#handlersByEvent.set(eventName, handlers);
    }
    return handlers;
  }
}

function checkHandler(handler) {
  if (typeof handler !== "function") throw argumentError("handler must be a function", "Pass (event) => { … }, or (error, event) => { … } to onError.");
  return handler;
}

/**
 * Runs every handler and gives what they threw or rejected with, in the handlers' order. When
 * no handler returned a thenable (synchronous handlers, the common case) the list is there at
 * once, with no promise per handler: `answer.settled` is then true before `#dispatch` first
 * yields, and the adapter need not arm its `respondWithinMs` timer.
 */
function failuresOf(handlers, event) {
  const outcomes = new Array(handlers.length); // a thenable, a Thrown, or undefined (returned)
  let running = false;
  for (let i = 0; i < handlers.length; i++) {
    try {
      const result = handlers[i](event);
      if (result !== null && (typeof result === "object" || typeof result === "function") && typeof result.then === "function") {
        outcomes[i] = result;
        running = true;
      }
    } catch (error) {
      outcomes[i] = new Thrown(error);
    }
  }
  if (!running) return outcomes.filter((outcome) => outcome instanceof Thrown).map(({ error }) => error);
  const settling = outcomes.map((outcome) => (outcome instanceof Thrown ? Promise.reject(outcome.error) : outcome));
  return Promise.allSettled(settling).then((results) => results.filter((result) => result.status === "rejected").map((result) => result.reason));
}

/** What a handler threw synchronously. */
class Thrown {
  constructor(error) {
    this.error = error;
  }
}

function settled(answer, status, id, handlers) {
  answer.settled = true;
  return { status, deliveryId: id, handlers };
}
