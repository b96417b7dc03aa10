/**
 * @module ui/filters-editor
 * The Filters rows: entity (Core Objects or Metadata) × Action × remove, with Twenty's
 * automatic empty row. Choosing in
 * a select redraws the rows (one may appear or go) and keeps the focus on that select.
 */
import { h } from "./dom.js";
import { icon } from "./icons.js";
import { entityPicker } from "./entity-picker.js";
import { filterActionsFor } from "../objects.js";
import { operationsFromRows, rowsFromOperations, validateRows, withEmptyRow } from "../operations.js";

/** The row with another entity; an action that entity does not offer (restored for metadata) becomes All. */
function withEntity(row, object) {
  const offered = filterActionsFor(object).some(({ value }) => value === row.action);
  return { object, action: offered ? row.action : filterActionsFor(object)[0].value };
}

export function filtersEditor({ operations, onChange }) {
  let rows = rowsFromOperations(operations);
  let showErrors = false;
  const list = h("div", { class: "filter-rows" });
  const formError = h("p", { class: "field-error", role: "alert", hidden: true });

  function update(nextRows, focusKey) {
    rows = withEmptyRow(nextRows);
    render(focusKey);
    onChange(operationsFromRows(rows));
  }

  /** Redraws the rows; returns whether they can be saved. */
  function render(focusKey) {
    const { rowErrors, formError: message } = validateRows(rows);
    list.replaceChildren(...rows.map((row, index) => rowElement(row, index, showErrors ? rowErrors.get(index) : null)));
    formError.textContent = showErrors ? (message ?? "") : "";
    formError.hidden = !showErrors || !message;
    if (focusKey) {
      // After a removal the row may be gone: the last row's object select takes the focus.
      const target = list.querySelector(`[data-focus-key="${focusKey}"]`) ?? [...list.querySelectorAll('[data-focus-key^="object-"]')].at(-1);
      target?.focus();
    }
    return rowErrors.size === 0 && !message;
  }

  function rowElement(row, index, error) {
    const number = index + 1;
    const picker = entityPicker({
      label: `Object, filter ${number}`,
      value: row.object,
      allowAll: true,
      onSelect: (object) => update(rows.map((r, i) => (i === index ? withEntity(r, object) : r)), picker.custom.hidden ? `object-${index}` : `custom-${index}`),
      onCustomInput: (object) => {
        rows[index] = { ...row, object }; // typing changes no row count: no redraw, the caret stays
        onChange(operationsFromRows(rows));
      },
    });
    picker.select.dataset.focusKey = `object-${index}`;
    picker.custom.dataset.focusKey = `custom-${index}`;
    const errorElement = error ? h("p", { class: "field-error", id: `filter-error-${index}` }, error) : null;
    if (error) {
      picker.custom.setAttribute("aria-invalid", "true");
      picker.custom.setAttribute("aria-describedby", errorElement.id);
    }
    const action = h(
      "select",
      {
        class: "select",
        "aria-label": `Action, filter ${number}`,
        "data-focus-key": `action-${index}`,
        onChange: (event) => update(rows.map((r, i) => (i === index ? { ...r, action: event.target.value } : r)), `action-${index}`),
      },
      filterActionsFor(row.object).map(({ value, label }) => h("option", { value, selected: value === row.action }, label)),
    );
    const remove =
      row.object === null
        ? h("span", { "aria-hidden": "true" })
        : h("button", { type: "button", class: "button ghost icon-only", "aria-label": `Remove filter ${number}`, onClick: () => update(rows.filter((_, i) => i !== index), `object-${index}`) }, icon("trash"));
    if (errorElement) picker.element.append(errorElement);
    return h("div", { class: "filter-row", role: "group", "aria-label": `Filter ${number}` }, picker.element, action, remove);
  }

  render();
  return {
    element: h("div", { class: "filter-rows-wrap" }, list, formError),
    /** Shows the errors from now on; true when the rows can be saved. */
    validate() {
      showErrors = true;
      return render();
    },
    /** The first control to fix, for focus after a failed save. */
    firstInvalid() {
      return list.querySelector('[aria-invalid="true"]') ?? list.querySelector("select");
    },
  };
}
