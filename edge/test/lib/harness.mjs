/**
 * What the edge tests share: signed deliveries built with the package, a client for the
 * receiver, a sink + receiver pair per test file, waiting on conditions (never on fixed sleeps
 * alone), the Worker's JSON log lines, and its delivery log (D1) read from Node.
 */
import { after } from "node:test";
import { buildPayload, generateSecret, sampleRecord, signRequest, TWENTY_HEADERS } from "twenty-webhooks";
import { startEdge } from "../../dev.mjs";
import { startSink } from "../../sink.mjs";

export const WEBHOOK_PATH = "/webhooks/twenty";
export const ACTIONS = ["created", "updated", "deleted", "restored", "destroyed"];
export const OBJECTS = ["person", "company", "opportunity", "task", "note", "invoice"];

/**
 * Starts a sink and a receiver forwarding to it (FORWARD_URL, or ROUTES when `routes(sinkUrl)`
 * gives them); both stop when the test file ends.
 */
export async function startPair({ sink: sinkOptions = {}, routes, vars = {}, ...edgeOptions } = {}) {
  const secrets = edgeOptions.secrets ?? [generateSecret(), generateSecret()];
  const forwardSecret = edgeOptions.forwardSecret ?? generateSecret();
  const sink = await startStoppedAfter({ forwardSecret, ...sinkOptions });
  const destination = routes ? { vars: { ...vars, ROUTES: JSON.stringify(routes(sink.url)) } } : { sinkUrl: sink.url, vars };
  const edge = await startEdge({ ...edgeOptions, ...destination, secrets, forwardSecret });
  after(() => edge.stop());
  return { sink, edge, secrets, forwardSecret };
}

/** A loopback port nothing listens on (until a test starts something there). */
export async function unusedPort() {
  const probe = await startSink();
  const port = Number(new URL(probe.url).port);
  await probe.stop();
  return port;
}

/** A fresh sink that stops when the test file ends. */
export async function startStoppedAfter(options) {
  const sink = await startSink(options);
  after(() => sink.stop());
  return sink;
}

/**
 * The exact body Twenty sends for `<object>.<action>` (a sample record, seeded), signed with
 * `secret` as Twenty signs it: `{ body, headers, eventName }`.
 */
export function delivery({ secret, object = "person", action = "created", seed = 1, timestamp = Date.now(), record, extra = {} }) {
  const eventName = `${object}.${action}`;
  const body = buildPayload({
    targetUrl: "https://edge.example/webhooks/twenty",
    eventName,
    record: record ?? sampleRecord(object, { seed, action }),
    ...(["updated", "deleted", "restored"].includes(action) ? { updatedFields: action === "updated" ? ["name"] : ["deletedAt"] } : {}),
    ...extra,
  });
  return { body, headers: signRequest({ secret, body, timestamp }).headers, eventName };
}

/**
 * A metadata event as Twenty sends it (`metadata.<name>.<action>`; body keys in Twenty's order,
 * written out here from the protocol notes), signed with `secret`: `{ body, headers, eventName }`.
 */
export function metadataDelivery({ secret, metadataName = "view", action = "updated", timestamp = Date.now() }) {
  const eventName = `metadata.${metadataName}.${action}`;
  const before = { id: crypto.randomUUID(), name: "allPeople", label: "All People", isActive: true };
  const after = { ...before, label: "Everyone" };
  const properties = { created: { after }, updated: { updatedFields: ["label"], diff: { label: { before: before.label, after: after.label } }, before, after }, deleted: { before } }[action];
  const body = JSON.stringify({
    targetUrl: "https://edge.example/webhooks/twenty",
    eventName,
    workspaceId: crypto.randomUUID(),
    webhookId: crypto.randomUUID(),
    eventDate: new Date(timestamp).toISOString(),
    event: { metadataName, recordId: before.id, properties, type: action },
  });
  return { body, headers: signRequest({ secret, body, timestamp }).headers, eventName };
}

/** Varied genuine deliveries: every action of every object, user and system changes, both secrets. */
export function variedDeliveries(secrets) {
  return OBJECTS.flatMap((object, i) =>
    ACTIONS.map((action, j) => {
      const byUser = (i + j) % 2 === 0 ? { userId: crypto.randomUUID(), workspaceMemberId: crypto.randomUUID() } : {};
      return delivery({ secret: secrets[(i + j) % secrets.length], object, action, seed: 100 * i + j, extra: byUser });
    }),
  );
}

/** POSTs to the receiver; resolves to `{ status, headers, json, text, ms }`. */
export async function post(edge, { body, headers = {}, method = "POST", path = WEBHOOK_PATH }) {
  const started = performance.now();
  const response = await fetch(edge.url + path, { method, headers, body: method === "GET" || method === "HEAD" ? undefined : body });
  const text = await response.text();
  const ms = performance.now() - started;
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: response.status, headers: response.headers, json, text, ms };
}

/** Resolves once `condition()` is truthy; fails naming `what` after `timeoutMs`. */
export async function waitFor(what, condition, { timeoutMs = 60_000, everyMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The Worker's JSON log lines (see src/log.js), optionally only those of one event. */
export function logEvents(edge, event) {
  const events = [];
  for (const match of edge.logs().matchAll(/\{"event":.*\}/g)) {
    try {
      events.push(JSON.parse(match[0]));
    } catch {}
  }
  return event ? events.filter((e) => e.event === event) : events;
}

/** The attempts the sink answered 200, grouped by delivery id. */
export function successesById(sink, path) {
  const byId = new Map();
  for (const record of sink.deliveries) {
    if (record.status !== 200 || (path && record.path !== path)) continue;
    byId.set(record.deliveryId, [...(byId.get(record.deliveryId) ?? []), record]);
  }
  return byId;
}

/** Headers without one of Twenty's (named as in TWENTY_HEADERS: "signature", "timestamp", "nonce"). */
export function without(headers, which) {
  const name = TWENTY_HEADERS[which];
  return Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name));
}

/** Runs `task` over `items`, at most `concurrency` at a time; resolves to the results in order. */
export async function pool(items, concurrency, task) {
  const results = new Array(items.length);
  let next = 0;
  async function lane() {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

/** Rows of the receiver's delivery log (its D1 database, read through Miniflare). */
export async function logRows(edge, sql, ...params) {
  const db = await edge.database();
  const { results } = await db.prepare(sql).bind(...params).all();
  return results;
}

/** A delivery's log entry: `{ ...delivery row, destinations: [rows] }`, or null. */
export async function logEntry(edge, deliveryId) {
  const [row] = await logRows(edge, "SELECT * FROM deliveries WHERE id = ?", deliveryId);
  if (!row) return null;
  const destinations = await logRows(edge, "SELECT * FROM destinations WHERE delivery_id = ? ORDER BY url", deliveryId);
  return { ...row, destinations };
}

/** A BLOB column as D1 returns it (an array of bytes or an ArrayBuffer), as a Buffer; null stays null. */
export function blob(value) {
  return value === null || value === undefined ? null : Buffer.from(value instanceof ArrayBuffer ? new Uint8Array(value) : value);
}
