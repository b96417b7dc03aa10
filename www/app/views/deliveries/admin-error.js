/**
 * @module views/deliveries/admin-error
 * An admin call's failure (admin/client's AdminError) as a notice: what happened, then what to do.
 */
import { h } from "../../ui/dom.js";
import { icon } from "../../ui/icons.js";
import { AdminError } from "../../admin/client.js";

const TITLES = {
  unauthorized: "Wrong admin token",
  "no-admin-api": "No admin API on this receiver",
  unreachable: "The receiver does not answer",
  cors: "The receiver does not allow this page",
  timeout: "The receiver is too slow",
  receiver: "The receiver refused",
  unexpected: "Not the receiver's answer",
};

/** A notice for `error` (an AdminError); other errors are rethrown: they are bugs. */
export function adminErrorNotice(error) {
  if (!(error instanceof AdminError)) throw error;
  return h(
    "div",
    { class: "notice error", role: "alert", "data-kind": error.kind },
    icon("alert"),
    h("div", {}, h("p", {}, h("strong", {}, TITLES[error.kind])), h("p", {}, error.message), error.hint ? h("p", {}, error.hint) : null),
  );
}
