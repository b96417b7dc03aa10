// A tiny WebSocket server for the CLI's tests, written from RFC 6455 with node:http's
// `upgrade`: it answers the handshake (or anything a test gives instead), writes server frames
// as a test lays them out, and reads the client's frames, checking their mask.
import { createHash } from "node:crypto";
import { createServer } from "node:http";

export const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
export const OP = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 };

/** A server frame (unmasked unless asked), as RFC 6455 §5.2 lays it out. */
export function frame(opcode, payload = Buffer.alloc(0), { fin = true, mask = false, rsv = 0 } = {}) {
  const data = Buffer.from(payload);
  const length = data.length;
  const extended = length < 126 ? Buffer.alloc(0) : length < 65536 ? Buffer.alloc(2) : Buffer.alloc(8);
  if (extended.length === 2) extended.writeUInt16BE(length);
  if (extended.length === 8) extended.writeBigUInt64BE(BigInt(length));
  const head = Buffer.from([(fin ? 0x80 : 0) | (rsv << 4) | opcode, (mask ? 0x80 : 0) | (length < 126 ? length : length < 65536 ? 126 : 127)]);
  const key = mask ? Buffer.from([1, 2, 3, 4]) : Buffer.alloc(0);
  const body = mask ? data.map((byte, i) => byte ^ key[i % 4]) : data;
  return Buffer.concat([head, extended, key, body]);
}

export function closePayload(code, reason = "") {
  const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
  payload.writeUInt16BE(code);
  payload.write(reason, 2);
  return payload;
}

/** Reads the client's frames off `socket`, checking each is masked; calls `onFrame({ fin, opcode, payload, mask })`. */
function readClientFrames(socket, onFrame) {
  let bytes = Buffer.alloc(0);
  socket.on("data", (chunk) => {
    bytes = Buffer.concat([bytes, chunk]);
    for (;;) {
      if (bytes.length < 2) return;
      let length = bytes[1] & 0x7f;
      let offset = 2;
      if (length === 126) [length, offset] = [bytes.length >= 4 ? bytes.readUInt16BE(2) : -1, 4];
      else if (length === 127) [length, offset] = [bytes.length >= 10 ? Number(bytes.readBigUInt64BE(2)) : -1, 10];
      if (length < 0 || bytes.length < offset + 4 + length) return;
      const masked = (bytes[1] & 0x80) !== 0;
      const mask = bytes.subarray(offset, offset + 4);
      const payload = Buffer.from(bytes.subarray(offset + 4, offset + 4 + length)).map((byte, i) => byte ^ mask[i % 4]);
      onFrame({ fin: (bytes[0] & 0x80) !== 0, opcode: bytes[0] & 0x0f, payload: Buffer.from(payload), masked, mask: Buffer.from(mask) });
      bytes = bytes.subarray(offset + 4 + length);
    }
  });
}

/**
 * A node:http server that upgrades every request: `onUpgrade(socket, request, frames)` runs once
 * it has answered 101 (`frames`: the client's frames so far, as they come). `answer(request)`
 * may replace the handshake with raw bytes. Resolves to `{ url, requests, close() }`.
 */
export async function upgradeServer({ onUpgrade = () => {}, answer } = {}) {
  const requests = [];
  const sockets = new Set();
  const server = createServer((req, res) => res.writeHead(426).end());
  server.on("upgrade", (req, socket) => {
    requests.push(req);
    sockets.add(socket);
    socket.on("error", () => {});
    const custom = answer?.(req);
    if (custom) return socket.end(custom);
    const accept = createHash("sha1").update(req.headers["sec-websocket-key"] + GUID).digest("base64");
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    const frames = [];
    readClientFrames(socket, (f) => frames.push(f));
    onUpgrade(socket, req, frames);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/admin/relay`,
    requests,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
