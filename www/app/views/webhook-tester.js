/**
 * @module views/webhook-tester
 * The tester of one webhook: pick an event (a record event of a Core Object, or a metadata
 * event), edit its record or event, preview the exact request (body, headers, curl) and send
 * it as Twenty would; flags events the webhook's filters would not receive; keeps a history;
 * in the demo stack, shows what the sink received.
 */
import { TwentyWebhooksError, matchesOperations } from "twenty-webhooks";
import { h } from "../ui/dom.js";
import { icon } from "../ui/icons.js";
import { field } from "../ui/field.js";
import { page } from "../ui/page.js";
import { section } from "../ui/section.js";
import { entityPicker } from "../ui/entity-picker.js";
import { ALL, METADATA_ENTITIES, METADATA_PREFIX, customObjectNameError, eventActionsFor, isMetadataEntity, isStandardObject, metadataNameError, metadataNameOf } from "../objects.js";
import { hostnameOf } from "../target-url.js";
import { buildDelivery, tamperWith } from "../delivery/build.js";
import { sendDelivery } from "../delivery/send.js";
import { recordDelivery } from "../store/history.js";
import { webhookTabs } from "./webhook-tabs.js";
import { recordEditor } from "./tester/record-editor.js";
import { metadataEventEditor } from "./tester/metadata-event-editor.js";
import { deliveryDetails } from "./tester/delivery-details.js";
import { requestPreview } from "./tester/request-preview.js";
import { sendResult } from "./tester/send-result.js";
import { deliveryHistory } from "./tester/delivery-history.js";
import { sinkPanel } from "./tester/sink-panel.js";

export function webhookTesterView({ webhook, config, navigate, onLeave }) {
  const event = firstReceivedEvent(webhook.operations);

  const picker = entityPicker({
    label: "Object",
    value: event.object,
    otherMetadata: true,
    extraObjects: entitiesNamedBy(webhook.operations),
    onSelect: (object) => changeEvent({ object }),
    onCustomInput: (object) => changeEvent({ object }),
  });
  // The select is labelled "Object" itself; this visible label only mirrors it.
  const objectField = h("div", { class: "field" }, h("span", { class: "label", "aria-hidden": "true" }, "Object"), picker.element);
  const action = field({ label: "Action", control: h("select", { class: "select", onChange: (e) => changeEvent({ action: e.target.value }) }) });
  const filterNotice = h("p", { class: "notice warning", role: "status", hidden: true });
  const record = recordEditor();
  const metadata = metadataEventEditor();
  const details = deliveryDetails();
  const formError = h("div", { class: "notice error", role: "alert", hidden: true });
  const previewArea = h("div", {}, h("p", { class: "table-empty" }, "Press Preview to see the exact request, or Send to send it."));
  const result = h("div", {}, h("p", { class: "table-empty" }, "Nothing sent yet."));
  const history = deliveryHistory(webhook.id);
  const sendButtons = [
    h("button", { type: "button", class: "button primary", onClick: () => send(false) }, icon("send"), "Send"),
    h("button", { type: "button", class: "button danger", onClick: () => send(true) }, "Send tampered"),
  ];

  /** Why the picked entity cannot be sent (a typed name Twenty could not have), or null. */
  function objectNameError() {
    if (isStandardObject(event.object)) return null;
    return event.object.startsWith(METADATA_PREFIX) ? metadataNameError(metadataNameOf(event.object)) : customObjectNameError(event.object);
  }

  /** The action choices of this kind of event; an action the kind lacks becomes "created". */
  function showActions() {
    const actions = eventActionsFor(event.object);
    if (!actions.some(({ value }) => value === event.action)) event.action = actions[0].value;
    action.control.replaceChildren(...actions.map(({ value, label }) => h("option", { value, selected: value === event.action }, label)));
  }

  function changeEvent(change) {
    Object.assign(event, change);
    const nameError = objectNameError();
    picker.custom.setAttribute("aria-invalid", String(nameError !== null));
    showFormError(nameError);
    if (nameError) return;
    const isMetadata = isMetadataEntity(event.object);
    showActions();
    record.element.hidden = isMetadata;
    metadata.element.hidden = !isMetadata;
    (isMetadata ? metadata : record).setEvent(event);
    details.setEntity(event.object, isMetadata);
    const eventName = `${event.object}.${event.action}`;
    const received = matchesOperations(webhook.operations, eventName);
    filterNotice.hidden = received;
    filterNotice.replaceChildren(
      icon("alert"),
      h("span", {}, `Twenty would not send ${eventName} to this webhook: its filters (${webhook.operations.join(", ")}) do not include it. Sending it here still tests your receiver.`),
    );
  }

  function showFormError(message) {
    formError.hidden = !message;
    formError.replaceChildren(icon("alert"), h("span", {}, message ?? ""));
  }

  /** The request for the current inputs, or null after showing what to fix. */
  function build() {
    const nameError = objectNameError();
    showFormError(nameError);
    if (nameError) {
      picker.custom.focus();
      return null;
    }
    const content = (isMetadataEntity(event.object) ? metadata : record).read();
    const values = content && details.read();
    if (!values) return null;
    const { eventDate, timestamp, nonce, ...ids } = values;
    try {
      return buildDelivery({ webhook, event, record: content.record, updatedFields: content.updatedFields, metadataEvent: content.event, ids, eventDate, timestamp, nonce });
    } catch (error) {
      if (!(error instanceof TwentyWebhooksError)) throw error;
      if (error.code === "INVALID_EVENT_DATE") details.showError("eventDate", error.message);
      else showFormError(`${error.message} ${error.hint ?? ""}`);
      return null;
    }
  }

  function preview() {
    const delivery = build();
    if (delivery) showPreview(delivery);
  }

  function showPreview(delivery, tampered = false) {
    previewArea.replaceChildren(requestPreview({ delivery, tampered, onCheck: () => navigate("#/check", { delivery, secret: webhook.secret }) }));
  }

  async function send(tampered) {
    const built = build();
    if (!built) return;
    const delivery = tampered ? tamperWith(built) : built;
    showPreview(delivery, tampered);
    sendButtons.forEach((button) => (button.disabled = true));
    result.replaceChildren(h("p", { class: "field-hint", role: "status" }, `Sending to ${delivery.url}…`));
    const outcome = await sendDelivery(delivery);
    sendButtons.forEach((button) => (button.disabled = false));
    result.replaceChildren(sendResult(outcome));
    result.scrollIntoView({ block: "nearest" });
    recordDelivery(webhook.id, {
      at: new Date().toISOString(),
      eventName: `${event.object}.${event.action}`,
      status: outcome.kind === "response" ? outcome.status : outcome.kind,
      ok: outcome.kind === "response" && outcome.ok,
      latencyMs: outcome.latencyMs,
      tampered,
    });
    history.render();
  }

  const sink = config.sinkUrl ? sinkPanel(config.sinkUrl) : null;
  if (sink) onLeave(sink.stop);
  changeEvent({});

  return page({
    crumbs: [{ label: "Workspace" }, { label: "APIs & Webhooks", href: "#/" }, { label: hostnameOf(webhook.targetUrl) }],
    title: hostnameOf(webhook.targetUrl),
    tabs: webhookTabs(webhook.id, "test"),
    children: [
      section(
        { title: "Event", description: "Pick what happened in Twenty: a record of a Core Object, or Metadata. The record or event starts from a realistic sample." },
        h("div", { class: "field-row" }, objectField, action.element),
        filterNotice,
        record.element,
        metadata.element,
        details.element,
        formError,
        h(
          "div",
          { class: "actions-row" },
          h("button", { type: "button", class: "button", onClick: preview }, "Preview"),
          sendButtons,
        ),
      ),
      section({ title: "Request", description: `Exactly what Twenty would POST to ${webhook.targetUrl}.` }, previewArea),
      section({ title: "Response", description: "Sent from this browser with Twenty's 5-second timeout." }, result),
      section({ title: "History", description: "Deliveries sent to this webhook from this browser." }, history.element),
      sink ? section({ title: "What the sink received", description: `Forwarded by the receiver to ${config.sinkUrl}.` }, sink.element) : null,
    ],
  });
}

/**
 * An event this webhook receives: its first filter, "All" read as person / created, and for
 * metadata as objectMetadata / created.
 */
function firstReceivedEvent(operations) {
  const [first = `${ALL}.${ALL}`] = operations;
  const dot = first.lastIndexOf(".");
  const [entity, action] = dot > 0 ? [first.slice(0, dot), first.slice(dot + 1)] : [ALL, ALL];
  const object = entity === ALL ? "person" : entity === `${METADATA_PREFIX}${ALL}` ? METADATA_ENTITIES[1].name : entity;
  return { object, action: action === ALL ? "created" : action };
}

/** The custom objects and metadata entities the webhook's filters name that the picker does not list. */
function entitiesNamedBy(operations) {
  const listed = new Set(METADATA_ENTITIES.map((entity) => entity.name));
  const entities = operations.map((operation) => operation.slice(0, operation.lastIndexOf(".")));
  return [...new Set(entities)].filter((name) => name !== "" && name !== ALL && !isStandardObject(name) && !listed.has(name) && !(isMetadataEntity(name) && metadataNameOf(name) === ALL));
}
