/**
 * @module ui/confirm-dialog
 * Twenty's confirmation for destructive actions: a modal dialog whose button stays disabled
 * until the user types the confirmation word. Escape or Cancel closes it.
 */
import { h, uid } from "./dom.js";

/** Resolves true when confirmed, false when dismissed. */
export function confirmByTyping({ title, message, word = "yes", confirmLabel }) {
  return new Promise((resolve) => {
    const titleId = uid("dialog-title");
    const messageId = uid("dialog-message");
    const input = h("input", { class: "input", id: uid("confirm"), placeholder: word, autocomplete: "off", spellcheck: "false", "aria-describedby": messageId });
    const confirm = h("button", { class: "button danger", type: "submit", value: "confirm", disabled: true }, confirmLabel);
    input.addEventListener("input", () => {
      confirm.disabled = input.value.trim() !== word;
    });
    const dialog = h(
      "dialog",
      { "aria-labelledby": titleId },
      h(
        "form",
        { method: "dialog" },
        h("h2", { id: titleId }, title),
        h("p", { id: messageId }, message),
        h("label", { class: "visually-hidden", for: input.id }, `Type ${word} to confirm`),
        input,
        h("div", { class: "dialog-actions" }, confirm, h("button", { class: "button", type: "button", onClick: () => dialog.close("cancel") }, "Cancel")),
      ),
    );
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(dialog.returnValue === "confirm");
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}
