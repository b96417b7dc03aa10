/**
 * @module views/deliveries/dead-letters
 * The dead letters (deliveries that used up their attempts), newest first, each with Re-drive,
 * and Re-drive all (the receiver takes the oldest 100 per call). A re-driven letter leaves the
 * list once delivered; while a re-drive holds it, its own button is off.
 */
import { dataTable } from "../../ui/data-table.js";
import { h } from "../../ui/dom.js";
import { icon } from "../../ui/icons.js";
import { timeOf } from "../../ui/time.js";
import { deliveryHref } from "./deliveries-table.js";

/**
 * `onRedrive(ids | undefined)`: one letter's id in a list, or undefined for all. `more`: the
 * receiver has more than these (Re-drive all takes them too, 100 per press).
 */
export function deadLettersTable(deadLetters, { more, onRedrive }) {
  if (deadLetters.length === 0) return h("p", { class: "table-empty" }, "No dead letter: every delivery reached its destinations or is still being tried.");
  return h(
    "div",
    { class: "section" },
    dataTable({
      testId: "dead-letters",
      caption: "Dead letters, newest first",
      columns: ["Event", "Last failure", "Attempts", "Dead since", ""],
      numeric: ["Attempts"],
      rows: deadLetters.map((letter) => letterRow(letter, onRedrive)),
    }),
    more ? h("p", { class: "field-hint" }, `The newest ${deadLetters.length} are shown; Re-drive all takes the others too, the oldest 100 each time.`) : null,
    h("div", { class: "section-footer" }, h("button", { type: "button", class: "button", onClick: () => onRedrive(undefined) }, icon("refresh"), "Re-drive all")),
  );
}

function letterRow(letter, onRedrive) {
  return h(
    "tr",
    { "data-delivery-id": letter.deliveryId },
    h(
      "td",
      {},
      h("a", { href: deliveryHref(letter.deliveryId), class: "delivery-link" }, h("span", { class: "mono" }, letter.eventName ?? "(no event name)")),
      h("span", { class: "field-hint mono delivery-id" }, letter.deliveryId),
      h("span", { class: "field-hint delivery-id" }, `to ${letter.destinations.join(", ")}`),
    ),
    h("td", { class: "mono" }, letter.lastFailure?.reason ?? "—"),
    h("td", { class: "numeric" }, String(letter.attempts)),
    h("td", {}, timeOf(letter.deadAt)),
    h(
      "td",
      {},
      letter.redrivingSince
        ? h("button", { type: "button", class: "button small", disabled: true, title: `Being re-driven since ${new Date(letter.redrivingSince).toLocaleString()}`, "aria-label": `Re-drive ${letter.eventName ?? "delivery"} ${letter.deliveryId}` }, "Re-driving…")
        : h("button", { type: "button", class: "button small", "aria-label": `Re-drive ${letter.eventName ?? "delivery"} ${letter.deliveryId}`, onClick: () => onRedrive([letter.deliveryId]) }, "Re-drive"),
    ),
  );
}
