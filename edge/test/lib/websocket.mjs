/**
 * A minimal WebSocket client for the relay tests, over node:http's upgrade (Node 20 has no
 * WebSocket without a flag): it sees the status of a refused upgrade (401, 426, 429), collects
 * text messages, answers pings, and can be a listener that never reads (its socket paused, so
 * the server's sends pile up in the connection's buffers).
 */
import { randomBytes } from "node:crypto";
import { request } from "node:http";

const OPCODES = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 };

/**
 * Opens `url` (http://…) as a WebSocket with `headers`. Resolves to `{ status, json }` when the
 * server refuses the upgrade, or `{ status: 101, listener }` where `listener` is
 * `{ messages, closed, closeAnswered, close(), destroy(), resume() }`: `messages` grows with each
 * text message, `closed` resolves when the connection ends, `closeAnswered` tells whether the
 * server answered our close frame. With `read: false` the socket is not read until `resume()`.
 */
export function connect(url, { headers = {}, read = true } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": randomBytes(16).toString("base64"), ...headers },
    });
    req.once("error", reject);
    req.once("response", async (res) => {
      const chunks = [];
      for await (const chunk of res) chunks.push(chunk);
      const text = Buffer.concat(chunks).toString("utf8");
      let json = null;
      try {
        json = JSON.parse(text);
      } catch {}
      resolve({ status: res.statusCode, headers: res.headers, json, text });
    });
    req.once("upgrade", (res, socket, head) => resolve({ status: res.statusCode, headers: res.headers, listener: listen(socket, head, read) }));
    req.end();
  });
}

function listen(socket, head, read) {
  const messages = [];
  let buffer = head;
  let fragments = [];
  let closing = false;
  const closed = new Promise((resolve) => socket.once("close", resolve));
  socket.on("error", () => {});
  if (!read) socket.pause();
  socket.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (let frame = nextFrame(buffer); frame; frame = nextFrame(buffer)) {
      buffer = buffer.subarray(frame.length);
      if (frame.opcode === OPCODES.ping) socket.write(encodeFrame(OPCODES.pong, frame.payload));
      else if (frame.opcode === OPCODES.close && closing) {
        listener.closeAnswered = true; // the answer to our close: done
        socket.destroy();
      }
      else if (frame.opcode === OPCODES.close) socket.end(encodeFrame(OPCODES.close, frame.payload.subarray(0, 2)));
      else if (frame.opcode === OPCODES.text || frame.opcode === OPCODES.continuation) {
        fragments.push(frame.payload);
        if (frame.fin) {
          messages.push(Buffer.concat(fragments).toString("utf8"));
          fragments = [];
        }
      }
    }
  });
  const listener = {
    messages,
    closed,
    closeAnswered: false,
    close() {
      closing = true;
      if (!socket.destroyed) socket.write(encodeFrame(OPCODES.close, Buffer.from([0x03, 0xe8]))); // 1000: normal
      return closed;
    },
    destroy() {
      socket.destroy();
      return closed;
    },
    resume() {
      socket.resume();
    },
  };
  return listener;
}

/** The first complete frame in `buffer` (`{ fin, opcode, payload, length }`), or null. */
function nextFrame(buffer) {
  if (buffer.length < 2) return null;
  const fin = (buffer[0] & 0x80) !== 0;
  const opcode = buffer[0] & 0x0f;
  let length = buffer[1] & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  if (buffer.length < offset + length) return null; // a server's frames are never masked
  return { fin, opcode, payload: buffer.subarray(offset, offset + length), length: offset + length };
}

/** A client frame: always masked (RFC 6455 5.3); short control payloads only. */
function encodeFrame(opcode, payload) {
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, masked]);
}
