/**
 * @module admin/cursor
 * The admin lists' `nextCursor`: where the next page starts, as an opaque string. Lists are
 * ordered by (time, id) newest first, so a cursor is the last entry's pair; entries added
 * meanwhile cannot shift a page.
 */

/** `{ time, id }` of the last entry shown → the cursor for the page after it. */
export function encodeCursor({ time, id }) {
  return btoa(JSON.stringify([time, id])).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** A cursor → `{ time, id }`, or null when it is not one this API gave out. */
export function decodeCursor(cursor) {
  try {
    const [time, id] = JSON.parse(atob(cursor.replaceAll("-", "+").replaceAll("_", "/")));
    return Number.isSafeInteger(time) && typeof id === "string" ? { time, id } : null;
  } catch {
    return null;
  }
}
