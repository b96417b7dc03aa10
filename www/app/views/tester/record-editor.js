/**
 * @module views/tester/record-editor
 * The event's record as editable JSON, started from `sampleRecord(object, { action })`, and
 * the `updatedFields` Twenty adds on updated, deleted and restored.
 */
import { sampleRecord } from "twenty-webhooks";
import { h } from "../../ui/dom.js";
import { icon } from "../../ui/icons.js";
import { field, readJsonObject } from "../../ui/field.js";

const SYSTEM_FIELDS = new Set(["id", "createdAt", "updatedAt", "deletedAt", "position", "createdBy", "updatedBy"]);
const ACTIONS_WITH_UPDATED_FIELDS = new Set(["updated", "deleted", "restored"]);

export function recordEditor() {
  let event;
  const record = field({
    label: "Record (JSON)",
    hint: "The record as Twenty sends it: after the change, or its last state for destroyed. Edit it freely.",
    control: h("textarea", { class: "textarea code", rows: 14, spellcheck: "false", autocomplete: "off" }),
  });
  record.control.addEventListener("input", () => record.setError(null));
  const updatedFields = field({
    label: "Updated fields",
    hint: "Comma-separated field names; Twenty sends them on updated, deleted (deletedAt) and restored.",
    control: h("input", { class: "input mono", autocomplete: "off", spellcheck: "false" }),
  });
  const newSample = h("button", { type: "button", class: "button", onClick: () => resample() }, icon("refresh"), "New sample");

  /** A fresh sample for the current event; throws WebhookPayloadError for an impossible object name. */
  function resample() {
    const sample = sampleRecord(event.object, { action: event.action });
    record.control.value = JSON.stringify(sample, null, 2);
    record.setError(null);
    updatedFields.control.value = defaultUpdatedFields(event.action, sample).join(", ");
  }

  return {
    element: h("div", { class: "section" }, record.element, h("div", {}, newSample), updatedFields.element),
    /** Starts over from a sample of this event. */
    setEvent(next) {
      event = next;
      updatedFields.element.hidden = !ACTIONS_WITH_UPDATED_FIELDS.has(event.action);
      resample();
    },
    /** `{ record, updatedFields }`, or null after showing the parse error inline. */
    read() {
      const value = readJsonObject(record, "The record");
      if (!value) return null;
      const names = updatedFields.control.value.split(",").map((name) => name.trim()).filter(Boolean);
      return { record: value, updatedFields: ACTIONS_WITH_UPDATED_FIELDS.has(event.action) ? names : undefined };
    },
  };
}

function defaultUpdatedFields(action, sample) {
  if (action === "updated") return Object.keys(sample).filter((name) => !SYSTEM_FIELDS.has(name)).slice(0, 1);
  return action === "deleted" || action === "restored" ? ["deletedAt"] : [];
}
