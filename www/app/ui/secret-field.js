/**
 * @module ui/secret-field
 * The webhook's secret: hidden by default, with Generate (64 hex digits, as Twenty generates
 * them), Show/Hide and Copy, and a visible warning while it is empty, because Twenty then
 * sends deliveries unsigned.
 */
import { generateSecret } from "twenty-webhooks";
import { h, uid } from "./dom.js";
import { icon } from "./icons.js";
import { copyButton } from "./copy-button.js";
import { toast } from "./toast.js";

export function secretField({ value, labelledBy, onChange }) {
  const warningId = uid("secret-warning");
  const input = h("input", {
    class: "input",
    type: "password",
    value,
    placeholder: "Secret (optional)",
    autocomplete: "off",
    spellcheck: "false",
    "aria-labelledby": labelledBy,
    onInput: () => changed(),
  });
  const warning = h(
    "p",
    { class: "notice warning", id: warningId },
    icon("alert"),
    h("span", {}, "No secret: Twenty sends this webhook's deliveries unsigned, with no X-Twenty-Webhook-Signature header, so your endpoint cannot tell them from forged requests. Generate one, and give the same secret to your receiver."),
  );
  const toggle = h("button", { type: "button", class: "button icon-only", "aria-label": "Show secret", "aria-pressed": "false", onClick: () => reveal(input.type === "password") }, icon("eye"));
  const generate = h(
    "button",
    {
      type: "button",
      class: "button",
      onClick: () => {
        input.value = generateSecret();
        changed();
        toast("Generated a new secret: save, then give it to your receiver");
      },
    },
    icon("key"),
    "Generate",
  );

  function reveal(shown) {
    input.type = shown ? "text" : "password";
    toggle.setAttribute("aria-pressed", String(shown));
    toggle.replaceChildren(icon(shown ? "eyeOff" : "eye"));
  }

  function showWarningIfEmpty() {
    const empty = input.value === "";
    warning.hidden = !empty;
    if (empty) input.setAttribute("aria-describedby", warningId);
    else input.removeAttribute("aria-describedby");
  }

  function changed() {
    showWarningIfEmpty();
    onChange(input.value);
  }

  const element = h("div", { class: "field" }, h("div", { class: "secret-row" }, input, toggle, copyButton({ what: "secret", text: () => input.value }), generate), warning);
  showWarningIfEmpty();
  return { element, input };
}
