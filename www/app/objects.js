/**
 * @module objects
 * The entities and actions the form and the tester offer, in Twenty's two sections: "Core
 * Objects" (records: standard objects with Twenty's plural labels, any other camelCase name
 * being a custom object) and "Metadata" (`metadata.<metadataName>`, Twenty's metadata events).
 */
export const ALL = "*";

export const METADATA_PREFIX = "metadata.";

export const STANDARD_OBJECTS = [
  { name: "person", label: "People" },
  { name: "company", label: "Companies" },
  { name: "opportunity", label: "Opportunities" },
  { name: "task", label: "Tasks" },
  { name: "note", label: "Notes" },
];

/** The actions Twenty delivers; its form lists only the first three, but all five arrive. */
export const EVENT_ACTIONS = [
  { value: "created", label: "Created" },
  { value: "updated", label: "Updated" },
  { value: "deleted", label: "Deleted" },
  { value: "restored", label: "Restored" },
  { value: "destroyed", label: "Destroyed" },
];

export const FILTER_ACTIONS = [{ value: ALL, label: "All" }, ...EVENT_ACTIONS];

/**
 * The Metadata section of Twenty's entity picker, its labels and order (WebhookEntitySelect in
 * twenty-front). A value is a filter row's entity: the stored operation is `<value>.<action>`.
 */
export const METADATA_ENTITIES = [
  { name: `${METADATA_PREFIX}${ALL}`, label: "All Metadata" },
  { name: `${METADATA_PREFIX}objectMetadata`, label: "Object" },
  { name: `${METADATA_PREFIX}fieldMetadata`, label: "Field" },
  { name: `${METADATA_PREFIX}view`, label: "View" },
  { name: `${METADATA_PREFIX}viewField`, label: "View Field" },
  { name: `${METADATA_PREFIX}index`, label: "Index" },
  { name: `${METADATA_PREFIX}webhook`, label: "Webhook" },
];

/** What Twenty's server sends for metadata: no restored or destroyed. */
export const METADATA_EVENT_ACTIONS = EVENT_ACTIONS.filter(({ value }) => ["created", "updated", "deleted"].includes(value));

/** Twenty's action picker for a metadata row: All, Created, Updated, Deleted. */
export const METADATA_FILTER_ACTIONS = [{ value: ALL, label: "All" }, ...METADATA_EVENT_ACTIONS];

/** Whether a filter row's entity (or the tester's) is metadata: `metadata.<name>` or `metadata.*`. */
export function isMetadataEntity(entity) {
  return typeof entity === "string" && entity.startsWith(METADATA_PREFIX) && entity.length > METADATA_PREFIX.length;
}

/** `metadata.view` → `view`. */
export function metadataNameOf(entity) {
  return entity.slice(METADATA_PREFIX.length);
}

/** The actions offered for an entity in a filter row, or in the tester. */
export const filterActionsFor = (entity) => (isMetadataEntity(entity) ? METADATA_FILTER_ACTIONS : FILTER_ACTIONS);
export const eventActionsFor = (entity) => (isMetadataEntity(entity) ? METADATA_EVENT_ACTIONS : EVENT_ACTIONS);

export function isStandardObject(name) {
  return STANDARD_OBJECTS.some((object) => object.name === name);
}

/** Why `name` cannot be a metadata entity's name (camelCase, as Twenty's are), or null when it can. */
export function metadataNameError(name) {
  if (name === "") return "Type the metadata entity's name, e.g. viewSort.";
  if (!/^[a-z][a-zA-Z0-9]*$/.test(name)) return "A metadata entity's name is camelCase: a lowercase letter, then letters or digits (e.g. viewSort, pageLayout).";
  return null;
}

/** Why `name` cannot be a custom object's API name, or null when it can. */
export function customObjectNameError(name) {
  if (name === "") return "Type the custom object's API name, e.g. invoice.";
  if (!/^[a-z][a-zA-Z0-9]*$/.test(name)) return "An object's API name is camelCase: a lowercase letter, then letters or digits (e.g. invoice, salesOrder).";
  return null;
}
