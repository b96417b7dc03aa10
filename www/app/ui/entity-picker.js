/**
 * @module ui/entity-picker
 * Picks an entity in Twenty's two sections, "Core Objects" and "Metadata" (one select, two
 * option groups). Core Objects: optionally "All Objects", Twenty's standard objects, the given
 * custom ones, and "Custom object…", which shows a text input for a custom object's API name.
 * Metadata: optionally "All Metadata", Twenty's metadata entities, and optionally "Other
 * metadata…", which shows the same input for a metadata entity's name.
 */
import { h } from "./dom.js";
import { ALL, METADATA_ENTITIES, METADATA_PREFIX, STANDARD_OBJECTS, isMetadataEntity, metadataNameOf } from "../objects.js";

// Not possible entity names (those are camelCase letters and digits), so they cannot clash.
const CUSTOM_OBJECT = "(custom)";
const OTHER_METADATA = "(metadata)";
const NONE = "";
const ALL_METADATA = `${METADATA_PREFIX}${ALL}`;

/**
 * `value`: an object name, a `metadata.<name>` entity, ALL, `metadata.*`, or null (nothing
 * picked). `allowAll` offers the two "All" entries; `otherMetadata` offers "Other metadata…".
 * `extraObjects`: more entities to list (custom objects, metadata entities Twenty's picker does
 * not name). `onSelect(value)` fires when the select changes (with the typed name, maybe "" or
 * "metadata.", when a typed entry is picked); `onCustomInput(value)` fires while typing.
 */
export function entityPicker({ label, value, allowAll = false, otherMetadata = false, extraObjects = [], onSelect, onCustomInput }) {
  const listed = new Set([
    ...(allowAll ? [ALL, ALL_METADATA] : []),
    ...STANDARD_OBJECTS.map((object) => object.name),
    ...METADATA_ENTITIES.filter((entity) => entity.name !== ALL_METADATA).map((entity) => entity.name),
    ...extraObjects,
  ]);
  // A stored entity the lists do not name is typed: as "Other metadata…" when the picker offers
  // it, else listed as it is (e.g. `metadata.viewSort.*` imported into a filter row).
  const typedMode = value === null || listed.has(value) ? null : value.startsWith(METADATA_PREFIX) ? (otherMetadata ? OTHER_METADATA : null) : CUSTOM_OBJECT;
  const extras = [...extraObjects, ...(value !== null && !listed.has(value) && typedMode === null ? [value] : [])];
  const option = (optionValue, text) => h("option", { value: optionValue }, text);
  const select = h(
    "select",
    { class: "select", "aria-label": label },
    value === null ? option(NONE, "Select entity") : null,
    h(
      "optgroup",
      { label: "Core Objects" },
      allowAll ? option(ALL, "All Objects") : null,
      STANDARD_OBJECTS.map((object) => option(object.name, object.label)),
      extras.filter((name) => !isMetadataEntity(name)).map((name) => option(name, name)),
      option(CUSTOM_OBJECT, "Custom object…"),
    ),
    h(
      "optgroup",
      { label: "Metadata" },
      METADATA_ENTITIES.filter((entity) => allowAll || entity.name !== ALL_METADATA).map((entity) => option(entity.name, entity.label)),
      extras.filter(isMetadataEntity).map((name) => option(name, metadataNameOf(name))),
      otherMetadata ? option(OTHER_METADATA, "Other metadata…") : null,
    ),
  );
  select.value = typedMode ?? value ?? NONE;

  const custom = h("input", { class: "input mono", autocomplete: "off", spellcheck: "false", onInput: () => onCustomInput(typedValue()) });
  /** Shows the text input for `mode` (or hides it for null), labelled for what it takes. */
  function showInput(mode) {
    custom.hidden = mode === null;
    const isMetadata = mode === OTHER_METADATA;
    custom.placeholder = isMetadata ? "Metadata entity name, e.g. viewSort" : "Custom object API name, e.g. invoice";
    custom.setAttribute("aria-label", `${label}: ${isMetadata ? "metadata entity name" : "custom object API name"}`);
  }
  const typedValue = () => (select.value === OTHER_METADATA ? `${METADATA_PREFIX}${custom.value.trim()}` : custom.value.trim());
  custom.value = typedMode === OTHER_METADATA ? metadataNameOf(value) : typedMode === CUSTOM_OBJECT ? value : "";
  showInput(typedMode);

  select.addEventListener("change", () => {
    const mode = [CUSTOM_OBJECT, OTHER_METADATA].includes(select.value) ? select.value : null;
    showInput(mode);
    if (mode) custom.focus();
    onSelect(mode ? typedValue() : select.value);
  });
  return { element: h("div", { class: "filter-object" }, select, custom), select, custom };
}
