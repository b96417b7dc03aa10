/**
 * @module ui/toast
 * Short confirmations ("Webhook created"), announced politely by the live region in index.html.
 */
import { h } from "./dom.js";

const SHOWN_MS = 4000;

export function toast(message) {
  const item = h("div", { class: "toast" }, message);
  document.querySelector(".toasts").append(item);
  setTimeout(() => item.remove(), SHOWN_MS);
}
