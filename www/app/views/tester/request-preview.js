/**
 * @module views/tester/request-preview
 * The request exactly as it goes out: the request line, the headers, the body and a curl
 * command reproducing it byte for byte.
 */
import { h } from "../../ui/dom.js";
import { icon } from "../../ui/icons.js";
import { codePanel } from "../../ui/code-panel.js";
import { curlCommand } from "../../delivery/curl.js";

const encoder = new TextEncoder();

export function requestPreview({ delivery, tampered, onCheck }) {
  const headerLines = Object.entries(delivery.headers).map(([name, value]) => `${name}: ${value}`).join("\n");
  const signed = "X-Twenty-Webhook-Signature" in delivery.headers;
  return h(
    "div",
    { class: "section" },
    h("p", { class: "request-line mono" }, `POST ${delivery.url}`),
    signed ? null : h("p", { class: "notice warning" }, icon("alert"), h("span", {}, "Unsigned: this webhook has no secret, so Twenty sends only Content-Type.")),
    tampered ? h("p", { class: "notice warning" }, icon("alert"), h("span", {}, "Tampered: the body below was changed after signing. A receiver that verifies must refuse it.")) : null,
    codePanel({ label: "Headers", text: headerLines, testId: "preview-headers" }),
    codePanel({ label: "Body", text: delivery.body, note: `${encoder.encode(delivery.body).length} bytes`, testId: "preview-body" }),
    codePanel({ label: "curl command", text: curlCommand(delivery), note: "bash, zsh or sh", testId: "preview-curl" }),
    h("div", {}, h("button", { type: "button", class: "button", onClick: onCheck }, icon("check"), "Check this delivery")),
  );
}
