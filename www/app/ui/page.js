/**
 * @module ui/page
 * A settings page: breadcrumb and title, actions on the right (Cancel / Save), optional tabs,
 * then the sections.
 */
import { h } from "./dom.js";

/** `crumbs`: `[{ label, href? }]`, the last one being this page. `tabs`: `[{ label, href, current }]`. */
export function page({ crumbs, title, actions = [], tabs, children }) {
  const trail = crumbs.map(({ label, href }, index) => {
    const last = index === crumbs.length - 1;
    return h("li", {}, href && !last ? h("a", { href }, label) : h("span", { "aria-current": last ? "page" : null }, label));
  });
  return h(
    "div",
    { class: "page" },
    h(
      "header",
      { class: "page-header" },
      h("div", {}, h("nav", { class: "breadcrumb", "aria-label": "Breadcrumb" }, h("ol", {}, trail)), h("h1", { tabindex: "-1" }, title)),
      actions.length ? h("div", { class: "page-actions" }, actions) : null,
    ),
    tabs ? tabBar(tabs) : null,
    h("div", { class: "page-body" }, children),
  );
}

function tabBar(tabs) {
  return h(
    "nav",
    { class: "tabs", "aria-label": "Webhook pages" },
    tabs.map(({ label, href, current }) => h("a", { href, "aria-current": current ? "page" : null }, label)),
  );
}
