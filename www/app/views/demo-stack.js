/**
 * @module views/demo-stack
 * Shown when the page is served with the demo stack's configuration: where the local
 * receiver and sink run, and what to try.
 */
import { h } from "../ui/dom.js";
import { section } from "../ui/section.js";

export function demoStackSection({ receiverUrl, sinkUrl }) {
  return section(
    { title: "Local demo stack", description: "This page was started with a receiver and a sink on this machine." },
    h(
      "div",
      { class: "notice" },
      h(
        "ul",
        {},
        h("li", {}, "Receiver (Cloudflare Worker in workerd): ", h("code", {}, receiverUrl), ". It verifies each delivery and forwards the genuine ones."),
      sinkUrl ? h("li", {}, "Sink: ", h("code", {}, sinkUrl), ". It records what the receiver forwarded.") : null,
        h("li", {}, "Open the webhook that points at the receiver, go to its Test tab and press Send; then try Send tampered."),
        h("li", {}, "See what the receiver accepted, replay it or re-drive dead letters in ", h("a", { href: "#/deliveries" }, "Deliveries"), ", with the admin token that npm start printed."),
      ),
    ),
  );
}
