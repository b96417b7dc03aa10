// The tester against the real edge receiver (workerd) and sink: preview bytes equal the
// package's, the curl command is accepted and forwarded byte for byte, Send succeeds, a wrong
// secret and a tampered body get the receiver's 401 and code, bad input sends nothing, events
// outside the filters are flagged, and blocked or slow endpoints are explained. Metadata events
// too: previewed bytes equal buildPayload's, sent and accepted, flagged by Twenty's metadata rule.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { buildPayload, matchesOperations, signRequest, verify } from "../../pkg/src/node.js";
import { demoStack, openPage, screenshot, standaloneSite } from "./harness.mjs";

// Quotes, shell metacharacters and non-ASCII text: what a curl command must carry intact.
const AWKWARD_NOTE = `it's "quoted" — O'Brien, Zoë, 東京, 🚀; $HOME \`id\` \\n !! 'x'\\''y'`;

async function openTester(page, hostname) {
  await page.getByRole("link", { name: hostname }).click();
  await page.getByRole("link", { name: "Test" }).click();
  await page.getByRole("heading", { name: "Event" }).waitFor();
}

async function addAwkwardNote(page) {
  const record = page.getByRole("textbox", { name: "Record (JSON)" });
  const value = JSON.parse(await record.inputValue());
  await record.fill(JSON.stringify({ ...value, note: AWKWARD_NOTE }, null, 2));
}

const previewText = (page, testId) => page.getByTestId(testId).textContent();

function headersFromPreview(text) {
  return Object.fromEntries(text.split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]));
}

test("Preview: the body and headers are exactly buildPayload's and signRequest's for the same inputs", async () => {
  const demo = await demoStack();
  const { page, done } = await openPage(demo.site.url);
  await openTester(page, "127.0.0.1");
  await page.getByRole("combobox", { name: "Object", exact: true }).selectOption("company");
  await page.getByRole("combobox", { name: "Action" }).selectOption("updated");
  await addAwkwardNote(page);
  await page.getByText("Delivery details").click();
  const fixed = { eventDate: "2024-12-24T18:57:19.761Z", timestamp: "1735066639761", nonce: "0123456789abcdef0123456789abcdef" };
  await page.getByRole("textbox", { name: "Event date" }).fill(fixed.eventDate);
  await page.getByRole("textbox", { name: "Timestamp (ms)" }).fill(fixed.timestamp);
  await page.getByRole("textbox", { name: "Nonce" }).fill(fixed.nonce);
  await page.getByRole("button", { name: "Preview" }).click();

  const body = await previewText(page, "preview-body");
  const headers = headersFromPreview(await previewText(page, "preview-headers"));
  const value = (name) => page.getByRole("textbox", { name, exact: true }).inputValue();
  const [webhook] = await page.evaluate(() => JSON.parse(localStorage.getItem("twenty-webhooks-demo.webhooks")));
  const expectedBody = buildPayload({
    targetUrl: demo.targetUrl,
    eventName: "company.updated",
    objectMetadata: { id: await value("Object metadata id"), nameSingular: "company" },
    workspaceId: await value("Workspace id"),
    webhookId: webhook.id,
    eventDate: fixed.eventDate,
    userId: await value("User id"),
    workspaceMemberId: await value("Workspace member id"),
    record: JSON.parse(await value("Record (JSON)")),
    updatedFields: (await value("Updated fields")).split(", "),
  });
  assert.equal(body, expectedBody);
  assert.ok(body.includes(JSON.stringify(AWKWARD_NOTE)), "the edited record is in the body");
  assert.deepEqual(headers, signRequest({ secret: demo.secret, body: expectedBody, timestamp: fixed.timestamp, nonce: fixed.nonce }).headers);
  assert.doesNotThrow(() => verify({ secret: demo.secret, headers, body, now: Number(fixed.timestamp) }));
  assert.match(await page.getByText(/ bytes$/).first().textContent(), new RegExp(` · ${Buffer.byteLength(body)} bytes`));
  await screenshot(page, "10-tester-preview");
  await done();
});

test("the previewed curl command, run by sh and curl, is accepted (202) and the sink gets the same bytes", async () => {
  const demo = await demoStack();
  const { page, done } = await openPage(demo.site.url);
  await openTester(page, "127.0.0.1");
  await addAwkwardNote(page);
  await page.getByRole("button", { name: "Preview" }).click();
  const body = await previewText(page, "preview-body");
  const curl = await previewText(page, "preview-curl");

  const run = spawnSync("sh", ["-c", curl], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const [head, answer] = run.stdout.split(/\r\n\r\n/);
  assert.match(head, /^HTTP\/1\.1 202/);
  const { accepted, deliveryId } = JSON.parse(answer);
  assert.equal(accepted, true);
  const forwarded = await waitFor(() => demo.sink.deliveries.find((delivery) => delivery.deliveryId === deliveryId));
  assert.ok(forwarded.body.equals(Buffer.from(body, "utf8")), "the sink received the previewed body byte for byte");
  assert.equal(forwarded.verified, true);
  await done();
});

test("Send: the receiver accepts, the history records it, the sink shows it; wrong secret or tampered body: 401 and the code", async () => {
  const demo = await demoStack();
  const { page, done, expectError } = await openPage(demo.site.url);
  await openTester(page, "127.0.0.1");
  const before = demo.sink.deliveries.length;
  await page.getByRole("button", { name: "Send", exact: true }).click();
  assert.match(await page.getByTestId("send-status").textContent(), /^202/);
  await page.getByText("Accepted", { exact: true }).waitFor();
  const history = page.getByRole("table", { name: "Deliveries sent, newest first" });
  await history.getByRole("row").nth(1).waitFor();
  assert.deepEqual(await history.getByRole("row").nth(1).getByRole("cell").allInnerTexts().then((cells) => cells.slice(1, 3)), ["person.created", "202"]);
  await page.getByText(`The sink received ${before + 1} deliver`).waitFor({ timeout: 30_000 });
  await page.getByRole("listitem").filter({ hasText: "person.created" }).first().waitFor();
  await screenshot(page, "11-tester-sent");

  expectError(/status of 401/);
  await page.getByRole("button", { name: "Send tampered" }).click();
  await page.getByText("Tampered: the body below was changed after signing").waitFor();
  await page.getByText("The receiver says SIGNATURE_MISMATCH").waitFor();
  assert.match(await page.getByTestId("send-status").textContent(), /^401/);

  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Generate" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("link", { name: "Test" }).click();
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await page.getByText("The receiver says SIGNATURE_MISMATCH").waitFor();
  assert.match(await page.getByTestId("send-status").textContent(), /^401/);
  assert.equal(JSON.parse(await page.getByTestId("response-body").textContent()).error.code, "SIGNATURE_MISMATCH");
  await screenshot(page, "12-tester-wrong-secret");
  await history.getByRole("row").nth(3).waitFor();
  assert.deepEqual(await history.getByRole("row").evaluateAll((rows) => rows.slice(1).map((row) => row.cells[2].innerText)), ["401", "401", "202"]);
  assert.equal(demo.sink.deliveries.length, before + 1, "refused deliveries were not forwarded");

  await page.reload();
  // The page renders after the wasm loads: wait for the fourth row (header + 3) to come back.
  await history.getByRole("row").nth(3).waitFor();
  assert.equal(await history.getByRole("row").count(), 4, "the history persists");
  await done();
});

test("invalid record JSON shows an inline error and nothing is sent", async () => {
  const demo = await demoStack();
  const { page, done } = await openPage(demo.site.url);
  await openTester(page, "127.0.0.1");
  const sent = [];
  page.on("request", (request) => request.url().startsWith(demo.targetUrl) && sent.push(request));
  const record = page.getByRole("textbox", { name: "Record (JSON)" });
  await record.fill('{ "id": "f75f6b2e-9442-4c72-aa95-47d8e5ec8cb3", "name": }');
  for (const button of ["Send", "Send tampered", "Preview"]) {
    await page.getByRole("button", { name: button, exact: true }).click();
    await page.getByText("Not valid JSON:").waitFor();
  }
  assert.equal(await record.getAttribute("aria-invalid"), "true");
  assert.ok(await record.evaluate((element) => element === document.activeElement), "the record has the focus");
  await record.fill("[1, 2]");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await page.getByText("The record must be a JSON object").waitFor();
  await screenshot(page, "13-tester-invalid-json");
  assert.equal(sent.length, 0, "no request left the page");
  await page.getByText("Nothing sent yet.").first().waitFor();
  await done();
});

test("events the webhook's filters would not receive are flagged", async () => {
  const { page, done } = await openPage((await standaloneSite()).url, { hash: "#/webhooks/new" });
  await page.getByRole("textbox", { name: "Endpoint URL" }).fill("https://filtered.example.com/hook");
  await page.getByRole("combobox", { name: "Object, filter 1" }).selectOption("person");
  await page.getByRole("combobox", { name: "Action, filter 1" }).selectOption("updated");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("link", { name: "Test" }).click();
  const flag = page.getByText("Twenty would not send");
  assert.ok(await flag.isHidden(), "person.updated is received: no flag");
  await page.getByRole("combobox", { name: "Action" }).selectOption("created");
  await page.getByText("Twenty would not send person.created to this webhook: its filters (person.updated)").waitFor();
  await page.getByRole("combobox", { name: "Object", exact: true }).selectOption("company");
  await page.getByRole("combobox", { name: "Action" }).selectOption("updated");
  await page.getByText("Twenty would not send company.updated").waitFor();
  await page.getByRole("combobox", { name: "Object", exact: true }).selectOption({ label: "Custom object…" });
  await page.getByRole("textbox", { name: "Object: custom object API name" }).fill("invoice");
  await page.getByText("Twenty would not send invoice.updated").waitFor();
  assert.equal(JSON.parse(await page.getByRole("textbox", { name: "Record (JSON)" }).inputValue()).deletedAt, null, "a custom object's sample record");
  await screenshot(page, "14-tester-flagged");
  await done();
});

test("a metadata event: entity and action pickers, a sample event, preview bytes equal buildPayload's, Send → 202 and the sink gets the same bytes", async () => {
  const demo = await demoStack();
  const { page, done } = await openPage(demo.site.url);
  await openTester(page, "127.0.0.1");
  const entity = page.getByRole("combobox", { name: "Object", exact: true });
  const groups = await entity.evaluate((select) => [...select.querySelectorAll("optgroup")].map((group) => [group.label, [...group.querySelectorAll("option")].map((option) => option.textContent)]));
  assert.deepEqual(groups[1], ["Metadata", ["Object", "Field", "View", "View Field", "Index", "Webhook", "Other metadata…"]], "the tester offers Twenty's metadata entities (no All) and any other name");
  await entity.selectOption({ label: "View" });
  const action = page.getByRole("combobox", { name: "Action" });
  assert.deepEqual(await action.locator("option").allTextContents(), ["Created", "Updated", "Deleted"], "Twenty's metadata actions");
  await action.selectOption("updated");
  assert.ok(await page.getByRole("textbox", { name: "Record (JSON)" }).isHidden(), "no record for a metadata event");
  const eventJson = page.getByRole("textbox", { name: "Event (JSON)" });
  const sample = JSON.parse(await eventJson.inputValue());
  assert.deepEqual(Object.keys(sample).sort(), ["metadataName", "properties", "recordId", "type"], "Twenty's event keys");
  assert.deepEqual([sample.metadataName, sample.type, Object.keys(sample.properties).sort()], ["view", "updated", ["after", "before", "diff", "updatedFields"]]);
  await eventJson.fill("[1, 2]");
  await page.getByRole("button", { name: "Preview" }).click();
  await page.getByText("The event must be a JSON object").waitFor();
  assert.equal(await eventJson.getAttribute("aria-invalid"), "true");
  await page.getByText("Press Preview to see the exact request").waitFor();
  await eventJson.fill(JSON.stringify({ ...sample, properties: { ...sample.properties, after: { ...sample.properties.after, name: AWKWARD_NOTE } } }, null, 2));

  await page.getByText("Delivery details").click();
  assert.ok(await page.getByRole("textbox", { name: "Object metadata id" }).isHidden(), "a metadata event has no objectMetadata");
  const fixed = { eventDate: "2025-06-02T08:15:00.042Z", timestamp: "1748852100042", nonce: "fedcba9876543210fedcba9876543210", apiKeyId: "2b8f0d4e-3c1a-4f6b-9e7d-5a4c3b2a1f00" };
  await page.getByRole("textbox", { name: "Event date" }).fill(fixed.eventDate);
  await page.getByRole("textbox", { name: "Timestamp (ms)" }).fill(fixed.timestamp);
  await page.getByRole("textbox", { name: "Nonce" }).fill(fixed.nonce);
  await page.getByRole("textbox", { name: "API key id" }).fill(fixed.apiKeyId);
  await page.getByRole("button", { name: "Preview" }).click();

  const body = await previewText(page, "preview-body");
  const headers = headersFromPreview(await previewText(page, "preview-headers"));
  const value = (name) => page.getByRole("textbox", { name, exact: true }).inputValue();
  const [webhook] = await page.evaluate(() => JSON.parse(localStorage.getItem("twenty-webhooks-demo.webhooks")));
  const expectedBody = buildPayload({
    targetUrl: demo.targetUrl,
    eventName: "metadata.view.updated",
    workspaceId: await value("Workspace id"),
    webhookId: webhook.id,
    eventDate: fixed.eventDate,
    userId: await value("User id"),
    apiKeyId: fixed.apiKeyId,
    event: JSON.parse(await value("Event (JSON)")),
  });
  assert.equal(body, expectedBody);
  assert.ok(body.includes(JSON.stringify(AWKWARD_NOTE)), "the edited event is in the body");
  assert.equal(JSON.parse(body).eventName, "metadata.view.updated");
  assert.deepEqual(headers, signRequest({ secret: demo.secret, body: expectedBody, timestamp: fixed.timestamp, nonce: fixed.nonce }).headers);
  assert.doesNotThrow(() => verify({ secret: demo.secret, headers, body, now: Number(fixed.timestamp) }));
  assert.ok(await page.getByText("Twenty would not send").isHidden(), "the demo webhook's *.* receives metadata events");
  await screenshot(page, "17-tester-metadata-preview");

  // Sent with a fresh timestamp (the receiver refuses stale ones), as Twenty sends it.
  await page.getByRole("textbox", { name: "Timestamp (ms)" }).fill("");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  assert.match(await page.getByTestId("send-status").textContent(), /^202/);
  const sent = await previewText(page, "preview-body");
  assert.equal(sent, expectedBody, "the same body was sent");
  const history = page.getByRole("table", { name: "Deliveries sent, newest first" });
  await history.getByRole("row").nth(1).waitFor();
  assert.deepEqual(await history.getByRole("row").nth(1).getByRole("cell").allInnerTexts().then((cells) => cells.slice(1, 3)), ["metadata.view.updated", "202"]);
  const { deliveryId } = JSON.parse(await page.getByTestId("response-body").textContent());
  const forwarded = await waitFor(() => demo.sink.deliveries.find((delivery) => delivery.deliveryId === deliveryId));
  assert.ok(forwarded.body.equals(Buffer.from(expectedBody, "utf8")), "the sink received the metadata event byte for byte");
  await page.getByRole("listitem").filter({ hasText: "metadata.view.updated" }).first().waitFor({ timeout: 30_000 });
  await screenshot(page, "18-tester-metadata-sent");
  await done();
});

test("the filter flag follows Twenty's metadata rule: *.* receives metadata, *.created does not, metadata.*.* receives no record event", async () => {
  const site = await standaloneSite();
  const { page, done } = await openPage(site.url);
  const flag = page.getByText("Twenty would not send");
  const cases = [
    { filter: ["*", "*"], operations: ["*.*"], events: [["metadata.view", "created", true], ["metadata.objectMetadata", "deleted", true], ["person", "created", true]] },
    { filter: ["*", "created"], operations: ["*.created"], events: [["metadata.view", "created", false], ["person", "created", true]] },
    { filter: ["metadata.*", "*"], operations: ["metadata.*.*"], events: [["metadata.view", "created", true], ["metadata.fieldMetadata", "updated", true], ["person", "created", false], ["company", "deleted", false]] },
  ];
  for (const [index, { filter, operations, events }] of cases.entries()) {
    await page.goto(`${site.url}/#/webhooks/new`);
    await page.getByRole("textbox", { name: "Endpoint URL" }).fill(`https://flag-${index}.example.com/hook`);
    await page.getByRole("combobox", { name: "Object, filter 1" }).selectOption(filter[0]);
    await page.getByRole("combobox", { name: "Action, filter 1" }).selectOption(filter[1]);
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("heading", { level: 1, name: `flag-${index}.example.com` }).waitFor();
    assert.deepEqual((await page.evaluate(() => JSON.parse(localStorage.getItem("twenty-webhooks-demo.webhooks")))).at(-1).operations, operations);
    await page.getByRole("link", { name: "Test" }).click();
    for (const [entity, action, received] of events) {
      const eventName = `${entity}.${action}`;
      assert.equal(matchesOperations(operations, eventName), received, `the package's rule in Node: ${operations} → ${eventName}`);
      await page.getByRole("combobox", { name: "Object", exact: true }).selectOption(entity);
      await page.getByRole("combobox", { name: "Action" }).selectOption(action);
      if (received) assert.ok(await flag.isHidden(), `${operations} receives ${eventName}: no flag`);
      else await page.getByText(`Twenty would not send ${eventName} to this webhook: its filters (${operations.join(", ")})`).waitFor();
      if (eventName === "metadata.view.created" && !received) await screenshot(page, "19-tester-metadata-flagged");
    }
    if (operations[0] === "metadata.*.*") {
      // Any camelCase metadata name Twenty may send (its list grows), typed.
      await page.getByRole("combobox", { name: "Object", exact: true }).selectOption({ label: "Other metadata…" });
      const name = page.getByRole("textbox", { name: "Object: metadata entity name" });
      await name.fill("View Sort");
      await page.getByText("A metadata entity's name is camelCase").waitFor();
      assert.equal(await name.getAttribute("aria-invalid"), "true");
      await name.fill("viewSort");
      await page.getByText("A metadata entity's name is camelCase").waitFor({ state: "hidden" });
      assert.equal(JSON.parse(await page.getByRole("textbox", { name: "Event (JSON)" }).inputValue()).metadataName, "viewSort");
      assert.ok(await flag.isHidden(), "metadata.*.* receives metadata.viewSort.created");
    }
  }
  await done();
});

test("an unreachable endpoint gets an explanation of the likely causes", async () => {
  const closedPort = await portWithNothingListening();
  const { page, done, expectError } = await openPage((await standaloneSite()).url, { hash: "#/webhooks/new" });
  expectError(/ERR_CONNECTION_REFUSED/);
  await page.getByRole("textbox", { name: "Endpoint URL" }).fill(`http://127.0.0.1:${closedPort}/hook`);
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("link", { name: "Test" }).click();
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const alert = page.getByRole("alert").filter({ hasText: "The request did not get through" });
  await alert.waitFor();
  await alert.getByText("CORS: the endpoint must answer the browser's preflight").waitFor();
  await alert.getByText(`Unreachable: 127.0.0.1:${closedPort} does not resolve`).waitFor();
  await screenshot(page, "15-tester-blocked");
  await done();
});

test("an endpoint silent for 5 seconds is a timeout, as Twenty counts it", async () => {
  const site = await standaloneSite();
  const silent = await silentEndpoint(new URL(site.url).origin);
  try {
    const { page, done } = await openPage(site.url, { hash: "#/webhooks/new" });
    await page.getByRole("textbox", { name: "Endpoint URL" }).fill(silent.url);
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("link", { name: "Test" }).click();
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await page.getByText("No answer within 5 s").waitFor({ timeout: 20_000 });
    assert.equal(silent.posts(), 1, "the POST reached the endpoint");
    await screenshot(page, "16-tester-timeout");
    await done();
  } finally {
    await silent.stop();
  }
});

/** Polls `read` until it gives a value (the receiver forwards from a queue). */
async function waitFor(read, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = read();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`nothing within ${timeoutMs} ms`);
}

function portWithNothingListening() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Answers CORS preflights for `origin`, then never answers the POST. */
async function silentEndpoint(origin) {
  let posts = 0;
  const server = createServer((request, response) => {
    if (request.method === "OPTIONS") {
      response.writeHead(204, { "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": "content-type, x-twenty-webhook-timestamp, x-twenty-webhook-signature, x-twenty-webhook-nonce" });
      return response.end();
    }
    posts += 1; // left unanswered
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hook`,
    posts: () => posts,
    stop: () => (server.closeAllConnections(), new Promise((resolve) => server.close(resolve))),
  };
}
