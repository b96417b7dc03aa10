/**
 * @module views/check/verdict
 * The verdict on a pasted delivery: what `verify` says (with its error code and hint), then
 * each `diagnose` finding in plain words.
 */
import { TwentyWebhooksError, diagnose, verify } from "twenty-webhooks";
import { h } from "../../ui/dom.js";
import { icon } from "../../ui/icons.js";

const encoder = new TextEncoder();

/** `delivery`: `{ headers: [[name, value]], body, notes, secret }`. */
export function verdictView({ headers, body, notes, secret }) {
  const read = h("p", { class: "field-hint" }, `Read ${headers.length} header${headers.length === 1 ? "" : "s"} and a ${encoder.encode(body).length}-byte body.`, notes.map((note) => ` ${note}`));
  return h("div", { class: "section" }, read, verdict(headers, body, secret), findingsView(headers, body, secret));
}

function verdict(headers, body, secret) {
  try {
    const delivery = verify({ secret, headers, body });
    return h(
      "div",
      { class: "notice success", "data-testid": "verdict" },
      icon("check"),
      h(
        "div",
        {},
        h("p", {}, h("strong", {}, "Genuine: "), "the signature matches this secret and the timestamp is fresh."),
        h("p", {}, `Signed at ${new Date(delivery.timestamp).toISOString()}${eventNameOf(delivery) ? ` · ${eventNameOf(delivery)}` : ""}.`),
      ),
    );
  } catch (error) {
    if (!(error instanceof TwentyWebhooksError)) throw error;
    return h(
      "div",
      { class: "notice error", "data-testid": "verdict" },
      icon("x"),
      h("div", {}, h("p", {}, h("strong", {}, "Not verified "), h("span", { class: "badge fail" }, error.code)), h("p", {}, error.message), error.hint ? h("p", {}, "How to fix: ", error.hint) : null),
    );
  }
}

function eventNameOf(delivery) {
  try {
    return delivery.payload?.eventName;
  } catch {
    return null; // verified bytes that are not JSON: the verdict still stands
  }
}

function findingsView(headers, body, secret) {
  let findings;
  try {
    findings = diagnose({ secret, headers, body });
  } catch (error) {
    if (!(error instanceof TwentyWebhooksError)) throw error;
    return h("p", { class: "notice error" }, icon("alert"), h("span", {}, `Could not diagnose: ${error.message}`));
  }
  if (findings.length === 0) return h("p", { class: "field-hint" }, "No problem found.");
  return h(
    "div",
    { class: "section" },
    h("h3", { class: "label" }, "What we found"),
    h(
      "ul",
      { class: "findings" },
      findings.map(({ code, severity, message, hint }) =>
        h(
          "li",
          { class: `finding ${severity}`, "data-code": code },
          h("div", { class: "finding-head" }, h("span", {}, message), h("span", { class: `badge ${severity === "error" ? "fail" : "warn"}` }, code)),
          h("p", { class: "finding-hint" }, "How to fix: ", hint),
        ),
      ),
    ),
  );
}
