// Webhooks({ forwarded: true }): deliveries from the edge receiver, deduplicated on the hop's
// signed webhook-id. Each hop is made as edge/src/forward.js makes it: Twenty's headers signed
// afresh with FORWARD_SECRET, the package's signForwarded at the same moment, and the id in
// X-Twenty-Webhook-Delivery-Id; retries differ only in their timestamp.
import { test } from "node:test";
import assert from "node:assert/strict";
import { nodeAdapter, recordBody, send, serve, signedHeaders, twenty } from "./support.mjs";

const FORWARD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/** The id the edge receiver gives a delivery Twenty signed: deliveryId of Twenty's own headers. */
const twentyDelivery = (body) => twenty.deliveryId(signedHeaders(body, { secret: "twenty-secret" }));

/** One forward attempt of delivery `id`, signed at `timestamp`. */
function hop(id, body, timestamp) {
  const { headers } = twenty.signRequest({ secret: FORWARD_SECRET, body, timestamp });
  return {
    headers: { ...headers, ...twenty.signForwarded({ secret: FORWARD_SECRET, deliveryId: id, body, timestamp }), [twenty.FORWARDED_HEADERS.deliveryId]: id },
    body,
  };
}

function forwardedWebhooks() {
  const webhooks = new twenty.Webhooks({ secret: FORWARD_SECRET, forwarded: true, dedupe: twenty.memoryDedupe() });
  const events = [];
  webhooks.on("person.*", (event) => void events.push(event));
  return { webhooks, events };
}

test("forwarded: two hops of one delivery, seconds apart, run the handlers once; the second is a duplicate", async () => {
  const { webhooks, events } = forwardedWebhooks();
  const body = recordBody("person.created");
  const id = twentyDelivery(body);
  const now = Date.now();
  const first = hop(id, body, now - 4_000);
  const retry = hop(id, body, now);
  assert.notEqual(twenty.deliveryId(first.headers), twenty.deliveryId(retry.headers)); // what the default would dedupe on
  assert.deepEqual(await webhooks.receive({ ...first, now }), { status: "handled", deliveryId: id, handlers: 1 });
  assert.deepEqual(await webhooks.receive({ ...retry, now }), { status: "duplicate", deliveryId: id, handlers: 0 });
  assert.equal(events.length, 1);
  assert.equal(events[0].deliveryId, id);
  assert.equal(events[0].payload.eventName, "person.created");
  assert.equal(events[0].timestamp, Math.floor((now - 4_000) / 1000) * 1000);
});

test("without forwarded, the same two hops run the handlers twice (behaviour unchanged)", async () => {
  const webhooks = new twenty.Webhooks({ secret: FORWARD_SECRET, dedupe: twenty.memoryDedupe() });
  let ran = 0;
  webhooks.on("person.*", () => void ran++);
  const body = recordBody("person.created");
  const id = twentyDelivery(body);
  const now = Date.now();
  assert.equal((await webhooks.receive({ ...hop(id, body, now - 4_000), now })).status, "handled");
  assert.equal((await webhooks.receive({ ...hop(id, body, now), now })).status, "handled");
  assert.equal(ran, 2);
});

test("forwarded: a hop re-sent under another delivery's id is refused, and no handler runs", async () => {
  const { webhooks, events } = forwardedWebhooks();
  const body = recordBody("person.updated");
  const genuine = hop(twentyDelivery(body), body, Date.now());
  const otherId = twentyDelivery(recordBody("person.updated"));
  const relabelled = { ...genuine, headers: { ...genuine.headers, "webhook-id": otherId, [twenty.FORWARDED_HEADERS.deliveryId]: otherId } };
  await assert.rejects(webhooks.receive(relabelled), (error) => error instanceof twenty.WebhookVerificationError && error.code === "SIGNATURE_MISMATCH");
  const onlyOuterId = { ...genuine, headers: { ...genuine.headers, [twenty.FORWARDED_HEADERS.deliveryId]: otherId } };
  await assert.rejects(webhooks.receive(onlyOuterId), (error) => error instanceof twenty.WebhookVerificationError && error.code === "SIGNATURE_MISMATCH");
  assert.equal(events.length, 0);
  assert.equal((await webhooks.receive(genuine)).status, "handled"); // the refusals claimed nothing
});

test("forwarded: a delivery straight from Twenty is refused with verifyForwarded's code", async () => {
  const webhooks = new twenty.Webhooks({ secret: "twenty-secret", forwarded: true });
  let ran = 0;
  webhooks.onAny(() => void ran++);
  const body = recordBody("person.created");
  const direct = { headers: signedHeaders(body, { secret: "twenty-secret" }), body };
  let expected;
  try {
    twenty.verifyForwarded({ secret: "twenty-secret", ...direct });
  } catch (error) {
    expected = error.code;
  }
  assert.equal(expected, "MISSING_SIGNATURE");
  await assert.rejects(webhooks.receive(direct), (error) => error instanceof twenty.WebhookVerificationError && error.code === expected && /webhook-id/.test(error.message));
  assert.equal(ran, 0);
});

test("forwarded: an unusable FORWARD_SECRET or a non-boolean forwarded is refused when the Webhooks is made", () => {
  assert.throws(() => new twenty.Webhooks({ secret: "whsec_%%%", forwarded: true }), (error) => error.code === "INVALID_SECRET");
  assert.throws(() => new twenty.Webhooks({ secret: ["ok", " "], forwarded: true }), (error) => error.code === "INVALID_SECRET");
  assert.throws(() => new twenty.Webhooks({ secret: FORWARD_SECRET, forwarded: "yes" }), (error) => error.code === "INVALID_ARGUMENT");
});

test("forwarded over createNodeMiddleware: the retry is answered duplicate, a direct delivery 401, a large hop 413", async () => {
  const { webhooks, events } = forwardedWebhooks();
  const server = await serve(nodeAdapter.createNodeMiddleware(webhooks, { maxBodyBytes: 64 * 1024 }));
  try {
    const body = recordBody("person.created");
    const id = twentyDelivery(body);
    const first = await send(server.url, hop(id, body, Date.now() - 2_000));
    assert.deepEqual([first.status, first.json], [200, { ok: true, deliveryId: id }]);
    const retry = await send(server.url, hop(id, body, Date.now()));
    assert.deepEqual([retry.status, retry.json], [200, { duplicate: true, deliveryId: id }]);
    assert.equal(events.length, 1);
    assert.equal(events[0].deliveryId, id);

    const direct = await send(server.url, { headers: signedHeaders(body, { secret: FORWARD_SECRET }), body });
    assert.equal(direct.status, 401);
    assert.equal(direct.json.error.code, "MISSING_SIGNATURE");

    const large = recordBody("person.created", { notes: "x".repeat(70 * 1024) });
    const tooLarge = await send(server.url, { headers: hop(twentyDelivery(large), large, Date.now()).headers, body: [large.slice(0, 1000), large.slice(1000)] });
    assert.equal(tooLarge.status, 413);
    assert.equal(events.length, 1);
  } finally {
    await server.close();
  }
});
