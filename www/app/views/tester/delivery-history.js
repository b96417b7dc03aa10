/**
 * @module views/tester/delivery-history
 * The deliveries sent to one webhook from this browser: time, event, status, latency.
 */
import { h } from "../../ui/dom.js";
import { deliveriesOf, forgetDeliveries } from "../../store/history.js";

export function deliveryHistory(webhookId) {
  const element = h("div", { class: "section" });

  function render() {
    const deliveries = deliveriesOf(webhookId);
    if (deliveries.length === 0) return element.replaceChildren(h("p", { class: "table-empty" }, "Nothing sent yet."));
    element.replaceChildren(
      h(
        "table",
        { class: "table" },
        h("caption", { class: "visually-hidden" }, "Deliveries sent, newest first"),
        h("thead", {}, h("tr", {}, ["Time", "Event", "Status", "Latency"].map((name) => h("th", { scope: "col", class: name === "Latency" ? "numeric" : null }, name)))),
        h("tbody", {}, deliveries.map(row)),
      ),
      h("div", { class: "section-footer" }, h("button", { type: "button", class: "button small", onClick: clear }, "Clear history")),
    );
  }

  function clear() {
    forgetDeliveries(webhookId);
    render();
  }

  render();
  return { element, render };
}

function row({ at, eventName, status, ok, latencyMs, tampered }) {
  return h(
    "tr",
    {},
    h("td", {}, h("time", { datetime: at }, new Date(at).toLocaleString())),
    h("td", { class: "mono" }, eventName, tampered ? [" ", h("span", { class: "badge warn" }, "tampered")] : null),
    h("td", {}, h("span", { class: `badge ${ok ? "ok" : "fail"}` }, String(status))),
    h("td", { class: "numeric" }, `${latencyMs} ms`),
  );
}
