// The static copy (node www/build.mjs <outdir>) works from a plain file server: no server
// logic, no network beyond the page's own folder.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite } from "../build.mjs";
import { serveFolder } from "../serve.mjs";
import { openPage } from "./harness.mjs";

test("the static build loads the wasm and signs without any server logic", async () => {
  const folder = mkdtempSync(join(tmpdir(), "www-static-"));
  const server = await serveFolder(buildSite(folder));
  try {
    const { page, done, requested } = await openPage(server.url, { hash: "#/webhooks/new" });
    await page.getByRole("textbox", { name: "Endpoint URL" }).fill("https://static.example.com/hook");
    await page.getByRole("button", { name: "Generate" }).click();
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("link", { name: "Test" }).click();
    await page.getByRole("button", { name: "Preview" }).click();
    assert.match(await page.getByTestId("preview-headers").textContent(), /X-Twenty-Webhook-Signature: [0-9a-f]{64}/);
    assert.ok(requested.some((url) => url.endsWith("/twenty_webhooks_bg.wasm")), "the wasm came from the folder");
    assert.deepEqual(new Set(requested.map((url) => new URL(url).origin)), new Set([server.url]), "only the page's own folder was requested");
    await done();
  } finally {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});
