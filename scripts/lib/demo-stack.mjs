/**
 * The demo stack, as `npm start` runs it and the page's tests use it: a loopback sink ← the
 * edge receiver (the Worker in local workerd) ← the demo page, which is configured with a
 * webhook pointing at the receiver. The receiver must allow the page's origin (CORS), so the
 * page's port is settled first. The receiver's admin API is on, with a random ADMIN_TOKEN: the
 * page's configuration names the receiver (the Deliveries view connects to it) but never holds
 * the token, which the user pastes.
 */
import { createServer } from "node:net";
import { generateSecret } from "../../pkg/src/node.js";
import { startEdge } from "../../edge/dev.mjs";
import { startSink } from "../../edge/sink.mjs";
import { startSite } from "../../www/serve.mjs";

/**
 * Starts the three, each on 127.0.0.1 (port 0 picks a free one), and resolves to
 * `{ site, edge, sink, secret, forwardSecret, adminToken, targetUrl, stop() }`.
 */
export async function startDemoStack({ pagePort = 0, receiverPort = 0, sinkPort = 0, secret = generateSecret(), forwardSecret = generateSecret(), adminToken = generateSecret() } = {}) {
  const started = [];
  const stop = async () => {
    await Promise.allSettled(started.reverse().map((service) => service.stop()));
  };
  try {
    const sitePort = pagePort || (await freePort());
    const sink = await startSink({ port: sinkPort, forwardSecret });
    started.push(sink);
    const origins = [`http://127.0.0.1:${sitePort}`, `http://localhost:${sitePort}`];
    const edge = await startEdge({ port: receiverPort, sinkUrl: sink.url, secrets: [secret], forwardSecret, corsOrigins: origins, vars: { ADMIN_TOKEN: adminToken } });
    started.push(edge);
    const targetUrl = `${edge.url}/webhooks/twenty`;
    const site = await startSite({ port: sitePort, config: { receiverUrl: edge.url, sinkUrl: sink.url, webhook: { targetUrl, secret } } });
    started.push(site);
    return { site, edge, sink, secret, forwardSecret, adminToken, targetUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A port free on 127.0.0.1 right now, for a service that must know its URL before it starts. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
