// npm start: the local demo stack. Installs and builds what it needs, shows the package at work
// (a sample Twenty event built, signed and verified), then runs the edge receiver (the Worker in
// local workerd), a loopback sink it forwards to, and the demo page with a webhook ready that
// points at the receiver; it sends one genuine and one forged delivery to show both outcomes,
// and reads the genuine one back from the receiver's delivery log through its admin API.
// `npm start -- --once` stops after that demonstration (the test suite runs it this way).
import { setup } from "./setup.mjs";
import { build } from "./build.mjs";
import { fail, step } from "./lib/run.mjs";

const ONCE = process.argv.includes("--once");
const PORTS = {
  page: Number(process.env.PAGE_PORT ?? (ONCE ? 0 : 8080)),
  receiver: Number(process.env.RECEIVER_PORT ?? (ONCE ? 0 : 8787)),
  sink: Number(process.env.SINK_PORT ?? (ONCE ? 0 : 8790)),
};

// `npm test` has already installed and built when it runs this.
if (!process.env.TWENTY_WEBHOOKS_PREPARED) {
  setup();
  build();
}

// Imported only now: they need the package that build() has just made.
const twenty = await import("../pkg/src/node.js");
const { startDemoStack } = await import("./lib/demo-stack.mjs");

step("the package at work");
const secret = twenty.generateSecret();
const record = twenty.sampleRecord("person");
const body = twenty.buildPayload({ targetUrl: "https://example.com/webhook", eventName: "person.created", record });
const { headers } = twenty.signRequest({ secret, body });
console.log("  a person.created delivery, exactly as Twenty sends it:\n");
for (const [name, value] of Object.entries(headers)) console.log(`  ${name}: ${value}`);
console.log(`\n  ${body}\n`);
const verified = twenty.verify({ secret, headers, body });
console.log(`  verify → ok: ${verified.payload.eventName} for ${verified.payload.record.name.firstName}, timestamp ${verified.timestamp}, secret #${verified.secretIndex}`);
const tampered = body.replace(verified.payload.record.name.firstName, "Mallory");
try {
  twenty.verify({ secret, headers, body: tampered });
  fail("a tampered body verified");
} catch (error) {
  console.log(`  verify(tampered body) → ${error.code}: ${error.message}`);
}

step("the demo stack");
const stack = await startDemoStack({ pagePort: PORTS.page, receiverPort: PORTS.receiver, sinkPort: PORTS.sink, secret });
const { sink, site } = stack;
let stopping;
const stop = () => (stopping ??= stack.stop());
process.on("SIGINT", () => stop().then(() => process.exit(0)));
process.on("SIGTERM", () => stop().then(() => process.exit(0)));

try {
  step("a genuine delivery and a forged one, sent to the receiver");
  const endpoint = stack.targetUrl;
  const genuine = twenty.signRequest({ secret, body });
  const accepted = await fetch(endpoint, { method: "POST", headers: genuine.headers, body });
  console.log(`  genuine → ${accepted.status} ${await accepted.text()}`);
  const forged = await fetch(endpoint, { method: "POST", headers: genuine.headers, body: tampered });
  console.log(`  forged  → ${forged.status} ${await forged.text()}`);
  const arrived = await waitFor(() => sink.deliveries.length > 0, 15000);
  const delivery = sink.deliveries[0];
  console.log(arrived
    ? `  the sink received ${sink.deliveries.length} delivery: id ${delivery.deliveryId}, ${delivery.body.length} bytes, hop signature ${delivery.verified ? "verified" : "NOT verified"}, body identical: ${Buffer.from(delivery.body).toString() === body}`
    : "  the sink received nothing within 15 s");
  // The receiver's log, read through its admin API with this run's token, as the page's Deliveries view reads it.
  const logged = await waitFor(async () => {
    const answer = await fetch(`${stack.edge.url}/admin/deliveries/${delivery?.deliveryId}`, { headers: { Authorization: `Bearer ${stack.adminToken}` } });
    return answer.ok && (await answer.json()).state === "delivered";
  }, 15000);
  console.log(`  the receiver's delivery log (admin API): ${logged ? `${delivery.deliveryId} delivered` : "not listed as delivered within 15 s"}`);
  if (accepted.status !== 202 || forged.status !== 401 || !arrived || !delivery.verified || !logged) throw new Error("the demonstration did not go as expected");

  step("running");
  console.log(`  demo page   ${site.url}   (Settings → APIs & Webhooks, with a webhook ready to Send to the receiver)`);
  console.log(`  receiver    ${endpoint}`);
  console.log(`  sink        ${sink.url}/deliveries   (what the receiver forwarded)`);
  console.log(`  deliveries  ${site.url}/#/deliveries   (the receiver's delivery log: connect with the admin token below)`);
  console.log(`  admin token ${stack.adminToken}   (the receiver's ADMIN_TOKEN for this run; paste it there, or use it as Authorization: Bearer)`);
  if (ONCE) await stop();
  else console.log("\n  Ctrl-C stops everything.");
} catch (error) {
  await stop();
  fail(error.message);
}

/** Whether `condition()` (maybe async) holds within `timeoutMs`. */
async function waitFor(condition, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}
