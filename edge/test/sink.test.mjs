// The demo sink (edge/sink.mjs, Node): only this machine's names are answered, and only pages
// served from this machine may read the deliveries it recorded, as www/serve.mjs does.
import assert from "node:assert/strict";
import { request } from "node:http";
import { test } from "node:test";
import { startStoppedAfter } from "./lib/harness.mjs";

const sink = await startStoppedAfter({});
const { port } = new URL(sink.url);

/** A raw request, so that Host can be anything: `{ status, headers, text }`. */
function send({ method = "GET", path = "/deliveries", headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

test("GET /deliveries: a page served from this machine may read it (CORS for its origin only)", async () => {
  for (const origin of ["http://127.0.0.1:8080", "http://localhost:5173", "http://[::1]:8080"]) {
    const answer = await send({ headers: { Origin: origin } });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers["access-control-allow-origin"], origin, origin);
    assert.equal(answer.headers.vary, "Origin");
    assert.ok(Array.isArray(JSON.parse(answer.text)));
  }
});

test("GET /deliveries: any other origin gets no CORS header, so a browser hides the answer", async () => {
  for (const origin of ["https://evil.example", "http://127.0.0.1.evil.example", "http://localhost.evil.example:8080", "null"]) {
    const answer = await send({ headers: { Origin: origin } });
    assert.equal(answer.headers["access-control-allow-origin"], undefined, origin);
  }
});

test("a Host that is not this machine's name is refused with 421 (DNS rebinding), whatever the method", async () => {
  for (const host of ["evil.example", "evil.example:8790", "127.0.0.1.evil.example", "localhost.evil.example"]) {
    for (const method of ["GET", "POST"]) {
      const answer = await send({ method, headers: { Host: host, Origin: "http://127.0.0.1:8080" }, body: method === "POST" ? "{}" : undefined });
      assert.equal(answer.status, 421, `${method} Host: ${host}`);
      assert.equal(answer.headers["access-control-allow-origin"], undefined);
    }
  }
  assert.equal(sink.deliveries.length, 0, "nothing refused is recorded");
  assert.equal((await send({ method: "POST", headers: { Host: `localhost:${port}` }, body: "{}" })).status, 200, "localhost is this machine");
  assert.equal(sink.deliveries.length, 1);
});
