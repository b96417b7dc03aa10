/**
 * @module twenty-webhooks/cli/trigger
 * `trigger`: sends realistic deliveries exactly as Twenty would: bodies from buildPayload,
 * headers from signRequest (none of the X-Twenty-* ones without a secret, as Twenty), Twenty's
 * timeout, 20 at a time by default as Twenty sends a batch.
 */
import { signRequest } from "../node.js";
import { eventBodies } from "./events.js";
import { readJson, secretsFrom, SECRET_VARIABLE } from "./inputs.js";
import { formatMs } from "./output.js";
import { deliver, targetUrl, TWENTY_TIMEOUT_MS } from "./send.js";
import { EXIT, integerFlag, UsageError } from "./usage.js";

const TWENTY_CONCURRENCY = 20;
const MAX_COUNT = 1_000_000;
const MAX_CONCURRENCY = 1_000;

export default {
  name: "trigger",
  summary: "send realistic deliveries to a URL, exactly as Twenty would",
  usage: "trigger <eventName> --url <url> [--secret <secret>] [--record <file|->] [--count <n>] [--concurrency <n>]",
  positionals: ["<eventName>"],
  details: [
    "<eventName> is a record event <object>.<action> (person.created, company.updated, task.deleted…)",
    "or a metadata event metadata.<metadataName>.<action> (metadata.view.updated, metadata.fieldMetadata.created…).",
    `Each delivery has Twenty's body and headers and its ${TWENTY_TIMEOUT_MS / 1000} s timeout. Without a secret the deliveries`,
    "are unsigned, as Twenty sends them for a webhook without one.",
    "Exit 0 when every answer was 2xx; 1 otherwise (timeouts and unreachable URLs included).",
  ],
  options: {
    url: { type: "string", value: "<url>", description: "where to POST (http:// or https://)" },
    secret: { type: "string", value: "<secret>", description: `the webhook's secret; default $${SECRET_VARIABLE}; none: unsigned deliveries` },
    record: { type: "string", value: "<file|->", description: "the record (or metadata event) to send, as JSON; default a new realistic sample per delivery" },
    count: { type: "string", value: "<n>", description: "how many deliveries; default 1" },
    concurrency: { type: "string", value: "<n>", description: `how many in flight at once; default ${TWENTY_CONCURRENCY}, as Twenty` },
  },
  examples: [
    "twenty-webhooks trigger person.created --url http://localhost:3000/webhooks/twenty --secret \"$SECRET\"",
    "twenty-webhooks trigger company.updated --url http://localhost:3000/hook --count 200 --concurrency 20",
    "twenty-webhooks trigger metadata.view.updated --url http://localhost:3000/hook --record view-event.json",
  ],
  async run({ values, positionals: [eventName] }, { env, stdin, out }) {
    if (values.url === undefined) throw new UsageError("--url <url> is required: where to send the deliveries");
    const url = targetUrl("url", values.url);
    const [secret = ""] = secretsFrom(values, env);
    const count = values.count === undefined ? 1 : integerFlag("count", values.count, { min: 1, max: MAX_COUNT });
    const concurrency = values.concurrency === undefined ? TWENTY_CONCURRENCY : integerFlag("concurrency", values.concurrency, { min: 1, max: MAX_CONCURRENCY });
    const given = values.record === undefined ? undefined : await readJson("record", values.record, stdin);
    const nextBody = eventBodies(eventName, { targetUrl: url.href, given });

    const signed = secret !== "";
    signRequest({ secret, body: "" }); // a secret the package refuses fails here, before anything is sent
    if (!out.json) {
      out.line(`${out.paint.bold(`${count} × ${eventName}`)} → ${url.href}`);
      if (!signed) out.line(out.paint.yellow(`unsigned: no --secret and no ${SECRET_VARIABLE}, so no X-Twenty-Webhook-* headers (as Twenty sends for a webhook without a secret)`));
    }
    const progress = progressLine(out, count);
    const deliveries = [];
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const index = ++next;
        const result = await deliver(url, signRequest({ secret, body: nextBody() }));
        deliveries.push({ index, ...result });
        progress.clear();
        if (!out.json) out.line(deliveryLine(out.paint, index, count, result));
        progress.show(deliveries);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
    progress.clear();

    const summary = summarise(deliveries, performance.now() - started);
    if (out.json) {
      deliveries.sort((a, b) => a.index - b.index);
      out.document({ ok: summary.failed === 0, eventName, url: url.href, signed, count, concurrency, summary, deliveries: deliveries.map(rounded) });
    } else {
      out.line(summaryLine(out.paint, summary));
    }
    return summary.failed === 0 ? EXIT.OK : EXIT.FAILED;
  },
};

function deliveryLine(paint, index, count, { ok, status, error, latencyMs }) {
  const number = `#${index}`.padStart(String(count).length + 1);
  const outcome = status === undefined ? paint.red(error) : ok ? paint.green(status) : paint.red(status);
  return `  ${number}  ${outcome}  ${paint.dim(formatMs(latencyMs))}`;
}

/** A line kept at the bottom of a terminal while many deliveries run; nothing elsewhere. */
function progressLine(out, count) {
  if (out.json || count === 1 || !out.stdout.isTTY) return { show() {}, clear() {} };
  return {
    show(deliveries) {
      const failed = deliveries.filter((d) => !d.ok).length;
      out.stdout.write(out.paint.dim(`  ${deliveries.length}/${count} done, ${deliveries.length - failed} × 2xx, ${failed} failed`));
    },
    clear() {
      out.stdout.write("\r\x1b[2K");
    },
  };
}

function summarise(deliveries, elapsedMs) {
  const latencies = deliveries.map((d) => d.latencyMs).sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)];
  const statuses = {};
  for (const d of deliveries) {
    const key = d.status ?? "no answer";
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  const failed = deliveries.filter((d) => !d.ok).length;
  return {
    sent: deliveries.length,
    succeeded: deliveries.length - failed,
    failed,
    statuses,
    elapsedMs: Math.round(elapsedMs),
    latencyMs: { min: round(latencies[0]), median: round(at(0.5)), p95: round(at(0.95)), max: round(latencies.at(-1)) },
  };
}

function summaryLine(paint, { sent, succeeded, failed, statuses, elapsedMs, latencyMs }) {
  const verdict = failed === 0 ? paint.green(`all ${sent} answered 2xx`) : paint.red(`${failed} of ${sent} failed`);
  const byStatus = Object.entries(statuses).map(([status, n]) => `${n} × ${status}`).join(", ");
  const latency = sent > 1 ? `latency median ${formatMs(latencyMs.median)}, p95 ${formatMs(latencyMs.p95)}, max ${formatMs(latencyMs.max)}` : `latency ${formatMs(latencyMs.max)}`;
  return `${verdict} (${byStatus}) in ${formatMs(elapsedMs)}; ${latency}${succeeded && failed ? `; ${succeeded} succeeded` : ""}`;
}

function rounded({ latencyMs, ...rest }) {
  return { ...rest, latencyMs: round(latencyMs) };
}

function round(ms) {
  return Math.round(ms * 10) / 10;
}
