/**
 * @module objects
 * The objects and actions the form and the tester offer. Standard objects carry Twenty's
 * plural labels; any other camelCase name is a custom object, as Twenty's API names are.
 */
export const ALL = "*";

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

export function isStandardObject(name) {
  return STANDARD_OBJECTS.some((object) => object.name === name);
}

/** Why `name` cannot be a custom object's API name, or null when it can. */
export function customObjectNameError(name) {
  if (name === "") return "Type the custom object's API name, e.g. invoice.";
  if (!/^[a-z][a-zA-Z0-9]*$/.test(name)) return "An object's API name is camelCase: a lowercase letter, then letters or digits (e.g. invoice, salesOrder).";
  return null;
}
