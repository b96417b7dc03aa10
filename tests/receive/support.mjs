// Shared by the receive tests: the package as users import it (the `node` entry and the two
// adapter subpaths, by file), deliveries signed with node:crypto (not with our code), and a
// real node:http server on an ephemeral loopback port.
import { createHmac } from "node:crypto";
import { createServer, request } from "node:http";

export * as twenty from "../../pkg/src/node.js";
export * as fetchAdapter from "../../pkg/src/fetch.js";
export * as nodeAdapter from "../../pkg/src/node-middleware.js";

export const SECRET = "a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00";

let sequence = 0;

/** A record event's body, as Twenty serialises it (distinct each call, so signatures differ). */
export function recordBody(eventName, record = {}) {
  sequence += 1;
  const [object] = eventName.split(".");
  return JSON.stringify({
    targetUrl: "https://example.com/webhooks/twenty",
    eventName,
    objectMetadata: { id: "370985db-22d8-4463-8e5f-2271d30913bd", nameSingular: object },
    workspaceId: "872cfcf1-c79f-42bc-877d-5829f06eb3f9",
    webhookId: "90056586-1228-4e03-a507-70140aa85c05",
    eventDate: new Date().toISOString(),
    record: { id: `00000000-0000-4000-8000-${String(sequence).padStart(12, "0")}`, ...record },
  });
}

/** A metadata event's body (keys in Twenty's order: no objectMetadata, record or updatedFields). */
export function metadataBody(eventName) {
  sequence += 1;
  const [, metadataName, type] = eventName.split(".");
  return JSON.stringify({
    targetUrl: "https://example.com/webhooks/twenty",
    eventName,
    workspaceId: "872cfcf1-c79f-42bc-877d-5829f06eb3f9",
    webhookId: "90056586-1228-4e03-a507-70140aa85c05",
    eventDate: new Date().toISOString(),
    event: { metadataName, recordId: `10000000-0000-4000-8000-${String(sequence).padStart(12, "0")}`, properties: { after: { name: "tier" } }, type },
  });
}

/** Twenty's headers for `body`, signed with node:crypto. */
export function signedHeaders(body, { secret = SECRET, timestamp = Date.now() } = {}) {
  return {
    "content-type": "application/json",
    "x-twenty-webhook-timestamp": String(timestamp),
    "x-twenty-webhook-signature": createHmac("sha256", secret).update(`${timestamp}:`).update(body).digest("hex"),
    "x-twenty-webhook-nonce": "00112233445566778899aabbccddeeff",
  };
}

/** Runs `listener` on a loopback port until `close()`. */
export async function serve(listener) {
  const server = createServer(listener);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

/**
 * One request with node:http. `body` is written in one piece, or, as an iterable of pieces, without
 * Content-Length (chunked), from any iterable. Resolves to `{ status, headers, text, json }`; a connection the
 * server closed while we were still sending is fine once its answer has arrived.
 */
export function send(url, { method = "POST", path = "/webhooks/twenty", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const chunked = body != null && typeof body !== "string" && !(body instanceof Uint8Array);
    const outgoing = { ...headers };
    if (!chunked && body !== undefined) outgoing["content-length"] = Buffer.byteLength(body);
    const req = request(`${url}${path}`, { method, headers: outgoing, agent: false }, (res) => {
      const parts = [];
      res.on("data", (part) => parts.push(part));
      res.on("end", () => {
        const text = Buffer.concat(parts).toString("utf8");
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
      res.on("error", reject);
    });
    req.on("error", (error) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error)));
    if (chunked) {
      (async () => {
        for (const piece of body) {
          if (req.destroyed) return;
          if (!req.write(piece)) await drained(req);
        }
        req.end();
      })().catch(() => {});
    } else {
      req.end(body);
    }
  });
}

function drained(req) {
  return new Promise((resolve) => {
    const done = () => {
      req.off("drain", done);
      req.off("close", done);
      resolve();
    };
    req.on("drain", done);
    req.on("close", done);
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `predicate()` holds; rejects after `timeoutMs` (a slow machine waits, a broken test fails). */
export async function waitFor(predicate, timeoutMs = 5_000) {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`waited ${timeoutMs} ms in vain`);
    await sleep(10);
  }
}
