/**
 * @module ui/object-picker
 * Picks an object: a select of Twenty's standard objects (optionally "All Objects", optionally
 * a blank "Object" choice), plus "Custom object…", which shows a text input for the custom
 * object's API name.
 */
import { h } from "./dom.js";
import { ALL, STANDARD_OBJECTS, isStandardObject } from "../objects.js";

// Not a possible object name (those are camelCase letters and digits), so it cannot clash.
const CUSTOM = "(custom)";
const NONE = "";

/**
 * `value`: an object name, ALL, or null (nothing picked). `onSelect(value)` fires when the
 * select changes (with the typed name, maybe "", when "Custom object…" is picked);
 * `onCustomInput(name)` fires while typing.
 */
export function objectPicker({ label, value, allowAll = false, extraObjects = [], onSelect, onCustomInput }) {
  const isCustom = value !== null && value !== ALL && !isStandardObject(value) && !extraObjects.includes(value);
  const options = [
    value === null ? h("option", { value: NONE }, "Object") : null,
    allowAll ? h("option", { value: ALL }, "All Objects") : null,
    ...STANDARD_OBJECTS.map((object) => h("option", { value: object.name }, object.label)),
    ...extraObjects.map((name) => h("option", { value: name }, name)),
    h("option", { value: CUSTOM }, "Custom object…"),
  ];
  const select = h("select", { class: "select", "aria-label": label }, options);
  select.value = isCustom ? CUSTOM : (value ?? NONE);
  const custom = h("input", {
    class: "input mono",
    value: isCustom ? value : "",
    placeholder: "Custom object API name, e.g. invoice",
    "aria-label": `${label}: custom object API name`,
    autocomplete: "off",
    spellcheck: "false",
    hidden: !isCustom,
    onInput: () => onCustomInput(custom.value.trim()),
  });
  select.addEventListener("change", () => {
    const isCustomNow = select.value === CUSTOM;
    custom.hidden = !isCustomNow;
    if (isCustomNow) custom.focus();
    onSelect(isCustomNow ? custom.value.trim() : select.value);
  });
  return { element: h("div", { class: "filter-object" }, select, custom), select, custom };
}
