/**
 * Placeholder until the relay lands (issue 10, owner: the admin helper, who replaces this file):
 * the receiver calls `publishAccepted(env, entries)` for every freshly accepted delivery, each
 * entry `{ deliveryId, eventName, receivedAt, headers, body }` (body: an ArrayBuffer of the exact
 * bytes). It must never throw and never wait on a listener. Here it does nothing.
 */
export async function publishAccepted(_env, _entries) {}
