// The Deliveries view against the real edge receiver (workerd, with ADMIN_TOKEN and
// CORS_ORIGINS) and a real local destination that fails on demand: the log listed newest first
// with state chips, Load more through the cursor, filters by state and event kept in the
// address, one delivery opened (destinations, Twenty's headers, the body pretty-printed), a
// dead letter re-driven alone and another with Re-drive all once the destination recovers, a replay arriving again with the same
// id, the token kept in sessionStorage only; a bad token, a receiver without the admin API
// and an unreachable one each get their own message.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { FORWARDED_HEADERS, buildPayload, deliveryId, generateSecret, sampleRecord, signRequest } from "../../pkg/src/node.js";
import { startEdge } from "../../edge/dev.mjs";
import { freePort } from "../../scripts/lib/demo-stack.mjs";
import { startSite } from "../serve.mjs";
import { PHONE, demoStack, openPage, screenshot } from "./harness.mjs";

const ADMIN_TOKEN = generateSecret();
const SECRET = generateSecret();
const FORWARD_SECRET = generateSecret();
/** Events the destination fails until they are dead letters: one is re-driven alone, the other with Re-drive all. */
const DYING_EVENT = "company.created";
const ALSO_DYING_EVENT = "company.deleted";
/** With the others, one more than a page of the list (50), so that Load more has something to load. */
const PERSON_DELIVERIES = 48;
const DELIVERY_ID_HEADER = FORWARDED_HEADERS.deliveryId.toLowerCase();

let stack;
const sent = []; // { id, eventName, body, headers }, in send order

/** A destination that answers 500 to the events in `failing`, 200 otherwise, and records every try. */
async function startDestination() {
  const tries = [];
  const failing = new Set();
  const server = createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString("utf8");
    const status = failing.has(JSON.parse(body).eventName) ? 500 : 200;
    tries.push({ deliveryId: request.headers[DELIVERY_ID_HEADER], status, body });
    response.writeHead(status, { "Content-Type": "application/json" }).end("{}");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hook`,
    tries,
    failing,
    stop: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))),
  };
}

before(async () => {
  const destination = await startDestination();
  const sitePort = await freePort();
  const origin = `http://127.0.0.1:${sitePort}`;
  const common = { sinkUrl: destination.url, secrets: [SECRET], forwardSecret: FORWARD_SECRET, corsOrigins: [origin] };
  // Two tries, no back-off: a failing destination makes a dead letter within seconds.
  const [edge, edgeWithoutAdmin] = await Promise.all([
    startEdge({ ...common, vars: { ADMIN_TOKEN, MAX_ATTEMPTS: "2", RETRY_BASE_SECONDS: "0" } }),
    startEdge(common),
  ]);
  const site = await startSite({ port: sitePort, config: { receiverUrl: edge.url } });
  stack = { destination, edge, edgeWithoutAdmin, site };

  destination.failing.add(DYING_EVENT).add(ALSO_DYING_EVENT);
  const events = [...Array(PERSON_DELIVERIES).fill("person.created"), DYING_EVENT, ALSO_DYING_EVENT, "person.updated"];
  for (const eventName of events) {
    sent.push(await sendDelivery(eventName));
    await new Promise((resolve) => setTimeout(resolve, 2)); // distinct receivedAt: a strict newest-first order
  }
  await waitFor("every delivery delivered, the company ones dead", async () => {
    const { deliveries } = await adminGet("/admin/deliveries?limit=100");
    return deliveries.length === sent.length && deliveries.every((delivery) => delivery.state === (delivery.eventName.startsWith("company.") ? "dead" : "delivered"));
  });
  await waitFor("the dead letters recorded", async () => (await adminGet("/admin/dead-letters")).deadLetters.length === 2);
});

after(async () => {
  await Promise.allSettled([stack?.site.stop(), stack?.edge.stop(), stack?.edgeWithoutAdmin.stop(), stack?.destination.stop()]);
});

/** Sends a genuine delivery of `eventName` to the receiver: `{ id, eventName, body, headers }`. */
async function sendDelivery(eventName, seed = 1) {
  const body = buildPayload({ targetUrl: `${stack.edge.url}/webhooks/twenty`, eventName, record: sampleRecord(eventName.split(".")[0], { seed }) });
  const { headers } = signRequest({ secret: SECRET, body });
  const answer = await fetch(`${stack.edge.url}/webhooks/twenty`, { method: "POST", headers, body });
  assert.equal(answer.status, 202, `the receiver accepts ${eventName}: ${await answer.text()}`);
  return { id: deliveryId(new Headers(headers)), eventName, body, headers };
}

async function adminGet(path) {
  const response = await fetch(`${stack.edge.url}${path}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  assert.equal(response.status, 200, `${path}: ${response.status}`);
  return response.json();
}

async function waitFor(what, condition, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const sentOf = (eventName) => sent.find((delivery) => delivery.eventName === eventName);
const rowIds = (page) => page.getByTestId("deliveries").locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.dataset.deliveryId));
const listStatus = (page) => page.getByRole("status").filter({ hasText: /deliver/ });

async function connect(page, { receiverUrl, token = ADMIN_TOKEN } = {}) {
  if (receiverUrl) await page.getByRole("textbox", { name: "Receiver URL" }).fill(receiverUrl);
  await page.getByLabel("Admin token").fill(token);
  await page.getByRole("button", { name: "Connect" }).click();
}

/** Presses Refresh until `condition()` holds (the receiver works in the background). */
async function refreshUntil(page, what, condition) {
  await waitFor(what, async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await page.waitForTimeout(300);
    return condition();
  });
}

test("the view lists the log newest first with state chips, loads more with the cursor, keeps the token in sessionStorage only", async () => {
  const { page, done, requested } = await openPage(stack.site.url, { hash: "#/deliveries" });
  assert.equal(await page.getByRole("link", { name: "Deliveries", exact: true }).getAttribute("aria-current"), "page", "reachable from the navigation");
  assert.equal(await page.getByRole("textbox", { name: "Receiver URL" }).inputValue(), stack.edge.url, "prefilled from the demo configuration");
  assert.equal(await page.getByLabel("Admin token").inputValue(), "", "the configuration holds no token");
  await connect(page);
  await page.getByText(`Connected to ${stack.edge.url}.`).waitFor();
  await listStatus(page).getByText("50 deliveries shown, more to load.").waitFor();

  const { deliveries } = await adminGet("/admin/deliveries?limit=100");
  assert.deepEqual(await rowIds(page), deliveries.slice(0, 50).map((delivery) => delivery.deliveryId), "the receiver's order");
  assert.equal((await rowIds(page))[0], sent.at(-1).id, "the last one sent comes first");
  const dying = page.locator(`tr[data-delivery-id="${sentOf(DYING_EVENT).id}"]`);
  assert.equal(await dying.locator(".chip").textContent(), "dead");
  assert.equal(await page.locator(`tr[data-delivery-id="${sent.at(-1).id}"] .chip`).textContent(), "delivered");
  await screenshot(page, "30-deliveries-list");

  await page.getByRole("button", { name: "Load more" }).click();
  await listStatus(page).getByText(`${sent.length} deliveries shown.`).waitFor();
  assert.deepEqual(await rowIds(page), deliveries.map((delivery) => delivery.deliveryId));
  assert.ok(await page.getByRole("button", { name: "Load more" }).isHidden(), "no more to load");

  const storage = await page.evaluate(() => ({ session: { ...sessionStorage }, local: { ...localStorage } }));
  assert.ok(Object.values(storage.session).includes(ADMIN_TOKEN), "the token is in sessionStorage");
  assert.ok(!JSON.stringify(storage.local).includes(ADMIN_TOKEN), "and not in localStorage");
  assert.ok(!requested.some((url) => url.includes(ADMIN_TOKEN)) && !page.url().includes(ADMIN_TOKEN), "nor in any URL");

  // A reload in the same tab stays connected (sessionStorage); a new tab starts without it.
  await page.reload();
  await listStatus(page).getByText("50 deliveries shown, more to load.").waitFor();
  const other = await openPage(stack.site.url, { hash: "#/deliveries" });
  assert.equal(await other.page.getByLabel("Admin token").inputValue(), "");
  await other.done();

  await page.getByRole("button", { name: "Forget token" }).click();
  await page.getByText("Token forgotten.").waitFor();
  assert.ok(!Object.values(await page.evaluate(() => ({ ...sessionStorage }))).includes(ADMIN_TOKEN), "Forget token empties it");
  assert.ok(await page.getByTestId("deliveries").isHidden(), "and hides the log");
  await done();
});

test("filters by state and event, kept in the address; opening a delivery shows its destinations, headers and body", async () => {
  const { page, done } = await openPage(stack.site.url, { hash: "#/deliveries" });
  await connect(page);
  await listStatus(page).getByText("50 deliveries shown, more to load.").waitFor();

  await page.getByRole("combobox", { name: "State" }).selectOption("dead");
  await listStatus(page).getByText("2 deliveries shown.").waitFor();
  assert.deepEqual(await rowIds(page), [sentOf(ALSO_DYING_EVENT).id, sentOf(DYING_EVENT).id]);
  assert.match(page.url(), /#\/deliveries\?state=dead$/);

  await page.getByRole("combobox", { name: "State" }).selectOption("");
  const event = page.getByRole("combobox", { name: "Event" });
  await event.fill("person.updated");
  await event.press("Enter");
  await listStatus(page).getByText("1 delivery shown.").waitFor();
  assert.deepEqual(await rowIds(page), [sentOf("person.updated").id]);
  await event.fill("person.created");
  await page.getByRole("combobox", { name: "State" }).selectOption("delivered");
  await listStatus(page).getByText(`${PERSON_DELIVERIES} deliveries shown.`).waitFor();
  assert.match(page.url(), /state=delivered&event=person\.created$/);
  await event.fill("opportunity.deleted");
  await event.press("Enter");
  await listStatus(page).getByText("No delivery matches these filters.").waitFor();

  await page.goto(`${stack.site.url}/#/deliveries?state=dead`);
  await listStatus(page).getByText("2 deliveries shown.").waitFor();
  assert.equal(await page.getByRole("combobox", { name: "State" }).inputValue(), "dead", "the filter comes from the address");
  const dying = sentOf(DYING_EVENT);
  await page.getByTestId("deliveries").getByRole("link", { name: DYING_EVENT }).click();
  await page.getByTestId("delivery-body").waitFor();
  assert.equal(await page.getByTestId("delivery-body").textContent(), JSON.stringify(JSON.parse(dying.body), null, 2), "the body, pretty-printed");
  const shownHeaders = Object.fromEntries((await page.getByTestId("delivery-headers").textContent()).split("\n").map((line) => [line.slice(0, line.indexOf(": ")).toLowerCase(), line.slice(line.indexOf(": ") + 2)]));
  for (const [name, value] of Object.entries(dying.headers)) assert.equal(shownHeaders[name.toLowerCase()], value, `Twenty's ${name}`);
  const facts = await page.getByTestId("delivery-facts").textContent();
  assert.ok(facts.includes(dying.id) && facts.includes(`${Buffer.byteLength(dying.body)} bytes`), facts);
  const destination = page.getByTestId("destinations").locator("tbody tr");
  assert.equal(await destination.count(), 1);
  assert.deepEqual(await destination.locator("td").allTextContents().then((cells) => cells.slice(0, 3)), [stack.destination.url, "dead", "2"]);
  assert.match(await destination.locator("td").nth(3).textContent(), /^HTTP_500 /);
  assert.ok(await page.getByRole("button", { name: "Re-drive" }).isVisible(), "a dead delivery offers Re-drive");
  await screenshot(page, "31-delivery-dead");

  await page.goBack();
  await listStatus(page).getByText("2 deliveries shown.").waitFor();
  await done();
});

test("Re-drive sends dead letters again once the destination recovers, one or all: each delivered once, same id, gone from the dead letters", async () => {
  const { page, done } = await openPage(stack.site.url, { hash: "#/deliveries" });
  await connect(page);
  const letters = page.getByTestId("dead-letters");
  const [dying, alsoDying] = [sentOf(DYING_EVENT), sentOf(ALSO_DYING_EVENT)];
  await letters.locator("tbody tr").first().waitFor();
  const { deadLetters } = await adminGet("/admin/dead-letters");
  assert.deepEqual(await letters.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.dataset.deliveryId)), deadLetters.map((letter) => letter.deliveryId), "the receiver's order");
  assert.deepEqual(new Set(deadLetters.map((letter) => letter.deliveryId)), new Set([dying.id, alsoDying.id]));
  assert.match(await letters.locator(`tr[data-delivery-id="${dying.id}"]`).textContent(), /HTTP_500/);
  await screenshot(page, "32-dead-letters");
  const chipOf = (id) => page.locator(`tr[data-delivery-id="${id}"] .chip`).first().textContent();

  stack.destination.failing.clear();
  await page.getByRole("button", { name: `Re-drive ${DYING_EVENT} ${dying.id}` }).click();
  await page.locator(".toast").getByText("Re-driving 1 dead letter").waitFor();
  await refreshUntil(page, "the re-driven delivery delivered", async () => (await chipOf(dying.id)) === "delivered");
  await waitFor("the delivered letter gone from the list", async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await page.waitForTimeout(300);
    return (await letters.locator("tbody tr").count()) === 1;
  });
  assert.equal(await chipOf(alsoDying.id), "dead", "the other one stays dead until re-driven");

  await page.getByRole("button", { name: "Re-drive all" }).click();
  await page.locator(".toast").getByText("Re-driving 1 dead letter").waitFor();
  await refreshUntil(page, "the other one delivered", async () => (await chipOf(alsoDying.id)) === "delivered");
  await page.getByText("No dead letter").waitFor();
  for (const delivery of [dying, alsoDying]) {
    const tries = stack.destination.tries.filter((tried) => tried.deliveryId === delivery.id);
    assert.deepEqual(tries.map((tried) => tried.status), [500, 500, 200], `${delivery.eventName}: two failed tries, then one delivery`);
    assert.ok(tries.every((tried) => tried.body === delivery.body), "the original bytes each time");
    assert.equal(await page.locator(`tr[data-delivery-id="${delivery.id}"] td.numeric`).textContent(), "3", "every try counts");
  }
  await done();
});

test("Replay forwards a delivered delivery again with the same id", async () => {
  const replayed = sentOf("person.updated");
  const { page, done } = await openPage(stack.site.url, { hash: "#/deliveries" });
  await connect(page);
  await page.getByRole("link", { name: "person.updated" }).click();
  await page.getByTestId("delivery-body").waitFor();
  assert.ok(await page.getByRole("button", { name: "Re-drive" }).isHidden(), "only a dead delivery offers Re-drive");
  await page.getByRole("button", { name: "Replay" }).click();
  await page.locator(".toast").getByText("Replaying to 1 destination").waitFor();
  await waitFor("the replay at the destination", () => stack.destination.tries.filter((tried) => tried.deliveryId === replayed.id).length === 2);
  const tries = stack.destination.tries.filter((tried) => tried.deliveryId === replayed.id);
  assert.deepEqual(tries.map((tried) => [tried.status, tried.body === replayed.body]), [[200, true], [200, true]], "the same bytes, same id, twice");
  const destination = page.getByTestId("destinations").locator("tbody tr");
  await refreshUntil(page, "the replay counted", async () => (await destination.locator("td").nth(2).textContent()) === "2");
  assert.equal(await destination.locator(".chip").textContent(), "delivered");
  await screenshot(page, "33-delivery-replayed");
  await done();
});

test("a wrong token, a receiver without the admin API, an unreachable one and an unknown delivery each get a clear message", async () => {
  const { page, done, expectError } = await openPage(stack.site.url, { hash: "#/deliveries" });
  const notice = page.locator('[role="alert"][data-kind]');

  expectError(/status of 401/);
  await connect(page, { token: "not-the-admin-token" });
  await notice.getByText("Wrong admin token").waitFor();
  assert.equal(await notice.getAttribute("data-kind"), "unauthorized");
  assert.ok(await page.getByTestId("deliveries").count() === 0, "nothing listed");
  assert.ok(!Object.values(await page.evaluate(() => ({ ...sessionStorage }))).includes("not-the-admin-token"), "a refused token is not kept");
  await screenshot(page, "34-deliveries-bad-token");

  // Its /admin/* is the ordinary 404, which carries no CORS: the browser blocks it, and the page
  // finds out through the delivery path, which the receiver's CORS covers.
  expectError(/blocked by CORS policy/);
  expectError(/ERR_FAILED/);
  expectError(/status of 405/); // the delivery path's answer to GET: read, so the origin is allowed
  await connect(page, { receiverUrl: stack.edgeWithoutAdmin.url });
  await notice.getByText("No admin API on this receiver").waitFor();
  assert.match(await notice.textContent(), /ADMIN_TOKEN/);

  const closed = await freePort();
  expectError(/ERR_CONNECTION_REFUSED/);
  await connect(page, { receiverUrl: `http://127.0.0.1:${closed}` });
  await notice.getByText("The receiver does not answer").waitFor();

  // A delivery's own page: without a token it asks for one; an unknown id gets the receiver's code.
  await page.goto(`${stack.site.url}/#/deliveries/${sentOf("person.updated").id}`);
  await page.getByRole("link", { name: "Connect on the Deliveries page" }).waitFor();
  await page.goto(`${stack.site.url}/#/deliveries`);
  await connect(page, { receiverUrl: stack.edge.url });
  await page.getByText(`Connected to ${stack.edge.url}.`).waitFor();
  expectError(/status of 404/);
  await page.goto(`${stack.site.url}/#/deliveries/${"0".repeat(32)}`);
  await notice.getByText("DELIVERY_NOT_FOUND").waitFor();
  assert.equal(await notice.getAttribute("data-kind"), "receiver");
  await done();
});

test("phone width: the list and a delivery fit the screen", async () => {
  const { page, done } = await openPage(stack.site.url, { hash: "#/deliveries", viewport: PHONE });
  await connect(page);
  await listStatus(page).getByText("50 deliveries shown, more to load.").waitFor();
  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  assert.ok(await fits(), "list: no sideways scrolling");
  await screenshot(page, "35-phone-deliveries");
  await page.getByTestId("deliveries").getByRole("link", { name: DYING_EVENT }).click();
  await page.getByTestId("delivery-body").waitFor();
  assert.ok(await fits(), "delivery: no sideways scrolling");
  await screenshot(page, "36-phone-delivery");
  await done();
});

test("the demo stack (npm start) turns the admin API on for the page: its receiver is prefilled, its token connects", async () => {
  const demo = await demoStack();
  const { page, done } = await openPage(demo.site.url, { hash: "#/deliveries" });
  assert.equal(await page.getByRole("textbox", { name: "Receiver URL" }).inputValue(), demo.edge.url);
  const config = await page.evaluate(() => fetch("config.json").then((response) => response.text()));
  assert.ok(!config.includes(demo.adminToken), "the page's configuration does not hold the token");
  await connect(page, { token: demo.adminToken });
  await page.getByText(`Connected to ${demo.edge.url}.`).waitFor();
  await listStatus(page).getByText(/deliver(y|ies) shown\.|No delivery yet\./).waitFor();
  await done();
});

// Last: it adds 103 dead letters and a dead delivery without a re-drivable letter to the log.
test("Re-drive buttons are off while a re-drive is in flight; Re-drive all takes 100 and says how many wait; Re-drive only for a re-drivable dead letter", async () => {
  const MANY = 103;
  const MANY_EVENT = "note.created";
  stack.destination.failing.add(MANY_EVENT);
  const many = [];
  for (let seed = 1; seed <= MANY; seed++) many.push(await sendDelivery(MANY_EVENT, seed));
  const ids = new Set(many.map((delivery) => delivery.id));
  await waitFor(`${MANY} dead letters`, async () => (await allDeadLetters()).filter((letter) => ids.has(letter.deliveryId)).length === MANY, 120_000);
  stack.destination.failing.delete(MANY_EVENT);

  const { page, done } = await openPage(stack.site.url, { hash: "#/deliveries" });
  await connect(page);
  const letters = page.getByTestId("dead-letters");
  await letters.locator("tbody tr").first().waitFor();
  const redriveAll = page.getByRole("button", { name: "Re-drive all" });
  // Hold the re-drive request (the receiver still answers it, later) to look at the page meanwhile.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  const redriveRequests = [];
  await page.route("**/admin/dead-letters/redrive", async (route) => {
    redriveRequests.push(route.request().postData());
    await held;
    await route.continue();
  });
  await redriveAll.click();
  await waitFor("the request sent", () => redriveRequests.length === 1);
  assert.ok(await redriveAll.isDisabled(), "Re-drive all is off while its request is in flight");
  const rowButtons = letters.locator("tbody button");
  assert.equal(await rowButtons.count(), 50);
  for (const button of await rowButtons.all()) assert.ok(await button.isDisabled(), "and so is each letter's Re-drive");
  await redriveAll.click({ force: true }).catch(() => {}); // a second press does nothing
  await page.waitForTimeout(300);
  release();
  await page.locator(".toast").getByText("Re-driving 100 dead letters").waitFor();
  await page.getByTestId("redrive-status").getByText(`${MANY - 100} more dead letters are waiting`).waitFor();
  assert.equal(redriveRequests.length, 1, "one request for two presses");
  await screenshot(page, "37-redrive-remaining");

  await redriveAll.click();
  await page.locator(".toast").getByText(`Re-driving ${MANY - 100} dead letters`).waitFor();
  assert.equal(await page.getByTestId("redrive-status").textContent(), "", "nothing waits any more");
  await waitFor(`all ${MANY} delivered`, () => many.every((delivery) => stack.destination.tries.some((tried) => tried.deliveryId === delivery.id && tried.status === 200)), 120_000);
  await refreshUntil(page, "the dead letters gone", async () => (await page.getByText("No dead letter").count()) === 1);
  for (const delivery of many) {
    assert.deepEqual(stack.destination.tries.filter((tried) => tried.deliveryId === delivery.id).map((tried) => tried.status), [500, 500, 200], "re-driven once");
  }

  // A dead delivery offers Re-drive only while it is in the dead-letter list with its body kept.
  const LATE_EVENT = "opportunity.created";
  stack.destination.failing.add(LATE_EVENT);
  const late = await sendDelivery(LATE_EVENT);
  await waitFor("its dead letter", async () => (await allDeadLetters()).some((letter) => letter.deliveryId === late.id));
  await page.goto(`${stack.site.url}/#/deliveries/${late.id}`);
  await page.getByTestId("delivery-body").waitFor();
  const redrive = page.getByRole("button", { name: "Re-drive", exact: true });
  assert.ok((await redrive.isVisible()) && (await redrive.isEnabled()), "a dead letter with its body: Re-drive");
  const log = await stack.edge.database();
  // What the receiver's clean-up does once LOG_RETENTION_DAYS have passed: the bodies go.
  await log.batch([log.prepare("UPDATE dead_letters SET body = NULL WHERE delivery_id = ?").bind(late.id), log.prepare("UPDATE deliveries SET body = NULL WHERE id = ?").bind(late.id)]);
  await page.reload();
  await page.getByText("The body is no longer kept").waitFor();
  assert.ok(await redrive.isHidden(), "its body gone: no Re-drive");
  assert.ok(await page.getByRole("button", { name: "Replay" }).isDisabled());
  assert.equal(await page.getByTestId("delivery-facts").locator(".chip").textContent(), "dead", "still dead");
  await log.prepare("DELETE FROM dead_letters WHERE delivery_id = ?").bind(late.id).run();
  await page.reload();
  await page.getByText("The body is no longer kept").waitFor();
  assert.ok(await redrive.isHidden(), "not in the dead-letter list: no Re-drive");
  await done();
});

async function allDeadLetters() {
  const letters = [];
  let cursor = null;
  do {
    const page = await adminGet(`/admin/dead-letters?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    letters.push(...page.deadLetters);
    cursor = page.nextCursor;
  } while (cursor);
  return letters;
}
