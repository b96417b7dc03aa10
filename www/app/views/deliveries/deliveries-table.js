/**
 * @module views/deliveries/deliveries-table
 * Deliveries newest first: event (a link to the delivery), state chip, attempts, received.
 */
import { h } from "../../ui/dom.js";
import { stateChip } from "../../ui/state-chip.js";
import { timeOf } from "../../ui/time.js";

export const deliveryHref = (id) => `#/deliveries/${encodeURIComponent(id)}`;

export function deliveriesTable(deliveries) {
  return h(
    "div",
    { class: "table-scroll" },
    h(
      "table",
      { class: "table", "data-testid": "deliveries" },
      h("caption", { class: "visually-hidden" }, "Deliveries, newest first"),
      h(
        "thead",
        {},
        h("tr", {}, h("th", { scope: "col" }, "Event"), h("th", { scope: "col" }, "State"), h("th", { scope: "col", class: "numeric" }, "Attempts"), h("th", { scope: "col" }, "Received")),
      ),
      h("tbody", {}, deliveries.map(row)),
    ),
  );
}

function row(delivery) {
  return h(
    "tr",
    { "data-delivery-id": delivery.deliveryId },
    h(
      "td",
      {},
      h("a", { href: deliveryHref(delivery.deliveryId), class: "delivery-link" }, h("span", { class: "mono" }, delivery.eventName ?? "(no event name)")),
      h("span", { class: "field-hint mono delivery-id" }, delivery.deliveryId),
    ),
    h("td", {}, stateChip(delivery.state)),
    h("td", { class: "numeric" }, String(delivery.attempts)),
    h("td", {}, timeOf(delivery.receivedAt)),
  );
}
