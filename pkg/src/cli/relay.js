/**
 * @module twenty-webhooks/cli/relay
 * The edge receiver's live relay (`GET /admin/relay`, a WebSocket) kept open: each accepted
 * delivery arrives as one message `{ deliveryId, eventName, receivedAt, headers, body (base64 of
 * the exact bytes), bodyEncoding }`. A dropped connection is opened again with backoff; a refused
 * token or a receiver without the admin API ends it.
 */
import { ADMIN_TIMEOUT_MS, adminUrl, authorization, receiverFailure, receiverProblem, unreachable } from "./admin.js";
import { CLOSE_CODE, openWebSocket, UpgradeRefused, WebSocketProtocolError } from "./websocket.js";

export const RELAY_PATH = "/admin/relay";
/** The wait before reconnecting doubles from the first to the last, ± a fifth at random. */
const BACKOFF_MS = { first: 500, last: 30_000 };
/** A ping this often; a connection that sent nothing back since the previous one is dropped. */
const HEARTBEAT_MS = 30_000;
/**
 * A relay message is a body of at most 1 900 000 bytes (the receiver's ceiling for
 * MAX_BODY_BYTES) in base64, and a few headers: room enough, and a bound on what a wrong server
 * can make the listener hold.
 */
const MAX_RELAY_MESSAGE_BYTES = 4 * 1024 * 1024;
/** Refusals that reconnecting cannot fix. */
const FINAL_CODES = ["UNAUTHORIZED", "NOT_FOUND"];

/**
 * Follows the relay until `signal` aborts, then closes the connection cleanly and resolves.
 * `onMessage(data)` gets each text message's bytes; `onStatus({ state, … })` hears "connected",
 * and "disconnected" with `{ code, reason, retryInMs }` or "refused" with `{ failure, retryInMs }`.
 * Rejects with a CommandFailure when the first connection fails, or any is refused for good.
 */
export async function followRelay(target, { signal, onMessage, onStatus }) {
  const url = adminUrl(target, RELAY_PATH);
  let connectedOnce = false;
  let retries = 0;
  while (!signal.aborted) {
    let socket;
    try {
      socket = await openWebSocket(url, { headers: authorization(target), signal, timeoutMs: ADMIN_TIMEOUT_MS, maxMessageBytes: MAX_RELAY_MESSAGE_BYTES });
    } catch (error) {
      if (signal.aborted) break;
      const failure = relayFailure(target, error);
      if (!connectedOnce || FINAL_CODES.includes(failure.code)) throw failure;
      const retryInMs = backoff(retries++);
      onStatus({ state: "refused", failure, retryInMs });
      await sleep(retryInMs, signal);
      continue;
    }
    connectedOnce = true;
    retries = 0;
    onStatus({ state: "connected" });
    const { code, reason } = await session(socket, { signal, onMessage });
    if (signal.aborted) break;
    const retryInMs = backoff(retries++);
    onStatus({ state: "disconnected", code, reason, retryInMs });
    await sleep(retryInMs, signal);
  }
}

/** Resolves with the close `{ code, reason }`; closes with 1000 when `signal` aborts. */
function session(socket, { signal, onMessage }) {
  return new Promise((resolve) => {
    let heard = true;
    socket.on("message", (data, isBinary) => {
      heard = true;
      if (!isBinary) onMessage(data);
    });
    socket.on("pong", () => (heard = true));
    socket.on("ping", () => (heard = true));
    const heartbeat = setInterval(() => {
      if (!heard) return socket.terminate();
      heard = false;
      socket.ping();
    }, HEARTBEAT_MS);
    const stop = () => socket.close(CLOSE_CODE.NORMAL, "listener stopped");
    signal.addEventListener("abort", stop, { once: true });
    if (signal.aborted) stop();
    socket.on("close", (code, reason) => {
      clearInterval(heartbeat);
      signal.removeEventListener("abort", stop);
      resolve({ code, reason });
    });
  });
}

/** Why an upgrade failed, as a CommandFailure (the receiver's own error when it sent one). */
function relayFailure(target, error) {
  if (error instanceof UpgradeRefused) return receiverFailure(target, error.status, error.body);
  if (error instanceof WebSocketProtocolError) {
    return receiverProblem("NOT_A_RECEIVER", `${target.receiverUrl}${RELAY_PATH}: ${error.message}`);
  }
  return unreachable(target, error);
}

function backoff(retries) {
  const ms = Math.min(BACKOFF_MS.last, BACKOFF_MS.first * 2 ** retries);
  return Math.round(ms * (0.8 + 0.4 * Math.random()));
}

/** Waits `ms`, or less when `signal` aborts. */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * One relay message as a delivery to forward: `{ deliveryId, eventName, receivedAt, headers,
 * body }` (body: the exact bytes), or throws a TypeError saying what is wrong with it.
 */
export function parseRelayMessage(data) {
  const message = JSON.parse(data.toString("utf8"));
  const { deliveryId, eventName = null, receivedAt, headers, body, bodyEncoding } = message ?? {};
  if (typeof deliveryId !== "string") throw new TypeError("no deliveryId");
  if (bodyEncoding !== "base64" || typeof body !== "string") throw new TypeError(`a body that is not base64 (bodyEncoding ${JSON.stringify(bodyEncoding)})`);
  if (headers === null || typeof headers !== "object" || Object.values(headers).some((value) => typeof value !== "string")) throw new TypeError("headers that are not an object of strings");
  return { deliveryId, eventName, receivedAt, headers, body: Buffer.from(body, "base64") };
}
