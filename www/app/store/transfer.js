/**
 * @module store/transfer
 * Export and import of the webhook list as JSON. An import is checked entry by entry, and
 * nothing is saved unless every entry is valid.
 */
import { normalizeTargetUrl } from "../target-url.js";
import { ALL, EVENT_ACTIONS, customObjectNameError } from "../objects.js";
import { DEFAULT_OPERATIONS } from "../operations.js";

const EXPORT_FORMAT = "twenty-webhooks-demo/webhooks@1";

const ACTIONS = new Set([ALL, ...EVENT_ACTIONS.map((action) => action.value)]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function exportWebhooks(webhooks) {
  const entries = webhooks.map(({ id, targetUrl, description, operations, secret }) => ({ id, targetUrl, description, operations, secret }));
  return JSON.stringify({ format: EXPORT_FORMAT, webhooks: entries }, null, 2);
}

export class ImportError extends Error {}

/** The webhooks in an exported file; throws ImportError saying what is wrong and where. */
export function parseImport(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ImportError(`The file is not JSON (${error.message}).`);
  }
  if (data === null || typeof data !== "object" || !Array.isArray(data.webhooks)) {
    throw new ImportError('Expected an object with a "webhooks" array, as Export writes.');
  }
  if (data.webhooks.length === 0) throw new ImportError("The file lists no webhooks.");
  return data.webhooks.map((entry, index) => {
    try {
      return readEntry(entry);
    } catch (error) {
      throw new ImportError(`Webhook ${index + 1}: ${error.message}`);
    }
  });
}

function readEntry(entry) {
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) throw new Error("not an object.");
  const { id = crypto.randomUUID(), targetUrl, description = "", operations = [...DEFAULT_OPERATIONS], secret = "" } = entry;
  if (typeof id !== "string" || !UUID.test(id)) throw new Error('"id" must be a UUID.');
  if (typeof targetUrl !== "string") throw new Error('"targetUrl" is missing.');
  const target = normalizeTargetUrl(targetUrl);
  if (target.error) throw new Error(`"targetUrl": ${target.error}`);
  if (typeof description !== "string") throw new Error('"description" must be text.');
  if (typeof secret !== "string") throw new Error('"secret" must be text.');
  if (!Array.isArray(operations) || operations.length === 0) throw new Error('"operations" must be a non-empty array such as ["*.*"].');
  operations.forEach(checkOperation);
  return { id: id.toLowerCase(), targetUrl: target.url, description, operations, secret };
}

function checkOperation(operation) {
  const [object, action, ...rest] = typeof operation === "string" ? operation.split(".") : [];
  const objectOk = object === ALL || (object !== undefined && customObjectNameError(object) === null);
  if (!objectOk || !ACTIONS.has(action) || rest.length > 0) {
    throw new Error(`operation ${JSON.stringify(operation)} is not <object>.<action> (e.g. "person.created", "*.*").`);
  }
}
