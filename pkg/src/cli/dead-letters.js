/**
 * @module twenty-webhooks/cli/dead-letters
 * `dead-letters`: the deliveries the edge receiver gave up on (after MAX_ATTEMPTS), through its
 * admin API: list them, or re-drive them (all, or those named) to their failed destinations.
 */
import { ADMIN_OPTIONS, adminRequest, adminTarget, PAGE_OPTIONS, pageQuery, printPage, TOKEN_VARIABLE } from "./admin.js";
import { ANSWER } from "./answers.js";
import { formatTime, printable } from "./output.js";
import { EXIT } from "./usage.js";

const ADMIN = Object.keys(ADMIN_OPTIONS);

export default {
  name: "dead-letters",
  summary: "the deliveries the edge receiver gave up on: list, re-drive",
  usage: "dead-letters [list | redrive [<id>…]] --receiver <url> [--token <token>]",
  details: [
    "list (the default): the newest first, --limit at a time; --cursor <c> for the next page (the list says it).",
    "redrive: sends them again to the destinations that failed: the ids given, or every one without ids.",
    "A re-driven delivery leaves the list once every destination has taken it.",
    `The token is the receiver's ADMIN_TOKEN secret: --token, else $${TOKEN_VARIABLE}.`,
  ],
  defaultSubcommand: "list",
  subcommands: {
    list: { positionals: [], options: [...ADMIN, "limit", "cursor"] },
    redrive: { positionals: ["<id>…"], options: ADMIN },
  },
  options: {
    ...ADMIN_OPTIONS,
    ...PAGE_OPTIONS,
  },
  examples: [
    "twenty-webhooks dead-letters --receiver https://twenty-webhooks-edge.example.workers.dev",
    "twenty-webhooks dead-letters redrive --receiver https://twenty-webhooks-edge.example.workers.dev",
  ],
  async run({ values, positionals: ids, subcommand }, { env, out }) {
    const target = adminTarget(values, env);
    return subcommand === "list" ? list(target, values, out) : redrive(target, ids, out);
  },
};

async function list(target, values, out) {
  const { deadLetters, nextCursor } = await adminRequest(target, "GET", "/admin/dead-letters", { query: pageQuery(values), answer: ANSWER.deadLetters });
  return printPage(out, {
    name: "deadLetters",
    noun: "dead letters",
    items: deadLetters,
    nextCursor,
    cursorGiven: Boolean(values.cursor),
    columns: [
      ["DEAD SINCE", (d) => formatTime(d.deadAt)],
      ["EVENT", (d) => d.eventName ?? "-"],
      ["DELIVERY ID", (d) => d.deliveryId],
      ["ATTEMPTS", (d) => d.attempts],
      ["LAST FAILURE", (d) => d.lastFailure?.reason ?? "", (text) => out.paint.red(text)],
      ["DESTINATIONS", (d) => (d.destinations ?? []).join(" ")],
    ],
  });
}

async function redrive(target, ids, out) {
  const answer = await adminRequest(target, "POST", "/admin/dead-letters/redrive", { body: ids.length ? { ids } : undefined, answer: ANSWER.redrive });
  if (out.json) out.document({ ok: true, ...answer });
  else {
    const { paint, line } = out;
    const n = answer.redriving ?? answer.deliveryIds?.length ?? 0;
    line(`${n ? paint.green("re-driving") : paint.dim("re-driving")} ${n} dead letter${n === 1 ? "" : "s"}`);
    for (const id of answer.deliveryIds ?? []) line(`  ${printable(id)}`);
    const busy = answer.alreadyRedriving ?? [];
    if (busy.length) line(paint.yellow(`${busy.length} already being re-driven, not sent again: ${busy.map(printable).join(" ")}`));
    const expired = answer.bodyExpired ?? [];
    if (expired.length) line(paint.yellow(`${expired.length} skipped: their bodies are no longer kept (LOG_RETENTION_DAYS): ${expired.map(printable).join(" ")}`));
    // The receiver takes at most a batch per call: the rest wait for the next one.
    if (answer.remaining) line(paint.yellow(`${answer.remaining} more dead letter${answer.remaining === 1 ? "" : "s"} not re-driven yet: run dead-letters redrive again`));
  }
  return EXIT.OK;
}
