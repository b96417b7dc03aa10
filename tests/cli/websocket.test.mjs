// The CLI's RFC 6455 client (src/cli/websocket.js in the installed package) against a tiny
// node:http upgrade server written here from the RFC: the handshake, masked client frames,
// lengths of 7, 16 and 64 bits, fragmentation with a ping in between, ping → pong, the closing
// handshake both ways, refusals, and what a server must not send (oversized messages refused on
// their header, close codes no endpoint may send); a large frame in many chunks copied once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { closePayload, frame, GUID, OP, upgradeServer } from "./upgrade-server.mjs";
import { HOME } from "./support.mjs";

const { openWebSocket, UpgradeRefused, WebSocketProtocolError } = await import(pathToFileURL(join(HOME, "node_modules/twenty-webhooks/src/cli/websocket.js")).href);

/** Resolves with the arguments of `emitter`'s next `event`. */
function next(emitter, event) {
  return new Promise((resolve) => emitter.once(event, (...args) => resolve(args)));
}

async function until(condition, what) {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), `timed out waiting for ${what}`);
}

test("the handshake: a fresh key, version 13, the caller's headers; a checked Sec-WebSocket-Accept", async () => {
  const server = await upgradeServer();
  try {
    const [a, b] = await Promise.all([openWebSocket(server.url, { headers: { Authorization: "Bearer t0k" } }), openWebSocket(server.url.replace("http:", "ws:"))]);
    const [first, second] = server.requests;
    assert.equal(first.headers.authorization, "Bearer t0k");
    assert.equal(first.headers.upgrade, "websocket");
    assert.equal(first.headers["sec-websocket-version"], "13");
    assert.equal(Buffer.from(first.headers["sec-websocket-key"], "base64").length, 16);
    assert.notEqual(first.headers["sec-websocket-key"], second.headers["sec-websocket-key"]);
    a.terminate();
    b.terminate();
  } finally {
    await server.close();
  }
});

test("text and binary messages of 7-, 16- and 64-bit lengths, fragmented with a ping in between, and frames in the handshake's packet", async () => {
  const big = Buffer.alloc(70_000, "é").toString("utf8");
  const binary = Buffer.from([0, 255, 1, 254, 0x80]);
  const server = await upgradeServer({
    onUpgrade(socket) {
      socket.write(frame(OP.text, "short"));
      socket.write(frame(OP.text, "x".repeat(300)));
      socket.write(frame(OP.text, big));
      socket.write(frame(OP.binary, binary));
      // "héllo wörld" in three fragments that split a UTF-8 character, a ping between them
      const text = Buffer.from("héllo wörld");
      socket.write(frame(OP.text, text.subarray(0, 2), { fin: false }));
      socket.write(frame(OP.ping, "are you there"));
      socket.write(frame(OP.continuation, text.subarray(2, 8), { fin: false }));
      // the last fragment one byte at a time
      for (const byte of frame(OP.continuation, text.subarray(8))) socket.write(Buffer.from([byte]));
    },
  });
  try {
    const socket = await openWebSocket(server.url);
    const messages = [];
    socket.on("message", (data, isBinary) => messages.push({ data: Buffer.from(data), isBinary }));
    await until(() => messages.length === 5, "five messages");
    assert.deepEqual(
      messages.map((m) => (m.isBinary ? m.data : m.data.toString("utf8"))),
      ["short", "x".repeat(300), big, binary, "héllo wörld"],
    );
    assert.deepEqual(messages.map((m) => m.isBinary), [false, false, false, true, false]);
    socket.terminate();
  } finally {
    await server.close();
  }
});

test("a message in the same TCP packet as the 101 answer is not lost", async () => {
  const server = await upgradeServer({
    answer(req) {
      const accept = createHash("sha1").update(req.headers["sec-websocket-key"] + GUID).digest("base64");
      return Buffer.concat([Buffer.from(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`), frame(OP.text, "early")]);
    },
  });
  try {
    const socket = await openWebSocket(server.url);
    const [data] = await next(socket, "message");
    assert.equal(data.toString(), "early");
  } finally {
    await server.close();
  }
});

test("ping → pong with the same payload; every client frame masked with a fresh key", async () => {
  let frames;
  let serverSocket;
  const server = await upgradeServer({
    onUpgrade(socket, _req, received) {
      frames = received;
      serverSocket = socket;
      socket.write(frame(OP.ping, "p1"));
    },
  });
  try {
    const socket = await openWebSocket(server.url);
    await until(() => frames?.length === 1, "the pong");
    assert.equal(frames[0].opcode, OP.pong);
    assert.equal(frames[0].payload.toString(), "p1");
    socket.send("hello");
    socket.send(Buffer.alloc(200_000, 7));
    socket.ping("c1");
    await until(() => frames.length === 4, "three more frames");
    assert.deepEqual(frames.map((f) => f.opcode), [OP.pong, OP.text, OP.binary, OP.ping]);
    assert.ok(frames.every((f) => f.masked && f.fin), "masked, unfragmented");
    assert.equal(new Set(frames.map((f) => f.mask.toString("hex"))).size, 4, "a fresh mask per frame");
    assert.equal(frames[1].payload.toString(), "hello");
    assert.ok(frames[2].payload.equals(Buffer.alloc(200_000, 7)));
    const pong = next(socket, "pong");
    serverSocket.write(frame(OP.pong, "c1"));
    assert.equal((await pong)[0].toString(), "c1");
    socket.terminate();
  } finally {
    await server.close();
  }
});

test("the server closes: the client answers with the same code and reports code and reason", async () => {
  let frames;
  let ended;
  const server = await upgradeServer({
    onUpgrade(socket, _req, received) {
      frames = received;
      socket.on("end", () => (ended = true));
      socket.write(frame(OP.close, closePayload(1001, "going away")));
    },
  });
  try {
    const socket = await openWebSocket(server.url);
    const [code, reason] = await next(socket, "close");
    assert.equal(code, 1001);
    assert.equal(reason, "going away");
    await until(() => frames.length === 1 && ended, "the client's close frame and FIN");
    assert.equal(frames[0].opcode, OP.close);
    assert.equal(frames[0].payload.readUInt16BE(), 1001);
    assert.equal(socket.open, false);
  } finally {
    await server.close();
  }
});

test("the client closes: a close frame with its code and reason; done when the server answers", async () => {
  const server = await upgradeServer({
    onUpgrade(socket, _req, frames) {
      socket.on("data", () => {
        if (frames.at(-1)?.opcode === OP.close) socket.end(frame(OP.close, frames.at(-1).payload.subarray(0, 2)));
      });
    },
  });
  try {
    const socket = await openWebSocket(server.url);
    const closed = next(socket, "close");
    const started = performance.now();
    socket.close(1000, "listener stopped");
    const [code] = await closed;
    assert.equal(code, 1000);
    assert.ok(performance.now() - started < 1_500, "without waiting for the close timeout");
  } finally {
    await server.close();
  }
});

test("a connection dropped without a close frame is reported as 1006", async () => {
  const server = await upgradeServer({ onUpgrade: (socket) => setTimeout(() => socket.destroy(), 20) });
  try {
    const socket = await openWebSocket(server.url);
    const [code] = await next(socket, "close");
    assert.equal(code, 1006);
  } finally {
    await server.close();
  }
});

test("what a server must not send closes the connection with 1002, 1007 or 1009", async () => {
  const cases = [
    [frame(OP.text, "hidden", { mask: true }), 1002],
    [frame(OP.text, "compressed?", { rsv: 4 }), 1002],
    [frame(OP.ping, "x".repeat(126)), 1002],
    [frame(OP.ping, "part", { fin: false }), 1002],
    [frame(OP.continuation, "orphan"), 1002],
    [Buffer.concat([frame(OP.text, "a", { fin: false }), frame(OP.text, "b")]), 1002],
    [frame(0x3, "reserved opcode"), 1002],
    [frame(OP.text, Buffer.from([0xc3, 0x28])), 1007],
    [frame(OP.close, Buffer.from([0x03])), 1002],
    // close codes no endpoint may send (RFC 6455 §7.4): reserved, "no status", "abnormal", TLS, unassigned
    ...[999, 1004, 1005, 1006, 1015, 1016, 2999, 5000].map((code) => [frame(OP.close, closePayload(code)), 1002]),
    [Buffer.from([0x82, 0x7f, 0x00, 0x10, 0, 0, 0, 0, 0, 0]), 1009],
  ];
  for (const [bytes, expected] of cases) {
    let frames;
    const server = await upgradeServer({
      onUpgrade(socket, _req, received) {
        frames = received;
        socket.write(bytes);
      },
    });
    try {
      const socket = await openWebSocket(server.url);
      const messages = [];
      socket.on("message", (data) => messages.push(data));
      const [code] = await next(socket, "close");
      assert.equal(code, expected, bytes.toString("hex"));
      await until(() => frames.length >= 1, "the client's close frame");
      assert.equal(frames[0].opcode, OP.close);
      assert.equal(frames[0].payload.readUInt16BE(), expected);
      assert.deepEqual(messages, []);
    } finally {
      await server.close();
    }
  }
});

test("a refused upgrade rejects with UpgradeRefused: status and body; a wrong handshake with WebSocketProtocolError", async () => {
  const body = JSON.stringify({ error: { code: "UNAUTHORIZED", message: "no", hint: "token" } });
  const refusing = await upgradeServer({ answer: () => `HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nWWW-Authenticate: Bearer\r\n\r\n${body}` });
  const wrong = await upgradeServer({ answer: () => "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: bm90IHRoZSByaWdodCBvbmU=\r\n\r\n" });
  try {
    await assert.rejects(openWebSocket(refusing.url), (error) => error instanceof UpgradeRefused && error.status === 401 && error.body === body);
    await assert.rejects(openWebSocket(wrong.url), (error) => error instanceof WebSocketProtocolError && /Sec-WebSocket-Accept/.test(error.message));
  } finally {
    await Promise.all([refusing.close(), wrong.close()]);
  }
});

test("a handshake that does not come in time rejects with a TimeoutError; an abort with the signal's reason", async () => {
  const held = [];
  const silent = createServer(() => {});
  silent.on("upgrade", (_req, socket) => held.push(socket));
  await new Promise((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${silent.address().port}/`;
  try {
    await assert.rejects(openWebSocket(url, { timeoutMs: 100 }), { name: "TimeoutError" });
    const controller = new AbortController();
    const opening = openWebSocket(url, { signal: controller.signal });
    controller.abort(new Error("stopped"));
    await assert.rejects(opening, { message: "stopped" });
  } finally {
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});

test("close codes a server may send (registered, and 3000 – 4999) are reported as sent", async () => {
  for (const code of [1003, 1011, 1014, 3000, 4999]) {
    const server = await upgradeServer({ onUpgrade: (socket) => socket.write(frame(OP.close, closePayload(code, "bye"))) });
    try {
      const socket = await openWebSocket(server.url);
      assert.deepEqual(await next(socket, "close"), [code, "bye"]);
    } finally {
      await server.close();
    }
  }
});

test("a message over maxMessageBytes closes with 1009 on its header, without waiting for its payload", { timeout: 20_000 }, async () => {
  let frames;
  const server = await upgradeServer({
    onUpgrade(socket, _req, received) {
      frames = received;
      socket.write(frame(OP.text, "a".repeat(600), { fin: false }));
      // the next fragment's header alone: 600 more bytes announced, none sent
      socket.write(frame(OP.continuation, "b".repeat(600)).subarray(0, 4));
    },
  });
  try {
    const socket = await openWebSocket(server.url, { maxMessageBytes: 1000 });
    const messages = [];
    socket.on("message", (data) => messages.push(data));
    const [code] = await next(socket, "close");
    assert.equal(code, 1009);
    await until(() => frames.length >= 1, "the client's close frame");
    assert.equal(frames[0].payload.readUInt16BE(), 1009);
    assert.deepEqual(messages, []);
  } finally {
    await server.close();
  }
});

test("a large frame arriving in many chunks is joined once, not once per chunk", { timeout: 20_000 }, async () => {
  const payload = Buffer.alloc(8 * 1024 * 1024, 0x5a);
  const bytes = frame(OP.binary, payload);
  const server = await upgradeServer({
    onUpgrade(socket) {
      for (let at = 0; at < bytes.length; at += 16 * 1024) socket.write(bytes.subarray(at, at + 16 * 1024));
    },
  });
  // Counts what Buffer.concat copies while the frame comes in (the client joins chunks with it).
  const concat = Buffer.concat;
  let copied = 0;
  Buffer.concat = (list, length) => {
    const joined = concat(list, length);
    copied += joined.length;
    return joined;
  };
  try {
    const socket = await openWebSocket(server.url);
    const [data, isBinary] = await next(socket, "message");
    assert.equal(isBinary, true);
    assert.ok(data.equals(payload));
    assert.ok(copied <= 2 * bytes.length, `${copied} bytes copied for a ${bytes.length}-byte frame`);
    socket.terminate();
  } finally {
    Buffer.concat = concat;
    await server.close();
  }
});
