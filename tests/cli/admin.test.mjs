// The admin commands (deliveries, dead-letters) against a stand-in server that answers what each
// test says, as the real receiver (receiver.test.mjs) will not: well-formed JSON of another
// shape, text that would drive the terminal, a receiver behind a path prefix, and a re-drive
// that leaves letters for the next call.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { cleanEnv, cli } from "./support.mjs";

const ENV = cleanEnv({ TWENTY_WEBHOOKS_ADMIN_TOKEN: "stand-in-token" });

/**
 * A server that answers every request with `answer(request)` → `{ status, json }` (JSON text
 * as given when `json` is a string). Resolves to `{ url, requests, close() }`.
 */
async function standIn(answer) {
  const requests = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
    req.resume();
    req.on("end", () => {
      const { status = 200, json } = answer(req);
      res.writeHead(status, { "Content-Type": "application/json" }).end(typeof json === "string" ? json : JSON.stringify(json));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Runs the CLI's `args` against a stand-in answering `json` (status 200 unless given). */
async function against(args, json, { status, receiverPath = "" } = {}) {
  const server = await standIn(() => ({ status, json }));
  try {
    const result = await cli([...args, "--receiver", `${server.url}${receiverPath}`], { env: ENV });
    return { ...result, requests: server.requests, origin: server.url };
  } finally {
    await server.close();
  }
}

test("well-formed JSON of another shape is NOT_A_RECEIVER (exit 1, one line), never an internal error", async () => {
  const summary = { deliveryId: "d-1", eventName: "person.created", receivedAt: "2026-01-01T00:00:00.000Z", size: 10, state: "delivered", attempts: 1, destinations: [] };
  const cases = [
    [["deliveries"], { deliveries: "none", nextCursor: null }],
    [["deliveries"], []],
    [["deliveries"], null],
    [["deliveries"], { deliveries: [null], nextCursor: null }],
    [["deliveries"], { deliveries: [{ ...summary, destinations: "https://a.example" }], nextCursor: null }],
    [["deliveries"], { deliveries: [{ ...summary, destinations: [null] }], nextCursor: null }],
    [["deliveries"], { deliveries: [summary], nextCursor: 5 }],
    [["deliveries", "show", "d-1"], { ...summary, destinations: [{ url: "https://a.example", lastFailure: "TIMEOUT" }] }],
    [["deliveries", "show", "d-1"], { ...summary, headers: {}, body: { not: "text" } }],
    [["deliveries", "replay", "d-1"], { replaying: true, deliveryId: "d-1", destinations: 1 }],
    [["dead-letters"], { deadLetters: [{ deliveryId: "d-1", destinations: "https://a.example" }], nextCursor: null }],
    [["dead-letters"], { letters: [], nextCursor: null }],
    [["dead-letters", "redrive"], { redriving: 1, deliveryIds: "d-1" }],
    [["dead-letters", "redrive"], "42"],
  ];
  for (const [args, json] of cases) {
    const result = await against(args, json);
    const what = `${args.join(" ")} ← ${JSON.stringify(json)}`;
    assert.equal(result.code, 1, `${what}\n${result.stderr}`);
    assert.match(result.stderr, /^twenty-webhooks [a-z-]+: NOT_A_RECEIVER: http:\/\/127\.0\.0\.1:\d+\/admin\/[^\n]* answered HTTP 200, but [^\n]+ \(Check --receiver[^\n]*\)\n$/, what);
    assert.equal(result.stdout, "", what);
  }
  // The same shapes the real receiver sends pass (a table, exit 0).
  const fine = await against(["deliveries"], { deliveries: [summary], nextCursor: null });
  assert.equal(fine.code, 0, fine.stderr);
  assert.match(fine.stdout, /d-1 +delivered/);
});

test("the receiver's text cannot drive the terminal: control characters in its error and lists are not printed", async () => {
  const refused = await against(["dead-letters", "redrive", "d-1"], { error: { code: "INVALID_REQUEST", message: "bad\x1b[2J\r\nids\x07", hint: "fix\x1b]0;owned\x07them\u009b" } }, { status: 400 });
  assert.equal(refused.code, 2, refused.stderr);
  assert.equal(refused.stderr, "twenty-webhooks dead-letters: INVALID_REQUEST: bad [2J ids (fix ]0;owned them)\n");
  const json = await against(["dead-letters", "redrive", "d-1", "--json"], { error: { code: "INVALID_REQUEST", message: "bad\x1b[2J", hint: 7 } }, { status: 400 });
  assert.deepEqual(JSON.parse(json.stdout).error, { code: "INVALID_REQUEST", message: "bad [2J" }, "a hint that is not text is left out");
  const notACode = await against(["deliveries"], { error: { code: "\x1b[2JOOPS", message: "m" } }, { status: 500 });
  assert.match(notACode.stderr, /^twenty-webhooks deliveries: NOT_A_RECEIVER: [^\x1b]*\n$/);

  const listed = await against(["deliveries"], {
    deliveries: [
      {
        deliveryId: "d-1\x1b[31m",
        eventName: "person.created\x1b]0;title\x07",
        receivedAt: "x\x1b[2J",
        size: 1,
        state: "dead\x1b[0m",
        attempts: 1,
        destinations: [{ url: "https://a.example", state: "dead", attempts: 1, lastFailure: { reason: "HTTP_500\x1b[1A", at: "2026-01-01T00:00:00.000Z" } }],
      },
    ],
    nextCursor: null,
  });
  assert.equal(listed.code, 0, listed.stderr);
  assert.doesNotMatch(listed.stdout, /[\x00-\x09\x0b-\x1f\x7f-\x9f]/, "nothing but printable text and line feeds");
  assert.match(listed.stdout, /person\.created \]0;title +d-1 \[31m +dead \[0m /);
  const delivery = { deliveryId: "d-1", eventName: "person.created", receivedAt: "2026-01-01T00:00:00.000Z", size: 5, state: "dead", attempts: 1, destinations: [] };
  const shown = await against(["deliveries", "show", "d-1"], { ...delivery, headers: { "Content-Type": "text/plain\x1b[2J" }, body: "line one\x1b[2J\nline\ttwo" });
  assert.equal(shown.code, 0, shown.stderr);
  assert.doesNotMatch(shown.stdout, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/, "nothing but printable text, tabs and line feeds");
  assert.match(shown.stdout, /\nline one \[2J\nline\ttwo\n$/, "the body's lines and tabs kept");
});

test("a receiver behind a path prefix: the admin calls go to <prefix>/admin/…; a query or user name in --receiver is refused", async () => {
  const list = await against(["deliveries", "--state", "dead"], { deliveries: [], nextCursor: null }, { receiverPath: "/twenty/hooks/" });
  assert.equal(list.code, 0, list.stderr);
  assert.deepEqual(list.requests.map((r) => [r.method, r.url, r.authorization]), [["GET", "/twenty/hooks/admin/deliveries?state=dead", "Bearer stand-in-token"]]);
  const redrive = await against(["dead-letters", "redrive"], { redriving: 0, deliveryIds: [] }, { receiverPath: "/twenty/hooks" });
  assert.deepEqual(redrive.requests.map((r) => [r.method, r.url]), [["POST", "/twenty/hooks/admin/dead-letters/redrive"]]);
  const missing = await against(["deliveries", "show", "d/1"], { error: { code: "DELIVERY_NOT_FOUND", message: "No such delivery." } }, { status: 404, receiverPath: "/twenty" });
  assert.deepEqual(missing.requests.map((r) => r.url), ["/twenty/admin/deliveries/d%2F1"]);
  assert.equal(missing.stderr, "twenty-webhooks deliveries: DELIVERY_NOT_FOUND: No such delivery.\n");
  const unreachable = await cli(["deliveries", "--receiver", "http://127.0.0.1:9/twenty/"], { env: ENV });
  assert.match(unreachable.stderr, /RECEIVER_UNREACHABLE: cannot reach http:\/\/127\.0\.0\.1:9\/twenty: /, "the receiver named with its path");
  for (const [receiver, pattern] of [
    ["http://127.0.0.1:9/twenty?x=1", /--receiver: give the receiver's address only, without \?query or #fragment/],
    ["http://user:pw@127.0.0.1:9/", /--receiver: leave the user name and password out of the URL/],
  ]) {
    const result = await cli(["deliveries", "--receiver", receiver], { env: ENV });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, pattern);
  }
});

test("dead-letters redrive says how many are left for the next call and which named ones were already being re-driven", async () => {
  const answer = { redriving: 2, deliveryIds: ["d-1", "d-2"], remaining: 250, alreadyRedriving: ["d-3"], bodyExpired: [] };
  const text = await against(["dead-letters", "redrive", "d-1", "d-2", "d-3"], answer);
  assert.equal(text.code, 0, text.stderr);
  assert.equal(
    text.stdout,
    ["re-driving 2 dead letters", "  d-1", "  d-2", "1 already being re-driven, not sent again: d-3", "250 more dead letters not re-driven yet: run dead-letters redrive again", ""].join("\n"),
  );
  const json = await against(["dead-letters", "redrive", "--json"], answer);
  assert.deepEqual(JSON.parse(json.stdout), { ok: true, ...answer });
  const done = await against(["dead-letters", "redrive"], { redriving: 1, deliveryIds: ["d-1"], remaining: 0, alreadyRedriving: [], bodyExpired: [] });
  assert.equal(done.stdout, "re-driving 1 dead letter\n  d-1\n", "nothing more to say when none remain");
});
