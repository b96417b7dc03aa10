/**
 * @module views/deliveries/deliveries-table
 * Deliveries newest first: event (a link to the delivery), state chip, attempts, received.
 */
import { dataTable } from "../../ui/data-table.js";
import { h } from "../../ui/dom.js";
import { stateChip } from "../../ui/state-chip.js";
import { timeOf } from "../../ui/time.js";

export const deliveryHref = (id) => `#/deliveries/${encodeURIComponent(id)}`;

export function deliveriesTable(deliveries) {
  return dataTable({
    testId: "deliveries",
    caption: "Deliveries, newest first",
    columns: ["Event", "State", "Attempts", "Received"],
    numeric: ["Attempts"],
    rows: deliveries.map(row),
  });
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
