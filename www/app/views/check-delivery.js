/**
 * @module views/check-delivery
 * "Check a delivery": paste what your endpoint received (body and headers, a raw HTTP
 * request, or a curl command) and the secret; get the verdict of `verify` with its code and
 * hint, and what `diagnose` finds, in plain words.
 */
import { h, uid } from "../ui/dom.js";
import { icon } from "../ui/icons.js";
import { field } from "../ui/field.js";
import { page } from "../ui/page.js";
import { section } from "../ui/section.js";
import { PasteError, parseCurl, parseParts, parseRawRequest } from "../delivery/parse.js";
import { ShellSyntaxError } from "../delivery/shell-words.js";
import { verdictView } from "./check/verdict.js";

const MODES = [
  { value: "parts", label: "Body and headers" },
  { value: "raw", label: "Raw HTTP request" },
  { value: "curl", label: "curl command" },
];

const codeField = (label, placeholder, rows, hint) =>
  field({ label, hint, control: h("textarea", { class: "textarea code", rows, placeholder, spellcheck: "false", autocomplete: "off" }) });

/** `state`, when the tester sent us here: `{ delivery: { headers, body }, secret }`. */
export function checkDeliveryView({ state }) {
  const inputs = {
    headers: codeField("Headers", "Content-Type: application/json\nX-Twenty-Webhook-Timestamp: 1735066639761\nX-Twenty-Webhook-Signature: a556e5ea…\nX-Twenty-Webhook-Nonce: …", 5, "One Name: value per line, or a JSON object."),
    body: codeField("Raw body", '{"targetUrl":"https://example.com/webhook","eventName":"person.created",…}', 6, "Exactly as received: before any JSON parsing."),
    raw: codeField("Raw HTTP request", "POST /webhooks/twenty HTTP/1.1\nContent-Type: application/json\nX-Twenty-Webhook-Timestamp: …\n\n{…}", 12, "Request line, headers, a blank line, then the body."),
    curl: codeField("curl command", "curl https://example.com/webhook -H 'X-Twenty-Webhook-Signature: …' --data-binary '{…}'", 8, "As written for bash, zsh or sh, e.g. by your browser's Copy as cURL."),
  };
  const secret = field({
    label: "Secret",
    hint: "The webhook's secret, as set in Twenty. During a rotation, put each secret on its own line.",
    control: h("textarea", { class: "textarea code", rows: 1, spellcheck: "false", autocomplete: "off" }),
  });
  const panels = {
    parts: h("div", { class: "section" }, inputs.headers.element, inputs.body.element),
    raw: h("div", {}, inputs.raw.element),
    curl: h("div", {}, inputs.curl.element),
  };
  const radioName = uid("mode");
  const modes = h(
    "fieldset",
    { class: "radio-group" },
    h("legend", { class: "label" }, "What you have"),
    MODES.map(({ value, label }) =>
      h("label", {}, h("input", { type: "radio", name: radioName, value, checked: value === "parts", onChange: () => showMode(value) }), label),
    ),
  );
  const result = h("div", { class: "section", "aria-live": "polite" });

  function showMode(mode) {
    for (const [name, panel] of Object.entries(panels)) panel.hidden = name !== mode;
  }

  function currentMode() {
    return modes.querySelector("input:checked").value;
  }

  function read() {
    const mode = currentMode();
    for (const one of Object.values(inputs)) one.setError(null);
    try {
      if (mode === "raw") return parseRawRequest(inputs.raw.control.value);
      if (mode === "curl") return parseCurl(inputs.curl.control.value);
      return parseParts(inputs.headers.control.value, inputs.body.control.value);
    } catch (error) {
      if (!(error instanceof PasteError || error instanceof ShellSyntaxError)) throw error;
      const target = mode === "parts" ? inputs.headers : inputs[mode];
      target.setError(error.message);
      target.control.focus();
      return null;
    }
  }

  function check() {
    const delivery = read();
    if (!delivery) return result.replaceChildren();
    const lines = secret.control.value.split(/\r?\n/);
    const secrets = lines.length > 1 ? lines.filter((line) => line !== "") : lines[0];
    result.replaceChildren(verdictView({ ...delivery, secret: secrets }));
  }

  if (state?.delivery) {
    inputs.headers.control.value = Object.entries(state.delivery.headers).map(([name, value]) => `${name}: ${value}`).join("\n");
    inputs.body.control.value = state.delivery.body;
    secret.control.value = state.secret ?? "";
  }
  showMode("parts");

  return page({
    crumbs: [{ label: "Tools" }, { label: "Check a delivery" }],
    title: "Check a delivery",
    children: [
      section(
        { title: "What your endpoint received", description: "Paste a delivery that your receiver refuses (or accepts) to see whether it is genuine, and if not, why." },
        modes,
        panels.parts,
        panels.raw,
        panels.curl,
        secret.element,
        h("div", { class: "actions-row" }, h("button", { type: "button", class: "button primary", onClick: check }, icon("check"), "Check")),
      ),
      section({ title: "Verdict", description: "Checked in this browser: nothing you paste leaves the page." }, result),
    ],
  });
}
