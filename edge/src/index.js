/**
 * The edge receiver: a Cloudflare Worker that verifies every Twenty delivery before anything is
 * forwarded and loses none it accepted. HTTP in app.js, the queue consumer in consumer.js, the
 * replay guard in ledger.js, the delivery log's retention in delivery-log/cleanup.js (also run by the
 * hourly cron trigger), the admin API in admin/, the live relay in relay/.
 */
import { app } from "./app.js";
import { consume } from "./consumer.js";
import { cleanUpOnSchedule } from "./delivery-log/cleanup.js";

export { DeliveryLedger } from "./ledger.js";
export { DeliveryRelay } from "./relay/relay.js";

export default {
  fetch: app.fetch,
  queue: consume,
  scheduled: (controller, env) => cleanUpOnSchedule(env.LOG),
};
