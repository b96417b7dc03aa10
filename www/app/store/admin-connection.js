/**
 * @module store/admin-connection
 * Where the Deliveries view connects: the receiver's URL (not secret: kept in localStorage,
 * else the demo stack's configuration) and the admin token, which is kept in sessionStorage
 * only: this tab forgets it when closed, other tabs never see it, and it is in no export and
 * no URL.
 */
import { load, save } from "./storage.js";

const RECEIVER_KEY = "admin-receiver-url";
const TOKEN_KEY = "twenty-webhooks-demo.admin-token";

/** `{ receiverUrl, token }`, either maybe "". */
export function adminConnection(config) {
  return {
    receiverUrl: load(RECEIVER_KEY, null) ?? config.receiverUrl ?? "",
    token: sessionStorage.getItem(TOKEN_KEY) ?? "",
  };
}

export function saveAdminConnection({ receiverUrl, token }) {
  save(RECEIVER_KEY, receiverUrl);
  sessionStorage.setItem(TOKEN_KEY, token);
}

/** Forgets the token (the URL stays as a convenience). */
export function forgetAdminToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}
