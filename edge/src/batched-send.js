/**
 * Group commit for queue sends: the deliveries one isolate accepts at the same moment share
 * `sendBatch` calls instead of one `send` each (a queue round trip is most of the accept path's
 * cost). Each request still waits until the queue has taken its own message, so nothing is
 * acknowledged before it is stored, and a failed batch fails every request in it.
 *
 * One batch is in flight at a time; what arrives meanwhile waits, and the first of those sends
 * the next batch from its own request (a request's I/O belongs to that request, so a batch is
 * always sent by one of its own members, which waits for it). Promises resolved across requests
 * run their continuations in their own request (workerd's handle_cross_request_promise_resolution,
 * on by default since 2024); a waiting request keeps a timer of its own, or workerd would cancel
 * it as hung.
 */

/** sendBatch limits: 100 messages, 256 KB in all (callers give each message's size as an upper bound). */
export const MAX_BATCH_MESSAGES = 100;
export const MAX_BATCH_BYTES = 250_000;
/**
 * A batch in flight (or handed to a request) longer than this is presumed lost, its request
 * cancelled: the next send leads a batch of its own. So a batch that really is only slow may
 * have others sent beside it, one more per STALLED_MS it takes (each within the limits).
 */
const STALLED_MS = 1_000;
/** A message whose batch is still unconfirmed after this long is refused (Twenty waits 5 s). */
const UNCONFIRMED_MS = 3_000;

const senders = new WeakMap();

/** The batched sender for a queue binding, one per isolate. */
export function batchedSenderFor(queue) {
  let sender = senders.get(queue);
  if (!sender) {
    sender = new BatchedSender(queue);
    senders.set(queue, sender);
  }
  return sender;
}

export class BatchedSender {
  #queue;
  #waiting = [];
  /** True while a batch is in flight or handed to a request to send. */
  #leading = false;

  constructor(queue) {
    this.#queue = queue;
  }

  /**
   * Resolves once the queue has taken `body` (sent with `options`, e.g. `{ contentType: "v8" }`);
   * rejects with the queue's error, or when the batch holding it is not confirmed within
   * UNCONFIRMED_MS. `bytes`: its size, to keep a batch within the limits; `waitUntil`: the
   * request's, so a batch this request sends outlives its client going away.
   */
  async send(body, bytes, options, waitUntil) {
    const entry = { message: { body, ...options }, bytes, sentAt: null };
    const settled = new Promise((resolve, reject) => Object.assign(entry, { resolve, reject }));
    let turn = new Promise((resolve) => (entry.lead = resolve));
    this.#waiting.push(entry);
    if (!this.#leading) {
      this.#leading = true;
      entry.lead();
    }
    for (;;) {
      const outcome = await withTimer(Promise.race([turn.then(() => "lead"), settled.then(() => "done")]), STALLED_MS);
      if (outcome === "done") return settled;
      if (outcome === "lead" || this.#waiting.includes(entry)) {
        // Its turn; or the batch in flight (or the request it was handed to) is gone: it leads.
        const sending = this.#sendBatchWith(entry);
        waitUntil?.(sending);
        const sent = await withTimer(sending, UNCONFIRMED_MS);
        if (sent === "stalled") throw unconfirmed();
        if (sent === "took its own") return settled;
        // Told to lead after an earlier batch took its message: it waits for that one, with a
        // timer like any other, and is never told to lead again.
        turn = new Promise(() => {});
        continue;
      }
      if (Date.now() - entry.sentAt > UNCONFIRMED_MS) {
        // Taken by a batch whose request is gone: whether the queue has it is unknown, so it is
        // not acknowledged (a copy sent again is dropped by the consumer if it was).
        throw unconfirmed();
      }
      // Taken by a batch still in flight: it waits for that one.
    }
  }

  /**
   * Sends `leader`'s message (unless a batch took it meanwhile) and those waiting first, within
   * the limits; resolves to "took its own" when the leader's message was in it.
   */
  async #sendBatchWith(leader) {
    const batch = [];
    let bytes = 0;
    const sentAt = Date.now();
    const take = (entry) => {
      this.#waiting.splice(this.#waiting.indexOf(entry), 1);
      entry.sentAt = sentAt;
      bytes += entry.bytes;
      batch.push(entry);
    };
    const ownMessage = this.#waiting.includes(leader);
    if (ownMessage) take(leader);
    while (this.#waiting.length > 0 && batch.length < MAX_BATCH_MESSAGES && (batch.length === 0 || bytes + this.#waiting[0].bytes <= MAX_BATCH_BYTES)) take(this.#waiting[0]);
    try {
      if (batch.length > 0) await this.#queue.sendBatch(batch.map((entry) => entry.message));
      for (const entry of batch) entry.resolve();
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    } finally {
      const next = this.#waiting[0];
      this.#leading = next !== undefined;
      next?.lead();
    }
    return ownMessage ? "took its own" : "took others";
  }
}

function unconfirmed() {
  return new Error("the queue did not confirm the batch holding this message in time");
}

/**
 * `promise`'s outcome, or "stalled" after `ms`. The timer is also what keeps a waiting request
 * alive: workerd cancels a request that waits on nothing of its own (a promise another request
 * resolves does not count), as hung.
 */
async function withTimer(promise, ms) {
  let timer;
  const stalled = new Promise((resolve) => (timer = setTimeout(() => resolve("stalled"), ms)));
  try {
    return await Promise.race([promise, stalled]);
  } finally {
    clearTimeout(timer);
  }
}
