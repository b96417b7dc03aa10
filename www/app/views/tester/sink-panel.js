/**
 * @module views/tester/sink-panel
 * In the demo stack: what the sink received from the receiver, polled from
 * `<sinkUrl>/deliveries` (a JSON array, oldest first) while the tester is open.
 */
import { h } from "../../ui/dom.js";
import { codePanel } from "../../ui/code-panel.js";

const POLL_MS = 1500;
const SHOWN = 10;

export function sinkPanel(sinkUrl) {
  const status = h("p", { class: "field-hint", role: "status" }, "Waiting for the sink…");
  const list = h("ol", { class: "sink-list", reversed: true });
  let timer;
  let stopped = false;

  async function poll() {
    try {
      const response = await fetch(`${sinkUrl}/deliveries`, { cache: "no-store" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      render(await response.json());
    } catch (error) {
      status.textContent = `The sink at ${sinkUrl} does not answer (${error.message}).`;
    }
    if (!stopped) timer = setTimeout(poll, POLL_MS);
  }

  function render(deliveries) {
    status.textContent = `The sink received ${deliveries.length} deliver${deliveries.length === 1 ? "y" : "ies"}.`;
    list.replaceChildren(...deliveries.slice(-SHOWN).reverse().map(item));
  }

  poll();
  return {
    element: h("div", { class: "section" }, status, list),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

function item(delivery) {
  const body = typeof delivery.body === "string" ? delivery.body : JSON.stringify(delivery.body ?? delivery);
  return h(
    "li",
    { class: "sink-item" },
    h(
      "details",
      {},
      h(
        "summary",
        {},
        h("span", { class: "mono" }, eventNameOf(body) ?? "delivery"),
        delivery.receivedAt ? h("span", { class: "field-hint" }, new Date(delivery.receivedAt).toLocaleTimeString()) : null,
        // The receiver signs each hop afresh with its forward secret; the sink checks it.
        delivery.verified === true ? h("span", { class: "badge ok" }, "hop signature verified") : null,
        delivery.verified === false ? h("span", { class: "badge fail" }, `hop refused: ${delivery.error}`) : null,
      ),
      codePanel({ label: "Body as forwarded", text: body }),
    ),
  );
}

function eventNameOf(body) {
  try {
    return JSON.parse(body).eventName;
  } catch {
    return null;
  }
}
