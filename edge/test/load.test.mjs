// Load: 5,000 genuine deliveries and 250 forged ones, interleaved, 50 at a time, through the
// Worker in queue mode. Nothing lost, no 5xx, nothing forwarded that was not genuine. The
// accept-path latency and throughput are printed as a benchmark, not asserted.
import assert from "node:assert/strict";
import { test } from "node:test";
import { signRequest, TWENTY_HEADERS } from "twenty-webhooks";
import { ACTIONS, OBJECTS, delivery, pool, post, startPair, successesById, waitFor } from "./lib/harness.mjs";

const GENUINE = 5_000;
const FORGED = 250;
const CONCURRENCY = 50;
const { sink, edge, secrets } = await startPair();

function forgery(i) {
  const d = delivery({ secret: secrets[0], object: OBJECTS[i % OBJECTS.length], seed: 1_000_000 + i });
  const kinds = [
    () => ({ body: d.body, headers: signRequest({ secret: "attacker", body: d.body }).headers }),
    () => ({ body: d.body.replace('"record":{', '"record":{"injected":true,'), headers: d.headers }),
    () => ({ body: d.body, headers: signRequest({ secret: secrets[1], body: d.body, timestamp: Date.now() - 3_600_000 }).headers }),
    () => ({ body: d.body, headers: { ...d.headers, [TWENTY_HEADERS.signature]: undefined } }),
  ];
  const { body, headers } = kinds[i % kinds.length]();
  return { body, headers: Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)), forged: true };
}

test(`${GENUINE} genuine + ${FORGED} forged deliveries, ${CONCURRENCY} at a time: none lost, no 5xx, only genuine ones forwarded`, async (t) => {
  const requests = [];
  for (let i = 0; i < GENUINE; i++) {
    if (i % (GENUINE / FORGED) === 0) requests.push(forgery(requests.length));
    const object = OBJECTS[i % OBJECTS.length];
    const action = ACTIONS[Math.floor(i / OBJECTS.length) % ACTIONS.length];
    requests.push(delivery({ secret: secrets[i % 2], object, action, seed: i }));
  }
  const started = performance.now();
  const answers = await pool(requests, CONCURRENCY, (r) => post(edge, r));
  const sendSeconds = (performance.now() - started) / 1000;

  const genuine = answers.filter((_, i) => !requests[i].forged);
  const forged = answers.filter((_, i) => requests[i].forged);
  const statuses = (list) => [...new Set(list.map((a) => a.status))].map((s) => `${s}×${list.filter((a) => a.status === s).length}`).join(" ");
  const serverErrors = [...new Set(answers.filter((a) => a.status >= 500).map((a) => `${a.status} ${a.text.slice(0, 120)}`))];
  assert.deepEqual(serverErrors, [], `5xx answers (${statuses(answers)}); the Worker's log ends:\n${edge.logs().slice(-3000)}`);
  assert.equal(genuine.filter((a) => a.status === 202).length, GENUINE, statuses(genuine));
  assert.equal(forged.filter((a) => a.status === 401).length, FORGED, statuses(forged));

  const expected = new Map(requests.flatMap((r, i) => (r.forged ? [] : [[answers[i].json.deliveryId, r.body]])));
  assert.equal(expected.size, GENUINE, "one delivery id per delivery");
  await waitFor(`${GENUINE} deliveries at the sink`, () => successesById(sink).size >= GENUINE, { timeoutMs: 240_000, everyMs: 250 });
  const drainSeconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // room for anything that should not come

  const received = successesById(sink);
  assert.equal(received.size, GENUINE);
  for (const [id, records] of received) {
    assert.ok(expected.has(id), "forwarded something that was not accepted");
    assert.equal(records.length, 1, `${id} arrived ${records.length} times`);
    assert.ok(records[0].body.equals(Buffer.from(expected.get(id))), "body changed");
    assert.equal(records[0].verified, true);
  }
  assert.equal(sink.deliveries.length, GENUINE, "every attempt at the sink was a first and only one");

  const ms = genuine.map((a) => a.ms).sort((a, b) => a - b);
  const at = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(1);
  const summary = [
    `accept path (${GENUINE} genuine, ${CONCURRENCY} concurrent): p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${ms.at(-1).toFixed(1)} ms`,
    `accepted: ${(GENUINE / sendSeconds).toFixed(0)} deliveries/s (${(answers.length / sendSeconds).toFixed(0)} requests/s incl. forged) over ${sendSeconds.toFixed(1)} s`,
    `forwarded: all ${GENUINE} at the sink ${drainSeconds.toFixed(1)} s after the first request (${(GENUINE / drainSeconds).toFixed(0)} deliveries/s end to end)`,
  ];
  for (const line of summary) {
    t.diagnostic(line);
    console.log(`  load: ${line}`);
  }
});
