// One vocabulary of codes: verify() and diagnose() name the same fact the same way, renamed
// findings keep their former name in formerCode, and the package speaks JavaScript in its hints
// while the core's hints speak of the protocol (the Rust side checks that in tests/codes.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { twenty } from "./support.mjs";
import { PACKAGE_HINTS } from "../../pkg/src/errors.js";

const SECRET = "s3cret";
const NOW = 1735066639761;
const BODY = '{"eventName":"person.created","record":{"id":"1"}}';
const sign = (timestamp, body = BODY) => createHmac("sha256", SECRET).update(`${timestamp}:${body}`).digest("hex");
/** Twenty's headers; null leaves one out. */
const headers = (timestamp = String(NOW), signature = sign(timestamp)) => ({
  ...(timestamp === null ? {} : { "x-twenty-webhook-timestamp": timestamp }),
  ...(signature === null ? {} : { "x-twenty-webhook-signature": signature }),
});
const thrown = (fn) => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail("no error");
};

test("verify() and diagnose() give one fact one code; the former finding name is in formerCode", () => {
  const cases = [
    { secret: SECRET, headers: headers(String(NOW), null), now: NOW, code: "MISSING_SIGNATURE", former: "HEADER_MISSING" },
    { secret: SECRET, headers: headers(null, sign(String(NOW))), now: NOW, code: "MISSING_TIMESTAMP", former: "HEADER_MISSING" },
    { secret: SECRET, headers: headers(String(NOW), "abc"), now: NOW, code: "MALFORMED_SIGNATURE", former: "SIGNATURE_MALFORMED" },
    { secret: SECRET, headers: headers("yesterday", sign("yesterday")), now: NOW, code: "MALFORMED_TIMESTAMP", former: "TIMESTAMP_MALFORMED" },
    { secret: SECRET, headers: headers(), now: NOW + 3_600_000, code: "TIMESTAMP_TOO_OLD", former: "CLOCK_SKEW" },
    { secret: SECRET, headers: headers(), now: NOW - 3_600_000, code: "TIMESTAMP_TOO_NEW", former: "CLOCK_SKEW" },
  ];
  for (const { secret, headers, now, code, former } of cases) {
    assert.equal(thrown(() => twenty.verify({ secret, headers, body: BODY, now })).code, code);
    const findings = twenty.diagnose({ secret, headers, body: BODY, now });
    const found = findings.find((f) => f.code === code);
    assert.ok(found, `${code} in ${JSON.stringify(findings.map((f) => f.code))}`);
    assert.equal(found.formerCode, former, code);
  }
  // An empty secret: verify() refuses it before any delivery; diagnose() finds the same.
  assert.equal(thrown(() => twenty.verify({ secret: " ", headers: headers(), body: BODY, now: NOW })).code, "INVALID_SECRET");
  const [finding] = twenty.diagnose({ secret: " ", headers: headers(), body: BODY, now: NOW });
  assert.deepEqual([finding.code, finding.formerCode], ["INVALID_SECRET", "SECRET_INVALID"]);
});

test("findings whose name did not change have no formerCode", () => {
  const findings = twenty.diagnose({ secret: "other", headers: headers(), body: BODY, now: NOW });
  assert.deepEqual(findings.map((f) => [f.code, f.formerCode]), [["WRONG_SECRET", undefined]]);
});

test("errors and findings carry the package's JavaScript hints where it has them", () => {
  const tooNew = thrown(() => twenty.verify({ secret: SECRET, headers: headers(), body: BODY, now: NOW - 3_600_000 }));
  assert.equal(tooNew.hint, PACKAGE_HINTS.TIMESTAMP_TOO_NEW);
  assert.match(tooNew.hint, /toleranceMs/);
  // A timestamp in seconds is TIMESTAMP_TOO_OLD with the finer hint of TIMESTAMP_IN_SECONDS.
  const seconds = String(Math.floor(NOW / 1000));
  const old = thrown(() => twenty.verify({ secret: SECRET, headers: headers(seconds), body: BODY, now: NOW }));
  assert.equal(old.code, "TIMESTAMP_TOO_OLD");
  assert.equal(old.hint, PACKAGE_HINTS.TIMESTAMP_IN_SECONDS);
  const parsed = twenty.diagnose({ secret: SECRET, headers: headers(), body: JSON.parse(BODY), now: NOW });
  assert.equal(parsed[0].code, "BODY_PARSED");
  assert.match(parsed[0].hint, /request\.text\(\)/);
  // Codes without JavaScript wording keep the core's hint.
  const prefixed = thrown(() => twenty.verify({ secret: SECRET, headers: headers(String(NOW), `sha256=${sign(String(NOW))}`), body: BODY, now: NOW }));
  assert.match(prefixed.hint, /sha256=/);
  // Misuse always has a hint, even where the call site gives none.
  const misuse = thrown(() => twenty.sampleRecord(42));
  assert.deepEqual([misuse.code, misuse.hint], ["INVALID_ARGUMENT", PACKAGE_HINTS.INVALID_ARGUMENT]);
});
