/**
 * @module views/deliveries/connect-form
 * The receiver's URL and its admin token. The token field is a password field with Show /
 * Hide; it is read only when Connect is pressed, and handed to `onConnect` with the URL.
 */
import { h } from "../../ui/dom.js";
import { icon } from "../../ui/icons.js";
import { field } from "../../ui/field.js";
import { normalizeReceiverUrl } from "../../admin/client.js";

export function connectForm({ connection, onConnect, onForget }) {
  const receiver = field({
    label: "Receiver URL",
    hint: "The edge receiver's address, e.g. https://twenty-webhooks.<account>.workers.dev.",
    control: h("input", { class: "input mono", value: connection.receiverUrl, placeholder: "http://127.0.0.1:8787", autocomplete: "url", spellcheck: "false", inputmode: "url" }),
  });
  const tokenInput = h("input", { class: "input mono", type: "password", value: connection.token, autocomplete: "off", spellcheck: "false" });
  const token = field({
    label: "Admin token",
    hint: "The receiver's ADMIN_TOKEN. Kept in this tab's session storage only: never in local storage, the export or a URL; closing the tab forgets it.",
    control: tokenInput,
  });
  const toggle = h("button", { type: "button", class: "button icon-only", "aria-label": "Show token", "aria-pressed": "false", onClick: () => reveal(tokenInput.type === "password") }, icon("eye"));
  // The toggle sits beside the input, inside the field, after the label.
  const tokenRow = h("div", { class: "secret-row" });
  tokenInput.replaceWith(tokenRow);
  tokenRow.append(tokenInput, toggle);
  const forget = h("button", { type: "button", class: "button", hidden: !connection.token, onClick: () => (forgetToken(), onForget()) }, "Forget token");

  function reveal(shown) {
    tokenInput.type = shown ? "text" : "password";
    toggle.setAttribute("aria-pressed", String(shown));
    toggle.setAttribute("aria-label", shown ? "Hide token" : "Show token");
    toggle.replaceChildren(icon(shown ? "eyeOff" : "eye"));
  }

  function forgetToken() {
    tokenInput.value = "";
    forget.hidden = true;
  }

  function submit(event) {
    event.preventDefault();
    const url = normalizeReceiverUrl(receiver.control.value);
    receiver.setError(url.error);
    token.setError(tokenInput.value === "" ? "Enter the admin token." : null);
    if (url.error) return receiver.control.focus();
    if (tokenInput.value === "") return tokenInput.focus();
    receiver.control.value = url.url;
    forget.hidden = false;
    onConnect({ receiverUrl: url.url, token: tokenInput.value });
  }

  const element = h(
    "form",
    { class: "section", novalidate: true, onSubmit: submit },
    receiver.element,
    token.element,
    h("div", { class: "actions-row" }, h("button", { type: "submit", class: "button primary" }, "Connect"), forget),
  );
  return { element };
}
