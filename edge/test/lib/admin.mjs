/**
 * The admin API from the tests' side: a client that sends the token as a Bearer header and
 * keeps every answer's text (so a test can check that none holds a secret), and the paths the
 * API serves.
 */
import { post } from "./harness.mjs";

/** One request per admin route (ids made up): every one must be refused alike without the token. */
export const ADMIN_REQUESTS = [
  { method: "GET", path: "/admin" },
  { method: "GET", path: "/admin/deliveries" },
  { method: "GET", path: "/admin/deliveries?state=dead&limit=5" },
  { method: "GET", path: "/admin/deliveries/0123abcd" },
  { method: "POST", path: "/admin/deliveries/0123abcd/replay" },
  { method: "GET", path: "/admin/dead-letters" },
  { method: "POST", path: "/admin/dead-letters/redrive" },
  { method: "GET", path: "/admin/relay" },
  { method: "GET", path: "/admin/no-such-route" },
];

/**
 * A client for `edge`'s admin API with `token`: `call(path, { method, json, token, headers })`
 * resolves as harness `post` does; `answers` holds the text of every answer so far.
 */
export function adminClient(edge, token) {
  const answers = [];
  async function call(path, { method = "GET", json, token: sent = token, headers = {} } = {}) {
    const auth = sent === null ? {} : { Authorization: `Bearer ${sent}` };
    const body = json === undefined ? undefined : JSON.stringify(json);
    const answer = await post(edge, { method, path, body, headers: { ...auth, ...(body ? { "Content-Type": "application/json" } : {}), ...headers } });
    answers.push(answer.text);
    return answer;
  }
  return { call, answers };
}

/** Every page of a list, following `nextCursor`: the items, and the pages' sizes. */
export async function allPages(client, path, key, limit) {
  const items = [];
  const sizes = [];
  let cursor = null;
  do {
    const separator = path.includes("?") ? "&" : "?";
    const answer = await client.call(`${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${answer.text}`);
    items.push(...answer.json[key]);
    sizes.push(answer.json[key].length);
    cursor = answer.json.nextCursor;
  } while (cursor);
  return { items, sizes };
}
