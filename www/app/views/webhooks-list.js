/**
 * @module views/webhooks-list
 * "Settings → APIs & Webhooks": the Webhooks section as in Twenty (one row per webhook: its
 * URL's hostname and a chevron; "+ Create webhook"), then export / import of the list.
 */
import { h } from "../ui/dom.js";
import { icon } from "../ui/icons.js";
import { page } from "../ui/page.js";
import { section } from "../ui/section.js";
import { toast } from "../ui/toast.js";
import { listWebhooks, saveWebhooks } from "../store/webhooks.js";
import { ImportError, exportWebhooks, parseImport } from "../store/transfer.js";
import { hostnameOf } from "../target-url.js";
import { demoStackSection } from "./demo-stack.js";

export function webhooksListView({ config, rerender }) {
  const webhooks = listWebhooks();
  return page({
    crumbs: [{ label: "Workspace" }, { label: "APIs & Webhooks" }],
    title: "APIs & Webhooks",
    children: [
      section(
        { title: "Webhooks", description: "Establish Webhook endpoints for notifications on asynchronous events." },
        webhooksTable(webhooks),
        h("div", { class: "section-footer" }, h("a", { class: "button", href: "#/webhooks/new" }, icon("plus"), "Create webhook")),
      ),
      transferSection(webhooks, rerender),
      config.receiverUrl ? demoStackSection(config) : null,
    ],
  });
}

function webhooksTable(webhooks) {
  if (webhooks.length === 0) return h("p", { class: "table-empty" }, "No webhook yet.");
  return h(
    "table",
    { class: "table" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "URL"))),
    h(
      "tbody",
      {},
      webhooks.map((webhook) =>
        h(
          "tr",
          {},
          h(
            "td",
            {},
            h(
              "a",
              { class: "row-link", href: `#/webhooks/${webhook.id}`, title: webhook.targetUrl },
              h("span", { class: "row-main" }, h("span", {}, hostnameOf(webhook.targetUrl))),
              icon("chevronRight"),
            ),
          ),
        ),
      ),
    ),
  );
}

function transferSection(webhooks, rerender) {
  const error = h("div", { class: "notice error", role: "alert", hidden: true });
  const file = h("input", { type: "file", accept: "application/json,.json", hidden: true, "aria-label": "Import webhooks from a JSON file" });
  file.addEventListener("change", async () => {
    const [chosen] = file.files;
    file.value = "";
    if (!chosen) return;
    try {
      const imported = parseImport(await chosen.text());
      saveWebhooks(imported);
      error.hidden = true;
      toast(`Imported ${imported.length} webhook${imported.length === 1 ? "" : "s"}`);
      rerender();
    } catch (caught) {
      if (!(caught instanceof ImportError)) throw caught;
      error.replaceChildren(icon("alert"), h("span", {}, `Nothing was imported. ${caught.message}`));
      error.hidden = false;
    }
  });
  return section(
    {
      title: "Export and import",
      description: "Webhooks live in this browser's storage. Move them to another browser as a JSON file (it holds their secrets); an import adds them, replacing those with the same id.",
    },
    h(
      "div",
      { class: "actions-row" },
      h("button", { type: "button", class: "button", disabled: webhooks.length === 0, onClick: () => download(exportWebhooks(webhooks)) }, icon("download"), "Export JSON"),
      h("button", { type: "button", class: "button", onClick: () => file.click() }, icon("upload"), "Import JSON"),
      file,
    ),
    error,
  );
}

function download(text) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = h("a", { href: url, download: "twenty-webhooks.json", hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000); // the download starts asynchronously
}
