/**
 * @module twenty-webhooks/cli/listen
 * `listen`: follows the edge receiver's live relay and forwards each accepted delivery to a
 * local URL as it arrives: the exact bytes with Twenty's headers as received, or signed again
 * with another secret (`--resign`). One line per delivery; Ctrl-C stops cleanly (exit 0).
 */
import { signRequest, TWENTY_HEADERS } from "../node.js";
import { ADMIN_OPTIONS, adminTarget, TOKEN_VARIABLE } from "./admin.js";
import { formatMs } from "./output.js";
import { followRelay, parseRelayMessage, RELAY_PATH } from "./relay.js";
import { deliver, targetUrl } from "./send.js";
import { EXIT, UsageError } from "./usage.js";

/**
 * The headers a relay message carries, as the receiver keeps them (edge/src/envelope.js): the
 * only ones forwarded, so that no other (Host, Content-Length…) can reach the local request.
 */
const RELAYED_HEADERS = new Set(["content-type", ...[TWENTY_HEADERS.signature, TWENTY_HEADERS.timestamp, TWENTY_HEADERS.nonce].map((name) => name.toLowerCase())]);
const SIGNATURE_HEADERS = new Set([TWENTY_HEADERS.signature, TWENTY_HEADERS.timestamp, TWENTY_HEADERS.nonce].map((name) => name.toLowerCase()));
const STOP_SIGNALS = ["SIGINT", "SIGTERM"];

export default {
  name: "listen",
  summary: "forward the edge receiver's deliveries to a local URL as they arrive",
  usage: "listen --receiver <url> [--token <token>] --forward-to <url> [--resign <secret>]",
  details: [
    `Follows the receiver's live relay (${RELAY_PATH}) and POSTs each delivery it accepts to --forward-to: the`,
    "exact bytes with Twenty's headers as received (they verify with the webhook's secret), or signed again",
    "with --resign <secret> (for a local app that has its own). One line per delivery: time, event, delivery id,",
    "the local answer and its latency. Reconnects with backoff when the connection drops; Ctrl-C stops (exit 0).",
    `The token is the receiver's ADMIN_TOKEN secret: --token, else $${TOKEN_VARIABLE}.`,
    "With --json, one document when it stops; the connection's notes go to stderr.",
  ],
  options: {
    ...ADMIN_OPTIONS,
    "forward-to": { type: "string", value: "<url>", description: "where to POST each delivery (http:// or https://)" },
    resign: { type: "string", value: "<secret>", description: "sign each delivery again with this secret instead of keeping Twenty's headers" },
  },
  examples: [
    "twenty-webhooks listen --receiver https://twenty-webhooks-edge.example.workers.dev --forward-to http://localhost:3000/webhooks/twenty",
    "twenty-webhooks listen --receiver https://twenty-webhooks-edge.example.workers.dev --forward-to http://localhost:3000/hook --resign \"$LOCAL_SECRET\"",
  ],
  async run({ values }, { env, stderr, signals, out }) {
    const target = adminTarget(values, env);
    if (values["forward-to"] === undefined) throw new UsageError("--forward-to <url> is required: where to send each delivery");
    const forwardTo = targetUrl("forward-to", values["forward-to"]);
    const resign = values.resign;
    if (resign === "") throw new UsageError("--resign needs a secret; leave it out to keep Twenty's headers");
    if (resign !== undefined) signRequest({ secret: resign, body: "" }); // a secret the package refuses fails here, before connecting

    const note = out.json ? (text) => stderr.write(`${text}\n`) : (text) => out.line(out.paint.dim(text));
    const stopping = new AbortController();
    const stop = () => stopping.abort();
    for (const name of STOP_SIGNALS) signals.on(name, stop);
    const results = [];
    const inFlight = new Set();
    let skipped = 0;

    const forward = async (message) => {
      const { deliveryId, eventName, receivedAt, headers, body } = message;
      const own = relayedHeaders(headers);
      const sent = resign === undefined ? own : { ...withoutSignature(own), ...signRequest({ secret: resign, body }).headers };
      const result = await deliver(forwardTo, { body, headers: sent });
      results.push({ deliveryId, eventName, receivedAt, ...result, latencyMs: Math.round(result.latencyMs * 10) / 10 });
      if (!out.json) out.line(deliveryLine(out.paint, message, result));
    };
    const onMessage = (data) => {
      let message;
      try {
        message = parseRelayMessage(data);
      } catch (error) {
        skipped++;
        note(`skipped a relay message that is not a delivery: ${error.message}`);
        return;
      }
      const task = forward(message).finally(() => inFlight.delete(task));
      inFlight.add(task);
    };
    let connections = 0;
    const onStatus = (status) => {
      if (status.state === "connected") note(connections++ ? "reconnected" : `listening: ${target.receiverUrl} → ${forwardTo.href}${resign === undefined ? "" : " (re-signed)"}; Ctrl-C stops`);
      else if (status.state === "disconnected") note(`connection lost (${status.code}${status.reason ? ` ${status.reason}` : ""}); reconnecting in ${formatMs(status.retryInMs)}`);
      else note(`cannot reconnect: ${status.failure.code}: ${status.failure.message}; again in ${formatMs(status.retryInMs)}`);
    };

    try {
      await followRelay(target, { signal: stopping.signal, onMessage, onStatus });
    } finally {
      for (const name of STOP_SIGNALS) signals.off(name, stop);
      await Promise.allSettled(inFlight);
    }
    const failed = results.filter((r) => !r.ok).length;
    const summary = { forwarded: results.length, succeeded: results.length - failed, failed, skipped };
    if (out.json) out.document({ ok: true, receiver: target.receiverUrl, forwardTo: forwardTo.href, resigned: resign !== undefined, summary, deliveries: results });
    else note(`stopped: ${summary.forwarded} forwarded, ${summary.succeeded} answered 2xx${failed ? `, ${failed} failed` : ""}${skipped ? `, ${skipped} skipped` : ""}`);
    return EXIT.OK;
  },
};

/** The delivery's own headers from the relay message; any other a relay message names is dropped. */
function relayedHeaders(headers) {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => RELAYED_HEADERS.has(name.toLowerCase())));
}

function withoutSignature(headers) {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !SIGNATURE_HEADERS.has(name.toLowerCase())));
}

function deliveryLine(paint, { deliveryId, eventName }, { ok, status, error, latencyMs }) {
  const time = new Date().toTimeString().slice(0, 8);
  const outcome = status === undefined ? paint.red(error) : ok ? paint.green(status) : paint.red(status);
  return `${paint.dim(time)}  ${paint.bold((eventName ?? "-").padEnd(24))}  ${deliveryId}  → ${outcome}  ${paint.dim(formatMs(latencyMs))}`;
}
