/**
 * @module ui/section
 * Twenty's section: a title, a grey description under it, then the content. The section is
 * labelled by its title.
 */
import { h, uid } from "./dom.js";

/** `titleId` lets a control inside be labelled by the title. */
export function section({ title, description, titleId = uid("section") }, ...children) {
  return h(
    "section",
    { class: "section", "aria-labelledby": titleId },
    h("div", { class: "section-title" }, h("h2", { id: titleId }, title), description ? h("p", {}, description) : null),
    ...children,
  );
}
