// Differential tests against the real thing: thousands of random records serialised by
// buildPayload and by V8's JSON.stringify (Twenty's recipe), and random deliveries signed with
// node:crypto exactly as Twenty signs. SEED=<n> replays a run; the seed is printed on failure.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { SEED, seededRandom, twenty } from "./support.mjs";

const CASES = Number(process.env.DIFF_CASES ?? 3000);
const random = seededRandom(SEED);
const int = (n) => Math.floor(random() * n);
const pick = (items) => items[int(items.length)];

// Characters chosen to stress escaping and encoding: controls, quotes, backslash, slash, DEL,
// U+2028/2029, BMP letters, astral emoji, and lone surrogates (JSON.stringify escapes them).
const ALPHABET = ['"', "\\", "/", "\u007f", "\u2028", "\u2029", "é", "漢", "😀", "👩🏽‍💻", "\ud800", "\udfff", " ", "a", "Z", "0", "\t", "\n", "\r", "\b", "\f", "\u0000", "\u001f"];
function randomString() {
  let s = "";
  const length = int(12);
  for (let i = 0; i < length; i++) s += random() < 0.6 ? pick(ALPHABET) : String.fromCharCode(int(0x10000));
  return s;
}

/** Envelope fields (ids, URL) must be well-formed text: buildPayload refuses lone surrogates there. */
const randomText = () => randomString().toWellFormed();

function randomNumber() {
  switch (int(9)) {
    case 0: return int(1000) - 500;
    case 1: return (random() - 0.5) * 10 ** (int(40) - 20);
    case 2: return pick([0, -0, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, Number.MIN_SAFE_INTEGER, 2 ** 53, 2 ** 53 + 2, 0.1 + 0.2, 123456789012345680000]);
    case 3: return pick([NaN, Infinity, -Infinity]);
    case 4: return new Float64Array(new BigUint64Array([BigInt(int(2 ** 32)) << 32n | BigInt(int(2 ** 32))]).buffer)[0]; // any bit pattern
    case 5: return Math.round(random() * 1e6) / 100;
    case 6: return int(2 ** 31) * 1e6; // amountMicros
    default: return random();
  }
}

function randomValue(depth) {
  const kind = int(depth > 6 ? 5 : 9);
  switch (kind) {
    case 0: return null;
    case 1: return random() < 0.5;
    case 2: case 3: return randomNumber();
    case 4: return randomString();
    case 5: case 6: return Array.from({ length: int(5) }, () => randomValue(depth + 1));
    default: {
      const object = {};
      for (let i = int(6); i > 0; i--) object[random() < 0.15 ? String(int(20)) : randomString()] = randomValue(depth + 1);
      return object;
    }
  }
}

function deeplyNested(depth) {
  let value = randomValue(7);
  for (let i = 0; i < depth; i++) value = random() < 0.5 ? [value] : { [randomString()]: value };
  return value;
}

test(`buildPayload equals Twenty's JSON.stringify for ${CASES} random records (seed ${SEED})`, () => {
  for (let i = 0; i < CASES; i++) {
    const record = i % 50 === 0 ? { nested: deeplyNested(200 + int(700)) } : randomValue(0);
    const event = {
      targetUrl: `https://example.com/${randomText()}`,
      eventName: pick(["person", "company", "rocketLaunch"]) + "." + pick(["created", "updated", "deleted", "restored", "destroyed"]),
      workspaceId: randomText(),
      webhookId: randomText(),
      eventDate: int(2 ** 42),
      ...(random() < 0.5 && { userId: randomText(), workspaceMemberId: randomText() }),
      record: record !== null && typeof record === "object" && !Array.isArray(record) ? record : { value: record },
      ...(random() < 0.3 && { updatedFields: [randomText(), randomText()] }),
    };
    event.objectMetadata = { id: randomText(), nameSingular: event.eventName.split(".")[0] };
    const twentys = JSON.stringify({
      targetUrl: event.targetUrl,
      eventName: event.eventName,
      objectMetadata: event.objectMetadata,
      workspaceId: event.workspaceId,
      webhookId: event.webhookId,
      eventDate: new Date(event.eventDate),
      userId: event.userId,
      workspaceMemberId: event.workspaceMemberId,
      record: event.record,
      ...(event.updatedFields && { updatedFields: event.updatedFields }),
    });
    assert.equal(twenty.buildPayload(event), twentys, `case ${i}, seed ${SEED}`);
  }
});

test(`buildPayload equals Twenty's JSON.stringify for ${CASES} random metadata events (seed ${SEED})`, () => {
  const names = ["objectMetadata", "fieldMetadata", "view", "viewField", "index", "webhook", "role", "pageLayoutWidget"];
  const entity = () => {
    const value = randomValue(1);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : { value };
  };
  for (let i = 0; i < CASES; i++) {
    const type = pick(["created", "updated", "deleted"]);
    const metadataName = pick(names);
    const properties =
      type === "created" ? { after: entity() } : type === "deleted" ? { before: entity() } : { updatedFields: [randomText()], diff: { [randomString()]: { before: randomValue(2), after: randomValue(2) } }, before: entity(), after: entity() };
    const change = i % 50 === 0 ? { type, metadataName, nested: deeplyNested(200 + int(700)) } : { type, metadataName, recordId: randomText(), properties };
    const event = {
      targetUrl: `https://example.com/${randomText()}`,
      eventName: `metadata.${metadataName}.${type}`,
      workspaceId: randomText(),
      webhookId: randomText(),
      eventDate: random() < 0.5 ? int(2 ** 42) : new Date(int(2 ** 42)),
      ...(random() < 0.5 && { userId: randomText() }),
      ...(random() < 0.5 && { apiKeyId: randomText() }),
      event: change,
    };
    const { secret, ...twentys } = {
      targetUrl: event.targetUrl,
      eventName: event.eventName,
      workspaceId: event.workspaceId,
      webhookId: event.webhookId,
      eventDate: new Date(event.eventDate),
      userId: event.userId,
      apiKeyId: event.apiKeyId,
      secret: "not sent",
      event: event.event,
    };
    void secret;
    assert.equal(twenty.buildPayload(event), JSON.stringify(twentys), `case ${i}, seed ${SEED}`);
  }
});

test(`deliveries signed with node:crypto as Twenty signs verify, and tampered ones do not (seed ${SEED})`, () => {
  const verifier = new twenty.Verifier(["a-retired-secret", "current-secret"]);
  const now = Date.now();
  for (let i = 0; i < CASES; i++) {
    const secret = random() < 0.5 ? "current-secret" : randomString().trim() || "x";
    const body = random() < 0.5 ? JSON.stringify(randomValue(0)) ?? "null" : randomString();
    const timestamp = String(now - int(300000));
    const signature = createHmac("sha256", secret).update(`${timestamp}:${body}`).digest("hex");
    const headers = { "x-twenty-webhook-timestamp": timestamp, "x-twenty-webhook-signature": signature };
    const result = twenty.verify({ secret: ["unrelated", secret], headers, body: random() < 0.5 ? body : Buffer.from(body), now });
    assert.equal(result.secretIndex, 1, `case ${i}, seed ${SEED}`);
    assert.equal(twenty.sign(secret, timestamp, body), signature);
    if (secret === "current-secret") assert.equal(verifier.verify(headers, body, now).secretIndex, 1);
    const bytes = Buffer.from(body);
    if (bytes.length > 0) {
      bytes[int(bytes.length)] ^= 1 << int(8);
      assert.throws(() => twenty.verify({ secret, headers, body: bytes, now }), { code: "SIGNATURE_MISMATCH" }, `case ${i}`);
    }
  }
});
