/**
 * A loopback destination for the edge receiver's tests and the demo: it records every POST
 * (delivery id, headers, raw body bytes, whether the hop verifies with FORWARD_SECRET both ways:
 * `verifyForwarded`, which covers the delivery id, and Twenty-style `verify`)
 * and can misbehave on purpose. `GET /deliveries` lists the records as JSON for the demo page.
 * It answers only requests addressed to this machine by name (Host 127.0.0.1, localhost or
 * [::1]), and lets only pages served from this machine read it (CORS), as www/serve.mjs does:
 * a page elsewhere, even one that re-points its own name at 127.0.0.1 (DNS rebinding), cannot
 * read the deliveries.
 *
 * @example
 * const sink = await startSink({ forwardSecret: "hop-secret", failFirst: 2 });
 * // ... point the receiver's FORWARD_URL at sink.url ...
 * console.log(sink.deliveries.length);
 * await sink.stop();
 */
import { createServer } from "node:http";
import { FORWARDED_HEADERS, verify, verifyForwarded } from "twenty-webhooks";

const DELIVERY_ID_HEADER = FORWARDED_HEADERS.deliveryId.toLowerCase();
/** Names of this machine, with any port: the only Host values answered. */
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;
/** Origins of pages served from this machine: the only ones allowed to read `GET /deliveries`. */
const LOOPBACK_ORIGIN = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/**
 * Starts the sink on 127.0.0.1. Faults apply per delivery id, to its first attempts:
 * - `failFirst`: how many attempts are answered 500 (`Infinity`: every one);
 * - `hang`: `true` leaves every attempt unanswered, a number only the first that many.
 * With `forwardSecret`, an attempt whose hop signature does not verify is answered 401.
 * Resolves to `{ url, deliveries, stop() }`; `deliveries` grows as attempts arrive, each
 * `{ deliveryId, path, status, verified, error, headers, body, receivedAt }` (`body` a Buffer,
 * `status` the answer, or "hung").
 */
export async function startSink({ port = 0, forwardSecret, failFirst = 0, hang = false } = {}) {
  const deliveries = [];
  const attemptsById = new Map();
  const hangFirst = hang === true ? Infinity : Number(hang) || 0;

  const server = createServer(async (req, res) => {
    if (!LOOPBACK_HOST.test(req.headers.host ?? "")) {
      res.writeHead(421, { "Content-Type": "text/plain" }).end("Misdirected request");
      return;
    }
    if (req.method === "GET" && req.url === "/deliveries") {
      const origin = req.headers.origin ?? "";
      const cors = LOOPBACK_ORIGIN.test(origin) ? { "Access-Control-Allow-Origin": origin } : {};
      res.writeHead(200, { "Content-Type": "application/json", Vary: "Origin", ...cors });
      res.end(JSON.stringify(deliveries.map(({ body, ...record }) => ({ ...record, body: body.toString("utf8") }))));
      return;
    }
    if (req.method !== "POST") {
      res.writeHead(405, { Allow: "GET, POST" }).end();
      return;
    }
    const body = await readBody(req).catch(() => null);
    if (body === null) {
      res.writeHead(413).end();
      return;
    }
    const deliveryId = req.headers[DELIVERY_ID_HEADER] ?? null;
    const attempt = (attemptsById.get(deliveryId) ?? 0) + 1;
    attemptsById.set(deliveryId, attempt);
    const { verified, error } = checkHop(forwardSecret, req.headers, body);
    const status = attempt <= hangFirst ? "hung" : attempt <= failFirst ? 500 : verified === false ? 401 : 200;
    deliveries.push({ deliveryId, path: req.url, status, verified, error, headers: req.headers, body, receivedAt: Date.now() });
    if (status === "hung") return; // the socket stays open until the caller gives up or stop()
    res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify({ ok: status === 200 }));
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const url = `http://127.0.0.1:${server.address().port}`;

  async function stop() {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  return { url, deliveries, stop };
}

/**
 * Whether the hop verifies (null when no forwardSecret was given): its Standard Webhooks
 * signature, id included, and its Twenty-style headers; `error` says which failed and how.
 */
function checkHop(forwardSecret, headers, body) {
  if (forwardSecret === undefined) return { verified: null, error: null };
  for (const [scheme, check] of [["verifyForwarded", verifyForwarded], ["verify", verify]]) {
    try {
      check({ secret: forwardSecret, headers, body });
    } catch (error) {
      return { verified: false, error: `${scheme}: ${error.code ?? String(error)}` };
    }
  }
  return { verified: true, error: null };
}

/** Far more than the receiver ever forwards (its MAX_BODY_BYTES is at most 1.9 MB). */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error("body too large for the sink");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
