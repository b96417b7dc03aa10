// Writes the test vectors in this folder. Every expected value is computed here with the
// reference implementations, never with twenty-webhooks: node:crypto's HMAC (as Twenty's
// server signs) and V8's JSON.stringify (as Twenty's server serialises). Run it again after
// adding a case: `node tests/vectors/generate.mjs`; the outputs are committed.
import { createHash, createHmac } from "node:crypto";
import { writeFileSync } from "node:fs";

const here = (name) => new URL(name, import.meta.url);
const write = (name, vectors) => writeFileSync(here(name), `${JSON.stringify(vectors, null, 2)}\n`);
const hmacHex = (key, data) => createHmac("sha256", key).update(data).digest("hex");
/** Twenty's scheme, as in its CallWebhookJob: createHmac('sha256', secret).update(`${timestamp}:${body}`). */
const twentySign = (secret, timestamp, body) => hmacHex(secret, `${timestamp}:${body}`);

// ---------------------------------------------------------------------------------------------
// RFC 4231, HMAC-SHA256 test cases 1–4, 6, 7 (case 5 truncates its output).
const bytes = (n, byte) => Buffer.alloc(n, byte);
const rfc = [
  ["test case 1", bytes(20, 0x0b), Buffer.from("Hi There")],
  ["test case 2", Buffer.from("Jefe"), Buffer.from("what do ya want for nothing?")],
  ["test case 3", bytes(20, 0xaa), bytes(50, 0xdd)],
  ["test case 4", Buffer.from("0102030405060708090a0b0c0d0e0f10111213141516171819", "hex"), bytes(50, 0xcd)],
  ["test case 6", bytes(131, 0xaa), Buffer.from("Test Using Larger Than Block-Size Key - Hash Key First")],
  ["test case 7", bytes(131, 0xaa), Buffer.from("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.")],
];
write("hmac-rfc4231.json", rfc.map(([name, key, data]) => ({
  name: `RFC 4231 ${name}`,
  source: "RFC 4231 section 4; expected MAC from node:crypto",
  key_hex: key.toString("hex"),
  data_hex: data.toString("hex"),
  mac_hex: hmacHex(key, data),
})));

// ---------------------------------------------------------------------------------------------
// Twenty signatures.
const SPEC_SECRET = "a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00";
const SPEC_TS = "1735066639761";
const SPEC_BODY = '{"targetUrl":"https://example.com/webhook","eventName":"person.created","objectMetadata":{"id":"370985db-22d8-4463-8e5f-2271d30913bd","nameSingular":"person"},"workspaceId":"872cfcf1-c79f-42bc-877d-5829f06eb3f9","webhookId":"90056586-1228-4e03-a507-70140aa85c05","eventDate":"2024-12-24T18:57:19.761Z","userId":"170ba418-85a2-4f91-8565-9cd714c6703a","workspaceMemberId":"9062a1e3-e066-49ba-8c4a-d869b6a0ca12","record":{"id":"f75f6b2e-9442-4c72-aa95-47d8e5ec8cb3","name":{"firstName":"Alice","lastName":"Doe"}}}';
const signatures = [
  { name: "spec: your-secret over {}", source: "spec, figures to test against", secret: "your-secret", timestamp: SPEC_TS, body: "{}" },
  { name: "spec: person.created, 510 bytes", source: "spec, figures to test against", secret: SPEC_SECRET, timestamp: SPEC_TS, body: SPEC_BODY },
  { name: "empty body", source: "edge case", secret: "s", timestamp: "0", body: "" },
  { name: "non-ASCII body and secret (UTF-8 bytes)", source: "edge case", secret: "sécrét-🔑", timestamp: SPEC_TS, body: '{"name":"Chloé 😀 \u2028"}' },
  { name: "secret longer than a SHA-256 block (hashed first)", source: "RFC 2104 key handling", secret: "k".repeat(200), timestamp: SPEC_TS, body: "{}" },
  { name: "16-digit timestamp", source: "edge case", secret: "s", timestamp: "9999999999999999", body: "{}" },
].map((v) => ({ ...v, signature: twentySign(v.secret, v.timestamp, v.body) }));
const docsDoubleStringify = twentySign(SPEC_SECRET, SPEC_TS, JSON.stringify(SPEC_BODY));
write("signatures.json", {
  signs: signatures,
  must_not_verify: [{
    name: "the docs' double-stringify recipe",
    source: "spec: Twenty's docs stringify an already-stringified payload",
    secret: SPEC_SECRET,
    timestamp: SPEC_TS,
    body: SPEC_BODY,
    signature: docsDoubleStringify,
  }],
});

// ---------------------------------------------------------------------------------------------
// Verification outcomes: every error code, the boundaries, rotation.
const NOW = 1735066639761;
const hdr = (timestamp, signature, extra = {}) => ({
  ...(timestamp !== undefined && { "x-twenty-webhook-timestamp": timestamp }),
  ...(signature !== undefined && { "x-twenty-webhook-signature": signature }),
  ...extra,
});
const good = (secret, ts, body) => twentySign(secret, ts, body);
const B = '{"eventName":"person.created"}';
const sig = good("s3cret", String(NOW), B);
const verify = [
  { name: "genuine", secret: "s3cret", headers: hdr(String(NOW), sig, { "x-twenty-webhook-nonce": "0123456789abcdef0123456789abcdef" }), body: B, now: NOW, expect: { ok: true, secretIndex: 0, timestamp: NOW, nonce: "0123456789abcdef0123456789abcdef" } },
  { name: "header names in Twenty's casing", secret: "s3cret", headers: { "X-Twenty-Webhook-Timestamp": String(NOW), "X-Twenty-Webhook-Signature": sig }, body: B, now: NOW, expect: { ok: true, secretIndex: 0, timestamp: NOW } },
  { name: "upper-case hex signature", secret: "s3cret", headers: hdr(String(NOW), sig.toUpperCase()), body: B, now: NOW, expect: { ok: true, secretIndex: 0, timestamp: NOW } },
  { name: "rotation: second secret matches", secret: ["old-secret", "s3cret"], headers: hdr(String(NOW), sig), body: B, now: NOW, expect: { ok: true, secretIndex: 1, timestamp: NOW } },
  { name: "tolerance boundary in the past passes", secret: "s3cret", headers: hdr(String(NOW), sig), body: B, now: NOW + 300000, expect: { ok: true, secretIndex: 0, timestamp: NOW } },
  { name: "tolerance boundary in the future passes", secret: "s3cret", headers: hdr(String(NOW), sig), body: B, now: NOW - 300000, expect: { ok: true, secretIndex: 0, timestamp: NOW } },
  { name: "custom tolerance", secret: "s3cret", headers: hdr(String(NOW), sig), body: B, now: NOW + 1000, toleranceMs: 1000, expect: { ok: true, secretIndex: 0, timestamp: NOW } },
  { name: "no signature header", secret: "s3cret", headers: hdr(String(NOW), undefined), body: B, now: NOW, expect: { error: "MISSING_SIGNATURE" } },
  { name: "no headers at all (unsigned delivery)", secret: "s3cret", headers: { "content-type": "application/json" }, body: B, now: NOW, expect: { error: "MISSING_SIGNATURE" } },
  { name: "no timestamp header", secret: "s3cret", headers: hdr(undefined, sig), body: B, now: NOW, expect: { error: "MISSING_TIMESTAMP" } },
  { name: "sha256= prefix", secret: "s3cret", headers: hdr(String(NOW), `sha256=${sig}`), body: B, now: NOW, expect: { error: "MALFORMED_SIGNATURE" } },
  { name: "base64 signature", secret: "s3cret", headers: hdr(String(NOW), Buffer.from(sig, "hex").toString("base64")), body: B, now: NOW, expect: { error: "MALFORMED_SIGNATURE" } },
  { name: "63 hex digits", secret: "s3cret", headers: hdr(String(NOW), sig.slice(1)), body: B, now: NOW, expect: { error: "MALFORMED_SIGNATURE" } },
  { name: "65 hex digits", secret: "s3cret", headers: hdr(String(NOW), `${sig}0`), body: B, now: NOW, expect: { error: "MALFORMED_SIGNATURE" } },
  { name: "non-hex character", secret: "s3cret", headers: hdr(String(NOW), `${sig.slice(0, 63)}g`), body: B, now: NOW, expect: { error: "MALFORMED_SIGNATURE" } },
  { name: "empty signature", secret: "s3cret", headers: hdr(String(NOW), ""), body: B, now: NOW, expect: { error: "MALFORMED_SIGNATURE" } },
  { name: "two signature values joined", secret: "s3cret", headers: hdr(String(NOW), `${sig}, ${sig}`), body: B, now: NOW, expect: { error: "MALFORMED_SIGNATURE" } },
  { name: "17-digit timestamp", secret: "s3cret", headers: hdr(`${NOW}0000`, sig), body: B, now: NOW, expect: { error: "MALFORMED_TIMESTAMP" } },
  { name: "empty timestamp", secret: "s3cret", headers: hdr("", sig), body: B, now: NOW, expect: { error: "MALFORMED_TIMESTAMP" } },
  { name: "negative timestamp", secret: "s3cret", headers: hdr(`-${NOW}`, sig), body: B, now: NOW, expect: { error: "MALFORMED_TIMESTAMP" } },
  { name: "fractional timestamp", secret: "s3cret", headers: hdr(`${NOW}.5`, sig), body: B, now: NOW, expect: { error: "MALFORMED_TIMESTAMP" } },
  { name: "ISO date as timestamp", secret: "s3cret", headers: hdr("2024-12-24T18:57:19.761Z", sig), body: B, now: NOW, expect: { error: "MALFORMED_TIMESTAMP" } },
  { name: "one past the tolerance in the past", secret: "s3cret", headers: hdr(String(NOW), sig), body: B, now: NOW + 300001, expect: { error: "TIMESTAMP_TOO_OLD" } },
  { name: "one past the tolerance in the future", secret: "s3cret", headers: hdr(String(NOW), sig), body: B, now: NOW - 300001, expect: { error: "TIMESTAMP_TOO_NEW" } },
  { name: "timestamp in seconds, correctly signed", secret: "s3cret", headers: hdr(String(Math.floor(NOW / 1000)), good("s3cret", String(Math.floor(NOW / 1000)), B)), body: B, now: NOW, expect: { error: "TIMESTAMP_TOO_OLD", hintIncludes: "seconds" } },
  { name: "wrong secret", secret: "other", headers: hdr(String(NOW), sig), body: B, now: NOW, expect: { error: "SIGNATURE_MISMATCH" } },
  { name: "body changed by one byte", secret: "s3cret", headers: hdr(String(NOW), sig), body: B.replace("created", "createD"), now: NOW, expect: { error: "SIGNATURE_MISMATCH" } },
  { name: "body pretty-printed", secret: "s3cret", headers: hdr(String(NOW), sig), body: JSON.stringify(JSON.parse(B), null, 2), now: NOW, expect: { error: "SIGNATURE_MISMATCH" } },
  { name: "the docs' double-stringify signature", secret: SPEC_SECRET, headers: hdr(SPEC_TS, docsDoubleStringify), body: SPEC_BODY, now: Number(SPEC_TS), expect: { error: "SIGNATURE_MISMATCH" } },
  { name: "empty secret", secret: "", headers: hdr(String(NOW), sig), body: B, now: NOW, expect: { error: "INVALID_SECRET" } },
  { name: "white-space secret", secret: "  \n", headers: hdr(String(NOW), sig), body: B, now: NOW, expect: { error: "INVALID_SECRET" } },
  { name: "no secrets", secret: [], headers: hdr(String(NOW), sig), body: B, now: NOW, expect: { error: "INVALID_SECRET" } },
  // JavaScript only: a body that is not raw text or bytes (`body_json` is passed as the value).
  { name: "a parsed object as the body", secret: "s3cret", headers: hdr(String(NOW), sig), body_json: JSON.parse(B), now: NOW, expect: { error: "INVALID_BODY" } },
  { name: "a number as the body", secret: "s3cret", headers: hdr(String(NOW), sig), body_json: 42, now: NOW, expect: { error: "INVALID_BODY" } },
].map((v) => ({ source: "twenty-webhooks contract (issue 2); signatures from node:crypto", ...v }));
write("verify.json", verify);

// ---------------------------------------------------------------------------------------------
// Payloads: Twenty's own recipe (an object literal in CallWebhookJobsJob's key order, optional
// keys spread in only when defined) serialised by JSON.stringify. Records are given as JSON
// text so that number spellings such as -0 and 1e21 reach both readers unchanged.
const twentyPayload = (e) => JSON.stringify({
  targetUrl: e.targetUrl,
  eventName: e.eventName,
  objectMetadata: { id: e.objectMetadata.id, nameSingular: e.objectMetadata.nameSingular },
  workspaceId: e.workspaceId,
  webhookId: e.webhookId,
  eventDate: new Date(e.eventDate),
  userId: e.userId,
  workspaceMemberId: e.workspaceMemberId,
  record: JSON.parse(e.record_json),
  ...(e.updatedFields && { updatedFields: e.updatedFields }),
});
const base = {
  targetUrl: "https://example.com/webhook",
  objectMetadata: { id: "370985db-22d8-4463-8e5f-2271d30913bd", nameSingular: "person" },
  workspaceId: "872cfcf1-c79f-42bc-877d-5829f06eb3f9",
  webhookId: "90056586-1228-4e03-a507-70140aa85c05",
};
const payloads = [
  { name: "spec person.created", event: { ...base, eventName: "person.created", eventDate: "2024-12-24T18:57:19.761Z", userId: "170ba418-85a2-4f91-8565-9cd714c6703a", workspaceMemberId: "9062a1e3-e066-49ba-8c4a-d869b6a0ca12", record_json: '{"id":"f75f6b2e-9442-4c72-aa95-47d8e5ec8cb3","name":{"firstName":"Alice","lastName":"Doe"}}' } },
  { name: "updated with updatedFields, no user", event: { ...base, eventName: "person.updated", eventDate: 1735066639761, record_json: '{"id":"x","jobTitle":"CTO"}', updatedFields: ["jobTitle"] } },
  { name: "deleted: deletedAt set, updatedFields [deletedAt]", event: { ...base, eventName: "person.deleted", eventDate: "2024-12-24T19:57:19.761+01:00", record_json: '{"id":"x","deletedAt":"2024-12-24T18:57:19.761Z"}', updatedFields: ["deletedAt"] } },
  { name: "destroyed company", event: { ...base, objectMetadata: { id: "00000000-0000-4000-8000-000000000001", nameSingular: "company" }, eventName: "company.destroyed", eventDate: 0, record_json: '{"id":"c","name":"Acme"}' } },
  { name: "numbers as V8 writes them", event: { ...base, eventName: "person.created", eventDate: 1735066639761, record_json: '{"a":1e21,"b":1e20,"c":5e-7,"d":0.000001,"e":-0,"f":0.1,"g":123456789012345680000,"h":1.7976931348623157e308,"i":5e-324,"j":-1.5e-7,"k":9007199254740993,"l":100,"m":1.0}' } },
  { name: "strings as V8 escapes them", event: { ...base, eventName: "person.created", eventDate: 1735066639761, record_json: '{"s":"quote \\" backslash \\\\ slash / tab \\t nl \\n cr \\r bs \\b ff \\f nul \\u0000 us \\u001f del \\u007f ls \\u2028 ps \\u2029 é 😀 \\ud800 \\udfff"}' } },
  { name: "integer-like keys first, as JavaScript orders them", event: { ...base, eventName: "person.created", eventDate: 1735066639761, record_json: '{"b":1,"10":2,"a":3,"2":4,"01":5,"4294967295":6,"4294967294":7}' } },
  { name: "deep nesting and empty containers", event: { ...base, eventName: "note.created", objectMetadata: { ...base.objectMetadata, nameSingular: "note" }, eventDate: 1735066639761, record_json: '{"a":[[[[[[[[[[{}]]]]]]]]]],"b":[],"c":{},"d":[null,true,false]}' } },
].map((v) => ({ source: "Twenty's CallWebhookJobsJob object literal + JSON.stringify in Node", ...v, body: twentyPayload(v.event) }));
write("payloads.json", payloads);

// ---------------------------------------------------------------------------------------------
// Metadata payloads: Twenty's own recipe (CallWebhookJobsForMetadataJob's object literal, its
// secret taken out before sending, undefined ids dropped by JSON.stringify) serialised by
// JSON.stringify. Events are given as JSON text, as records are above, and built here in the
// order Twenty's workspace migration runner builds them.
const twentyMetadataPayload = (e) => {
  const { secret, ...payload } = {
    targetUrl: e.targetUrl,
    eventName: e.eventName,
    workspaceId: e.workspaceId,
    webhookId: e.webhookId,
    eventDate: new Date(e.eventDate),
    userId: e.userId,
    apiKeyId: e.apiKeyId,
    secret: "not sent",
    event: JSON.parse(e.event_json),
  };
  void secret;
  return JSON.stringify(payload);
};
const ids = { workspaceId: "872cfcf1-c79f-42bc-877d-5829f06eb3f9", applicationId: "2b7c7c61-5a0e-4f43-9a51-0f2d1c6b8e11" };
const objectRow = {
  dataSourceId: "5d2b3f2a-8f0e-4a55-9d62-1c2f0a7e9b10", openRecordIn: "SIDE_PANEL", color: null, description: "Rockets tracked by the team",
  icon: "IconRocket", isActive: true, isLabelSyncedWithName: true, labelPlural: "Rockets", labelSingular: "Rocket", namePlural: "rockets",
  nameSingular: "rocket", labelIdentifierFieldMetadataId: "b0a5c1f4-3e2d-4c6b-8a9e-7f1d2c3b4a50", overrides: null, isRemote: false,
  isSystem: false, isUIEditable: true, writability: "OPEN", readability: "OPEN", isUICreatable: true, isAuditLogged: true, isSearchable: true,
  duplicateCriteria: null, shortcut: null, imageIdentifierFieldMetadataId: null, targetTableName: "DEPRECATED",
  createdAt: "2024-12-20T09:12:44.120Z", updatedAt: "2024-12-24T18:57:19.761Z",
  id: "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b", ...ids, universalIdentifier: "0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a",
};
const fieldBefore = {
  isSystemSideEffect: false, defaultValue: "'PLANNED'", description: null, icon: "IconTag", isActive: true, isLabelSyncedWithName: true,
  isUnique: false, isSearchable: false, isAuditLogged: true, label: "Status", name: "status",
  options: [{ id: "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", color: "sky", label: "Planned", value: "PLANNED", position: 0 }, { id: "8b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e", color: "green", label: "Active", value: "ACTIVE", position: 1 }],
  overrides: null, settings: null, objectMetadataId: "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b", type: "SELECT", isSystem: false,
  isUIEditable: true, writability: "OPEN", isNullable: true, relationTargetFieldMetadataId: null, relationTargetObjectMetadataId: null,
  morphId: null, createdAt: "2024-12-20T09:12:44.120Z", updatedAt: "2024-12-20T09:12:44.120Z",
  id: "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f", ...ids, universalIdentifier: "9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b",
};
const fieldAfter = { ...fieldBefore, label: "Stage — étape 🚀", description: "Where the launch \"stands\"\n" };
const viewRow = {
  isSystemSideEffect: false, key: "INDEX", deletedAt: null, createdByUserWorkspaceId: null, name: "All Rockets", type: "TABLE",
  icon: "IconList", position: 0, isCompact: false, openRecordIn: "SIDE_PANEL", kanbanAggregateOperation: null,
  kanbanAggregateOperationFieldMetadataId: null, anyFieldFilterValue: null, calendarLayout: null, calendarFieldMetadataId: null,
  calendarEndFieldMetadataId: null, visibility: "WORKSPACE", mainGroupByFieldMetadataId: null, shouldHideEmptyGroups: false,
  kanbanColumnWidth: null, isActive: true, overrides: null, objectMetadataId: "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b", isCustom: true,
  createdAt: "2024-12-20T09:12:44.120Z", updatedAt: "2024-12-20T09:12:44.120Z",
  id: "f6e5d4c3-b2a1-4f0e-9d8c-7b6a5f4e3d2c", ...ids, universalIdentifier: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
};
const diffOf = (before, after, fields) => Object.fromEntries(fields.map((f) => [f, { before: before[f], after: after[f] }]));
const metadataBase = { targetUrl: "https://example.com/webhook", workspaceId: ids.workspaceId, webhookId: "90056586-1228-4e03-a507-70140aa85c05" };
const metadataPayloads = [
  { name: "objectMetadata created by an API key", event: { ...metadataBase, eventName: "metadata.objectMetadata.created", eventDate: "2024-12-24T18:57:19.761Z", apiKeyId: "4a3b2c1d-0e9f-4a8b-8c7d-6e5f4a3b2c1d",
    event_json: JSON.stringify({ type: "created", metadataName: "objectMetadata", recordId: objectRow.id, properties: { after: objectRow } }) } },
  { name: "fieldMetadata updated by a user: diff, non-ASCII and escapes", event: { ...metadataBase, eventName: "metadata.fieldMetadata.updated", eventDate: 1735066639761, userId: "170ba418-85a2-4f91-8565-9cd714c6703a",
    event_json: JSON.stringify({ type: "updated", metadataName: "fieldMetadata", recordId: fieldBefore.id, properties: { updatedFields: ["label", "description"], diff: diffOf(fieldBefore, fieldAfter, ["label", "description"]), before: fieldBefore, after: fieldAfter } }) } },
  { name: "view deleted, by a user with an API key too", event: { ...metadataBase, eventName: "metadata.view.deleted", eventDate: "2024-12-24T19:57:19.761+01:00", userId: "170ba418-85a2-4f91-8565-9cd714c6703a", apiKeyId: "4a3b2c1d-0e9f-4a8b-8c7d-6e5f4a3b2c1d",
    event_json: JSON.stringify({ type: "deleted", metadataName: "view", recordId: viewRow.id, properties: { before: viewRow } }) } },
  { name: "a metadata name this project has no columns for, numbers as V8 writes them", event: { ...metadataBase, eventName: "metadata.pageLayoutWidget.created", eventDate: 0,
    event_json: '{"type":"created","recordId":"w","metadataName":"pageLayoutWidget","properties":{"after":{"gridPosition":{"row":0,"column":1e21,"rowSpan":-0,"columnSpan":5e-7},"title":"\\u2028 \\ud800","id":"w"}}}' } },
].map((v) => ({ source: "Twenty's CallWebhookJobsForMetadataJob object literal + JSON.stringify in Node", ...v, body: twentyMetadataPayload(v.event) }));
write("metadata-payloads.json", metadataPayloads);

// ---------------------------------------------------------------------------------------------
// Twenty's two operation rules, written after its jobs: record events (CallWebhookJobsJob:
// four exact strings, workflowRun.updated only exactly) and metadata events
// (CallWebhookJobsForMetadataJob: five exact strings built from the batch's metadataName and
// type). Which job a name reaches is decided here by its shape, `metadata.<name>.<action>` for
// metadata; a name of neither shape is one Twenty never emits, and no webhook receives it.
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;
const twentyMatches = (operations, eventName) => {
  const parts = eventName.split(".");
  if (!parts.every((part) => IDENTIFIER.test(part))) return false;
  if (parts.length === 3 && parts[0] === "metadata") {
    const [, metadataName, type] = parts;
    return [eventName, `metadata.${metadataName}.*`, `metadata.*.${type}`, "metadata.*.*", "*.*"].some((op) => operations.includes(op));
  }
  if (parts.length !== 2) return false;
  const [nameSingular, operation] = parts;
  if (eventName === "workflowRun.updated") return operations.includes("workflowRun.updated");
  return [`${nameSingular}.${operation}`, `*.${operation}`, `${nameSingular}.*`, "*.*"].some((op) => operations.includes(op));
};
const operationCases = [
  [["*.*"], "person.created"],
  [["*.*"], "workflowRun.updated"],
  [["workflowRun.*"], "workflowRun.updated"],
  [["*.updated"], "workflowRun.updated"],
  [["workflowRun.updated"], "workflowRun.updated"],
  [["workflowRun.*"], "workflowRun.created"],
  [["person.*"], "person.deleted"],
  [["person.*"], "company.deleted"],
  [["*.created"], "company.created"],
  [["*.created"], "company.updated"],
  [["company.updated", "person.created"], "person.created"],
  [[], "person.created"],
  [["person"], "person.created"],
  [["*"], "person.created"],
  [["pers*.created"], "person.created"],
  [["Person.created"], "person.created"],
  [["person.created "], "person.created"],
  [["person.create"], "person.create"],
  [["*.*"], "rocket.restored"],
  // Metadata events.
  [["*.*"], "metadata.view.updated"],
  [["*.*"], "metadata.objectMetadata.created"],
  [["metadata.*.*"], "metadata.fieldMetadata.deleted"],
  [["metadata.*.*"], "person.created"],
  [["metadata.*.created"], "metadata.view.created"],
  [["metadata.*.created"], "metadata.view.updated"],
  [["metadata.*.created"], "person.created"],
  [["metadata.view.*"], "metadata.view.deleted"],
  [["metadata.view.*"], "metadata.viewField.deleted"],
  [["metadata.fieldMetadata.updated"], "metadata.fieldMetadata.updated"],
  [["*.created"], "metadata.view.created"],
  [["view.*"], "metadata.view.created"],
  [["view.created"], "metadata.view.created"],
  [["person.*"], "metadata.objectMetadata.updated"],
  [["metadata.*"], "metadata.view.created"],
  [["metadata.view"], "metadata.view.created"],
  [["*.*"], "metadata.workflowRun.updated"],
  [["metadata.*.*", "*.created"], "metadata.webhook.updated"],
  // Names Twenty never emits: no webhook receives them.
  [["*.*"], "person"],
  [["*.*", "person.created.x"], "person.created.x"],
  [["*.*"], "metadata.view.created.x"],
  [["*.*", "*.created"], "*.created"],
  [["*.*"], ""],
];
write("operations.json", operationCases.map(([operations, eventName]) => ({
  name: `${JSON.stringify(operations)} receives ${JSON.stringify(eventName)}?`,
  source: "Twenty's CallWebhookJobsJob / CallWebhookJobsForMetadataJob operation lists, evaluated in Node",
  operations,
  eventName,
  expected: twentyMatches(operations, eventName),
})));

// ---------------------------------------------------------------------------------------------
// Diagnoses: deliveries broken in one known way each, and the finding that must name it.
const D_SECRET = "a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00";
const D_TS = String(NOW);
const D_BODY = SPEC_BODY;
const D_SIG = twentySign(D_SECRET, D_TS, D_BODY);
const sorted = (value) => (Array.isArray(value) ? value.map(sorted) : value && typeof value === "object"
  ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted(value[k])])) : value);
const RICH_BODY = JSON.stringify({
  targetUrl: "https://example.com/webhook",
  eventName: "person.updated",
  objectMetadata: { id: "370985db-22d8-4463-8e5f-2271d30913bd", nameSingular: "person" },
  workspaceId: "872cfcf1-c79f-42bc-877d-5829f06eb3f9",
  webhookId: "90056586-1228-4e03-a507-70140aa85c05",
  eventDate: "2024-12-24T18:57:19.761Z",
  record: {
    id: "f75f6b2e-9442-4c72-aa95-47d8e5ec8cb3",
    name: { firstName: "Alice", lastName: "Doe" },
    linkedinLink: { primaryLinkUrl: "https://www.linkedin.com/in/alicedoe", primaryLinkLabel: "", secondaryLinks: [] },
    xLink: { primaryLinkUrl: "https://x.com/alicedoe", primaryLinkLabel: "", secondaryLinks: [] },
    phones: { primaryPhoneNumber: "612345678", primaryPhoneCountryCode: "FR", primaryPhoneCallingCode: "+33", additionalPhones: [] },
  },
  updatedFields: ["phones"],
});
const diagnoses = [
  { name: "genuine: no error finding", secret: D_SECRET, headers: hdr(D_TS, D_SIG), body: D_BODY, expect_codes: [] },
  { name: "pretty-printed body", secret: D_SECRET, headers: hdr(D_TS, D_SIG), body: JSON.stringify(JSON.parse(D_BODY), null, 2), expect_codes: ["BODY_RESERIALIZED"] },
  { name: "keys sorted (Python sort_keys, Go maps)", secret: D_SECRET, headers: hdr(D_TS, D_SIG), body: JSON.stringify(sorted(JSON.parse(D_BODY))), expect_codes: ["BODY_RESERIALIZED"] },
  { name: "record keys sorted, top level left alone", secret: D_SECRET, headers: hdr(D_TS, twentySign(D_SECRET, D_TS, RICH_BODY)), body: JSON.stringify({ ...JSON.parse(RICH_BODY), record: sorted(JSON.parse(RICH_BODY).record) }), expect_codes: ["BODY_RESERIALIZED"] },
  { name: "rich genuine body with the wrong secret: no false alarm about the body", secret: "not-the-secret", headers: hdr(D_TS, twentySign(D_SECRET, D_TS, RICH_BODY)), body: RICH_BODY, expect_codes: ["WRONG_SECRET"] },
  { name: "non-ASCII escaped (Python ensure_ascii)", secret: D_SECRET, headers: hdr(D_TS, twentySign(D_SECRET, D_TS, '{"name":"Chloé"}')), body: '{"name":"Chlo\\u00e9"}', expect_codes: ["BODY_RESERIALIZED"] },
  { name: "the docs' double stringify", secret: D_SECRET, headers: hdr(D_TS, twentySign(D_SECRET, D_TS, JSON.stringify(D_BODY))), body: D_BODY, expect_codes: ["DOUBLE_STRINGIFIED"] },
  { name: "body sent stringified twice", secret: D_SECRET, headers: hdr(D_TS, D_SIG), body: JSON.stringify(D_BODY), expect_codes: ["DOUBLE_STRINGIFIED"] },
  { name: "timestamp in seconds", secret: D_SECRET, headers: hdr(String(Math.floor(NOW / 1000)), twentySign(D_SECRET, String(Math.floor(NOW / 1000)), D_BODY)), body: D_BODY, expect_codes: ["TIMESTAMP_IN_SECONDS"] },
  { name: "secret with a trailing newline", secret: `${D_SECRET}\n`, headers: hdr(D_TS, D_SIG), body: D_BODY, expect_codes: ["SECRET_WHITESPACE"] },
  { name: "signed with the hex-decoded secret", secret: D_SECRET, headers: hdr(D_TS, hmacHex(Buffer.from(D_SECRET, "hex"), `${D_TS}:${D_BODY}`)), body: D_BODY, expect_codes: ["SECRET_DECODED"] },
  { name: "sha256= prefix (otherwise genuine)", secret: D_SECRET, headers: hdr(D_TS, `sha256=${D_SIG}`), body: D_BODY, expect_codes: ["SIGNATURE_PREFIXED"] },
  { name: "base64 signature (otherwise genuine)", secret: D_SECRET, headers: hdr(D_TS, Buffer.from(D_SIG, "hex").toString("base64")), body: D_BODY, expect_codes: ["SIGNATURE_BASE64"] },
  { name: "malformed signature", secret: D_SECRET, headers: hdr(D_TS, "abc"), body: D_BODY, expect_codes: ["SIGNATURE_MALFORMED"] },
  { name: "malformed timestamp", secret: D_SECRET, headers: hdr("yesterday", twentySign(D_SECRET, "yesterday", D_BODY)), body: D_BODY, expect_codes: ["TIMESTAMP_MALFORMED"] },
  { name: "signature header renamed", secret: D_SECRET, headers: { "x-twenty-webhook-timestamp": D_TS, "x-twenty-signature": D_SIG }, body: D_BODY, expect_codes: ["HEADER_RENAMED"] },
  { name: "underscores instead of dashes", secret: D_SECRET, headers: { x_twenty_webhook_timestamp: D_TS, x_twenty_webhook_signature: D_SIG }, body: D_BODY, expect_codes: ["HEADER_RENAMED", "HEADER_RENAMED"] },
  { name: "no X-Twenty headers at all", secret: D_SECRET, headers: { "content-type": "application/json" }, body: D_BODY, expect_codes: ["HEADER_MISSING", "HEADER_MISSING"] },
  { name: "signed without the timestamp", secret: D_SECRET, headers: hdr(D_TS, hmacHex(D_SECRET, D_BODY)), body: D_BODY, expect_codes: ["SIGNED_WITHOUT_TIMESTAMP"] },
  { name: "dot separator (Stripe style)", secret: D_SECRET, headers: hdr(D_TS, hmacHex(D_SECRET, `${D_TS}.${D_BODY}`)), body: D_BODY, expect_codes: ["WRONG_SEPARATOR"] },
  { name: "wrong secret", secret: "not-the-secret", headers: hdr(D_TS, D_SIG), body: D_BODY, expect_codes: ["WRONG_SECRET"] },
  { name: "clock skew: genuine but an hour old", secret: D_SECRET, headers: hdr(D_TS, D_SIG), body: D_BODY, now: NOW + 3600000, expect_codes: ["CLOCK_SKEW"] },
  { name: "clock skew: genuine but from the future", secret: D_SECRET, headers: hdr(D_TS, D_SIG), body: D_BODY, now: NOW - 3600000, expect_codes: ["CLOCK_SKEW"] },
  { name: "empty secret", secret: "", headers: hdr(D_TS, D_SIG), body: D_BODY, expect_codes: ["SECRET_INVALID"] },
].map((v) => ({ source: "mistake reproduced with node:crypto", now: NOW, tolerance_ms: 300000, ...v }));
write("diagnoses.json", diagnoses);

// ---------------------------------------------------------------------------------------------
// Number text: V8's String(x) for doubles of every kind, for the Rust writer (the wasm build
// asks the engine itself). Bit patterns come from a fixed-seed generator, so the file is stable.
let state = 0x9e3779b9;
const next32 = () => {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state;
};
const doubles = [0.1, 0.2, 0.30000000000000004, 1e21, 1e-7, 123e-20, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 9007199254740993, 4.35, 0.000001, 1.5e-7, 100, 1e100, 2 ** -1074 * 3];
const view = new DataView(new ArrayBuffer(8));
while (doubles.length < 3000) {
  view.setUint32(0, next32());
  view.setUint32(4, next32());
  const x = view.getFloat64(0);
  if (Number.isFinite(x)) doubles.push(x);
  // and decimal-looking values, the common case in records
  doubles.push(Number((next32() / 2 ** 32 * 10 ** ((next32() % 30) - 10)).toPrecision(1 + (next32() % 17))));
}
write("numbers.json", {
  name: "String(x) for finite doubles",
  source: "V8 (Node) Number.prototype.toString; bits as 16 hex digits, big-endian",
  cases: doubles.map((x) => {
    view.setFloat64(0, x);
    return [view.getBigUint64(0).toString(16).padStart(16, "0"), String(x)];
  }),
});

// ---------------------------------------------------------------------------------------------
// Delivery ids: the first 16 bytes of SHA-256 over "twenty-webhooks-edge:" and the lower-cased
// signature, as hex (the edge receiver's rule since its first release, via crypto.subtle).
const deliveryIdOf = (signature) => createHash("sha256").update(`twenty-webhooks-edge:${signature.toLowerCase()}`).digest().subarray(0, 16).toString("hex");
write("delivery-ids.json", [
  { name: "spec: your-secret over {}", source: "signatures.json's first signature", signature: signatures[0].signature },
  { name: "the same signature in upper case: the same id", source: "a signature verifies in either case", signature: signatures[0].signature.toUpperCase() },
  { name: "spec: person.created, 510 bytes", source: "signatures.json's second signature", signature: signatures[1].signature },
  { name: "mixed case", source: "edge case", signature: signatures[4].signature.replace(/[a-f]/g, (c, i) => (i % 2 ? c.toUpperCase() : c)) },
  { name: "empty header value", source: "edge case: present but empty", signature: "" },
].map((v) => ({ ...v, deliveryId: deliveryIdOf(v.signature) })));

// ---------------------------------------------------------------------------------------------
// The edge receiver's hop as a Standard Webhooks delivery: `webhook-signature` is "v1," and the
// base64 HMAC-SHA256 of "id.timestamp.body" (timestamp in seconds), keyed by the base64-decoded
// part of a `whsec_` secret, or by the UTF-8 bytes of a plain one.
const hopKey = (secret) => (secret.startsWith("whsec_") ? Buffer.from(secret.slice(6), "base64") : Buffer.from(secret, "utf8"));
const hopSign = (secret, id, timestamp, body) => `v1,${createHmac("sha256", hopKey(secret)).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
write("hops.json", [
  { name: "Standard Webhooks' own example", source: "standardwebhooks spec (example secret, id, timestamp and payload); expected from node:crypto", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330", body: '{"test": 2432232314}' },
  { name: "a whsec_ secret, a delivery id, Twenty's body", source: "edge hop", secret: "whsec_" + Buffer.from("a3f1c2d4e5b60718293a4b5c6d7e8f90", "hex").toString("base64"), id: deliveryIdOf(signatures[1].signature), timestamp: "1735066639", body: SPEC_BODY },
  { name: "a plain secret: its UTF-8 bytes are the key", source: "edge hop (FORWARD_SECRET not in whsec_ form)", secret: SPEC_SECRET, id: deliveryIdOf(signatures[0].signature), timestamp: "1735066639", body: "{}" },
  { name: "non-ASCII plain secret and body", source: "edge case", secret: "sécrét-🔑", id: deliveryIdOf(signatures[3].signature), timestamp: "1735066640", body: signatures[3].body },
  { name: "empty body", source: "edge case", secret: "hop", id: "0123456789abcdef0123456789abcdef", timestamp: "0", body: "" },
].map((v) => ({ ...v, key_base64: hopKey(v.secret).toString("base64"), signature: hopSign(v.secret, v.id, v.timestamp, v.body) })));

console.log("vectors written");
