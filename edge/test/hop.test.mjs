// The hop authenticates its delivery id. The receiver (direct mode) forwards to a loopback sink,
// which captures each hop, and to the README's destination recipe (examples/destination), which
// runs in workerd of its own. A captured hop re-sent under another delivery's id is refused by
// the recipe, so the real delivery is not swallowed as a duplicate; the captured hop verifies
// with the official standardwebhooks package.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { test, after } from "node:test";
import { fileURLToPath } from "node:url";
import { Webhook } from "standardwebhooks";
import { deliveryId, generateSecret, signForwarded } from "twenty-webhooks";
import { startWorkers } from "../dev.mjs";
import { delivery, logEvents, post, startPair } from "./lib/harness.mjs";

const RECIPE = new URL("../examples/destination/", import.meta.url);
const forwardSecret = `whsec_${randomBytes(32).toString("base64")}`; // the Standard Webhooks form
const destination = await startWorkers([fileURLToPath(new URL("wrangler.jsonc", RECIPE))], { vars: { FORWARD_SECRET: forwardSecret } });
after(() => destination.stop());
const { sink, edge, secrets } = await startPair({
  forwardSecret,
  mode: "direct",
  routes: (sinkUrl) => [
    { operations: ["*.*"], url: `${sinkUrl}/captured` },
    { operations: ["*.*"], url: `${destination.url}/webhooks/forwarded` },
  ],
});

/** Sends a genuine delivery through the receiver; resolves to its id once both hops are in. */
async function sendGenuine(d) {
  const answer = await post(edge, d);
  assert.deepEqual([answer.status, answer.json?.forwarded], [200, 2], answer.text);
  return answer.json.deliveryId;
}

const handled = (id) => logEvents(destination, "handled").filter((e) => e.deliveryId === id);
const capturedHop = (id) => sink.deliveries.find((r) => r.deliveryId === id);

/** Re-sends a captured hop's body and signed headers to the recipe, with some headers changed. */
function resend(hop, changes = {}) {
  const signed = Object.entries(hop.headers).filter(([name]) => name === "content-type" || /^(webhook|x-twenty-webhook)-/.test(name));
  const headers = { ...Object.fromEntries(signed), ...changes };
  return post({ url: destination.url }, { path: "/webhooks/forwarded", headers, body: hop.body });
}

test("the README's destination recipe is examples/destination/index.js, verbatim", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  assert.ok(readme.includes(readFileSync(new URL("index.js", RECIPE), "utf8")), "edge/README.md must quote the recipe file as it is");
});

test("a forwarded delivery is a Standard Webhooks delivery: the official standardwebhooks package verifies the captured hop", async () => {
  const d = delivery({ secret: secrets[0], object: "person", seed: 1 });
  const id = await sendGenuine(d);
  assert.equal(id, deliveryId(d.headers));
  const hop = capturedHop(id);
  assert.equal(hop.verified, true, hop.error);
  assert.equal(hop.headers["webhook-id"], id);
  assert.equal(hop.headers["x-twenty-webhook-delivery-id"], id);
  assert.match(hop.headers["webhook-timestamp"], /^\d{10}$/);
  assert.match(hop.headers["webhook-signature"], /^v1,[A-Za-z0-9+/]{43}=$/);
  const official = new Webhook(forwardSecret);
  assert.deepEqual(official.verify(hop.body, hop.headers), JSON.parse(d.body));
  assert.throws(() => official.verify(hop.body, { ...hop.headers, "webhook-id": "0".repeat(32) }), /No matching signature/);
  assert.equal(handled(id).length, 1, "the recipe handled it");
});

test("a captured hop re-sent under another delivery's id is refused by the recipe; that delivery is then handled, the captured one stays a duplicate", async () => {
  const first = delivery({ secret: secrets[0], object: "company", seed: 2 });
  const firstId = await sendGenuine(first);
  const hop = capturedHop(firstId);
  const waiting = delivery({ secret: secrets[1], object: "opportunity", action: "updated", seed: 3 });
  const waitingId = deliveryId(waiting.headers); // a delivery the receiver has not forwarded yet

  const underBothNames = await resend(hop, { "webhook-id": waitingId, "x-twenty-webhook-delivery-id": waitingId });
  assert.equal(underBothNames.status, 401, underBothNames.text);
  assert.equal(underBothNames.json.error.code, "SIGNATURE_MISMATCH");
  assert.ok(underBothNames.json.error.hint);
  const underTwentyName = await resend(hop, { "x-twenty-webhook-delivery-id": waitingId });
  assert.equal(underTwentyName.status, 401, underTwentyName.text);
  assert.equal(underTwentyName.json.error.code, "SIGNATURE_MISMATCH");
  assert.equal(handled(waitingId).length, 0);

  assert.equal(await sendGenuine(waiting), waitingId);
  assert.equal(handled(waitingId).length, 1, "the real delivery is handled, not dropped as a duplicate");
  const replay = await resend(hop);
  assert.deepEqual([replay.status, replay.json], [200, { duplicate: true, deliveryId: firstId }]);
  assert.equal(handled(firstId).length, 1, "and the captured hop, sent as it was, is a duplicate");
});

test("a plain FORWARD_SECRET is keyed by its UTF-8 bytes: its Standard Webhooks form is whsec_ and their base64", () => {
  for (const plain of [generateSecret(), "sécrét-🔑"]) {
    const body = '{"eventName":"person.created"}';
    const headers = signForwarded({ secret: plain, deliveryId: "0123456789abcdef0123456789abcdef", body });
    assert.deepEqual(new Webhook(`whsec_${Buffer.from(plain, "utf8").toString("base64")}`).verify(body, headers), JSON.parse(body), plain);
  }
});
