// What the test apps and the driver agree on. Plain data, so every runtime can import it.

/** The app accepts either (a rotation); deliveries are signed with one of them. */
export const SECRETS = ["adapters-matrix-secret-new", "adapters-matrix-secret-old"];
export const PATH = "/webhooks/twenty";
/** Small, so that an oversized delivery is cheap to send. */
export const MAX_BODY_BYTES = 16 * 1024;
export const RESPOND_WITHIN_MS = 300;
/** How long the slow handler takes: well past RESPOND_WITHIN_MS. */
export const SLOW_HANDLER_MS = 1500;
/** Events with a handler of their own that is slow or throws. */
export const SLOW_EVENT = "slowThing.created";
export const THROWING_EVENT = "throwingThing.created";
/** What the throwing handler throws; it must never reach the sender. */
export const HANDLER_SECRET_DETAIL = "internal detail 7f3a";
/** GET here answers the handler calls recorded so far. */
export const CALLS_PATH = "/test/calls";
