/**
 * @module twenty-webhooks/cli/deliveries
 * `deliveries`: the edge receiver's delivery log through its admin API: list (newest first,
 * filtered by state or event, a page at a time), show one, replay one.
 */
import { ADMIN_OPTIONS, adminRequest, adminTarget, PAGE_OPTIONS, pageQuery, printPage, TOKEN_VARIABLE } from "./admin.js";
import { ANSWER } from "./answers.js";
import { formatBytes, formatTime, printable, printTable } from "./output.js";
import { targetUrl } from "./send.js";
import { EXIT, UsageError } from "./usage.js";

/** A delivery's states, best to worst, as the receiver reports them. */
const STATES = ["delivered", "queued", "retrying", "dead"];

/** One colour per state, for tables. */
function stateStyle(paint) {
  const colour = { delivered: paint.green, queued: paint.dim, retrying: paint.yellow, dead: paint.red };
  return (text, { state }) => (colour[state] ?? String)(text);
}

const ADMIN = Object.keys(ADMIN_OPTIONS);

export default {
  name: "deliveries",
  summary: "the edge receiver's delivery log: list, show one, replay one",
  usage: "deliveries [list | show <id> | replay <id> [--destination <url>…]] --receiver <url> [--token <token>]",
  details: [
    "list (the default): the newest first, --limit at a time; --cursor <c> for the next page (the list says it).",
    "show <id>: one delivery with its headers, its body (while the receiver keeps it) and its attempts per destination.",
    "replay <id>: sends it again, the original bytes, to all its destinations or those given with --destination.",
    `The token is the receiver's ADMIN_TOKEN secret: --token, else $${TOKEN_VARIABLE}.`,
  ],
  defaultSubcommand: "list",
  subcommands: {
    list: { positionals: [], options: [...ADMIN, "state", "event", "limit", "cursor"] },
    show: { positionals: ["<id>"], options: ADMIN },
    replay: { positionals: ["<id>"], options: [...ADMIN, "destination"] },
  },
  options: {
    ...ADMIN_OPTIONS,
    state: { type: "string", value: "<state>", description: `list: only deliveries in this state (${STATES.join(", ")})` },
    event: { type: "string", value: "<eventName>", description: "list: only this event (person.created…)" },
    ...PAGE_OPTIONS,
    destination: { type: "string", multiple: true, value: "<url>", description: "replay: only to this destination of the delivery (repeat for several)" },
  },
  examples: [
    "twenty-webhooks deliveries --receiver https://twenty-webhooks-edge.example.workers.dev --state retrying",
    "twenty-webhooks deliveries show 0b7e7c1e-… --receiver https://twenty-webhooks-edge.example.workers.dev",
    "twenty-webhooks deliveries replay 0b7e7c1e-… --receiver https://twenty-webhooks-edge.example.workers.dev",
  ],
  async run({ values, positionals: [id], subcommand }, { env, out }) {
    const target = adminTarget(values, env);
    if (subcommand === "list") return list(target, values, out);
    if (subcommand === "show") return show(target, id, out);
    return replay(target, id, values, out);
  },
};

async function list(target, values, out) {
  if (values.state !== undefined && !STATES.includes(values.state)) throw new UsageError(`--state must be one of ${STATES.join(", ")}, not "${values.state}"`);
  const query = { state: values.state, event: values.event, ...pageQuery(values) };
  const { deliveries, nextCursor } = await adminRequest(target, "GET", "/admin/deliveries", { query, answer: ANSWER.deliveries });
  return printPage(out, {
    name: "deliveries",
    noun: "deliveries",
    items: deliveries,
    nextCursor,
    cursorGiven: Boolean(values.cursor),
    columns: [
      ["RECEIVED", (d) => formatTime(d.receivedAt)],
      ["EVENT", (d) => d.eventName ?? "-"],
      ["DELIVERY ID", (d) => d.deliveryId],
      ["STATE", (d) => d.state, stateStyle(out.paint)],
      ["ATTEMPTS", (d) => d.attempts],
      ["SIZE", (d) => formatBytes(d.size)],
      ["LAST FAILURE", (d) => lastFailureOf(d)],
    ],
  });
}

/** The latest failure among a delivery's destinations, as "REASON at time". */
function lastFailureOf({ destinations = [] }) {
  const failures = destinations.map((d) => d.lastFailure).filter(Boolean);
  if (!failures.length) return "";
  const latest = failures.reduce((a, b) => (new Date(b.at) > new Date(a.at) ? b : a));
  return `${latest.reason} ${formatTime(latest.at)}`;
}

async function show(target, id, out) {
  const delivery = await adminRequest(target, "GET", `/admin/deliveries/${encodeURIComponent(id)}`, { answer: ANSWER.delivery });
  if (out.json) {
    out.document({ ok: true, delivery });
    return EXIT.OK;
  }
  const { paint, line } = out;
  line(`${paint.bold(printable(delivery.eventName ?? "(no event name)"))}  ${printable(delivery.deliveryId)}  ${stateStyle(paint)(printable(delivery.state), delivery)}`);
  line(printable(`  received  ${formatTime(delivery.receivedAt)} (${delivery.receivedAt})`));
  line(printable(`  size      ${formatBytes(delivery.size)}, ${delivery.attempts} attempt${delivery.attempts === 1 ? "" : "s"}`));
  line();
  printTable(
    out,
    [
      ["DESTINATION", (d) => d.url],
      ["STATE", (d) => d.state, stateStyle(paint)],
      ["ATTEMPTS", (d) => d.attempts],
      ["LAST FAILURE", (d) => (d.lastFailure ? `${d.lastFailure.reason} ${formatTime(d.lastFailure.at)}` : "")],
    ],
    delivery.destinations ?? [],
  );
  line();
  for (const [name, value] of Object.entries(delivery.headers ?? {})) line(`  ${paint.dim(`${printable(name)}:`)} ${printable(value)}`);
  line();
  if (delivery.bodyExpired || delivery.body === null) line(paint.yellow("  the body is no longer kept (the receiver keeps bodies LOG_RETENTION_DAYS days)"));
  else line(printable(pretty(delivery.body), { lines: true }));
  return EXIT.OK;
}

/** A JSON body indented for reading; any other text as it is. */
function pretty(body) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

async function replay(target, id, values, out) {
  // As given (checked, not normalised): the receiver matches them against the delivery's own.
  const destinations = values.destination?.map((url) => (targetUrl("destination", url), url.trim()));
  const answer = await adminRequest(target, "POST", `/admin/deliveries/${encodeURIComponent(id)}/replay`, {
    body: destinations && { destinations },
    answer: ANSWER.replay,
  });
  if (out.json) out.document({ ok: true, ...answer });
  else {
    const to = answer.destinations ?? destinations ?? [];
    out.line(`${out.paint.green("replaying")} ${printable(answer.deliveryId ?? id)} to ${to.length} destination${to.length === 1 ? "" : "s"}`);
    for (const url of to) out.line(`  ${printable(url)}`);
  }
  return EXIT.OK;
}
