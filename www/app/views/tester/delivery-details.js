/**
 * @module views/tester/delivery-details
 * What Twenty fills in around the record or metadata event: ids, the event date, the timestamp
 * and the nonce. The ids start from this workspace's stored ones; blank dates and nonce mean
 * "now" and "fresh", as Twenty does. Fixing them gives a reproducible request. Record events
 * carry an object metadata id and a workspace member id; metadata events may carry an API key id.
 */
import { h } from "../../ui/dom.js";
import { field } from "../../ui/field.js";
import { objectMetadataId, workspaceIds } from "../../store/workspace.js";

function textField(label, { value = "", placeholder, hint } = {}) {
  return field({ label, hint, control: h("input", { class: "input mono", value, placeholder, autocomplete: "off", spellcheck: "false" }) });
}

export function deliveryDetails() {
  const ids = workspaceIds();
  const fields = {
    eventDate: textField("Event date", { placeholder: "now", hint: "ISO-8601 UTC with milliseconds, e.g. 2024-12-24T18:57:19.761Z. Blank: now." }),
    timestamp: textField("Timestamp (ms)", { placeholder: "now", hint: "X-Twenty-Webhook-Timestamp: epoch milliseconds. Blank: now." }),
    nonce: textField("Nonce", { placeholder: "random", hint: "X-Twenty-Webhook-Nonce (not signed). Blank: 32 random hex digits." }),
    workspaceId: textField("Workspace id", { value: ids.workspaceId }),
    objectMetadataId: textField("Object metadata id"),
    userId: textField("User id", { value: ids.userId, hint: "Present when a signed-in user made the change; blank to leave it out." }),
    workspaceMemberId: textField("Workspace member id", { value: ids.workspaceMemberId }),
    apiKeyId: textField("API key id", { hint: "Present when an API key made the change; blank to leave it out." }),
  };
  const recordOnly = [fields.objectMetadataId, fields.workspaceMemberId];
  for (const one of Object.values(fields)) one.control.addEventListener("input", () => one.setError(null));

  const element = h(
    "details",
    { class: "more" },
    h("summary", {}, "Delivery details: ids, event date, timestamp, nonce"),
    h("div", { class: "field-row" }, Object.values(fields).map((one) => one.element)),
  );

  /** Opens the details to show `message` under the field `name` and focuses it. */
  function showError(name, message) {
    element.open = true;
    fields[name].setError(message);
    fields[name].control.focus();
  }

  return {
    element,
    /** Each object has its own metadata id in a workspace; a metadata event has none. */
    setEntity(name, isMetadata) {
      for (const one of recordOnly) one.element.hidden = isMetadata;
      fields.apiKeyId.element.hidden = !isMetadata;
      if (!isMetadata) fields.objectMetadataId.control.value = objectMetadataId(name);
    },
    /** The values, or null after showing an inline error. */
    read() {
      const values = Object.fromEntries(Object.entries(fields).map(([name, one]) => [name, one.control.value.trim()]));
      if (values.timestamp !== "" && !/^\d+$/.test(values.timestamp)) {
        showError("timestamp", "Digits only: milliseconds since 1970, e.g. 1735066639761.");
        return null;
      }
      return values;
    },
    showError,
  };
}
