/**
 * @module ui/time
 * An ISO 8601 instant shown in the reader's local time, machine-readable in `datetime`.
 */
import { h } from "./dom.js";

export function timeOf(iso) {
  if (!iso) return h("span", { class: "field-hint" }, "—");
  const date = new Date(iso);
  return h("time", { datetime: iso, title: iso }, Number.isNaN(date.getTime()) ? iso : date.toLocaleString());
}
