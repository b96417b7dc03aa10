/**
 * @module www/test/harness
 * What the page's tests share: one headless Chromium (Debian's, driven by playwright-core)
 * with a fresh profile, the sites under test, the demo stack (edge receiver + sink), pages
 * that fail the test on any console error, and screenshots in tests/artifacts/www/.
 * Everything starts on first use and stops in closeAll().
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { startDemoStack } from "../../scripts/lib/demo-stack.mjs";
import { startSite } from "../serve.mjs";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const ARTIFACTS = join(ROOT, "tests/artifacts/www");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

const started = []; // { stop } in start order
const once = new Map();

/** Runs `start` once; later calls share its result. */
function shared(name, start) {
  if (!once.has(name)) once.set(name, start());
  return once.get(name);
}

export function browser() {
  return shared("browser", async () => {
    const profile = mkdtempSync(join(tmpdir(), "www-chromium-"));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: DESKTOP, acceptDownloads: true });
    started.push({ stop: async () => (await context.close(), rmSync(profile, { recursive: true, force: true })) });
    return context;
  });
}

/** The page served alone, as a static site with no receiver. */
export function standaloneSite() {
  return shared("standalone", async () => track(await startSite()));
}

/** The demo stack, exactly as `npm start` runs it (scripts/lib/demo-stack.mjs). */
export function demoStack() {
  return shared("demo", async () => track(await startDemoStack()));
}

function track(service) {
  started.push(service);
  return service;
}

export async function closeAll() {
  for (const service of started.reverse()) await service.stop();
}

/**
 * A new tab on `siteUrl` with empty storage. Console errors and page errors are collected;
 * `expectError(pattern)` declares one the test provokes on purpose (a browser's own network
 * message, e.g. for a 401), and `done()` fails on any other one and on an expected one that
 * never came.
 */
export async function openPage(siteUrl, { viewport = DESKTOP, hash = "#/" } = {}) {
  const context = await browser();
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  page.setDefaultTimeout(15_000);
  const errors = [];
  const expected = [];
  const requested = [];
  page.on("request", (request) => requested.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console.error: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  await page.goto(`${siteUrl}/`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${siteUrl}/${hash}`);
  await page.reload();
  await page.getByRole("heading", { level: 1 }).waitFor();
  return {
    page,
    /** Every URL the tab requested, from its first load on. */
    requested,
    expectError(pattern) {
      expected.push({ pattern, seen: false });
    },
    async done() {
      const unexpected = errors.filter((error) => {
        const match = expected.find(({ pattern }) => pattern.test(error));
        if (match) match.seen = true;
        return !match;
      });
      await page.close();
      assert.deepEqual(unexpected, [], "no console error or page error");
      for (const { pattern, seen } of expected) assert.ok(seen, `the expected console error ${pattern} happened`);
    },
  };
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** What the page keeps in localStorage under `key`. */
export function stored(page, key) {
  return page.evaluate((name) => JSON.parse(localStorage.getItem(`twenty-webhooks-demo.${name}`) ?? "null"), key);
}
