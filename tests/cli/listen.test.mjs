// `listen`'s own conduct, against a stand-in relay (upgrade-server.mjs) that can misbehave on
// cue, which the real receiver (receiver.test.mjs) will not: a connection that drops and a
// relay that is gone (growing waits, Ctrl-C at once), messages that are not deliveries, Ctrl-C
// while a delivery is still being forwarded, and the close frame it sends on the way out; a
// receiver behind a path prefix; headers a relay message should not carry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { closePayload, frame, OP, upgradeServer } from "./upgrade-server.mjs";
import { cleanEnv, receiver, SECRET, startCli } from "./support.mjs";

const ENV = cleanEnv({ TWENTY_WEBHOOKS_ADMIN_TOKEN: "stand-in-token" });

/** A relay message for `body`, as the receiver sends it. */
function relayMessage(deliveryId, body, headers = { "Content-Type": "application/json" }) {
  return JSON.stringify({ deliveryId, eventName: "person.created", receivedAt: new Date().toISOString(), headers, body: Buffer.from(body).toString("base64"), bodyEncoding: "base64" });
}

/** `listen` with the stand-in relay as the receiver (`receiverPath`: a path prefix it is behind). */
function listen(relay, app, receiverPath = "") {
  return startCli(["listen", "--receiver", `${new URL(relay.url).origin}${receiverPath}`, "--forward-to", app.url], { env: ENV });
}

test("a dropped connection is opened again after growing waits; Ctrl-C while it waits ends it at once with exit 0", async () => {
  const relay = await upgradeServer({ onUpgrade: (socket) => setTimeout(() => socket.destroy(), 50) });
  const app = await receiver();
  const listener = listen(relay, app);
  try {
    await listener.waitFor(/listening: /);
    assert.equal(relay.requests[0].headers.authorization, "Bearer stand-in-token");
    await listener.waitFor(/connection lost \(1006\); reconnecting in /);
    await relay.close(); // gone: every further try is refused
    // The third refusal waits about 4 s (± a fifth) before the next try: Ctrl-C comes during it.
    await listener.waitFor(/(cannot reconnect: RECEIVER_UNREACHABLE: [^\n]*connection refused; again in [^\n]*\n){3}/, "stdout", 20_000);
  } finally {
    const started = performance.now();
    const result = await listener.interrupt();
    const stoppedMs = performance.now() - started;
    await app.close();
    assert.equal(result.code, 0, result.stderr);
    assert.ok(stoppedMs < 1_500, `stopped in ${stoppedMs} ms, not after the wait`);
    const waits = [...result.stdout.matchAll(/(?:reconnecting|again) in (\d+(?:\.\d)?) (ms|s)/g)].map(([, n, unit]) => Number(n) * (unit === "s" ? 1000 : 1));
    assert.ok(waits.length >= 3, result.stdout);
    for (let i = 1; i < waits.length; i++) assert.ok(waits[i] > waits[i - 1], `waits grow: ${waits.join(", ")} ms`);
    assert.match(result.stdout, /stopped: 0 forwarded, 0 answered 2xx\n$/);
  }
});

test("messages that are not deliveries are skipped with a note; the deliveries around them are forwarded, fragmented or not", async () => {
  const bodies = [Buffer.from('{"eventName":"person.created","n":1}'), Buffer.from('{"eventName":"person.created","n":2}\n')];
  const relay = await upgradeServer({
    onUpgrade(socket) {
      socket.write(frame(OP.text, "not JSON"));
      socket.write(frame(OP.text, JSON.stringify({ hello: "world" })));
      socket.write(frame(OP.binary, Buffer.from([1, 2, 3])));
      socket.write(frame(OP.text, relayMessage("d-1", bodies[0])));
      const second = Buffer.from(relayMessage("d-2", bodies[1]));
      socket.write(frame(OP.text, second.subarray(0, 10), { fin: false }));
      socket.write(frame(OP.continuation, second.subarray(10)));
    },
  });
  const app = await receiver({ answer: () => 204 });
  const listener = listen(relay, app);
  let result;
  try {
    await listener.waitFor(/d-2 +→ 204/);
  } finally {
    result = await listener.interrupt();
    await Promise.all([app.close(), relay.close()]);
  }
  assert.equal(result.code, 0, result.stderr);
  const received = app.deliveries.map((d) => d.body).sort(Buffer.compare);
  assert.deepEqual(received, [...bodies].sort(Buffer.compare), "the exact bytes, a trailing newline included");
  assert.equal(result.stdout.match(/skipped a relay message that is not a delivery/g).length, 2);
  assert.match(result.stdout, /stopped: 2 forwarded, 2 answered 2xx, 2 skipped\n$/);
});

test("Ctrl-C while a delivery is being forwarded waits for its answer, then closes the connection with 1000", async () => {
  let frames;
  const relay = await upgradeServer({
    onUpgrade(socket, _req, received) {
      frames = received;
      socket.write(frame(OP.text, relayMessage("slow-1", "{}", { "Content-Type": "application/json", "X-Twenty-Webhook-Signature": "ab".repeat(32), "X-Twenty-Webhook-Timestamp": "1" })));
      socket.on("data", () => {
        const close = frames.find((f) => f.opcode === OP.close);
        if (close) socket.end(frame(OP.close, closePayload(close.payload.readUInt16BE())));
      });
    },
  });
  const app = await receiver({ secret: SECRET, answer: () => 202, delayMs: 700 });
  const listener = listen(relay, app);
  let result;
  try {
    await listener.waitFor(/listening: /);
    while (app.deliveries.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    result = await listener.interrupt();
    await Promise.all([app.close(), relay.close()]);
  }
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /slow-1 +→ 202/, "the answer that came after Ctrl-C");
  assert.equal(app.deliveries[0].headers["x-twenty-webhook-signature"], "ab".repeat(32), "the headers as relayed");
  const close = frames.find((f) => f.opcode === OP.close);
  assert.ok(close, "a close frame on the way out");
  assert.equal(close.payload.readUInt16BE(), 1000);
});

test("a receiver behind a path prefix: listen opens <prefix>/admin/relay, and says which receiver it follows", async () => {
  const relay = await upgradeServer();
  const app = await receiver();
  const listener = listen(relay, app, "/twenty/hooks/");
  let result;
  try {
    await listener.waitFor(/listening: /);
  } finally {
    result = await listener.interrupt();
    await Promise.all([app.close(), relay.close()]);
  }
  assert.equal(result.code, 0, result.stderr);
  assert.equal(relay.requests[0].url, "/twenty/hooks/admin/relay");
  assert.match(result.stdout, new RegExp(`listening: ${new URL(relay.url).origin}/twenty/hooks → `));
});

test("only the delivery's own headers are forwarded: any other a relay message names is dropped", async () => {
  const headers = {
    "Content-Type": "application/json",
    "X-Twenty-Webhook-Signature": "cd".repeat(32),
    "X-Twenty-Webhook-Timestamp": "2",
    "X-Twenty-Webhook-Nonce": "n-1",
    "X-Injected": "yes",
    Host: "elsewhere.example",
    "Content-Length": "1",
  };
  const relay = await upgradeServer({ onUpgrade: (socket) => socket.write(frame(OP.text, relayMessage("h-1", '{"n":1}', headers))) });
  const app = await receiver({ answer: () => 204 });
  const listener = listen(relay, app);
  let result;
  try {
    await listener.waitFor(/h-1 +→ 204/);
  } finally {
    result = await listener.interrupt();
    await Promise.all([app.close(), relay.close()]);
  }
  assert.equal(result.code, 0, result.stderr);
  const [got] = app.deliveries;
  assert.equal(got.body.toString(), '{"n":1}');
  for (const name of ["Content-Type", "X-Twenty-Webhook-Signature", "X-Twenty-Webhook-Timestamp", "X-Twenty-Webhook-Nonce"]) assert.equal(got.headers[name.toLowerCase()], headers[name], name);
  assert.equal(got.headers["x-injected"], undefined);
  assert.equal(got.headers.host, new URL(app.url).host);
  assert.equal(got.headers["content-length"], "7");
});
