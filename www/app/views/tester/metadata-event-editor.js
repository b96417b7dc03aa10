/**
 * @module views/tester/metadata-event-editor
 * A metadata event's `event` object as editable JSON (`{ metadataName, recordId, properties,
 * type }`), started from `sampleMetadataEvent(metadataName, { action })`.
 */
import { sampleMetadataEvent } from "twenty-webhooks";
import { h } from "../../ui/dom.js";
import { icon } from "../../ui/icons.js";
import { field } from "../../ui/field.js";
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
      const invalid = (message) => {
        json.setError(message);
        json.control.focus();
        return null;
      };
      let value;
      try {
        value = JSON.parse(json.control.value);
      } catch (error) {
        return invalid(`Not valid JSON: ${error.message}`);
      }
      if (value === null || typeof value !== "object" || Array.isArray(value)) return invalid("The event must be a JSON object: { … }.");
      return { event: value };
    },
  };
}
