/**
 * @module ui/code-panel
 * Text shown exactly (a body, headers, a command) under a label, with a copy button.
 */
import { h, uid } from "./dom.js";
import { copyButton } from "./copy-button.js";

export function codePanel({ label, text, what = label.toLowerCase(), note, testId }) {
  const id = uid("code");
  return h(
    "div",
    { class: "code-panel" },
    h("div", { class: "code-panel-head" }, h("span", { class: "label", id }, label, note ? h("span", { class: "field-hint" }, ` · ${note}`) : null), copyButton({ what, text: () => text, small: true })),
    h("pre", { class: "code", "aria-labelledby": id, tabindex: "0", "data-testid": testId }, text),
  );
}
