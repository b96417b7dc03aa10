/**
 * @module views/webhook-form
 * The webhook form, as in Twenty: Endpoint URL (validated inline), Description, Filters,
 * Secret, Cancel / Save; when editing, a Danger zone whose Delete asks to type "yes".
 * Like Twenty, a new form validates on Save, an existing one as soon as a field is left.
 */
import { h, uid } from "../ui/dom.js";
import { icon } from "../ui/icons.js";
import { field } from "../ui/field.js";
import { page } from "../ui/page.js";
import { section } from "../ui/section.js";
import { toast } from "../ui/toast.js";
import { filtersEditor } from "../ui/filters-editor.js";
import { secretField } from "../ui/secret-field.js";
import { confirmByTyping } from "../ui/confirm-dialog.js";
import { deleteWebhook, saveWebhook } from "../store/webhooks.js";
import { DEFAULT_OPERATIONS } from "../operations.js";
import { hostnameOf, normalizeTargetUrl } from "../target-url.js";
import { webhookTabs } from "./webhook-tabs.js";

export function webhookFormView({ webhook, navigate }) {
  const isNew = webhook === undefined;
  const draft = isNew ? { id: crypto.randomUUID(), targetUrl: "", description: "", operations: [...DEFAULT_OPERATIONS], secret: "" } : { ...webhook };
  let urlTouched = !isNew;

  const url = field({
    label: "Endpoint URL",
    hideLabel: true,
    control: h("input", { class: "input", type: "url", inputmode: "url", value: draft.targetUrl, placeholder: "https://example.com/webhook", autocomplete: "off", spellcheck: "false", "data-autofocus": isNew }),
  });
  const checkUrl = () => {
    const result = normalizeTargetUrl(url.control.value);
    url.setError(result.error);
    url.setHint(result.url && result.url !== url.control.value.trim() ? `Will be saved as ${result.url}` : null);
    return result;
  };
  url.control.addEventListener("input", () => (urlTouched ? checkUrl() : url.setHint(null)));
  url.control.addEventListener("blur", () => {
    if (urlTouched || url.control.value.trim() !== "") {
      urlTouched = true;
      checkUrl();
    }
  });

  const description = field({
    label: "Description",
    hideLabel: true,
    control: h("textarea", { class: "textarea", rows: 4, placeholder: "Write a description", value: draft.description, onInput: (event) => (draft.description = event.target.value) }),
  });
  const filters = filtersEditor({ operations: draft.operations, onChange: (operations) => (draft.operations = operations) });
  const secretTitleId = uid("secret-title");
  const secret = secretField({ value: draft.secret, labelledBy: secretTitleId, onChange: (value) => (draft.secret = value) });

  function save() {
    urlTouched = true;
    const target = checkUrl();
    const filtersOk = filters.validate();
    if (target.error) return url.control.focus();
    if (!filtersOk) return filters.firstInvalid()?.focus();
    saveWebhook({ ...draft, targetUrl: target.url });
    toast(`Webhook ${target.url} ${isNew ? "created" : "updated"} successfully`);
    navigate(`#/webhooks/${draft.id}`);
  }

  async function remove() {
    const confirmed = await confirmByTyping({
      title: "Delete webhook",
      message: 'Please type "yes" to confirm you want to delete this webhook.',
      confirmLabel: "Delete",
    });
    if (!confirmed) return;
    deleteWebhook(webhook.id);
    toast("Webhook deleted successfully");
    navigate("#/");
  }

  // A real form, so that Enter in a field saves; Save sits in the header, tied to it by id.
  const formId = uid("webhook-form");
  const form = h("form", { id: formId, class: "page-form", novalidate: true, onSubmit: (event) => (event.preventDefault(), save()) });
  const title = isNew ? "New Webhook" : hostnameOf(webhook.targetUrl);
  form.append(
    section({ title: "Endpoint URL", description: "We will send POST requests to this endpoint for every new event" }, url.element),
    section({ title: "Description", description: "An optional description" }, description.element),
    section({ title: "Filters", description: "Select the events you wish to send to this endpoint" }, filters.element),
    section({ title: "Secret", description: "Optional secret used to compute the HMAC signature for webhook payloads", titleId: secretTitleId }, secret.element),
  );
  return page({
    crumbs: [{ label: "Workspace" }, { label: "APIs & Webhooks", href: "#/" }, { label: isNew ? "New" : title }],
    title,
    actions: [h("a", { class: "button", href: "#/" }, "Cancel"), h("button", { type: "submit", form: formId, class: "button primary" }, "Save")],
    tabs: isNew ? null : webhookTabs(webhook.id, "settings"),
    children: [
      form,
      isNew
        ? null
        : section(
            { title: "Danger zone", description: "Delete this webhook" },
            h("div", {}, h("button", { type: "button", class: "button danger", onClick: remove }, icon("trash"), "Delete")),
          ),
    ],
  });
}
