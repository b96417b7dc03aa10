// The Webhooks settings as in Twenty: list, create, edit, persistence, URL validation, filter
// rows, the secret's controls, delete with "yes", export and import, keyboard use.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPage, screenshot, standaloneSite, stored } from "./harness.mjs";

async function createWebhook(page, url) {
  await page.getByRole("link", { name: "Create webhook" }).click();
  await page.getByRole("textbox", { name: "Endpoint URL" }).fill(url);
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("tab", { name: "Settings" }).or(page.getByRole("link", { name: "Settings" })).waitFor();
}

/** The filter rows as [object, action] values. */
function filterRows(page) {
  return page.locator(".filter-row").evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll("select")].map((select) => select.value)));
}

test("create, edit and reload: the webhook persists, titled by its hostname", async () => {
  const { page, done } = await openPage((await standaloneSite()).url);
  await assert.doesNotReject(page.getByText("Establish Webhook endpoints for notifications on asynchronous events.").waitFor());
  await assert.doesNotReject(page.getByText("No webhook yet.").waitFor());
  await screenshot(page, "01-list-empty");

  await page.getByRole("link", { name: "Create webhook" }).click();
  assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "New Webhook");
  assert.equal(await page.getByRole("button", { name: "Delete" }).count(), 0, "no danger zone while creating");
  await page.getByRole("textbox", { name: "Endpoint URL" }).fill("hooks.example.com/twenty");
  await page.getByRole("textbox", { name: "Description" }).fill("CRM → warehouse");
  await page.getByRole("textbox", { name: "Endpoint URL" }).blur();
  await assert.doesNotReject(page.getByText("Will be saved as https://hooks.example.com/twenty").waitFor());
  await screenshot(page, "02-form-new");
  await page.getByRole("button", { name: "Save" }).click();

  await page.getByRole("heading", { level: 1, name: "hooks.example.com" }).waitFor();
  assert.equal(await page.getByRole("textbox", { name: "Endpoint URL" }).inputValue(), "https://hooks.example.com/twenty");
  await page.getByRole("textbox", { name: "Description" }).fill("CRM → warehouse, v2");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("updated successfully").waitFor();

  await page.reload();
  await page.getByRole("heading", { level: 1, name: "hooks.example.com" }).waitFor();
  assert.equal(await page.getByRole("textbox", { name: "Description" }).inputValue(), "CRM → warehouse, v2");
  await screenshot(page, "03-form-edit");

  await page.getByRole("link", { name: "APIs & Webhooks" }).first().click();
  const row = page.getByRole("link", { name: /hooks\.example\.com/ });
  assert.equal((await row.innerText()).trim(), "hooks.example.com", "the row shows the hostname");
  const [webhook] = await stored(page, "webhooks");
  assert.deepEqual({ ...webhook, id: undefined, createdAt: undefined }, {
    id: undefined,
    createdAt: undefined,
    targetUrl: "https://hooks.example.com/twenty",
    description: "CRM → warehouse, v2",
    operations: ["*.*"],
    secret: "",
  });
  await screenshot(page, "04-list");
  await done();
});

test("an invalid Endpoint URL shows an inline error and saves nothing", async () => {
  const { page, done } = await openPage((await standaloneSite()).url, { hash: "#/webhooks/new" });
  const url = page.getByRole("textbox", { name: "Endpoint URL" });
  const cases = [
    ["", "URL is required"],
    ["ftp://files.example.com/hook", "Only http and https URLs are accepted (this one is ftp:)."],
    ["javascript:alert(1)", "Only http and https URLs are accepted (this one is javascript:)."],
    ["https://exa mple.com", "Please enter a valid URL"],
  ];
  for (const [value, message] of cases) {
    await url.fill(value);
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText(message, { exact: true }).waitFor();
    assert.equal(await url.getAttribute("aria-invalid"), "true");
    assert.match(await url.evaluate((input) => document.getElementById(input.getAttribute("aria-describedby").split(" ").at(-1)).textContent), new RegExp(message.slice(0, 10)));
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "New Webhook");
  }
  await screenshot(page, "05-form-invalid-url");
  assert.equal(await stored(page, "webhooks"), null, "nothing saved");
  await url.fill("http://localhost:8787/webhooks/twenty");
  await assert.doesNotReject(page.getByText("Please enter a valid URL").waitFor({ state: "hidden" }));
  await done();
});

test("filter rows: one empty row, last, unless both catch-alls (*.* and metadata.*.*) are there", async () => {
  const { page, done } = await openPage((await standaloneSite()).url, { hash: "#/webhooks/new" });
  await page.getByRole("textbox", { name: "Endpoint URL" }).fill("https://hooks.example.com/filters");
  assert.deepEqual(await filterRows(page), [["*", "*"], ["", "*"]], "default *.*, and an empty row: only both catch-alls (*.* and metadata.*.*) leave none");

  await page.getByRole("combobox", { name: "Action, filter 1" }).selectOption("created");
  assert.deepEqual(await filterRows(page), [["*", "created"], ["", "*"]], "no *.* left: an empty row appears");
  assert.equal(await page.getByRole("button", { name: "Remove filter 2" }).count(), 0, "the empty row has no remove button");

  await page.getByRole("combobox", { name: "Object, filter 2" }).selectOption("company");
  assert.deepEqual(await filterRows(page), [["*", "created"], ["company", "*"], ["", "*"]], "the empty row was used: a new one appears");

  await page.getByRole("combobox", { name: "Object, filter 3" }).selectOption({ label: "Custom object…" });
  await page.getByRole("textbox", { name: "Object, filter 3: custom object API name" }).fill("Sales Order");
  await page.getByRole("combobox", { name: "Action, filter 3" }).selectOption("destroyed");
  assert.equal((await filterRows(page)).length, 4);
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("An object's API name is camelCase").waitFor();
  assert.equal(await stored(page, "webhooks"), null, "an invalid custom name saves nothing");
  await page.getByRole("textbox", { name: "Object, filter 3: custom object API name" }).fill("salesOrder");

  await page.getByRole("button", { name: "Remove filter 1" }).click();
  assert.deepEqual(await filterRows(page), [["company", "*"], ["(custom)", "destroyed"], ["", "*"]]);
  await screenshot(page, "06-form-filters");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("heading", { level: 1, name: "hooks.example.com" }).waitFor();
  assert.deepEqual((await stored(page, "webhooks"))[0].operations, ["company.*", "salesOrder.destroyed"]);

  await page.reload();
  await page.locator(".filter-row").nth(2).waitFor(); // the page renders after the wasm loads
  assert.deepEqual(await filterRows(page), [["company", "*"], ["(custom)", "destroyed"], ["", "*"]], "rows come back, with the empty row");
  assert.equal(await page.getByRole("textbox", { name: "Object, filter 2: custom object API name" }).inputValue(), "salesOrder");
  await page.getByRole("combobox", { name: "Object, filter 1" }).selectOption("*");
  await page.getByRole("combobox", { name: "Action, filter 1" }).selectOption("*");
  await page.getByRole("button", { name: "Remove filter 2" }).click();
  assert.deepEqual(await filterRows(page), [["*", "*"], ["", "*"]], "a *.* row adds no second empty row");
  await done();
});

test("the entity picker has Twenty's Core Objects and Metadata sections; metadata rows store metadata.<entity>.<action>", async () => {
  const { page, done } = await openPage((await standaloneSite()).url, { hash: "#/webhooks/new" });
  await page.getByRole("textbox", { name: "Endpoint URL" }).fill("https://hooks.example.com/metadata");
  const sections = await page.getByRole("combobox", { name: "Object, filter 2" }).evaluate((select) =>
    [...select.querySelectorAll("optgroup")].map((group) => [group.label, [...group.querySelectorAll("option")].map((option) => [option.textContent, option.value])]),
  );
  assert.deepEqual(sections, [
    ["Core Objects", [["All Objects", "*"], ["People", "person"], ["Companies", "company"], ["Opportunities", "opportunity"], ["Tasks", "task"], ["Notes", "note"], ["Custom object…", "(custom)"]]],
    ["Metadata", [["All Metadata", "metadata.*"], ["Object", "metadata.objectMetadata"], ["Field", "metadata.fieldMetadata"], ["View", "metadata.view"], ["View Field", "metadata.viewField"], ["Index", "metadata.index"], ["Webhook", "metadata.webhook"]]],
  ]);
  const actionLabels = (number) => page.getByRole("combobox", { name: `Action, filter ${number}` }).locator("option").allTextContents();

  await page.getByRole("combobox", { name: "Object, filter 2" }).selectOption({ label: "All Metadata" });
  assert.deepEqual(await actionLabels(2), ["All", "Created", "Updated", "Deleted"], "Twenty's actions for metadata");
  assert.deepEqual(await filterRows(page), [["*", "*"], ["metadata.*", "*"]], "both catch-alls: no empty row");
  await page.getByRole("combobox", { name: "Action, filter 2" }).selectOption("created");
  assert.deepEqual(await filterRows(page), [["*", "*"], ["metadata.*", "created"], ["", "*"]], "one catch-all left: the empty row is back");

  await page.getByRole("combobox", { name: "Object, filter 3" }).selectOption({ label: "View" });
  await page.getByRole("combobox", { name: "Action, filter 3" }).selectOption({ label: "Updated" });
  await page.getByRole("combobox", { name: "Object, filter 4" }).selectOption("person");
  await page.getByRole("combobox", { name: "Action, filter 4" }).selectOption("restored");
  await page.getByRole("combobox", { name: "Object, filter 4" }).selectOption({ label: "Webhook" });
  assert.deepEqual((await filterRows(page))[3], ["metadata.webhook", "*"], "restored is no metadata action: the row falls back to All");
  await screenshot(page, "06b-form-metadata-filters");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("heading", { level: 1, name: "hooks.example.com" }).waitFor();
  assert.deepEqual((await stored(page, "webhooks"))[0].operations, ["*.*", "metadata.*.created", "metadata.view.updated", "metadata.webhook.*"]);

  await page.reload();
  await page.locator(".filter-row").nth(4).waitFor(); // the page renders after the wasm loads
  assert.deepEqual(await filterRows(page), [["*", "*"], ["metadata.*", "created"], ["metadata.view", "updated"], ["metadata.webhook", "*"], ["", "*"]], "metadata rows come back");
  const picked = (number) => page.getByRole("combobox", { name: `Object, filter ${number}` }).evaluate((select) => select.selectedOptions[0].textContent);
  assert.deepEqual([await picked(2), await picked(3)], ["All Metadata", "View"]);
  await done();
});

test("secret: warning while empty, Generate, show / hide, copy", async () => {
  const site = await standaloneSite();
  const { page, done } = await openPage(site.url, { hash: "#/webhooks/new" });
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: site.url });
  await page.getByRole("textbox", { name: "Endpoint URL" }).fill("https://hooks.example.com/secret");
  const secret = page.getByRole("textbox", { name: "Secret", exact: true });
  const warning = page.getByText("No secret: Twenty sends this webhook's deliveries unsigned");
  assert.ok(await warning.isVisible(), "warning shown while the secret is empty");
  assert.equal(await secret.getAttribute("type"), "password");

  await page.getByRole("button", { name: "Generate" }).click();
  const generated = await secret.inputValue();
  assert.match(generated, /^[0-9a-f]{64}$/);
  assert.ok(await warning.isHidden(), "no warning once a secret is set");
  await page.getByRole("button", { name: "Generate" }).click();
  assert.notEqual(await secret.inputValue(), generated, "each Generate gives a new secret");

  const toggle = page.getByRole("button", { name: "Show secret" });
  await toggle.click();
  assert.equal(await secret.getAttribute("type"), "text");
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  await screenshot(page, "07-form-secret");
  await toggle.click();
  assert.equal(await secret.getAttribute("type"), "password");

  await page.getByRole("button", { name: "Copy secret" }).click();
  await page.getByText("Copied the secret").waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await secret.inputValue());

  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("heading", { level: 1, name: "hooks.example.com" }).waitFor();
  assert.equal((await stored(page, "webhooks"))[0].secret, await secret.inputValue());
  await secret.fill("");
  assert.ok(await warning.isVisible(), "emptied again: the warning is back");
  await done();
});

test('delete asks to type "yes"; Escape keeps the webhook', async () => {
  const { page, done } = await openPage((await standaloneSite()).url);
  await createWebhook(page, "https://doomed.example.com/hook");
  await page.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete webhook" });
  await dialog.waitFor();
  await screenshot(page, "08-delete-dialog");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  assert.equal((await stored(page, "webhooks")).length, 1, "dismissed: nothing deleted");

  await page.getByRole("button", { name: "Delete" }).click();
  const confirm = dialog.getByRole("button", { name: "Delete" });
  assert.ok(await confirm.isDisabled());
  await dialog.getByRole("textbox", { name: "Type yes to confirm" }).fill("no");
  assert.ok(await confirm.isDisabled(), "only yes enables it");
  await dialog.getByRole("textbox", { name: "Type yes to confirm" }).fill("yes");
  await confirm.click();
  await page.getByText("No webhook yet.").waitFor();
  assert.deepEqual(await stored(page, "webhooks"), []);
  await done();
});

test("export and import as JSON; an invalid file imports nothing and says why", async () => {
  const { page, done } = await openPage((await standaloneSite()).url);
  await createWebhook(page, "https://one.example.com/hook");
  await page.getByRole("link", { name: "APIs & Webhooks" }).first().click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export JSON" }).click()]);
  const exported = JSON.parse(await streamText(await download.createReadStream()));
  assert.equal(exported.format, "twenty-webhooks-demo/webhooks@1");
  assert.equal(exported.webhooks[0].targetUrl, "https://one.example.com/hook");

  const file = page.getByLabel("Import webhooks from a JSON file");
  const importText = async (name, text) => file.setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(text) });
  await importText("broken.json", "{ not json");
  await page.getByRole("alert").getByText("Nothing was imported. The file is not JSON").waitFor();
  await importText("bad-url.json", JSON.stringify({ webhooks: [{ targetUrl: "https://ok.example.com" }, { targetUrl: "ftp://bad.example.com" }] }));
  await page.getByRole("alert").getByText('Webhook 2: "targetUrl": Only http and https URLs are accepted').waitFor();
  await screenshot(page, "09-import-error");
  await importText("bad-operation.json", JSON.stringify({ webhooks: [{ targetUrl: "https://ok.example.com", operations: ["person"] }] }));
  await page.getByRole("alert").getByText('operation "person" is not <object>.<action>').waitFor();
  assert.equal((await stored(page, "webhooks")).length, 1, "nothing imported");

  exported.webhooks.push({ targetUrl: "two.example.com/in", operations: ["person.created"], secret: "s3cret" });
  exported.webhooks[0].description = "replaced by the import";
  await importText("good.json", JSON.stringify(exported));
  await page.getByText("Imported 2 webhooks").waitFor();
  assert.deepEqual(await page.getByRole("table").getByRole("link").allInnerTexts(), ["one.example.com", "two.example.com"]);
  const webhooks = await stored(page, "webhooks");
  assert.equal(webhooks.length, 2, "same id replaced, new one added");
  assert.equal(webhooks[0].description, "replaced by the import");
  assert.equal(webhooks[1].targetUrl, "https://two.example.com/in");
  await done();
});

test("keyboard only: create a webhook and reach its tester", async () => {
  const { page, done } = await openPage((await standaloneSite()).url);
  await tabTo(page, page.getByRole("link", { name: "Create webhook" }));
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: "New Webhook" }).waitFor();
  assert.ok(await page.getByRole("textbox", { name: "Endpoint URL" }).evaluate((input) => input === document.activeElement), "the URL field has the focus");
  await page.keyboard.type("keys.example.com/hook");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: "keys.example.com" }).waitFor();
  await tabTo(page, page.getByRole("link", { name: "Test" }));
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Event" }).waitFor();
  await done();
});

/** Presses Tab until `target` has the focus (at most 40 times). */
async function tabTo(page, target) {
  for (let i = 0; i < 40; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  assert.fail("could not reach the control with Tab");
}

async function streamText(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}
