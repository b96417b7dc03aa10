/**
 * @module router
 * Hash routes (so the page works from any static host):
 * `#/` list, `#/webhooks/new`, `#/webhooks/<id>`, `#/webhooks/<id>/test`, `#/check`,
 * `#/deliveries[?state=…&event=…]`, `#/deliveries/<id>`.
 * Other hashes (the skip link's #main) leave the page as it is.
 */
import { h } from "./ui/dom.js";
import { page } from "./ui/page.js";
import { getWebhook } from "./store/webhooks.js";
import { webhooksListView } from "./views/webhooks-list.js";
import { webhookFormView } from "./views/webhook-form.js";
import { webhookTesterView } from "./views/webhook-tester.js";
import { checkDeliveryView } from "./views/check-delivery.js";
import { deliveriesListView } from "./views/deliveries-list.js";
import { deliveryDetailView } from "./views/delivery-detail.js";

const ROUTES = [
  [/^#?\/?$/, (context) => webhooksListView(context)],
  [/^#\/webhooks\/new$/, (context) => webhookFormView(context)],
  [/^#\/webhooks\/([\w-]+)$/, (context, id) => withWebhook(id, (webhook) => webhookFormView({ ...context, webhook }))],
  [/^#\/webhooks\/([\w-]+)\/test$/, (context, id) => withWebhook(id, (webhook) => webhookTesterView({ ...context, webhook }))],
  [/^#\/check$/, (context) => checkDeliveryView(context)],
  [/^#\/deliveries(\?.*)?$/, (context) => deliveriesListView(context)],
  [/^#\/deliveries\/([^/?]+)$/, (context, id) => deliveryDetailView(context, id)],
];

function withWebhook(id, view) {
  const webhook = getWebhook(id);
  if (webhook) return view(webhook);
  return page({
    crumbs: [{ label: "Workspace" }, { label: "APIs & Webhooks", href: "#/" }, { label: "Not found" }],
    title: "Webhook not found",
    children: [h("p", {}, "This webhook does not exist in this browser (deleted, or saved in another one). ", h("a", { href: "#/" }, "Back to the webhooks"))],
  });
}

export function startRouter({ main, config }) {
  let leaving = [];
  let state;

  function navigate(hash, nextState) {
    state = nextState;
    if (location.hash === hash) render();
    else location.hash = hash;
  }

  function render({ initial = false } = {}) {
    const hash = location.hash;
    const route = ROUTES.find(([pattern]) => pattern.test(hash));
    if (!route) {
      if (initial) navigate("#/");
      return;
    }
    leaving.forEach((leave) => leave());
    leaving = [];
    const [pattern, view] = route;
    const context = { config, navigate, state, rerender: render, onLeave: (leave) => leaving.push(leave) };
    state = undefined;
    main.replaceChildren(view(context, ...pattern.exec(hash).slice(1)));
    markCurrentNav(hash);
    // After a navigation, the focus moves to the new page (its first field, or its title) as
    // a page load would put it there.
    if (!initial) (main.querySelector("[data-autofocus]") ?? main.querySelector("h1"))?.focus();
  }

  window.addEventListener("hashchange", () => render());
  render({ initial: true });
}

function markCurrentNav(hash) {
  const current = hash.startsWith("#/check") ? "check" : hash.startsWith("#/deliveries") ? "deliveries" : "webhooks";
  for (const link of document.querySelectorAll("[data-nav]")) {
    if (link.dataset.nav === current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}
