// Webhooks: routing by Twenty's operation rule (record and metadata events), several handlers,
// onAny, deduplication, failing handlers and onError, and refusals before any handler runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SECRET, metadataBody, recordBody, signedHeaders, twenty, waitFor } from "./support.mjs";

const delivery = (body, options) => ({ headers: signedHeaders(body, options), body });
const bodyFor = (eventName) => (eventName.startsWith("metadata.") ? metadataBody(eventName) : recordBody(eventName));

// Written from Twenty's two rules (../shared/spec/twenty-protocol.md), not from our code.
// Record event <o>.<a>: any of <o>.<a>, *.<a>, <o>.*, *.* listed; workflowRun.updated only exactly.
// Metadata event metadata.<n>.<a>: any of itself, metadata.<n>.*, metadata.*.<a>, metadata.*.*, *.*.
const PATTERNS = ["person.created", "person.*", "*.created", "*.*", "company.updated", "metadata.*.*", "metadata.fieldMetadata.*", "metadata.*.created", "metadata.view.deleted", "workflowRun.updated", "workflowRun.*"];
const RECEIVED_BY = {
  "person.created": ["person.created", "person.*", "*.created", "*.*"],
  "person.updated": ["person.*", "*.*"],
  "company.updated": ["*.*", "company.updated"],
  "myObject.created": ["*.created", "*.*"],
  "workflowRun.updated": ["workflowRun.updated"],
  "metadata.fieldMetadata.created": ["*.*", "metadata.*.*", "metadata.fieldMetadata.*", "metadata.*.created"],
  "metadata.view.deleted": ["*.*", "metadata.*.*", "metadata.view.deleted"],
  "metadata.view.updated": ["*.*", "metadata.*.*"],
};

test("on(pattern): each delivery runs exactly the handlers whose pattern Twenty's rule matches", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET });
  let ran = [];
  for (const pattern of PATTERNS) webhooks.on(pattern, () => void ran.push(pattern));
  for (const [eventName, expected] of Object.entries(RECEIVED_BY)) {
    ran = [];
    const result = await webhooks.receive(delivery(bodyFor(eventName)));
    assert.deepEqual(ran.sort(), [...expected].sort(), eventName);
    assert.equal(result.handlers, expected.length, eventName);
    assert.equal(result.status, expected.length ? "handled" : "unhandled", eventName);
  }
});

test("on([patterns]): a list matches when any pattern does, and the handler runs once", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET });
  const calls = [];
  webhooks.on(["company.*", "*.deleted", "metadata.*.*"], ({ payload }) => void calls.push(payload.eventName));
  for (const eventName of ["company.created", "person.deleted", "company.deleted", "metadata.view.created", "person.created"]) {
    await webhooks.receive(delivery(bodyFor(eventName)));
  }
  assert.deepEqual(calls, ["company.created", "person.deleted", "company.deleted", "metadata.view.created"]);
});

test("the event carries the payload, deliveryId, timestamp, secretIndex and nonce", async () => {
  const webhooks = new twenty.Webhooks({ secret: ["old-secret", SECRET] });
  let seen;
  webhooks.on("person.created", (event) => void (seen = event));
  const body = recordBody("person.created", { name: { firstName: "Ada", lastName: "Lovelace" } });
  const headers = signedHeaders(body, { timestamp: 1735066639761 });
  const result = await webhooks.receive({ headers, body, now: 1735066639761 });
  assert.deepEqual(Object.keys(seen).sort(), ["deliveryId", "nonce", "payload", "secretIndex", "timestamp"]);
  assert.equal(seen.payload.record.name.firstName, "Ada");
  assert.equal(seen.timestamp, 1735066639761);
  assert.equal(seen.secretIndex, 1);
  assert.equal(seen.nonce, headers["x-twenty-webhook-nonce"]);
  assert.equal(seen.deliveryId, result.deliveryId);
  assert.equal(result.deliveryId, twenty.deliveryId(headers));
});

test("onAny runs for every verified delivery and counts as a handler", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET });
  const names = [];
  webhooks.onAny(({ payload }) => void names.push(payload.eventName));
  webhooks.on("person.created", () => {});
  assert.deepEqual(await webhooks.receive(delivery(recordBody("note.updated"))).then((r) => [r.status, r.handlers]), ["handled", 1]);
  assert.deepEqual(await webhooks.receive(delivery(recordBody("person.created"))).then((r) => [r.status, r.handlers]), ["handled", 2]);
  assert.deepEqual(names, ["note.updated", "person.created"]);
});

test("no matching handler: unhandled, and handlers added later are used", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET });
  assert.equal((await webhooks.receive(delivery(recordBody("task.created")))).status, "unhandled");
  let ran = 0;
  webhooks.on("task.*", () => void ran++);
  assert.equal((await webhooks.receive(delivery(recordBody("task.created")))).status, "handled");
  assert.equal(ran, 1);
});

test("a delivery that does not verify throws WebhookVerificationError and runs no handler", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET });
  let ran = 0;
  webhooks.onAny(() => void ran++);
  const body = recordBody("person.created");
  const cases = [
    [{ ...signedHeaders(body, { secret: "another-secret" }) }, "SIGNATURE_MISMATCH"],
    [{ ...signedHeaders(body, { timestamp: Date.now() - 301_000 }) }, "TIMESTAMP_TOO_OLD"],
    [{ "content-type": "application/json" }, "MISSING_SIGNATURE"],
  ];
  for (const [headers, code] of cases) {
    await assert.rejects(webhooks.receive({ headers, body }), (error) => error instanceof twenty.WebhookVerificationError && error.code === code);
  }
  await assert.rejects(webhooks.receive({ headers: signedHeaders(body), body: `${body} ` }), { code: "SIGNATURE_MISMATCH" });
  assert.equal(ran, 0);
});

test("a verified body that is not JSON rejects with INVALID_JSON before any handler", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET });
  let ran = 0;
  webhooks.onAny(() => void ran++);
  await assert.rejects(webhooks.receive(delivery("{not json")), (error) => error instanceof twenty.WebhookPayloadError && error.code === "INVALID_JSON");
  assert.equal(ran, 0);
});

test("memoryDedupe: a copy of a delivery is a duplicate and runs no handler twice", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET, dedupe: twenty.memoryDedupe() });
  let ran = 0;
  webhooks.on("person.*", () => void ran++);
  const copy = delivery(recordBody("person.created"));
  const first = await webhooks.receive(copy);
  const again = await webhooks.receive({ ...copy, headers: { ...copy.headers, "x-twenty-webhook-nonce": "ffffffffffffffffffffffffffffffff" } });
  assert.deepEqual(first, { status: "handled", deliveryId: first.deliveryId, handlers: 1 });
  assert.deepEqual(again, { status: "duplicate", deliveryId: first.deliveryId, handlers: 0 });
  // Concurrent copies too: exactly one runs the handler; the others arrive while it is in progress.
  const concurrent = delivery(recordBody("person.updated"));
  const statusesOf = async (copies) =>
    (await Promise.allSettled(copies.map(() => webhooks.receive(concurrent)))).map((outcome) => (outcome.status === "fulfilled" ? outcome.value.status : outcome.reason.code));
  assert.deepEqual(await statusesOf([1, 2, 3]), ["handled", "DELIVERY_IN_PROGRESS", "DELIVERY_IN_PROGRESS"]);
  assert.equal(ran, 2);
  // Copies of a delivery already handled, arriving together: all duplicates.
  assert.deepEqual(await statusesOf([1, 2, 3]), ["duplicate", "duplicate", "duplicate"]);
  assert.equal(ran, 2);
});

test("a claim lasts twice the tolerance", async () => {
  const claims = [];
  const dedupe = { claim: async (id, ttlMs) => (claims.push({ id, ttlMs }), true) };
  const webhooks = new twenty.Webhooks({ secret: SECRET, toleranceMs: 60_000, dedupe });
  const { deliveryId } = await webhooks.receive(delivery(recordBody("note.created")));
  assert.deepEqual(claims, [{ id: deliveryId, ttlMs: 120_000 }]);
});

test("memoryDedupe: claims expire after their ttl, and max bounds what is kept", async () => {
  let now = 1_000;
  const dedupe = twenty.memoryDedupe({ max: 3, now: () => now });
  assert.equal(await dedupe.claim("a", 100), true);
  assert.equal(await dedupe.claim("a", 100), false);
  now += 99;
  assert.equal(await dedupe.claim("a", 100), false);
  now += 1;
  assert.equal(await dedupe.claim("a", 100), true); // expired: a copy past twice the tolerance cannot verify anyway
  for (const id of ["b", "c", "d"]) assert.equal(await dedupe.claim(id, 1_000), true);
  assert.equal(dedupe.size, 3);
  assert.equal(await dedupe.claim("a", 1_000), true); // the oldest went first
  assert.equal(await dedupe.claim("d", 1_000), false);
  await dedupe.release("d");
  assert.equal(await dedupe.claim("d", 1_000), true);
  assert.throws(() => twenty.memoryDedupe({ max: 0 }), { code: "INVALID_ARGUMENT" });
});

test("a throwing handler: onError runs, receive rejects with HANDLER_FAILED and the cause, and a re-send runs the handlers again", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET, dedupe: twenty.memoryDedupe() });
  const boom = new Error("database down");
  let attempts = 0;
  let others = 0;
  const reported = [];
  webhooks.on("company.created", () => {
    attempts++;
    if (attempts === 1) throw boom;
  });
  webhooks.on("company.*", async () => void others++);
  webhooks.onError((error, event) => void reported.push([error, event.deliveryId]));
  const copy = delivery(recordBody("company.created"));
  await assert.rejects(webhooks.receive(copy), (error) => {
    assert.ok(error instanceof twenty.WebhookHandlerError);
    assert.ok(error instanceof twenty.TwentyWebhooksError);
    assert.equal(error.code, "HANDLER_FAILED");
    assert.equal(error.cause, boom);
    assert.deepEqual(error.errors, [boom]);
    assert.equal(reported.length, 1);
    assert.equal(reported[0][0], error);
    assert.equal(reported[0][1], error.deliveryId);
    return true;
  });
  assert.equal(others, 1); // the other matching handler ran all the same
  const resent = await webhooks.receive(copy);
  assert.equal(resent.status, "handled");
  assert.equal(attempts, 2);
  assert.equal((await webhooks.receive(copy)).status, "duplicate");
});

test("several throwing handlers: the cause is an AggregateError of all of them", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET });
  webhooks.onAny(() => {
    throw new Error("one");
  });
  webhooks.onAny(async () => {
    throw new Error("two");
  });
  await assert.rejects(webhooks.receive(delivery(recordBody("note.created"))), (error) => {
    assert.ok(error.cause instanceof AggregateError);
    assert.deepEqual(error.errors.map((e) => e.message), ["one", "two"]);
    return true;
  });
});

test("misuse is INVALID_ARGUMENT", () => {
  assert.throws(() => new twenty.Webhooks({}), { code: "INVALID_SECRET" });
  assert.throws(() => new twenty.Webhooks({ secret: SECRET, toleranceMs: -1 }), { code: "INVALID_ARGUMENT" });
  assert.throws(() => new twenty.Webhooks({ secret: SECRET, dedupe: {} }), { code: "INVALID_ARGUMENT" });
  const webhooks = new twenty.Webhooks({ secret: SECRET });
  for (const pattern of ["person", "", [], [42], "person created", "a.b.c.d", "person.created.x", "*.*.*"]) {
    assert.throws(() => webhooks.on(pattern, () => {}), { code: "INVALID_ARGUMENT" }, String(pattern));
  }
  // Twenty's picker labels every metadata event "metadata.*"; as an operation it matches none.
  for (const pattern of ["metadata.*", ["person.*", "metadata.view"]]) {
    assert.throws(() => webhooks.on(pattern, () => {}), (error) => error.code === "INVALID_ARGUMENT" && /metadata\.\*\.\*/.test(error.hint), String(pattern));
  }
  assert.throws(() => webhooks.on("person.created"), { code: "INVALID_ARGUMENT" });
  assert.throws(() => webhooks.onAny("not a function"), { code: "INVALID_ARGUMENT" });
  assert.throws(() => webhooks.onError(null), { code: "INVALID_ARGUMENT" });
});

test("a copy arriving while the original's handlers still run is DELIVERY_IN_PROGRESS (409), not yet a duplicate", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET, dedupe: twenty.memoryDedupe() });
  const gates = [];
  let runs = 0;
  webhooks.on("company.created", async () => {
    runs++;
    const outcome = await new Promise((resolve) => gates.push(resolve));
    if (outcome === "fail") throw new Error("failed");
  });
  const copy = delivery(recordBody("company.created"));
  const inProgress = (error) => error instanceof twenty.WebhookRequestError && error.code === "DELIVERY_IN_PROGRESS" && error.status === 409 && /again/.test(error.hint);

  // The original fails: a copy during it was told to send again, and the re-send runs the handler.
  const failing = webhooks.receive(copy);
  await waitFor(() => gates.length === 1);
  await assert.rejects(webhooks.receive(copy), inProgress);
  gates[0]("fail");
  await assert.rejects(failing, { code: "HANDLER_FAILED" });
  const succeeding = webhooks.receive(copy);
  await waitFor(() => gates.length === 2);
  await assert.rejects(webhooks.receive(copy), inProgress);
  gates[1]("succeed");
  assert.equal((await succeeding).status, "handled");
  // Done: now a duplicate.
  assert.equal((await webhooks.receive(copy)).status, "duplicate");
  assert.equal(runs, 2);
});

/**
 * A store as a process sees a remote one: each claim is decided at once, in order, but the answer
 * to claim number `late` arrives only when `answerLate()` is called.
 */
function storeAnsweringLate(late) {
  const memory = twenty.memoryDedupe();
  let answerLate;
  const answered = new Promise((resolve) => (answerLate = resolve));
  const store = {
    claims: 0,
    answerLate,
    async claim(id, ttlMs) {
      const claimed = await memory.claim(id, ttlMs);
      if (++store.claims === late) await answered;
      return claimed;
    },
    release: (id) => memory.release(id),
  };
  return store;
}

test("DELIVERY_IN_PROGRESS also when the original fails and is released while the copy's claim is on its way (a remote store)", async () => {
  const remote = storeAnsweringLate(2); // the copy's
  const webhooks = new twenty.Webhooks({ secret: SECRET, dedupe: remote });
  let fail;
  const failing = new Promise((resolve) => (fail = resolve));
  webhooks.on("company.created", async () => {
    await failing;
    throw new Error("failed");
  });
  const copy = delivery(recordBody("company.created"));
  const original = webhooks.receive(copy);
  await waitFor(() => remote.claims === 1);
  const late = webhooks.receive(copy);
  await waitFor(() => remote.claims === 2);
  fail();
  await assert.rejects(original, { code: "HANDLER_FAILED" }); // released
  remote.answerLate(); // "claimed already", as decided before the release
  await assert.rejects(late, { code: "DELIVERY_IN_PROGRESS" });
});

test("DELIVERY_IN_PROGRESS also when the original's winning claim is answered after the copy's losing one", async () => {
  const remote = storeAnsweringLate(1); // the original's
  const webhooks = new twenty.Webhooks({ secret: SECRET, dedupe: remote });
  let ran = 0;
  webhooks.on("company.created", () => void ran++);
  const copy = delivery(recordBody("company.created"));
  const original = webhooks.receive(copy);
  await waitFor(() => remote.claims === 1);
  await assert.rejects(webhooks.receive(copy), { code: "DELIVERY_IN_PROGRESS" });
  remote.answerLate();
  assert.equal((await original).status, "handled");
  assert.equal((await webhooks.receive(copy)).status, "duplicate");
  assert.equal(ran, 1);
});

test("in progress is per run: a failed run whose release answers late does not end the run of the re-send it let in", async () => {
  const memory = twenty.memoryDedupe();
  let answerRelease;
  const releaseAnswered = new Promise((resolve) => (answerRelease = resolve));
  let released = false;
  // The release applies at once and is answered only when let go.
  const store = {
    claim: (id, ttlMs) => memory.claim(id, ttlMs),
    async release(id) {
      memory.release(id);
      released = true;
      await releaseAnswered;
    },
  };
  const webhooks = new twenty.Webhooks({ secret: SECRET, dedupe: store });
  let finish;
  const gate = new Promise((resolve) => (finish = resolve));
  let runs = 0;
  webhooks.on("company.created", async () => {
    if (++runs === 1) throw new Error("failed");
    await gate;
  });
  const copy = delivery(recordBody("company.created"));
  const first = webhooks.receive(copy);
  await waitFor(() => released);
  const resent = webhooks.receive(copy); // claims anew, and runs
  await waitFor(() => runs === 2);
  answerRelease();
  await assert.rejects(first, { code: "HANDLER_FAILED" });
  // The re-send is still running: a third copy is in progress, not a duplicate.
  await assert.rejects(webhooks.receive(copy), { code: "DELIVERY_IN_PROGRESS" });
  finish();
  assert.equal((await resent).status, "handled");
  assert.equal((await webhooks.receive(copy)).status, "duplicate");
});

test("without a release in the store, or after its claim failed, a copy is never told a re-send would run again", async () => {
  const memory = twenty.memoryDedupe();
  const claimOnly = { claim: (id, ttlMs) => memory.claim(id, ttlMs) };
  const webhooks = new twenty.Webhooks({ secret: SECRET, dedupe: claimOnly });
  let finish;
  const gate = new Promise((resolve) => (finish = resolve));
  webhooks.on("company.created", () => gate);
  const copy = delivery(recordBody("company.created"));
  const original = webhooks.receive(copy);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal((await webhooks.receive(copy)).status, "duplicate"); // a failure could not be released
  finish();
  await original;

  // A store that fails a claim leaves nothing behind: the next copy is received normally.
  let fail = true;
  const flaky = { claim: async (id, ttlMs) => { if (fail) throw new Error("store down"); return memory.claim(id, ttlMs); }, release: (id) => memory.release(id) };
  const other = new twenty.Webhooks({ secret: SECRET, dedupe: flaky });
  other.on("task.created", () => {});
  const task = delivery(recordBody("task.created"));
  await assert.rejects(other.receive(task), /store down/);
  fail = false;
  assert.equal((await other.receive(task)).status, "handled");
  assert.equal((await other.receive(task)).status, "duplicate"); // not held "in progress" by the failed claim
});

test("the claim is released before onError runs (with a store that applies it at once): a re-send from onError runs the handlers", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET, dedupe: twenty.memoryDedupe() });
  let runs = 0;
  webhooks.on("company.created", () => {
    if (++runs === 1) throw new Error("failed once");
  });
  const copy = delivery(recordBody("company.created"));
  let resent;
  webhooks.onError(() => {
    resent = webhooks.receive(copy);
  });
  await assert.rejects(webhooks.receive(copy), { code: "HANDLER_FAILED" });
  assert.equal((await resent).status, "handled");
  assert.equal(runs, 2);
});

test("a copy that began while another copy's claim was pending, which then threw, is a duplicate when it loses", async () => {
  const memory = twenty.memoryDedupe();
  let throwNow;
  const thrown = new Promise((resolve) => (throwNow = resolve));
  let claims = 0;
  const store = {
    async claim(id, ttlMs) {
      const call = ++claims;
      if (call === 2) {
        await thrown;
        throw new Error("store down");
      }
      const claimed = await memory.claim(id, ttlMs);
      if (call === 3) await thrown; // answered after the second claim failed
      return claimed;
    },
    release: (id) => memory.release(id),
  };
  const webhooks = new twenty.Webhooks({ secret: SECRET, dedupe: store });
  webhooks.on("company.created", () => {});
  const copy = delivery(recordBody("company.created"));
  assert.equal((await webhooks.receive(copy)).status, "handled");
  const failing = webhooks.receive(copy);
  await waitFor(() => claims === 2);
  const later = webhooks.receive(copy);
  await waitFor(() => claims === 3);
  throwNow();
  await assert.rejects(failing, /store down/);
  assert.equal((await later).status, "duplicate");
});

test("receive() rejects only once an asynchronous onError has finished (unlike the HTTP adapters' 500)", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET });
  webhooks.on("note.created", () => {
    throw new Error("failed");
  });
  let finish;
  const gate = new Promise((resolve) => (finish = resolve));
  let reported = false;
  webhooks.onError(async () => {
    await gate;
    reported = true;
  });
  setTimeout(finish, 20); // a receive() that did not wait would reject before this
  await assert.rejects(webhooks.receive(delivery(recordBody("note.created"))), (error) => {
    assert.equal(error.code, "HANDLER_FAILED");
    assert.equal(reported, true, "onError had finished");
    return true;
  });
});

test("a dedupe store whose release fails: the handler error still reaches onError and the caller", async () => {
  const dedupe = { claim: async () => true, release: async () => Promise.reject(new Error("store down")) };
  const webhooks = new twenty.Webhooks({ secret: SECRET, dedupe });
  const seen = [];
  webhooks.onAny(() => {
    throw new Error("handler failed");
  });
  webhooks.onError((error) => void seen.push(error.cause.message));
  const logged = [];
  const log = console.error;
  console.error = (...args) => logged.push(args.map(String).join(" "));
  try {
    await assert.rejects(webhooks.receive(delivery(recordBody("note.created"))), { code: "HANDLER_FAILED" });
  } finally {
    console.error = log;
  }
  assert.deepEqual(seen, ["handler failed"]);
  assert.match(logged.join("\n"), /could not release the claim/);
});

test("a dedupe store whose claim fails: receive rejects with its error and no handler runs", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET, dedupe: { claim: async () => Promise.reject(new Error("store down")) } });
  let ran = 0;
  webhooks.onAny(() => void ran++);
  await assert.rejects(webhooks.receive(delivery(recordBody("note.created"))), { message: "store down" });
  assert.equal(ran, 0);
});
