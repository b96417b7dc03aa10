/**
 * @module operations
 * The Filters rows of the webhook form and the `operations` strings Twenty stores
 * (`<entity>.<action>`, `*` for all; a metadata entity is `metadata.<name>` or `metadata.*`, so
 * "All Metadata" × "All" stores `metadata.*.*`). A row is `{ object, action }`; `object` is the
 * entity, null in the empty row and "" while a custom object's name is not typed yet.
 * The rules mirror twenty-front's parseOperationsFromStrings, cleanAndFormatOperations and
 * addEmptyOperationIfNecessary.
 */
import { ALL, METADATA_PREFIX, customObjectNameError, isMetadataEntity, isStandardObject, metadataNameError, metadataNameOf } from "./objects.js";

export const DEFAULT_OPERATIONS = Object.freeze([`${ALL}.${ALL}`]);

const emptyRow = () => ({ object: null, action: ALL });
const isCatchAll = (row, object) => row.object === object && row.action === ALL;

/**
 * Twenty's rule: one empty row, last, unless both catch-alls are there (`*.*` for records and
 * `metadata.*.*` for metadata): then nothing is left to pick.
 */
export function withEmptyRow(rows) {
  const complete = rows.filter((row) => row.object !== null);
  if (complete.some((row) => isCatchAll(row, ALL)) && complete.some((row) => isCatchAll(row, `${METADATA_PREFIX}${ALL}`))) return complete;
  return [...complete, rows.find((row) => row.object === null) ?? emptyRow()];
}

/** `metadata.<name>.<action>` is a metadata row; anything else splits at its first dot. */
export function rowsFromOperations(operations) {
  const rows = operations.flatMap((operation) => {
    const parts = operation.split(".");
    if (parts[0] === "metadata" && parts.length === 3) return [{ object: `${METADATA_PREFIX}${parts[1]}`, action: parts[2] }];
    const dot = operation.indexOf(".");
    return dot > 0 ? [{ object: operation.slice(0, dot), action: operation.slice(dot + 1) }] : [];
  });
  return withEmptyRow(rows);
}

/** The strings to store: complete rows only, without duplicates, as Twenty saves them. */
export function operationsFromRows(rows) {
  return [...new Set(rows.filter((row) => row.object !== null).map((row) => `${row.object}.${row.action}`))];
}

/** Why a row's entity cannot be saved, or null. */
function entityError(object) {
  if (object === null || object === ALL || isStandardObject(object)) return null;
  if (isMetadataEntity(object)) {
    const name = metadataNameOf(object);
    return name === ALL ? null : metadataNameError(name);
  }
  return customObjectNameError(object);
}

/** `{ rowErrors: Map<index, message>, formError }`, both empty when the rows can be saved. */
export function validateRows(rows) {
  const rowErrors = new Map();
  rows.forEach((row, index) => {
    const error = entityError(row.object);
    if (error) rowErrors.set(index, error);
  });
  const complete = rows.some((row) => row.object !== null);
  return { rowErrors, formError: complete ? null : "At least one complete filter is required: pick an object." };
}
