/**
 * @module ui/field
 * A labelled control with an optional hint and an inline error, wired for assistive
 * technology: the hint and the visible error describe the control, which is marked invalid
 * while an error shows.
 */
import { h, uid } from "./dom.js";

export function field({ label, control, hint, hideLabel = false }) {
  control.id ||= uid("control");
  const hintElement = h("p", { class: "field-hint", id: uid("hint"), hidden: !hint }, hint ?? "");
  const errorElement = h("p", { class: "field-error", id: uid("error"), hidden: true });
  const describe = () => {
    const ids = [hintElement, errorElement].filter((element) => !element.hidden).map((element) => element.id);
    if (ids.length) control.setAttribute("aria-describedby", ids.join(" "));
    else control.removeAttribute("aria-describedby");
  };
  describe();
  const element = h(
    "div",
    { class: "field" },
    h("label", { for: control.id, class: hideLabel ? "visually-hidden" : null }, label),
    control,
    hintElement,
    errorElement,
  );
  return {
    element,
    control,
    /** Shows `message` under the control, or clears the error when it is empty. */
    setError(message) {
      errorElement.textContent = message ?? "";
      errorElement.hidden = !message;
      control.setAttribute("aria-invalid", message ? "true" : "false");
      describe();
    },
    setHint(text) {
      hintElement.textContent = text ?? "";
      hintElement.hidden = !text;
      describe();
    },
  };
}

/**
 * The JSON object typed in `jsonField`, or null after showing why not under it (and focusing
 * it): not JSON at all, or JSON that is not an object. `what` names it, e.g. "The record".
 */
export function readJsonObject(jsonField, what) {
  const invalid = (message) => {
    jsonField.setError(message);
    jsonField.control.focus();
    return null;
  };
  let value;
  try {
    value = JSON.parse(jsonField.control.value);
  } catch (error) {
    return invalid(`Not valid JSON: ${error.message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return invalid(`${what} must be a JSON object: { … }.`);
  return value;
}
