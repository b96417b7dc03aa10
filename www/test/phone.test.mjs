// At phone width (390 px) every screen fits without sideways scrolling and stays usable
// (the tester with a record event and with a metadata event).
import { test } from "node:test";
import assert from "node:assert/strict";
import { PHONE, demoStack, openPage, screenshot } from "./harness.mjs";

async function assertFitsWidth(page, screen) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  assert.ok(scrollWidth <= clientWidth, `${screen}: no sideways scrolling (content ${scrollWidth} px, screen ${clientWidth} px)`);
}

test("phone width: list, form, tester and checker fit the screen", async () => {
  const demo = await demoStack();
  const { page, done } = await openPage(demo.site.url, { viewport: PHONE });
  await assertFitsWidth(page, "list");
  await screenshot(page, "21-phone-list");

  await page.getByRole("link", { name: "127.0.0.1" }).click();
  await page.getByRole("heading", { level: 1, name: "127.0.0.1" }).waitFor();
  await page.getByRole("combobox", { name: "Action, filter 1" }).selectOption("updated");
  await assertFitsWidth(page, "form");
  await screenshot(page, "22-phone-form");

  await page.getByRole("link", { name: "Test" }).click();
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await page.getByTestId("send-status").waitFor();
  await assertFitsWidth(page, "tester");
  await screenshot(page, "23-phone-tester");
  await page.getByRole("combobox", { name: "Object", exact: true }).selectOption({ label: "Field" });
  await page.getByRole("textbox", { name: "Event (JSON)" }).waitFor();
  await assertFitsWidth(page, "tester, metadata event");
  await screenshot(page, "23b-phone-tester-metadata");

  await page.getByRole("button", { name: "Check this delivery" }).click();
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.getByTestId("verdict").waitFor();
  await assertFitsWidth(page, "checker");
  await screenshot(page, "24-phone-check");
  await done();
});
