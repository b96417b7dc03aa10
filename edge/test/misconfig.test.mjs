// A misconfigured receiver answers 500 CONFIG_INVALID naming the setting, never its value, and
// checks its settings once, not on every request. (Every rule of config.js: unit.test.mjs.)
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { generateSecret } from "twenty-webhooks";
import { startEdge } from "../dev.mjs";
import { delivery, logEvents, post, waitFor } from "./lib/harness.mjs";

const secret = generateSecret();
const forwardSecret = generateSecret();
const TOKEN = "token-7f3a9c";
const edge = await startEdge({ secrets: [secret], forwardSecret, vars: { ROUTES: JSON.stringify([{ operations: ["*.*"], url: `ftp://user:${TOKEN}@files.example/drop` }]) } });
after(() => edge.stop());

test("every request is 500 CONFIG_INVALID naming ROUTES[0].url, with no secret or value in it", async () => {
  const d = delivery({ secret, object: "person" });
  for (const request of [d, { ...d, path: "/" }, { ...d, method: "GET" }]) {
    const answer = await post(edge, request);
    assert.equal(answer.status, 500, answer.text);
    assert.equal(answer.json.error.code, "CONFIG_INVALID");
    assert.match(answer.json.error.message, /ROUTES\[0\]\.url/);
    assert.match(answer.json.error.hint, /edge\/README\.md/);
    for (const value of [secret, forwardSecret, TOKEN, "ftp:"]) assert.ok(!answer.text.includes(value), `the answer contains ${value}`);
  }
});

test("the settings are checked once per isolate, and the log names the setting only", async () => {
  // The log arrives asynchronously: wait until the three requests above are in it.
  await waitFor("the log", () => edge.logs().match(/ 500 Internal Server Error/g)?.length >= 3 && logEvents(edge, "config_invalid").length > 0);
  const logged = logEvents(edge, "config_invalid");
  assert.equal(logged.length, 1);
  for (const value of [secret, forwardSecret, TOKEN]) assert.ok(!edge.logs().includes(value));
});
