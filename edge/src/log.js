/**
 * One JSON line per event, so Workers Logs can filter on fields. Callers pass ids, counts,
 * hosts and reason codes only: never a secret, a body or a full destination URL (its path or
 * query may carry a token).
 */
export function log(event, fields = {}) {
  console.log(JSON.stringify({ event, ...fields }));
}

export function logError(event, fields = {}) {
  console.error(JSON.stringify({ event, ...fields }));
}

/** An error's message, for a log field. */
export function describe(error) {
  return String(error?.message ?? error);
}
