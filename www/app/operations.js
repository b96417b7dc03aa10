/**
 * @module operations
 * The Filters rows of the webhook form and the `operations` strings Twenty stores
 * (`<object>.<action>`, `*` for all). A row is `{ object, action }`; `object` is null in the
 * empty row and "" while a custom object's name is not typed yet.
 */
import { ALL, customObjectNameError, isStandardObject } from "./objects.js";

export const DEFAULT_OPERATIONS = Object.freeze([`${ALL}.${ALL}`]);

const emptyRow = () => ({ object: null, action: ALL });

/** Twenty's rule: append an empty row unless a `*.*` row or an empty row is already there. */
export function withEmptyRow(rows) {
  const hasCatchAll = rows.some((row) => row.object === ALL && row.action === ALL);
  const hasEmpty = rows.some((row) => row.object === null);
  return hasCatchAll || hasEmpty ? rows : [...rows, emptyRow()];
}

export function rowsFromOperations(operations) {
  const rows = operations.flatMap((operation) => {
    const dot = operation.indexOf(".");
    return dot > 0 ? [{ object: operation.slice(0, dot), action: operation.slice(dot + 1) }] : [];
  });
  return withEmptyRow(rows);
}

/** The strings to store: complete rows only, without duplicates, as Twenty saves them. */
export function operationsFromRows(rows) {
  return [...new Set(rows.filter((row) => row.object !== null).map((row) => `${row.object}.${row.action}`))];
}

function isCustomObject(object) {
  return object !== null && object !== ALL && !isStandardObject(object);
}

/** `{ rowErrors: Map<index, message>, formError }`, both empty when the rows can be saved. */
export function validateRows(rows) {
  const rowErrors = new Map();
  rows.forEach((row, index) => {
    const error = isCustomObject(row.object) ? customObjectNameError(row.object) : null;
    if (error) rowErrors.set(index, error);
  });
  const complete = rows.some((row) => row.object !== null);
  return { rowErrors, formError: complete ? null : "At least one complete filter is required: pick an object." };
}
