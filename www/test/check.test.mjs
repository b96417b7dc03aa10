// "Check a delivery": genuine deliveries verify whatever shape they are pasted in, and the
// usual receiver mistakes (re-serialised body, double-stringified signature, seconds
// timestamp) are each diagnosed as such.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildPayload, generateSecret, sampleRecord, sign, signRequest } from "../../pkg/src/node.js";
import { openPage, screenshot, standaloneSite } from "./harness.mjs";

const secret = generateSecret();

function genuineDelivery(options = {}) {
  const body = buildPayload({ targetUrl: "https://example.com/webhooks/twenty", eventName: "person.created", record: sampleRecord("person") });
  return { body, headers: signRequest({ secret, body, ...options }).headers };
}

async function openChecker() {
  const opened = await openPage((await standaloneSite()).url, { hash: "#/check" });
  return { ...opened, check: (mode, fill) => check(opened.page, mode, fill) };
}

/** Picks the paste mode, fills it, sets the secret and presses Check. */
async function check(page, mode, fill) {
  await page.getByRole("radio", { name: mode }).check();
  for (const [label, text] of Object.entries(fill)) await page.getByRole("textbox", { name: label, exact: true }).fill(text);
  await page.getByRole("textbox", { name: "Secret", exact: true }).fill(secret);
  await page.getByRole("button", { name: "Check", exact: true }).click();
  return page.getByTestId("verdict").textContent();
}

const findingCodes = (page) => page.locator(".finding").evaluateAll((items) => items.map((item) => item.dataset.code));

test("a genuine delivery pasted as a raw HTTP request verifies", async () => {
  const { page, done, check } = await openChecker();
  const { body, headers } = genuineDelivery();
  const raw = [
    "POST /webhooks/twenty HTTP/1.1",
    "Host: example.com",
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${Buffer.byteLength(body)}`,
    "",
    body,
    "", // a trailing line break, as pasting often adds: Content-Length cuts it off
  ].join("\r\n");
  assert.match(await check("Raw HTTP request", { "Raw HTTP request": raw }), /^Genuine: the signature matches/);
  await page.getByText("No problem found.").waitFor();
  await page.getByText("Kept the first").waitFor();
  await screenshot(page, "17-check-genuine");
  await done();
});

test("a re-serialised body is diagnosed BODY_RESERIALIZED", async () => {
  const { page, done, check } = await openChecker();
  const { body, headers } = genuineDelivery();
  const headerLines = Object.entries(headers).map(([name, value]) => `${name.toLowerCase()}: ${value}`).join("\n");
  const verdict = await check("Body and headers", { Headers: headerLines, "Raw body": JSON.stringify(JSON.parse(body), null, 2) });
  assert.match(verdict, /Not verified SIGNATURE_MISMATCH/);
  assert.deepEqual(await findingCodes(page), ["BODY_RESERIALIZED"]);
  await page.locator('[data-code="BODY_RESERIALIZED"]').getByText("How to fix: Verify the raw body exactly as received").waitFor();
  await screenshot(page, "18-check-reserialized");
  await done();
});

test("a double-stringified signature, pasted as a browser's Copy as cURL, is diagnosed DOUBLE_STRINGIFIED", async () => {
  const { page, done, check } = await openChecker();
  const { body } = genuineDelivery();
  const timestamp = String(Date.now());
  // What Twenty's docs recipe computes: the body stringified once more before signing.
  const signature = sign(secret, timestamp, JSON.stringify(body));
  const ansiC = (text) => `$'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  const curl = [
    "curl 'https://example.com/webhooks/twenty' \\",
    "  -H 'content-type: application/json' \\",
    `  -H 'x-twenty-webhook-timestamp: ${timestamp}' \\`,
    `  -H "x-twenty-webhook-signature: ${signature}" \\`,
    `  --data-raw ${ansiC(body)}`,
  ].join("\n");
  assert.match(await check("curl command", { "curl command": curl }), /Not verified SIGNATURE_MISMATCH/);
  assert.deepEqual(await findingCodes(page), ["DOUBLE_STRINGIFIED"]);
  await screenshot(page, "19-check-double-stringified");
  await done();
});

test("a timestamp in seconds is diagnosed TIMESTAMP_IN_SECONDS", async () => {
  const { page, done, check } = await openChecker();
  const { body, headers } = genuineDelivery({ timestamp: Math.floor(Date.now() / 1000) });
  const verdict = await check("Body and headers", { Headers: JSON.stringify(headers), "Raw body": `${body}\n` });
  assert.match(verdict, /Not verified/);
  assert.ok((await findingCodes(page)).includes("TIMESTAMP_IN_SECONDS"));
  await page.getByText("Removed the line break(s) after the body").waitFor();
  await screenshot(page, "20-check-seconds");
  await done();
});

test("a request without a blank line, or a curl command with an open quote, is refused inline", async () => {
  const { page, done } = await openChecker();
  const press = () => page.getByRole("button", { name: "Check", exact: true }).click();
  await page.getByRole("radio", { name: "Raw HTTP request" }).check();
  const raw = page.getByRole("textbox", { name: "Raw HTTP request" });
  await raw.fill("POST /webhooks/twenty HTTP/1.1\nContent-Type: application/json");
  await press();
  await page.getByText("No blank line found between the headers and the body.").waitFor();
  assert.equal(await raw.getAttribute("aria-invalid"), "true");
  await page.getByRole("radio", { name: "curl command" }).check();
  await page.getByRole("textbox", { name: "curl command" }).fill("curl https://example.com -d '{\"a\":1}");
  await press();
  await page.getByText("A single quote (') is never closed.").waitFor();
  assert.equal(await page.getByTestId("verdict").count(), 0, "no verdict for unreadable input");
  await done();
});

test("the tester's Check this delivery opens the checker filled in; its curl command, pasted, verifies too", async () => {
  const { page, done } = await openPage((await standaloneSite()).url, { hash: "#/webhooks/new" });
  await page.getByRole("textbox", { name: "Endpoint URL" }).fill("https://checked.example.com/hook");
  await page.getByRole("button", { name: "Generate" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("link", { name: "Test" }).click();
  const record = page.getByRole("textbox", { name: "Record (JSON)" });
  await record.fill(JSON.stringify({ ...JSON.parse(await record.inputValue()), note: "it's $HOME `id` \\ ü" }));
  await page.getByRole("button", { name: "Preview" }).click();
  const curl = await page.getByTestId("preview-curl").textContent();
  await page.getByRole("button", { name: "Check this delivery" }).click();
  await page.getByRole("heading", { level: 1, name: "Check a delivery" }).waitFor();
  await page.getByRole("button", { name: "Check", exact: true }).click();
  assert.match(await page.getByTestId("verdict").textContent(), /^Genuine/);
  await page.getByRole("radio", { name: "curl command" }).check();
  await page.getByRole("textbox", { name: "curl command" }).fill(curl);
  await page.getByRole("button", { name: "Check", exact: true }).click();
  assert.match(await page.getByTestId("verdict").textContent(), /^Genuine/);
  await done();
});
