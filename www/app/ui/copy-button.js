/**
 * @module ui/copy-button
 * A button that copies text. The clipboard API needs a secure context (https or localhost)
 * and the user's permission; when it is refused the user is told to copy by hand.
 */
import { h } from "./dom.js";
import { icon } from "./icons.js";
import { toast } from "./toast.js";

/** `what` names the thing copied ("curl command"); `text()` gives it at click time. */
export function copyButton({ what, text, small = false }) {
  return h(
    "button",
    {
      type: "button",
      class: `button${small ? " small" : ""}`,
      "aria-label": `Copy ${what}`,
      onClick: async () => {
        try {
          await navigator.clipboard.writeText(text());
          toast(`Copied the ${what}`);
        } catch {
          toast(`Could not copy the ${what}: select it and press Ctrl+C (⌘C on a Mac).`);
        }
      },
    },
    icon("copy"),
    "Copy",
  );
}
