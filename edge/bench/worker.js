// The benchmark's Worker: verifies one delivery `n` times with the package's Verifier ("wasm")
// or with WebCrypto ("subtle", HMAC key imported once) and answers how many verified. Time is
// measured by the caller: inside a Worker, Date.now() does not advance without I/O.
import { sign, Verifier } from "twenty-webhooks";

const SECRET = "a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00";
const TIMESTAMP = "1735066639761";
const encoder = new TextEncoder();
const verifier = new Verifier(SECRET);
const subtleKey = crypto.subtle.importKey("raw", encoder.encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
const deliveries = new Map();

/** One delivery of `size` bytes, as Twenty sends it (built once per size). */
function deliveryOf(size) {
  if (!deliveries.has(size)) {
    const body = encoder.encode(JSON.stringify({ pad: "x".repeat(size - 10) }));
    const headers = new Headers({ "X-Twenty-Webhook-Timestamp": TIMESTAMP, "X-Twenty-Webhook-Signature": sign(SECRET, TIMESTAMP, body) });
    deliveries.set(size, { body, headers });
  }
  return deliveries.get(size);
}

const verifiers = {
  wasm({ body, headers }) {
    return verifier.verify(headers, body, Number(TIMESTAMP)) !== undefined;
  },
  // What a WebCrypto receiver does per delivery: read the headers, decode the hex signature,
  // build `${timestamp}:${body}`, then verify.
  async subtle({ body, headers }) {
    const timestamp = headers.get("X-Twenty-Webhook-Timestamp");
    const hex = headers.get("X-Twenty-Webhook-Signature");
    const signature = new Uint8Array(32);
    for (let i = 0; i < 32; i++) signature[i] = parseInt(hex.substr(2 * i, 2), 16);
    const prefix = encoder.encode(`${timestamp}:`);
    const message = new Uint8Array(prefix.length + body.length);
    message.set(prefix);
    message.set(body, prefix.length);
    return crypto.subtle.verify("HMAC", await subtleKey, signature, message);
  },
};

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const verify = verifiers[url.searchParams.get("impl")];
    const n = Number(url.searchParams.get("n"));
    const delivery = deliveryOf(Number(url.searchParams.get("size")));
    let verified = 0;
    for (let i = 0; i < n; i++) if (await verify(delivery)) verified++;
    return Response.json({ verified });
  },
};
