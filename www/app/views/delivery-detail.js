/**
 * @module views/delivery-detail
 * One delivery from the receiver's log: its summary, each destination's state, attempts and
 * last failure, Twenty's headers and the body (pretty-printed when it is JSON). Replay forwards
 * the original bytes again to every destination, same delivery id; a delivery in the dead-letter
 * list whose body is kept can be re-driven from here too. Both buttons are off while a request
 * is in flight.
 */
import { dataTable } from "../ui/data-table.js";
import { h } from "../ui/dom.js";
import { icon } from "../ui/icons.js";
import { page } from "../ui/page.js";
import { section } from "../ui/section.js";
import { toast } from "../ui/toast.js";
import { codePanel } from "../ui/code-panel.js";
import { stateChip } from "../ui/state-chip.js";
import { timeOf } from "../ui/time.js";
import { adminClient } from "../admin/client.js";
import { adminConnection } from "../store/admin-connection.js";
import { adminErrorNotice } from "./deliveries/admin-error.js";
import { DELIVERIES_CRUMBS } from "./deliveries-list.js";

export function deliveryDetailView({ config }, encodedId) {
  const id = decodeURIComponent(encodedId);
  const connection = adminConnection(config);
  const crumbs = [...DELIVERIES_CRUMBS, { label: shortId(id) }];
  if (!connection.receiverUrl || !connection.token) {
    return page({
      crumbs,
      title: "Delivery",
      children: [h("p", {}, "Connect to the receiver first: its admin token is kept in this tab only. ", h("a", { href: "#/deliveries" }, "Connect on the Deliveries page"))],
    });
  }
  const client = adminClient(connection);
  const status = h("div", { hidden: true });
  const body = h("div", { class: "page-sections" }, h("p", { class: "field-hint" }, "Loading…"));
  const replay = h("button", { type: "button", class: "button primary", disabled: true, onClick: () => act("replay") }, icon("send"), "Replay");
  const redrive = h("button", { type: "button", class: "button", hidden: true, onClick: () => act("redrive") }, icon("refresh"), "Re-drive");
  const refresh = h("button", { type: "button", class: "button", onClick: () => load() }, icon("refresh"), "Refresh");

  let shown = null; // the delivery as last loaded: what the buttons offer
  let acting = false; // a replay or re-drive in flight

  function showButtons() {
    const letter = shown?.deadLetter ?? null;
    replay.disabled = acting || !shown || shown.bodyExpired;
    replay.title = shown?.bodyExpired ? "The body is no longer kept: nothing to replay." : "";
    // Only a letter in the dead-letter list with its body kept can be re-driven.
    redrive.hidden = !letter?.bodyKept;
    redrive.disabled = acting || Boolean(letter?.redrivingSince);
    redrive.title = letter?.redrivingSince ? `Being re-driven since ${new Date(letter.redrivingSince).toLocaleString()}` : "";
  }

  async function load() {
    try {
      shown = await client.getDelivery(id);
      body.replaceChildren(...sectionsFor(shown));
    } catch (error) {
      body.replaceChildren(adminErrorNotice(error));
    }
    showButtons();
  }

  async function act(action) {
    if (acting) return;
    acting = true;
    showButtons();
    try {
      if (action === "replay") {
        const { destinations } = await client.replay(id);
        toast(`Replaying to ${destinations.length} destination${destinations.length === 1 ? "" : "s"}`);
      } else {
        const { redriving } = await client.redrive([id]);
        toast(redriving ? "Re-driving this dead letter" : "Already being re-driven");
      }
      status.hidden = true;
    } catch (error) {
      status.replaceChildren(adminErrorNotice(error));
      status.hidden = false;
    }
    acting = false;
    await load();
  }

  load();
  return page({
    crumbs,
    title: "Delivery",
    actions: [refresh, redrive, replay],
    children: [status, body],
  });
}

function sectionsFor(delivery) {
  return [
    section(
      { title: delivery.eventName ?? "(no event name)", description: "As the receiver logged it when Twenty's request arrived." },
      h(
        "dl",
        { class: "facts", "data-testid": "delivery-facts" },
        fact("State", stateChip(delivery.state)),
        fact("Delivery id", h("span", { class: "mono" }, delivery.deliveryId)),
        fact("Received", timeOf(delivery.receivedAt)),
        fact("Size", `${delivery.size} bytes`),
        fact("Attempts", String(delivery.attempts)),
      ),
    ),
    section({ title: "Destinations", description: "Every try counts, across retries, replays and re-drives." }, destinationsTable(delivery.destinations)),
    section(
      { title: "Twenty's headers", description: "As received: Content-Type and the X-Twenty-Webhook-* headers." },
      codePanel({ label: "Headers", text: Object.entries(delivery.headers ?? {}).map(([name, value]) => `${name}: ${value}`).join("\n"), testId: "delivery-headers" }),
    ),
    section({ title: "Body", description: "The body Twenty sent." }, bodyPanel(delivery)),
  ];
}

function fact(label, value) {
  return h("div", { class: "fact" }, h("dt", {}, label), h("dd", {}, value));
}

function destinationsTable(destinations) {
  return dataTable({
    testId: "destinations",
    caption: "Destinations",
    columns: ["Destination", "State", "Attempts", "Last failure"],
    numeric: ["Attempts"],
    rows: destinations.map(destinationRow),
  });
}

function destinationRow(destination) {
  return h(
    "tr",
    { "data-url": destination.url },
    h("td", { class: "mono destination-url" }, destination.url),
    h("td", {}, stateChip(destination.state)),
    h("td", { class: "numeric" }, String(destination.attempts)),
    h("td", {}, destination.lastFailure ? [h("span", { class: "mono" }, destination.lastFailure.reason), " ", h("span", { class: "field-hint" }, timeOf(destination.lastFailure.at))] : h("span", { class: "field-hint" }, "—")),
  );
}

function bodyPanel(delivery) {
  if (delivery.body === null || delivery.bodyExpired) {
    return h(
      "p",
      { class: "notice warning" },
      icon("alert"),
      h("span", {}, "The body is no longer kept: the receiver keeps bodies for LOG_RETENTION_DAYS (3 days unless set), then only what is shown above. It cannot be replayed."),
    );
  }
  const pretty = prettyJson(delivery.body);
  return codePanel({ label: "Body", text: pretty ?? delivery.body, note: pretty ? "pretty-printed; the receiver keeps and forwards the exact bytes" : "as received", testId: "delivery-body" });
}

function prettyJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}

function shortId(id) {
  return id.length > 12 ? `${id.slice(0, 12)}…` : id;
}
