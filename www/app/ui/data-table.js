/**
 * @module ui/data-table
 * A table that scrolls sideways on a narrow screen: a caption for screen readers, a header row
 * and the given rows.
 */
import { h } from "./dom.js";

/** `columns`: the header names, those in `numeric` right-aligned; `rows`: the <tr> elements. */
export function dataTable({ testId, caption, columns, numeric = [], rows }) {
  return h(
    "div",
    { class: "table-scroll" },
    h(
      "table",
      { class: "table", "data-testid": testId },
      h("caption", { class: "visually-hidden" }, caption),
      h("thead", {}, h("tr", {}, columns.map((name) => h("th", { scope: "col", class: numeric.includes(name) ? "numeric" : null }, name)))),
      h("tbody", {}, rows),
    ),
  );
}
