/**
 * @module views/tester/metadata-event-editor
 * A metadata event's `event` object as editable JSON (`{ metadataName, recordId, properties,
 * type }`), started from `sampleMetadataEvent(metadataName, { action })`.
 */
import { sampleMetadataEvent } from "twenty-webhooks";
import { h } from "../../ui/dom.js";
import { icon } from "../../ui/icons.js";
import { field, readJsonObject } from "../../ui/field.js";
import { metadataNameOf } from "../../objects.js";

export function metadataEventEditor() {
  let event;
  const json = field({
    label: "Event (JSON)",
    hint: "The event as Twenty sends it: properties.after for created; updatedFields, diff, before and after for updated; before for deleted. Edit it freely.",
    control: h("textarea", { class: "textarea code", rows: 14, spellcheck: "false", autocomplete: "off" }),
  });
  json.control.addEventListener("input", () => json.setError(null));
  const newSample = h("button", { type: "button", class: "button", onClick: () => resample() }, icon("refresh"), "New sample");

  function resample() {
    const sample = sampleMetadataEvent(metadataNameOf(event.object), { action: event.action });
    json.control.value = JSON.stringify(sample, null, 2);
    json.setError(null);
  }

  return {
    element: h("div", { class: "section" }, json.element, h("div", {}, newSample)),
    /** Starts over from a sample of this event (`event.object` is `metadata.<name>`). */
    setEvent(next) {
      event = next;
      resample();
    },
    /** `{ event }`, or null after showing the parse error inline. */
    read() {
      const value = readJsonObject(json, "The event");
      return value && { event: value };
    },
  };
}
