// `trigger` against a node:http receiver that verifies every delivery with node:crypto alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { cleanEnv, cli, receiver, scratch, SECRET } from "./support.mjs";

const TWENTY_HEADERS = ["x-twenty-webhook-timestamp", "x-twenty-webhook-signature", "x-twenty-webhook-nonce"];
const RECORD_KEYS = ["targetUrl", "eventName", "objectMetadata", "workspaceId", "webhookId", "eventDate", "userId", "workspaceMemberId", "record"];

test("trigger sends record events signed as Twenty signs them, each verified by node:crypto", async () => {
  const target = await receiver();
  try {
    const events = ["person.created", "company.updated", "task.deleted", "note.restored", "opportunity.destroyed", "invoice.created"];
    const results = await Promise.all(events.map((eventName) => cli(["trigger", eventName, "--url", target.url, "--secret", SECRET])));
    results.forEach((result, index) => {
      assert.equal(result.code, 0, `${events[index]}: ${result.stdout}${result.stderr}`);
      assert.match(result.stdout, /all 1 answered 2xx/);
    });
    assert.equal(target.deliveries.length, events.length);
    for (const eventName of events) {
      const delivery = target.deliveries.find((d) => JSON.parse(d.body).eventName === eventName);
      const [objectName, action] = eventName.split(".");
      assert.ok(delivery.verified, `${eventName} verifies`);
      assert.equal(delivery.method, "POST");
      assert.equal(delivery.headers["content-type"], "application/json");
      assert.match(delivery.headers["x-twenty-webhook-nonce"], /^[0-9a-f]{32}$/);
      const payload = JSON.parse(delivery.body.toString("utf8"));
      const updated = ["updated", "deleted", "restored"].includes(action);
      assert.deepEqual(Object.keys(payload), updated ? [...RECORD_KEYS, "updatedFields"] : RECORD_KEYS);
      assert.equal(payload.targetUrl, target.url);
      assert.equal(payload.objectMetadata.nameSingular, objectName);
      assert.equal(delivery.body.toString("utf8"), JSON.stringify(payload), "the body is JSON.stringify's bytes");
      if (action === "deleted" || action === "destroyed") assert.notEqual(payload.record.deletedAt, null);
    }
  } finally {
    await target.close();
  }
});

test("trigger sends metadata events, each verified by node:crypto; --record gives the event", async () => {
  const target = await receiver();
  const files = scratch();
  try {
    const events = ["metadata.view.updated", "metadata.fieldMetadata.created", "metadata.objectMetadata.deleted", "metadata.webhook.created"];
    const results = await Promise.all(events.map((eventName) => cli(["trigger", eventName, "--url", target.url, "--secret", SECRET])));
    results.forEach((result, index) => assert.equal(result.code, 0, `${events[index]}: ${result.stdout}${result.stderr}`));
    for (const eventName of events) {
      const delivery = target.deliveries.find((d) => JSON.parse(d.body).eventName === eventName);
      const [, metadataName, action] = eventName.split(".");
      assert.ok(delivery.verified, `${eventName} verifies`);
      const payload = JSON.parse(delivery.body);
      assert.deepEqual(Object.keys(payload), ["targetUrl", "eventName", "workspaceId", "webhookId", "eventDate", "userId", "event"]);
      assert.equal(payload.event.metadataName, metadataName);
      assert.equal(payload.event.type, action);
      assert.equal(delivery.body.toString("utf8"), JSON.stringify(payload));
    }

    const event = { type: "created", metadataName: "view", recordId: "d23ae3c4-fc1e-469e-9fc2-a5969f2939a2", properties: { after: { id: "d23ae3c4-fc1e-469e-9fc2-a5969f2939a2", name: "Pipeline" } } };
    const given = await cli(["trigger", "metadata.view.created", "--url", target.url, "--secret", SECRET, "--record", files.file("event.json", JSON.stringify(event))]);
    assert.equal(given.code, 0, given.stdout);
    const delivery = target.deliveries.at(-1);
    assert.ok(delivery.verified);
    assert.deepEqual(JSON.parse(delivery.body).event, event);
  } finally {
    await target.close();
  }
});

test("trigger --count 200 --concurrency 20: every delivery verifies and is answered 2xx, exactly 20 in flight", async () => {
  const target = await receiver({ barrier: 20 }); // answers only when 20 are waiting together
  try {
    const result = await cli(["trigger", "person.updated", "--url", target.url, "--secret", SECRET, "--count", "200", "--concurrency", "20"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /all 200 answered 2xx \(200 × 200\)/);
    assert.equal(result.stdout.split("\n").filter((line) => /^\s+#\d+\s+200\s/.test(line)).length, 200, "a line per delivery");
    assert.equal(target.deliveries.length, 200);
    assert.ok(target.deliveries.every((d) => d.verified), "every delivery verifies");
    assert.equal(new Set(target.deliveries.map((d) => d.headers["x-twenty-webhook-nonce"])).size, 200, "a fresh nonce each");
    assert.equal(new Set(target.deliveries.map((d) => JSON.parse(d.body).record.id)).size, 200, "a new sample record each");
    assert.equal(new Set(target.deliveries.map((d) => JSON.parse(d.body).webhookId)).size, 1, "all from one webhook");
    assert.equal(target.maxInFlight, 20);
  } finally {
    await target.close();
  }
});

test("trigger --record sends the given record; --json is one document", async () => {
  const target = await receiver();
  const files = scratch();
  try {
    const record = { id: "f75f6b2e-9442-4c72-aa95-47d8e5ec8cb3", name: { firstName: "Zoë", lastName: "O'Brien" }, city: "Zürich", deletedAt: null };
    const path = files.file("record.json", `${JSON.stringify(record, null, 2)}\n`);
    const result = await cli(["trigger", "person.created", "--url", target.url, "--secret", SECRET, "--record", path, "--count", "3", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const document = JSON.parse(result.stdout);
    assert.equal(document.ok, true);
    assert.equal(document.signed, true);
    assert.equal(document.summary.succeeded, 3);
    assert.deepEqual(document.deliveries.map((d) => [d.index, d.status, d.ok]), [[1, 200, true], [2, 200, true], [3, 200, true]]);
    for (const delivery of target.deliveries) {
      assert.ok(delivery.verified);
      assert.deepEqual(JSON.parse(delivery.body).record, record);
    }
  } finally {
    await target.close();
  }
});

test("trigger reads the secret from TWENTY_WEBHOOK_SECRET; without any it sends unsigned deliveries and says so", async () => {
  const target = await receiver({ answer: () => 204 });
  try {
    const fromEnv = await cli(["trigger", "company.created", "--url", target.url], { env: cleanEnv({ TWENTY_WEBHOOK_SECRET: SECRET }) });
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
    assert.ok(target.deliveries[0].verified);

    const unsigned = await cli(["trigger", "company.created", "--url", target.url]);
    assert.equal(unsigned.code, 0, unsigned.stderr);
    assert.match(unsigned.stdout, /unsigned/);
    const { headers } = target.deliveries[1];
    assert.equal(headers["content-type"], "application/json");
    for (const name of TWENTY_HEADERS) assert.equal(headers[name], undefined, `no ${name}`);

    const json = await cli(["trigger", "company.created", "--url", target.url, "--json"]);
    assert.equal(JSON.parse(json.stdout).signed, false);
  } finally {
    await target.close();
  }
});

test("trigger exits 1 unless every answer was 2xx: a 4xx, a 5xx, an unreachable URL, a timeout", async () => {
  let n = 0;
  const target = await receiver({ answer: (d) => (++n === 2 ? 500 : d.verified ? 200 : 401) });
  try {
    const some = await cli(["trigger", "person.created", "--url", target.url, "--secret", SECRET, "--count", "3", "--concurrency", "1"]);
    assert.equal(some.code, 1);
    assert.match(some.stdout, /1 of 3 failed \(2 × 200, 1 × 500\)/);

    const wrongSecret = await cli(["trigger", "person.created", "--url", target.url, "--secret", "not the secret"]);
    assert.equal(wrongSecret.code, 1);
    assert.equal(target.deliveries.at(-1).verified, false);
  } finally {
    await target.close();
  }

  const closed = createServer();
  await new Promise((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = closed.address().port;
  await new Promise((resolve) => closed.close(resolve));
  const unreachable = await cli(["trigger", "person.created", "--url", `http://127.0.0.1:${port}/`, "--secret", SECRET, "--json"]);
  assert.equal(unreachable.code, 1);
  const document = JSON.parse(unreachable.stdout);
  assert.equal(document.ok, false);
  assert.match(document.deliveries[0].error, /unreachable: connection refused/);

  const silent = await receiver({ delayMs: Infinity });
  try {
    const started = Date.now();
    const timeout = await cli(["trigger", "person.created", "--url", silent.url, "--secret", SECRET]);
    assert.equal(timeout.code, 1);
    assert.match(timeout.stdout, /timeout after 5000 ms/);
    assert.ok(Date.now() - started >= 5000, "Twenty's 5 s timeout");
  } finally {
    await silent.close();
  }
});

test("trigger follows redirects as Twenty's client does: 307 POSTs the same signed body again, 302 becomes a GET", async () => {
  const target = await receiver({
    answer: (d) => (d.url === "/moved" ? { status: 307, headers: { location: "/webhooks/twenty" } } : d.url === "/found" ? { status: 302, headers: { location: "/webhooks/twenty" } } : d.method === "GET" ? 204 : d.verified ? 200 : 401),
  });
  try {
    const moved = await cli(["trigger", "person.created", "--url", target.url.replace("/webhooks/twenty", "/moved"), "--secret", SECRET]);
    assert.equal(moved.code, 0, moved.stdout);
    const [first, second] = target.deliveries;
    assert.equal(second.method, "POST");
    assert.deepEqual(second.body, first.body);
    assert.ok(second.verified);

    const found = await cli(["trigger", "person.created", "--url", target.url.replace("/webhooks/twenty", "/found"), "--secret", SECRET]);
    assert.equal(found.code, 0, found.stdout);
    const get = target.deliveries.at(-1);
    assert.equal(get.method, "GET");
    assert.equal(get.body.length, 0);
    assert.match(get.headers["x-twenty-webhook-signature"], /^[0-9a-f]{64}$/, "the signature headers stay");
  } finally {
    await target.close();
  }
});
