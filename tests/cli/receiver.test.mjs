// listen, deliveries and dead-letters against the REAL edge receiver in workerd (edge/dev.mjs,
// with ADMIN_TOKEN), deliveries signed with the package as Twenty signs them: listen forwards
// every accepted delivery once, byte identical, with Twenty's headers (or re-signed); a second
// listener past RELAY_MAX_LISTENERS and a wrong token are one line and exit 1; the admin API's
// list, show, replay and re-drive; listen reconnects when the receiver restarts; Ctrl-C exits 0.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEdge } from "../../edge/dev.mjs";
import { startSink } from "../../edge/sink.mjs";
import { delivery, metadataDelivery, post, successesById, unusedPort, waitFor } from "../../edge/test/lib/harness.mjs";
import { pathToFileURL } from "node:url";
import { cleanEnv, cli, commandLines, EXAMPLE_RECEIVER, EXAMPLE_URL, HOME, onTerminal, READMES, receiver, run, SECRET, startCli, startLine } from "./support.mjs";

const { openWebSocket } = await import(pathToFileURL(join(HOME, "node_modules/twenty-webhooks/src/cli/websocket.js")).href);

const ADMIN_TOKEN = randomBytes(24).toString("base64url");
const LOCAL_SECRET = randomBytes(32).toString("hex");
const FORWARD_SECRET = randomBytes(32).toString("hex");
const MAX_ATTEMPTS = 2;

const sink = await startSink({ forwardSecret: FORWARD_SECRET });
const latePort = await unusedPort(); // task.* goes here: refused until a test starts a sink on it
const state = mkdtempSync(join(tmpdir(), "cli-edge-state-"));
const settings = {
  secrets: [SECRET],
  forwardSecret: FORWARD_SECRET,
  persistTo: state,
  vars: {
    ADMIN_TOKEN,
    RELAY_MAX_LISTENERS: "1",
    MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    RETRY_BASE_SECONDS: "1",
    ROUTES: JSON.stringify([
      { operations: ["task.*"], url: `http://127.0.0.1:${latePort}/late` },
      { operations: ["person.*", "company.*", "note.*", "metadata.*.*"], url: `${sink.url}/steady` },
    ]),
  },
};
let edge = await startEdge(settings);
let late;
const outputs = []; // every CLI output of this file, checked for the token at the end
after(async () => {
  await Promise.all([edge.stop(), sink.stop(), late?.stop()]);
  rmSync(state, { recursive: true, force: true });
});

const ADMIN_ENV = cleanEnv({ TWENTY_WEBHOOKS_ADMIN_TOKEN: ADMIN_TOKEN });
const sent = new Map(); // deliveryId → { body, headers, eventName } as sent to the receiver

/** POSTs `d` to the receiver; asserts the 202 and records it by delivery id. */
async function accept(d) {
  const answer = await post(edge, d);
  assert.equal(answer.status, 202, answer.text);
  sent.set(answer.json.deliveryId, d);
  return answer.json.deliveryId;
}

/** The CLI with the admin token from the environment; its output kept for the token check. */
async function admin(args) {
  const result = await cli([...args, "--receiver", edge.url], { env: ADMIN_ENV });
  outputs.push(result.stdout, result.stderr);
  return result;
}

function listen(args, env = ADMIN_ENV) {
  return startCli(["listen", "--receiver", edge.url, ...args], { env });
}

async function stopped(listener) {
  const result = await listener.interrupt();
  outputs.push(result.stdout, result.stderr);
  return result;
}

/** The local app's deliveries matched to what was sent: asserts each is one of them, once. */
function matchToSent(deliveries) {
  const seen = new Set();
  for (const got of deliveries) {
    const id = [...sent].find(([, d]) => Buffer.from(d.body).equals(got.body))?.[0];
    assert.ok(id, `a forwarded body that was never sent: ${got.body.toString().slice(0, 80)}`);
    assert.ok(!seen.has(id), `${id} forwarded twice`);
    seen.add(id);
  }
  return seen;
}

test("listen forwards every accepted delivery once, byte identical, with Twenty's headers; a second listener is refused; Ctrl-C exits 0", async () => {
  const app = await receiver(); // verifies with the webhook's secret, as the app behind the receiver would
  const listener = listen(["--forward-to", app.url]);
  let result;
  try {
    await listener.waitFor(/listening: /);
    const second = await admin(["listen", "--forward-to", app.url]);
    assert.equal(second.code, 1, second.stderr);
    assert.match(second.stderr, /^twenty-webhooks listen: RELAY_FULL: [^\n]+\n$/);

    const ids = [];
    for (const [i, object] of ["person", "company", "note", "task", "person", "company", "task", "note"].entries()) {
      ids.push(await accept(delivery({ secret: SECRET, object, action: ["created", "updated", "deleted"][i % 3], seed: i })));
    }
    ids.push(await accept(metadataDelivery({ secret: SECRET, metadataName: "view", action: "updated" })));
    ids.push(await accept(metadataDelivery({ secret: SECRET, metadataName: "fieldMetadata", action: "created" })));
    // Twenty's re-send of an accepted delivery (202, dropped) and a forged one (401): neither relayed.
    const again = await post(edge, sent.get(ids[0]));
    assert.equal(again.status, 202, again.text);
    const forged = delivery({ secret: "not the webhook's secret", object: "person", seed: 99 });
    assert.equal((await post(edge, forged)).status, 401);

    await waitFor("every accepted delivery at the local app", () => app.deliveries.length >= ids.length);
    await waitFor("the steady destination has them too", () => ids.filter((id) => !sent.get(id).eventName.startsWith("task.")).every((id) => successesById(sink).has(id)));
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // time for a copy to show up, if one were coming
    assert.equal(app.deliveries.length, ids.length, "each accepted delivery once");
    assert.deepEqual([...matchToSent(app.deliveries)].sort(), [...ids].sort());
    for (const got of app.deliveries) {
      const [, original] = [...sent].find(([, d]) => Buffer.from(d.body).equals(got.body));
      for (const [name, value] of Object.entries(original.headers)) assert.equal(got.headers[name.toLowerCase()], value, name);
      assert.equal(got.verified, true, "verifies with the webhook's secret (node:crypto)");
    }
  } finally {
    result = await stopped(listener);
    await app.close();
  }
  assert.equal(result.code, 0, result.stderr);
  for (const id of sent.keys()) assert.equal(result.stdout.split(id).length - 1, 1, `one line for ${id}`);
  assert.match(result.stdout, / → 200 /);
  assert.match(result.stdout, /stopped: 10 forwarded, 10 answered 2xx\n$/);
});

test("listen --resign signs each delivery again with the local secret; --json is one document when it stops", async () => {
  // RELAY_MAX_LISTENERS is 1: this connects only because the previous listener closed its socket.
  const app = await receiver({ secret: LOCAL_SECRET });
  const listener = listen(["--forward-to", app.url, "--resign", LOCAL_SECRET, "--json"]);
  const ids = [];
  let result;
  try {
    await listener.waitFor(/listening: /, "stderr");
    for (let seed = 10; seed < 13; seed++) ids.push(await accept(delivery({ secret: SECRET, object: "company", action: "updated", seed })));
    await waitFor("the re-signed deliveries at the local app", () => app.deliveries.length >= ids.length);
  } finally {
    result = await stopped(listener);
    await app.close();
  }
  assert.equal(result.code, 0, result.stderr);
  const document = JSON.parse(result.stdout);
  assert.equal(document.ok, true);
  assert.equal(document.resigned, true);
  assert.deepEqual(document.summary, { forwarded: 3, succeeded: 3, failed: 0, skipped: 0 });
  assert.deepEqual(document.deliveries.map((d) => d.deliveryId).sort(), [...ids].sort());
  assert.ok(document.deliveries.every((d) => d.status === 200 && d.eventName === "company.updated"));
  assert.deepEqual([...matchToSent(app.deliveries)].sort(), [...ids].sort(), "the original bytes");
  for (const got of app.deliveries) {
    assert.equal(got.verified, true, "verifies with the local secret");
    const original = [...sent.values()].find((d) => Buffer.from(d.body).equals(got.body));
    assert.notEqual(got.headers["x-twenty-webhook-signature"], original.headers["X-Twenty-Webhook-Signature"]);
  }
});

test("a wrong admin token: one line with the hint and exit 1, for listen and the admin commands alike", async () => {
  const env = cleanEnv({ TWENTY_WEBHOOKS_ADMIN_TOKEN: "wrong-token" });
  const runs = await Promise.all([
    cli(["listen", "--receiver", edge.url, "--forward-to", "http://127.0.0.1:9/"], { env }),
    cli(["deliveries", "--receiver", edge.url], { env }),
    cli(["dead-letters", "redrive", "--receiver", edge.url], { env }),
    cli(["deliveries", "--receiver", edge.url, "--json"], { env }),
  ]);
  for (const result of runs.slice(0, 3)) {
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^twenty-webhooks [a-z-]+: UNAUTHORIZED: [^\n]*\(Pass the receiver's ADMIN_TOKEN with --token or \$TWENTY_WEBHOOKS_ADMIN_TOKEN[^\n]*\)\n$/);
    assert.equal(result.stdout, "");
  }
  assert.equal(runs[3].code, 1);
  assert.equal(JSON.parse(runs[3].stdout).error.code, "UNAUTHORIZED");
  for (const result of runs) assert.doesNotMatch(result.stdout + result.stderr, /wrong-token/);
});

test("deliveries: list a page at a time and filtered, show one with its body, replay it", async () => {
  const page = await admin(["deliveries", "--limit", "4", "--json"]);
  assert.equal(page.code, 0, page.stderr);
  const first = JSON.parse(page.stdout);
  assert.equal(first.deliveries.length, 4);
  assert.equal(typeof first.nextCursor, "string");
  const rest = JSON.parse((await admin(["deliveries", "--limit", "100", "--cursor", first.nextCursor, "--json"])).stdout);
  const listed = [...first.deliveries, ...rest.deliveries].map((d) => d.deliveryId);
  assert.deepEqual([...listed].sort(), [...sent.keys()].sort(), "every accepted delivery once, over the pages");
  assert.equal(rest.nextCursor, null);

  const views = JSON.parse((await admin(["deliveries", "--event", "metadata.view.updated", "--json"])).stdout).deliveries;
  assert.deepEqual(views.map((d) => d.eventName), ["metadata.view.updated"]);

  const table = await admin(["deliveries"]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /RECEIVED +EVENT +DELIVERY ID +STATE/);
  for (const id of sent.keys()) assert.match(table.stdout, new RegExp(id));
  assert.doesNotMatch(table.stdout, /\x1b/, "no colour when piped");
  const [coloured, noColor] = await Promise.all([onTerminal(["deliveries", "--receiver", edge.url], ADMIN_ENV), onTerminal(["deliveries", "--receiver", edge.url], { ...ADMIN_ENV, NO_COLOR: "1" })]);
  outputs.push(coloured.stdout, noColor.stdout);
  assert.match(coloured.stdout, /\x1b\[32mdelivered/, "states in colour on a terminal");
  assert.doesNotMatch(noColor.stdout, /\x1b\[/, "never with NO_COLOR");
  assert.match(noColor.stdout, /delivered/);

  const [id, original] = [...sent].find(([, d]) => d.eventName === "company.updated");
  const shown = await admin(["deliveries", "show", id, "--json"]);
  assert.equal(shown.code, 0, shown.stderr);
  const { delivery: entry } = JSON.parse(shown.stdout);
  assert.equal(entry.body, Buffer.from(original.body).toString("utf8"));
  assert.equal(entry.state, "delivered");
  const text = await admin(["deliveries", "show", id]);
  assert.match(text.stdout, /"eventName": "company.updated"/, "the body, indented");
  assert.match(text.stdout, new RegExp(`X-Twenty-Webhook-Signature: ${original.headers["X-Twenty-Webhook-Signature"]}`, "i"));

  const before = successesById(sink).get(id).length;
  const replayed = await admin(["deliveries", "replay", id]);
  assert.equal(replayed.code, 0, replayed.stderr);
  assert.match(replayed.stdout, new RegExp(`replaying ${id} to 1 destination`));
  await waitFor("the replay at the destination", () => successesById(sink).get(id).length === before + 1);
  assert.ok(successesById(sink).get(id).at(-1).body.equals(Buffer.from(original.body)), "the original bytes");

  const notOurs = await admin(["deliveries", "replay", id, "--destination", "http://127.0.0.1:9/elsewhere"]);
  assert.equal(notOurs.code, 2, "the receiver refused the input: nothing done");
  assert.match(notOurs.stderr, /^twenty-webhooks deliveries: INVALID_REQUEST: [^\n]+\n$/);
  const missing = await admin(["deliveries", "show", "no-such-delivery"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^twenty-webhooks deliveries: DELIVERY_NOT_FOUND: [^\n]+\n$/);
});

test("dead-letters: the deliveries whose destination never answered; re-driven one by one, then all, once it listens", async () => {
  const tasks = [...sent].filter(([, d]) => d.eventName.startsWith("task.")).map(([id]) => id);
  assert.equal(tasks.length, 2);
  let listed;
  await waitFor(`both task deliveries dead after ${MAX_ATTEMPTS} attempts`, async () => {
    const result = await admin(["dead-letters", "--json"]);
    listed = JSON.parse(result.stdout).deadLetters;
    return listed.length === 2;
  });
  assert.deepEqual(listed.map((d) => d.deliveryId).sort(), [...tasks].sort());
  assert.ok(listed.every((d) => d.attempts === MAX_ATTEMPTS && d.lastFailure.reason === "UNREACHABLE"));
  const table = await admin(["dead-letters"]);
  assert.match(table.stdout, /DEAD SINCE +EVENT +DELIVERY ID +ATTEMPTS +LAST FAILURE/);
  assert.match(table.stdout, /UNREACHABLE/);

  const unknown = await admin(["dead-letters", "redrive", "no-such-delivery"]);
  assert.equal(unknown.code, 2, unknown.stderr);
  assert.match(unknown.stderr, /^twenty-webhooks dead-letters: INVALID_REQUEST: [^\n]+\n$/);

  late = await startSink({ port: latePort, forwardSecret: FORWARD_SECRET });
  const one = await admin(["dead-letters", "redrive", tasks[0]]);
  assert.equal(one.code, 0, one.stderr);
  assert.match(one.stdout, /re-driving 1 dead letter\n/);
  await waitFor("the re-driven one delivered", () => successesById(late).has(tasks[0]));
  await waitFor("the re-driven one off the list", async () => JSON.parse((await admin(["dead-letters", "--json"])).stdout).deadLetters.length === 1);
  assert.ok(!successesById(late).has(tasks[1]), "the other one waits for its re-drive");

  const all = await admin(["dead-letters", "redrive", "--json"]);
  assert.equal(all.code, 0, all.stderr);
  const answer = JSON.parse(all.stdout);
  assert.equal(answer.ok, true);
  assert.equal(answer.redriving, 1);
  assert.deepEqual(answer.deliveryIds, [tasks[1]]);
  await waitFor("the other one delivered", () => successesById(late).has(tasks[1]));
  for (const id of tasks) assert.ok(successesById(late).get(id)[0].body.equals(Buffer.from(sent.get(id).body)), "the original bytes");
  await waitFor("an empty list", async () => (await admin(["dead-letters"])).stdout === "no dead letters\n");
});

test("the READMEs' command lines for the receiver run as written against it", async () => {
  const [deliveryId] = [...sent].find(([, d]) => d.eventName.startsWith("person.")) ?? assert.fail("run with the tests above: they send the deliveries");
  const app = await receiver();
  const env = { ...ADMIN_ENV, DELIVERY_ID: deliveryId, npm_config_offline: "true" };
  try {
    for (const file of READMES) {
      const lines = commandLines(file).filter((line) => line.includes(EXAMPLE_RECEIVER));
      assert.ok(lines.length >= 3, `${file} shows the receiver's commands`);
      for (const written of lines) {
        const line = written.replaceAll(EXAMPLE_RECEIVER, edge.url).replaceAll(EXAMPLE_URL, app.url);
        if (!/ listen /.test(line)) {
          const result = await run("sh", ["-c", line], { env });
          outputs.push(result.stdout, result.stderr);
          assert.equal(result.code, 0, `${file}: ${written}\n${result.stdout}${result.stderr}`);
          continue;
        }
        const before = app.deliveries.length;
        const listener = startLine(line, { env });
        await listener.waitFor(/listening: /);
        const id = await accept(delivery({ secret: SECRET, object: "person", action: "updated", seed: 1000 + before }));
        await waitFor(`${written}: the delivery at the local app`, () => app.deliveries.length === before + 1);
        const result = await listener.interrupt();
        outputs.push(result.stdout, result.stderr);
        assert.match(result.stdout, new RegExp(`${id}  → 200 .*\\nstopped: 1 forwarded, 1 answered 2xx\\n$`), `${file}: ${written}`);
        // The CLI exits 0 (the tests above run the bin itself); npx, which got the Ctrl-C too,
        // ends by that signal once its child has exited, as it does for any command.
        assert.ok(result.code === 0 || result.signal === "SIGINT", `${file}: ${written}: ${result.code} ${result.signal}\n${result.stderr}`);
      }
    }
  } finally {
    await app.close();
  }
});

// In the pinned workerd a hibernating socket's close frame is not answered by the runtime: the
// relay's webSocketClose must answer it, or every listener's Ctrl-C waits out its close timeout
// and ends as 1006.
test("the relay answers a ping with a pong and a close with a close (listen's heartbeat and Ctrl-C rely on them)", async () => {
  const socket = await openWebSocket(`${edge.url}/admin/relay`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  const pong = new Promise((resolve) => socket.once("pong", resolve));
  socket.ping("heartbeat");
  assert.equal(String(await pong), "heartbeat");
  const closed = new Promise((resolve) => socket.once("close", resolve));
  socket.close(1000, "listener stopped");
  assert.equal(await closed, 1000, "the relay's close frame, not a dropped connection (1006)");
});

test("listen reconnects when the receiver restarts, and forwards what comes after", async () => {
  const app = await receiver();
  const listener = listen(["--forward-to", app.url]);
  let result;
  try {
    await listener.waitFor(/listening: /);
    const port = Number(new URL(edge.url).port);
    await edge.stop();
    await listener.waitFor(/connection lost \(1006\); reconnecting in /);
    edge = await startEdge({ ...settings, port });
    await listener.waitFor(/reconnected/);
    const id = await accept(delivery({ secret: SECRET, object: "note", action: "created", seed: 42 }));
    await waitFor("the delivery after the restart at the local app", () => app.deliveries.length === 1);
    assert.deepEqual([...matchToSent(app.deliveries)], [id]);
  } finally {
    result = await stopped(listener);
    await app.close();
  }
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /stopped: 1 forwarded, 1 answered 2xx\n$/);
});

test("a receiver without ADMIN_TOKEN has no admin API: NOT_FOUND, exit 1 and the hint to set it", async () => {
  await edge.stop();
  edge = await startEdge({ ...settings, vars: { ...settings.vars, ADMIN_TOKEN: "" } });
  const runs = await Promise.all([admin(["listen", "--forward-to", "http://127.0.0.1:9/"]), admin(["deliveries"]), admin(["dead-letters", "redrive"])]);
  for (const result of runs) {
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^twenty-webhooks [a-z-]+: NOT_FOUND: [^\n]*\(The receiver has no admin API: set its ADMIN_TOKEN secret \(wrangler secret put ADMIN_TOKEN\)[^\n]*\)\n$/);
  }
});

test("no output of this file holds the admin token", () => {
  assert.ok(outputs.length > 0);
  for (const text of outputs) assert.ok(!text.includes(ADMIN_TOKEN), text);
});
