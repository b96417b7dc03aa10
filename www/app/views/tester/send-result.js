/**
 * @module views/tester/send-result
 * What came back from a Send, read as Twenty would read it: any 2xx is a success; anything
 * else, a timeout or a network failure is a failure that is not retried.
 */
import { h } from "../../ui/dom.js";
import { icon } from "../../ui/icons.js";
import { codePanel } from "../../ui/code-panel.js";
import { TWENTY_TIMEOUT_MS } from "../../delivery/send.js";

export function sendResult(outcome) {
  if (outcome.kind === "timeout") {
    return notice("error", `No answer within ${TWENTY_TIMEOUT_MS / 1000} s`, [
      "Twenty gives up after 5 seconds, records a failed delivery and does not retry. Answer fast (a 2xx first, the work after).",
    ]);
  }
  if (outcome.kind === "blocked") {
    return h(
      "div",
      { class: "section" },
      notice("error", "The request did not get through", ["The browser does not tell the page why a request fails. Most likely:"], outcome.causes),
      h("p", { class: "field-hint" }, "The curl command above sends the same bytes without a browser's restrictions."),
    );
  }
  const receiverError = errorCodeIn(outcome.bodyText);
  return h(
    "div",
    { class: "section" },
    h(
      "p",
      { class: "result-head" },
      h("span", { class: `badge ${outcome.ok ? "ok" : "fail"}`, "data-testid": "send-status" }, `${outcome.status} ${outcome.statusText}`.trim()),
      h("span", { class: "field-hint" }, `in ${outcome.latencyMs} ms`),
    ),
    outcome.ok
      ? notice("success", "Accepted", ["Twenty counts any 2xx answer as a successful delivery; it ignores the answer's body."])
      : notice("error", "Refused", [
          receiverError ? `The receiver says ${receiverError.code}${receiverError.message ? `: ${receiverError.message}` : ""}` : "The endpoint did not answer with a 2xx.",
          "Twenty records this as a failed delivery and does not retry it.",
        ]),
    outcome.bodyText ? codePanel({ label: "Response body", text: outcome.bodyText, testId: "response-body" }) : null,
  );
}

function notice(kind, title, paragraphs, items = []) {
  return h(
    "div",
    { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status" },
    icon(kind === "success" ? "check" : "alert"),
    h("div", {}, h("p", {}, h("strong", {}, title)), paragraphs.map((text) => h("p", {}, text)), items.length ? h("ul", {}, items.map((text) => h("li", {}, text))) : null),
  );
}

/** `{ code, message }` when the answer is the receiver's JSON error `{ error: { code, message } }`. */
function errorCodeIn(text) {
  try {
    const { error } = JSON.parse(text);
    return typeof error?.code === "string" ? error : null;
  } catch {
    return null;
  }
}
