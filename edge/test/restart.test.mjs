// Restart safety: with persisted state (startEdge({ persistTo })), stopping and starting the
// runtime again keeps the delivery log (the consumer's replay guard) and the ledger. The same
// signed delivery sent again after the restart, well within the tolerance, is not forwarded
// again (queue mode: answered 202 and dropped by the consumer; direct mode: 200 duplicate), and
// its entry is still in the log (read from D1).
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { generateSecret } from "twenty-webhooks";
import { startEdge } from "../dev.mjs";
import { delivery, logEntry, logEvents, post, startStoppedAfter, successesById, waitFor } from "./lib/harness.mjs";

const secrets = [generateSecret()];
const forwardSecret = generateSecret();
const sink = await startStoppedAfter({ forwardSecret });
const running = new Set();

async function start(persistTo, mode) {
  const edge = await startEdge({ sinkUrl: sink.url, secrets, forwardSecret, persistTo, mode });
  running.add(edge);
  return edge;
}

async function stop(edge) {
  running.delete(edge);
  await edge.stop();
}

async function persistDir() {
  const dir = await mkdtemp(join(tmpdir(), "twenty-edge-restart-"));
  after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

after(() => Promise.all([...running].map((edge) => edge.stop())));

test("queue mode: a delivery accepted before a restart is not forwarded again after it, and is still in the log", async () => {
  const persistTo = await persistDir();
  const d = delivery({ secret: secrets[0], object: "person", action: "created", seed: 1 });
  const before = await start(persistTo, "queue");
  const first = await post(before, d);
  assert.equal(first.status, 202, first.text);
  const id = first.json.deliveryId;
  await waitFor("the delivery at the sink", () => successesById(sink).has(id));
  await waitFor("the log says delivered", async () => (await logEntry(before, id))?.state === "delivered");
  await stop(before);

  const afterRestart = await start(persistTo, "queue");
  const again = await post(afterRestart, d);
  assert.deepEqual([again.status, again.json], [202, { accepted: true, deliveryId: id }], again.text);
  await waitFor("the copy dropped by the consumer", () => logEvents(afterRestart, "duplicate_dropped").some((e) => e.deliveryId === id));
  const canary = await post(afterRestart, delivery({ secret: secrets[0], object: "person", action: "created", seed: 2 }));
  await waitFor("a later delivery at the sink", () => successesById(sink).has(canary.json.deliveryId)); // the consumer has moved on
  assert.equal(successesById(sink).get(id).length, 1, "forwarded once, before the restart");
  const entry = await logEntry(afterRestart, id);
  assert.equal(entry.state, "delivered");
  assert.deepEqual(entry.destinations.map((dest) => [dest.url, dest.state, dest.attempts]), [[sink.url + "/", "delivered", 1]]);
});

test("direct mode: the ledger survives a restart too: the copy is answered 200 duplicate, and the entry is still in the log", async () => {
  const persistTo = await persistDir();
  const d = delivery({ secret: secrets[0], object: "company", action: "updated", seed: 3 });
  const before = await start(persistTo, "direct");
  const first = await post(before, d);
  assert.equal(first.status, 200, first.text);
  const id = first.json.deliveryId;
  await waitFor("the log entry (written after the answer)", async () => (await logEntry(before, id))?.state === "delivered");
  await stop(before);

  const afterRestart = await start(persistTo, "direct");
  const again = await post(afterRestart, d);
  assert.deepEqual([again.status, again.json], [200, { duplicate: true, deliveryId: id }], again.text);
  assert.equal(successesById(sink).get(id).length, 1);
  assert.equal((await logEntry(afterRestart, id)).state, "delivered");
});
