// Bodies over MAX_BODY_BYTES: 413 with and without Content-Length, the latter counted while the
// body streams in, and the receiver still works afterwards.
import assert from "node:assert/strict";
import { request } from "node:http";
import { test } from "node:test";
import { signRequest } from "twenty-webhooks";
import { delivery, post, startPair, successesById, waitFor } from "./lib/harness.mjs";

const MAX_BODY_BYTES = 200_000;
const { sink, edge, secrets } = await startPair({ vars: { MAX_BODY_BYTES: String(MAX_BODY_BYTES) } });

/** POSTs `size` bytes of chunked body (no Content-Length) and then nothing: the request never ends. */
function neverEndingUpload(size) {
  return new Promise((resolve, reject) => {
    const url = new URL(`${edge.url}/webhooks/twenty`);
    const headers = { ...signRequest({ secret: secrets[0], body: "{}" }).headers, "Transfer-Encoding": "chunked" };
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => {
        resolve({ status: res.statusCode, text });
        req.destroy();
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    let sent = 0;
    (function write() {
      if (sent > size) return;
      sent += chunk.length;
      req.write(chunk, () => setTimeout(write, 1));
    })();
  });
}

test("a body of exactly MAX_BODY_BYTES is accepted", async () => {
  const base = delivery({ secret: secrets[0], object: "note" });
  const body = base.body.replace(/}$/, `,"pad":"${"x".repeat(MAX_BODY_BYTES - Buffer.byteLength(base.body) - 9)}"}`);
  assert.equal(Buffer.byteLength(body), MAX_BODY_BYTES);
  const answer = await post(edge, { body, headers: signRequest({ secret: secrets[0], body }).headers });
  assert.equal(answer.status, 202, answer.text);
  await waitFor("the delivery at the sink", () => successesById(sink).has(answer.json.deliveryId));
});

test("413 PAYLOAD_TOO_LARGE with Content-Length, one byte over", async () => {
  const body = JSON.stringify({ pad: "x".repeat(MAX_BODY_BYTES - 9) });
  assert.equal(Buffer.byteLength(body), MAX_BODY_BYTES + 1);
  const answer = await post(edge, { body, headers: signRequest({ secret: secrets[0], body }).headers });
  assert.equal(answer.status, 413, answer.text);
  assert.equal(answer.json.error.code, "PAYLOAD_TOO_LARGE");
});

test("413 PAYLOAD_TOO_LARGE without Content-Length, counted while streaming: answered although the body never ends", async () => {
  const answer = await neverEndingUpload(MAX_BODY_BYTES);
  assert.equal(answer.status, 413, answer.text);
  assert.equal(JSON.parse(answer.text).error.code, "PAYLOAD_TOO_LARGE");
});

test("afterwards the receiver still accepts and delivers", async () => {
  const answer = await post(edge, delivery({ secret: secrets[1], object: "person", action: "updated", seed: 2 }));
  assert.equal(answer.status, 202, answer.text);
  await waitFor("the delivery at the sink", () => successesById(sink).has(answer.json.deliveryId));
});
