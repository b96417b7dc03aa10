/**
 * @module relay/relay
 * The live relay: one Durable Object (by name, see connect.js) holding every listener's
 * WebSocket through the Hibernation API, so it costs nothing while idle and a listener survives
 * the object's eviction. Listeners only listen; what they send is ignored. `publish` hands each
 * message to every listener without waiting for any (a send only buffers), so a slow or gone
 * listener cannot hold up the deliveries being published.
 */
import { DurableObject } from "cloudflare:workers";
import { failure } from "../errors.js";
import { describe, logError } from "../log.js";
import { MAX_LISTENERS_HEADER } from "./connect.js";
import { relayMessage } from "./message.js";

export class DeliveryRelay extends DurableObject {
  /** A WebSocket upgrade: a new listener, or 429 RELAY_FULL when there are enough already. */
  async fetch(request) {
    const maxListeners = Number(request.headers.get(MAX_LISTENERS_HEADER));
    if (this.ctx.getWebSockets().length >= maxListeners) {
      const { status, body } = failure("RELAY_FULL");
      return Response.json(body, { status });
    }
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Sends each accepted delivery (`entries`, see message.js) to every listener. */
  async publish(entries) {
    const listeners = this.ctx.getWebSockets();
    if (listeners.length === 0) return;
    const messages = entries.map(relayMessage);
    for (const listener of listeners) {
      try {
        for (const message of messages) listener.send(message);
      } catch (error) {
        // A listener whose connection is going away; the others still get every message.
        logError("relay_send_failed", { error: describe(error) });
      }
    }
  }

  /** Listeners only listen. */
  webSocketMessage() {}

  /** Answers a listener's close at once (a hibernated socket is not answered by the runtime). */
  webSocketClose(listener, code) {
    listener.close(code === 1005 || code === 1006 ? 1000 : code, "");
  }
}
