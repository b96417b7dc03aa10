/**
 * @module relay/message
 * What a relay listener receives for each accepted delivery: one text message, JSON
 * `{ deliveryId, eventName, receivedAt, headers, body, bodyEncoding: "base64" }`, with Twenty's
 * headers as received and the body's exact bytes in base64 (a JSON string cannot carry
 * arbitrary bytes), so a listener can re-sign or verify exactly what Twenty sent.
 */

/**
 * One accepted delivery → its message text. `receivedAt` is in epoch milliseconds, `body` an
 * ArrayBuffer or a view of one.
 */
export function relayMessage({ deliveryId, eventName, receivedAt, headers, body }) {
  const bytes = ArrayBuffer.isView(body) ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength) : new Uint8Array(body);
  return JSON.stringify({
    deliveryId,
    eventName: eventName ?? null,
    receivedAt: new Date(receivedAt).toISOString(),
    headers,
    body: bytes.toBase64(),
    bodyEncoding: "base64",
  });
}
