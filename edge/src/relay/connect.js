/**
 * @module relay/connect
 * The Worker's side of the relay: which Durable Object holds the listeners (one, by name: a
 * relay is for watching one receiver, with few listeners), and handing it an authorized upgrade.
 */
const RELAY_NAME = "relay";

/** Set on the upgrade handed to the relay: RELAY_MAX_LISTENERS. */
export const MAX_LISTENERS_HEADER = "X-Relay-Max-Listeners";

/** The relay's Durable Object stub. */
export function relayFor(env) {
  return env.RELAY.get(env.RELAY.idFromName(RELAY_NAME));
}

/** Hands a WebSocket upgrade (already authorized) to the relay; resolves to its 101 or 429. */
export function connectListener(env, maxListeners) {
  return relayFor(env).fetch("https://relay/listen", { headers: { Upgrade: "websocket", [MAX_LISTENERS_HEADER]: String(maxListeners) } });
}
