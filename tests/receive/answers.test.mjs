// answerFor: the one mapping every adapter uses from an outcome or an error to the answer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { answerFor } from "../../pkg/src/answers.js";
import { twenty } from "./support.mjs";

const parsed = ({ status, headers, body }) => ({ status, headers, body: JSON.parse(body) });
const JSON_TYPE = "application/json; charset=utf-8";

test("answerFor: outcomes are 200 ok / 200 duplicate / 202 accepted, with the deliveryId", () => {
  const id = "0123456789abcdef0123456789abcdef";
  assert.deepEqual(parsed(answerFor({ status: "handled", deliveryId: id, handlers: 2 })), { status: 200, headers: { "content-type": JSON_TYPE }, body: { ok: true, deliveryId: id } });
  assert.deepEqual(parsed(answerFor({ status: "unhandled", deliveryId: id, handlers: 0 })).body, { ok: true, deliveryId: id });
  assert.deepEqual(parsed(answerFor({ status: "duplicate", deliveryId: id, handlers: 0 })), { status: 200, headers: { "content-type": JSON_TYPE }, body: { duplicate: true, deliveryId: id } });
  assert.deepEqual(parsed(answerFor({ status: "accepted", deliveryId: id })), { status: 202, headers: { "content-type": JSON_TYPE }, body: { accepted: true, deliveryId: id } });
});

test("answerFor: errors are { error: { code, message, hint } } with their status", () => {
  const verification = new twenty.WebhookVerificationError({ code: "SIGNATURE_MISMATCH", message: "m", hint: "h" });
  assert.deepEqual(parsed(answerFor(verification)), { status: 401, headers: { "content-type": JSON_TYPE }, body: { error: { code: "SIGNATURE_MISMATCH", message: "m", hint: "h" } } });
  assert.equal(answerFor(new twenty.WebhookPayloadError({ code: "INVALID_JSON", message: "m", hint: "h" })).status, 400);
  const statuses = { METHOD_NOT_ALLOWED: 405, UNSUPPORTED_MEDIA_TYPE: 415, PAYLOAD_TOO_LARGE: 413, BODY_INCOMPLETE: 400, BODY_ALREADY_PARSED: 500, NOT_FOUND: 404 };
  for (const [code, status] of Object.entries(statuses)) {
    const answer = parsed(answerFor(new twenty.WebhookRequestError(code)));
    assert.equal(answer.status, status, code);
    assert.equal(answer.body.error.code, code);
    assert.ok(answer.body.error.message && answer.body.error.hint, code);
    assert.equal(answer.headers.allow, code === "METHOD_NOT_ALLOWED" ? "POST" : undefined);
  }
});

test("answerFor: handler failures and unexpected errors say nothing of their details", () => {
  const detail = "password=hunter2 at db.internal:5432";
  const failed = parsed(answerFor(new twenty.WebhookHandlerError([new Error(detail)], "id")));
  assert.equal(failed.status, 500);
  assert.equal(failed.body.error.code, "HANDLER_FAILED");
  const logged = [];
  const log = console.error;
  console.error = (...args) => logged.push(args);
  let unexpected;
  try {
    unexpected = answerFor(new Error(detail));
  } finally {
    console.error = log;
  }
  assert.equal(unexpected.status, 500);
  assert.equal(JSON.parse(unexpected.body).error.code, "INTERNAL_ERROR");
  for (const answer of [JSON.stringify(failed), unexpected.body]) assert.ok(!answer.includes("hunter2"));
  assert.equal(logged.length, 1); // the server keeps a trace
});
