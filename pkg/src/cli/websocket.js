/**
 * @module twenty-webhooks/cli/websocket
 * A small RFC 6455 WebSocket client over node:http / node:https `upgrade`, because Node 20 has no
 * WebSocket without a flag and the CLI uses Node's built-ins only. It speaks what a relay
 * listener needs: the opening handshake (checked), masked client frames, text and binary
 * messages (fragmented or not), ping → pong, and the closing handshake. No extensions, no
 * subprotocols.
 */
import { EventEmitter } from "node:events";
import { createHash, randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

/** RFC 6455 §1.3: the key's answer is SHA-1 of the key and this GUID. */
const HANDSHAKE_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

export const OPCODE = Object.freeze({ CONTINUATION: 0x0, TEXT: 0x1, BINARY: 0x2, CLOSE: 0x8, PING: 0x9, PONG: 0xa });

/** Close codes (RFC 6455 §7.4.1) this client sends or reports. */
export const CLOSE_CODE = Object.freeze({
  NORMAL: 1000,
  GOING_AWAY: 1001,
  PROTOCOL_ERROR: 1002,
  NO_STATUS: 1005,
  ABNORMAL: 1006,
  INVALID_DATA: 1007,
  TOO_BIG: 1009,
});

/** By default, a message larger than this (all its fragments together) closes the connection with 1009. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** How long close() waits for the server's close frame before cutting the connection. */
const CLOSE_TIMEOUT_MS = 2_000;
/** How much of a refused upgrade's answer is kept (its JSON error). */
const MAX_REFUSAL_BYTES = 64 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The server answered the upgrade with an HTTP status other than 101. */
export class UpgradeRefused extends Error {
  constructor(status, headers, body) {
    super(`the server answered the WebSocket upgrade with HTTP ${status}`);
    this.name = "UpgradeRefused";
    this.status = status;
    this.headers = headers;
    /** The answer's body as text (at most 64 KiB). */
    this.body = body;
  }
}

/** The server broke the protocol (a bad handshake answer or frame). */
export class WebSocketProtocolError extends Error {
  constructor(message, closeCode = CLOSE_CODE.PROTOCOL_ERROR) {
    super(message);
    this.name = "WebSocketProtocolError";
    this.closeCode = closeCode;
  }
}

/**
 * Opens a WebSocket to `url` (ws:, wss:, http: or https:) with extra request `headers`; a
 * message over `maxMessageBytes` (64 MiB unless given) closes it with 1009.
 * Resolves to a WebSocketConnection once the server has switched protocols; rejects with
 * UpgradeRefused for any other answer, WebSocketProtocolError for a wrong handshake, the
 * network error (ECONNREFUSED…), a TimeoutError after `timeoutMs`, or `signal`'s reason. Neither
 * the signal nor the timeout touches the connection once it is open.
 *
 * @example
 * const socket = await openWebSocket("wss://relay.example/admin/relay", { headers: { Authorization: "Bearer t" } });
 * socket.on("message", (data, isBinary) => console.log(isBinary ? data : data.toString()));
 * socket.on("close", (code, reason) => console.log("closed", code, reason));
 */
export function openWebSocket(url, { headers = {}, signal, timeoutMs, maxMessageBytes = MAX_MESSAGE_BYTES } = {}) {
  const target = new URL(url);
  target.protocol = { "ws:": "http:", "wss:": "https:" }[target.protocol] ?? target.protocol;
  if (target.protocol !== "http:" && target.protocol !== "https:") throw new TypeError(`not a WebSocket URL: ${url}`);
  const key = randomBytes(16).toString("base64");
  const request = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolvePromise, rejectPromise) => {
    if (signal?.aborted) return rejectPromise(signal.reason);
    const req = request(target, {
      headers: { ...headers, Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Key": key, "Sec-WebSocket-Version": "13" },
    });
    const abort = () => req.destroy(signal.reason);
    signal?.addEventListener("abort", abort, { once: true });
    const timer = timeoutMs && setTimeout(() => req.destroy(new DOMException(`no WebSocket handshake within ${timeoutMs} ms`, "TimeoutError")), timeoutMs);
    const settle = (outcome) => (value) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
      outcome(value);
    };
    const resolve = settle(resolvePromise);
    const reject = settle(rejectPromise);
    req.on("upgrade", (res, socket, head) => {
      const accept = createHash("sha1").update(key + HANDSHAKE_GUID).digest("base64");
      const problem =
        res.statusCode !== 101
          ? `status ${res.statusCode}`
          : String(res.headers.upgrade).toLowerCase() !== "websocket"
            ? "no Upgrade: websocket"
            : res.headers["sec-websocket-accept"] !== accept
              ? "a wrong Sec-WebSocket-Accept"
              : res.headers["sec-websocket-extensions"]
                ? "an extension that was not asked for"
                : undefined;
      if (problem) {
        socket.destroy();
        reject(new WebSocketProtocolError(`the server's WebSocket handshake has ${problem}`));
        return;
      }
      resolve(new WebSocketConnection(socket, head, { maxMessageBytes }));
    });
    req.on("response", (res) => {
      const chunks = [];
      let size = 0;
      res.on("data", (chunk) => {
        if (size < MAX_REFUSAL_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      res.on("end", () => reject(new UpgradeRefused(res.statusCode, res.headers, Buffer.concat(chunks).subarray(0, MAX_REFUSAL_BYTES).toString("utf8"))));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * An open connection. Events: `message` (data: Buffer, isBinary), `ping` (data), `pong`
 * (data), `close` (code, reason) exactly once, whoever closed it and however.
 */
export class WebSocketConnection extends EventEmitter {
  #socket;
  #maxMessageBytes;
  // Bytes received and not decoded yet, as they came: joined once there are enough for the
  // next frame (#needBytes), so a large frame arriving in many chunks is copied once, not once
  // per chunk.
  #chunks = [];
  #chunksBytes = 0;
  #needBytes = 2;
  #fragments = [];
  #fragmentsBytes = 0;
  #fragmentsOpcode = 0;
  #closeSent = false;
  #closed = false;
  #closeTimer;

  constructor(socket, head, { maxMessageBytes = MAX_MESSAGE_BYTES } = {}) {
    super();
    this.#socket = socket;
    this.#maxMessageBytes = maxMessageBytes;
    socket.setNoDelay(true);
    // Frames that came in the same packet as the handshake answer are read first, once the
    // caller has had a chance to listen; later data is appended behind them.
    if (head.length) {
      this.#chunks.push(head);
      this.#chunksBytes = head.length;
      setImmediate(() => this.#receive(Buffer.alloc(0)));
    }
    socket.on("data", (chunk) => this.#receive(chunk));
    socket.on("error", () => {}); // reported as the close below (1006 when no close frame came)
    socket.on("close", () => this.#finish(CLOSE_CODE.ABNORMAL, ""));
  }

  /** Whether the connection can still send (no close frame sent or received). */
  get open() {
    return !this.#closeSent && !this.#closed;
  }

  /** Sends a text message (a string) or a binary one (bytes). */
  send(data) {
    if (typeof data === "string") this.#sendFrame(OPCODE.TEXT, Buffer.from(data, "utf8"));
    else this.#sendFrame(OPCODE.BINARY, Buffer.from(data));
  }

  ping(data = Buffer.alloc(0)) {
    this.#sendFrame(OPCODE.PING, Buffer.from(data));
  }

  /**
   * Starts the closing handshake: sends a close frame, then ends the connection when the
   * server's close frame arrives, or after 2 s. `close` is emitted either way.
   */
  close(code = CLOSE_CODE.NORMAL, reason = "") {
    if (this.#closed) return;
    if (!this.#closeSent) {
      const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
      payload.writeUInt16BE(code, 0);
      payload.write(reason, 2, "utf8");
      this.#sendFrame(OPCODE.CLOSE, payload);
      this.#closeSent = true;
    }
    this.#closeTimer ??= setTimeout(() => this.#socket.destroy(), CLOSE_TIMEOUT_MS);
    this.#closeTimer.unref?.();
  }

  /** Drops the connection at once, without a closing handshake. */
  terminate() {
    this.#socket.destroy();
  }

  #sendFrame(opcode, payload) {
    if (this.#closeSent || this.#closed) return;
    if (!this.#socket.writable) return;
    this.#socket.write(encodeFrame(opcode, payload));
  }

  #receive(chunk) {
    if (this.#closed) return;
    if (chunk.length) {
      this.#chunks.push(chunk);
      this.#chunksBytes += chunk.length;
    }
    if (this.#chunksBytes < this.#needBytes) return;
    let bytes = this.#chunks.length === 1 ? this.#chunks[0] : Buffer.concat(this.#chunks, this.#chunksBytes);
    try {
      for (;;) {
        const header = decodeHeader(bytes);
        if (header && header.opcode < OPCODE.CLOSE && this.#fragmentsBytes + header.length > this.#maxMessageBytes) {
          // Refused on its header: the payload is never waited for.
          throw new WebSocketProtocolError(`a message over ${this.#maxMessageBytes} bytes`, CLOSE_CODE.TOO_BIG);
        }
        const size = header ? header.offset + header.length : bytes.length + 1;
        if (bytes.length < size) {
          this.#needBytes = size;
          break;
        }
        const payload = bytes.subarray(header.offset, size);
        bytes = bytes.subarray(size);
        this.#handle({ fin: header.fin, opcode: header.opcode, payload });
        if (this.#closed) return;
      }
    } catch (error) {
      if (!(error instanceof WebSocketProtocolError)) throw error;
      this.#fail(error.closeCode, error.message);
      return;
    }
    this.#chunks = bytes.length ? [bytes] : [];
    this.#chunksBytes = bytes.length;
  }

  #handle({ fin, opcode, payload }) {
    switch (opcode) {
      case OPCODE.PING:
        this.#sendFrame(OPCODE.PONG, payload);
        this.emit("ping", payload);
        return;
      case OPCODE.PONG:
        this.emit("pong", payload);
        return;
      case OPCODE.CLOSE:
        return this.#closeReceived(payload);
      case OPCODE.TEXT:
      case OPCODE.BINARY:
        if (this.#fragments.length) throw new WebSocketProtocolError("a new message began before the previous one's last fragment");
        this.#fragmentsOpcode = opcode;
        break;
      case OPCODE.CONTINUATION:
        if (!this.#fragments.length) throw new WebSocketProtocolError("a continuation frame without a message to continue");
        break;
      default:
        throw new WebSocketProtocolError(`unknown opcode ${opcode}`);
    }
    this.#fragmentsBytes += payload.length; // within the limit: #receive checked the frame's header
    this.#fragments.push(payload);
    if (!fin) return;
    const data = this.#fragments.length === 1 ? this.#fragments[0] : Buffer.concat(this.#fragments);
    const isBinary = this.#fragmentsOpcode === OPCODE.BINARY;
    this.#fragments = [];
    this.#fragmentsBytes = 0;
    if (!isBinary) checkUtf8(data);
    this.emit("message", data, isBinary);
  }

  #closeReceived(payload) {
    if (payload.length === 1) throw new WebSocketProtocolError("a close frame with a 1-byte payload");
    const code = payload.length >= 2 ? payload.readUInt16BE(0) : CLOSE_CODE.NO_STATUS;
    if (payload.length >= 2 && !isSendableCloseCode(code)) throw new WebSocketProtocolError(`a close frame with code ${code}, which no endpoint may send`);
    const reason = payload.length > 2 ? checkUtf8(payload.subarray(2)) : "";
    // Answer with the same code (§5.5.1), unless we sent ours first; then the TCP connection ends.
    if (!this.#closeSent) {
      this.#sendFrame(OPCODE.CLOSE, payload.length >= 2 ? payload.subarray(0, 2) : Buffer.alloc(0));
      this.#closeSent = true;
    }
    this.#finish(code, reason);
    this.#socket.end();
  }

  /** Closes for a protocol violation by the server (§7.1.7). */
  #fail(code, reason) {
    if (!this.#closeSent) {
      const payload = Buffer.alloc(2);
      payload.writeUInt16BE(code, 0);
      this.#sendFrame(OPCODE.CLOSE, payload);
      this.#closeSent = true;
    }
    this.#finish(code, reason);
    this.#socket.end();
    setTimeout(() => this.#socket.destroy(), CLOSE_TIMEOUT_MS).unref();
  }

  #finish(code, reason) {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#closeTimer);
    this.emit("close", code, reason);
  }
}

/** One client frame: FIN set, the payload masked with a fresh random key (§5.3). */
export function encodeFrame(opcode, payload) {
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 65536 ? 2 : 8;
  const header = Buffer.alloc(2 + lengthBytes + 4);
  header[0] = 0x80 | opcode;
  if (lengthBytes === 0) header[1] = 0x80 | length;
  else if (lengthBytes === 2) {
    header[1] = 0x80 | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = randomBytes(4);
  mask.copy(header, 2 + lengthBytes);
  const masked = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) masked[i] = payload[i] ^ mask[i & 3];
  return Buffer.concat([header, masked]);
}

/**
 * The first complete server frame in `bytes`: `{ fin, opcode, payload, length }` (length: the
 * bytes it took), or undefined when more are needed. Throws WebSocketProtocolError as
 * decodeHeader does.
 */
export function decodeFrame(bytes) {
  const header = decodeHeader(bytes);
  if (!header || bytes.length < header.offset + header.length) return undefined;
  const end = header.offset + header.length;
  return { fin: header.fin, opcode: header.opcode, payload: bytes.subarray(header.offset, end), length: end };
}

/**
 * The header of the server frame at the start of `bytes`: `{ fin, opcode, offset, length }`
 * (offset: where the payload starts; length: the payload's), or undefined while the header is
 * incomplete. Throws WebSocketProtocolError for what a server must not send: reserved bits
 * without an extension, a masked frame, a fragmented or long control frame, a length over 2^53.
 */
export function decodeHeader(bytes) {
  if (bytes.length < 2) return undefined;
  const fin = (bytes[0] & 0x80) !== 0;
  const opcode = bytes[0] & 0x0f;
  if (bytes[0] & 0x70) throw new WebSocketProtocolError("reserved bits set without an extension");
  if (bytes[1] & 0x80) throw new WebSocketProtocolError("a masked frame from the server");
  let length = bytes[1] & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (bytes.length < 4) return undefined;
    length = bytes.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (bytes.length < 10) return undefined;
    const long = bytes.readBigUInt64BE(2);
    if (long > BigInt(Number.MAX_SAFE_INTEGER)) throw new WebSocketProtocolError("a frame length over 2^53", CLOSE_CODE.TOO_BIG);
    length = Number(long);
    offset = 10;
  }
  if (opcode >= OPCODE.CLOSE && (!fin || length > 125)) throw new WebSocketProtocolError("a control frame that is fragmented or over 125 bytes");
  return { fin, opcode, offset, length };
}

/**
 * Whether a close frame may carry `code` (RFC 6455 §7.4): 1000 – 1003 and 1007 – 1014 (IANA's
 * registry), 3000 – 4999 (libraries and applications); never 1004, 1005, 1006 or 1015.
 */
export function isSendableCloseCode(code) {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

function checkUtf8(bytes) {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new WebSocketProtocolError("a text message that is not UTF-8", CLOSE_CODE.INVALID_DATA);
  }
}
