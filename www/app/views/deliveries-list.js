/**
 * @module views/deliveries-list
 * "Deliveries": what the edge receiver accepted, read from its admin API. Connect with the
 * receiver's URL and admin token; the deliveries come newest first with their state, filtered
 * by state and event name (kept in the page's address, `#/deliveries?state=dead&event=…`, so
 * Back from a delivery returns to the same list), 50 at a time with Load more; then the dead
 * letters with Re-drive.
 */
import { h } from "../ui/dom.js";
import { icon } from "../ui/icons.js";
import { field } from "../ui/field.js";
import { page } from "../ui/page.js";
import { section } from "../ui/section.js";
import { toast } from "../ui/toast.js";
import { DELIVERY_STATES } from "../ui/state-chip.js";
import { adminClient } from "../admin/client.js";
import { adminConnection, forgetAdminToken, saveAdminConnection } from "../store/admin-connection.js";
import { connectForm } from "./deliveries/connect-form.js";
import { adminErrorNotice } from "./deliveries/admin-error.js";
import { deliveriesTable } from "./deliveries/deliveries-table.js";
import { deadLettersTable } from "./deliveries/dead-letters.js";

export const DELIVERIES_CRUMBS = [{ label: "Workspace" }, { label: "Deliveries", href: "#/deliveries" }];

export function deliveriesListView({ config }) {
  const filters = filtersFromHash();
  let client = null;
  let receiverUrl = "";
  let unsaved = null; // a connection not yet accepted by the receiver
  let shown = [];
  let nextCursor = null;
  let generation = 0; // answers to an older listing (filters changed since) are dropped

  const connection = adminConnection(config);
  const form = connectForm({ connection, onConnect: connect, onForget: disconnect });
  const connectionStatus = h("div", { "aria-live": "polite" });

  const stateFilter = field({
    label: "State",
    control: h(
      "select",
      { class: "select", onChange: () => applyFilters() },
      h("option", { value: "" }, "All states"),
      DELIVERY_STATES.map((state) => h("option", { value: state, selected: state === filters.state }, state)),
    ),
  });
  const eventOptions = h("datalist", { id: "delivery-events" });
  const eventFilter = field({
    label: "Event",
    control: h("input", { class: "input mono", value: filters.event, placeholder: "All events, or e.g. person.created", list: eventOptions.id, autocomplete: "off", spellcheck: "false", onChange: () => applyFilters() }),
  });
  const filterForm = h(
    "form",
    { class: "delivery-filters", role: "search", "aria-label": "Filter deliveries", onSubmit: (event) => (event.preventDefault(), applyFilters()) },
    stateFilter.element,
    eventFilter.element,
    eventOptions,
    h("button", { type: "button", class: "button", onClick: () => loadAll() }, icon("refresh"), "Refresh"),
  );
  const listStatus = h("p", { class: "field-hint", role: "status" });
  const listArea = h("div", {});
  const listError = h("div", {});
  const loadMore = h("button", { type: "button", class: "button", hidden: true, onClick: () => loadDeliveries({ more: true }) }, "Load more");
  const deadArea = h("div", {});
  const redriveStatus = h("div", { role: "status", "data-testid": "redrive-status" });
  let redriving = false; // a re-drive request in flight: its buttons stay off until it is answered

  const connected = [
    section({ title: "Deliveries", description: "What the receiver accepted, newest first. A delivery's state is the worst of its destinations': dead, retrying, queued, delivered." }, filterForm, listError, listStatus, listArea, h("div", { class: "section-footer" }, loadMore)),
    section({ title: "Dead letters", description: "Deliveries that used up their attempts. Re-drive sends them again, same delivery id; a re-driven letter leaves the list once delivered." }, redriveStatus, deadArea),
  ];

  /** Uses `next` from now on; it is kept for this tab once the receiver has taken its token. */
  function connect(next) {
    receiverUrl = next.receiverUrl;
    client = adminClient(next);
    unsaved = next;
    loadAll();
  }

  function disconnect() {
    forgetAdminToken();
    client = null;
    generation += 1;
    connected.forEach((element) => (element.hidden = true));
    connectionStatus.replaceChildren(h("p", { class: "field-hint" }, "Token forgotten."));
  }

  function applyFilters() {
    const next = { state: stateFilter.control.value, event: eventFilter.control.value.trim() };
    if (next.state === filters.state && next.event === filters.event && shown.length) return;
    Object.assign(filters, next);
    const search = new URLSearchParams(Object.entries(filters).filter(([, value]) => value));
    // Replaced in place: the view stays (and the focus with it); Back from a delivery finds it.
    history.replaceState(null, "", `#/deliveries${search.size ? `?${search}` : ""}`);
    loadDeliveries();
  }

  /** The first page of deliveries and the dead letters; the connection's verdict from the first. */
  async function loadAll() {
    if (!client) return;
    const ok = await loadDeliveries();
    if (ok) await loadDeadLetters();
  }

  async function loadDeliveries({ more = false } = {}) {
    if (!client) return false;
    const mine = (generation += 1);
    listStatus.textContent = more ? "Loading more…" : "Loading…";
    loadMore.disabled = true;
    try {
      const page = await client.listDeliveries({ state: filters.state, event: filters.event, cursor: more ? nextCursor : undefined });
      if (mine !== generation) return false;
      if (unsaved) saveAdminConnection(unsaved);
      unsaved = null;
      shown = more ? [...shown, ...page.deliveries] : page.deliveries;
      nextCursor = page.nextCursor;
      showConnected();
      renderList();
      return true;
    } catch (error) {
      if (mine !== generation) return false;
      showFailure(error);
      return false;
    } finally {
      loadMore.disabled = false;
    }
  }

  async function loadDeadLetters() {
    try {
      const { deadLetters, nextCursor: more } = await client.listDeadLetters();
      deadArea.replaceChildren(deadLettersTable(deadLetters, { more: more !== null, onRedrive: redrive }));
    } catch (error) {
      deadArea.replaceChildren(adminErrorNotice(error));
    }
  }

  async function redrive(ids) {
    if (redriving) return;
    redriving = true;
    const buttons = [...deadArea.querySelectorAll("button:not([disabled])")];
    buttons.forEach((button) => (button.disabled = true));
    try {
      const answer = await client.redrive(ids);
      toast(redriveSummary(answer));
      redriveStatus.replaceChildren(...remainingNotice(answer));
    } catch (error) {
      buttons.forEach((button) => (button.disabled = false));
      deadArea.prepend(adminErrorNotice(error));
      return;
    } finally {
      redriving = false;
    }
    await loadAll();
  }

  function showConnected() {
    connected.forEach((element) => (element.hidden = false));
    listError.replaceChildren();
    connectionStatus.replaceChildren(h("p", { class: "notice success" }, icon("check"), h("span", {}, `Connected to ${receiverUrl}.`)));
  }

  function showFailure(error) {
    const notice = adminErrorNotice(error);
    // A failure of the connection itself shows at the form; a refused listing (a bad filter, the
    // log unavailable) at the list, when the list shows.
    if (error.kind === "receiver" && !connected[0].hidden) {
      listStatus.textContent = "";
      listError.replaceChildren(notice);
      return;
    }
    // A refused token is not kept, not even for this tab.
    if (error.kind === "unauthorized") forgetAdminToken();
    connected.forEach((element) => (element.hidden = true));
    connectionStatus.replaceChildren(notice);
  }

  function renderList() {
    listError.replaceChildren();
    const filtered = filters.state || filters.event;
    listStatus.textContent = shown.length === 0 ? (filtered ? "No delivery matches these filters." : "No delivery yet.") : `${shown.length} deliver${shown.length === 1 ? "y" : "ies"} shown${nextCursor ? ", more to load" : ""}.`;
    listArea.replaceChildren(shown.length ? deliveriesTable(shown) : "");
    loadMore.hidden = !nextCursor;
    // The event names seen so far are offered as the Event filter's suggestions.
    const known = new Set([...eventOptions.options].map((option) => option.value));
    const names = new Set(shown.map((delivery) => delivery.eventName).filter((name) => name && !known.has(name)));
    eventOptions.append(...[...names].map((name) => h("option", { value: name })));
  }

  connected.forEach((element) => (element.hidden = true));
  if (connection.receiverUrl && connection.token) connect(connection);

  return page({
    crumbs: [DELIVERIES_CRUMBS[0], { label: "Deliveries" }],
    title: "Deliveries",
    children: [
      section(
        { title: "Receiver", description: "The edge receiver's delivery log, through its admin API (the receiver must list this page's origin in CORS_ORIGINS)." },
        form.element,
        connectionStatus,
      ),
      ...connected,
    ],
  });
}

/** A re-drive's answer in one line: how many went, and why others did not. */
function redriveSummary({ redriving, alreadyRedriving = [], bodyExpired = [] }) {
  const notes = [];
  if (alreadyRedriving.length) notes.push(`${alreadyRedriving.length} already being re-driven`);
  if (bodyExpired.length) notes.push(`${bodyExpired.length} skipped: body no longer kept`);
  const sent = redriving === 0 ? "No dead letter to re-drive" : `Re-driving ${redriving} dead letter${redriving === 1 ? "" : "s"}`;
  return `${sent}${notes.length ? ` (${notes.join("; ")})` : ""}`;
}

/** After a re-drive that left letters waiting (the receiver takes 100 per call): how many, and what to do. */
function remainingNotice({ remaining = 0 }) {
  if (remaining === 0) return [];
  const waiting = `${remaining} more dead letter${remaining === 1 ? " is" : "s are"} waiting`;
  return [h("p", { class: "notice warning" }, icon("alert"), h("span", {}, `${waiting}: the receiver re-drives 100 at a time. Press Re-drive all again for the next ones.`))];
}

/** `{ state, event }` from `#/deliveries?state=…&event=…`. */
function filtersFromHash() {
  const params = new URLSearchParams(location.hash.split("?")[1] ?? "");
  return { state: params.get("state") ?? "", event: params.get("event") ?? "" };
}
