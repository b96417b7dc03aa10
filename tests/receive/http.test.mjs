// The two adapters over real HTTP on loopback: createNodeMiddleware on node:http, and
// createFetchHandler behind a node:http server that turns each request into a Fetch Request
// (its body a stream, as Deno, Bun and Workers give it). Same cases, same answers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SECRET, fetchAdapter, nodeAdapter, recordBody, send, serve, signedHeaders, sleep, twenty, waitFor } from "./support.mjs";

const MiB = 1024 * 1024;

/** The Fetch handler on node:http: the request body streamed into a Request, the Response streamed back. */
function fetchOnNode(handler) {
  return async (req, res) => {
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([name, value]) => [value].flat().map((v) => [name, v])),
      body: hasBody ? streamOf(req) : undefined,
      duplex: "half",
    });
    const response = await handler(request);
    const headers = Object.fromEntries(response.headers);
    if (!req.complete) headers.connection = "close";
    res.writeHead(response.status, headers).end(Buffer.from(await response.arrayBuffer()));
  };
}

/** The request body as a Web stream, pulled as the handler reads (what a Fetch server gives). */
function streamOf(req) {
  let done = false;
  return new ReadableStream({
    start(controller) {
      req.pause();
      req.on("data", (piece) => {
        controller.enqueue(new Uint8Array(piece));
        if (controller.desiredSize <= 0) req.pause();
      });
      req.on("end", () => {
        if (!done) controller.close();
        done = true;
      });
      req.on("error", (error) => !done && controller.error(error));
    },
    pull: () => void req.resume(),
    cancel: () => {
      done = true;
      req.pause();
      req.removeAllListeners("data");
    },
  });
}

const adapters = {
  "createNodeMiddleware (node:http)": (webhooks, options) => nodeAdapter.createNodeMiddleware(webhooks, options),
  "createFetchHandler (Request → Response)": (webhooks, options) => fetchOnNode(fetchAdapter.createFetchHandler(webhooks, options)),
};

/** A server for `adapter` whose handlers record what they ran. */
async function receiver(adapter, { respondWithinMs = 4_000, maxBodyBytes, dedupe = twenty.memoryDedupe() } = {}) {
  const webhooks = new twenty.Webhooks({ secret: SECRET, dedupe });
  const ran = [];
  webhooks.on("person.created", ({ payload }) => void ran.push(["person.created", payload.record.id]));
  webhooks.on(["company.*", "*.deleted"], ({ payload }) => void ran.push(["company.* | *.deleted", payload.eventName]));
  webhooks.on("task.created", async () => {
    await sleep(300);
    ran.push(["slow task.created done"]);
  });
  webhooks.on("opportunity.created", async () => {
    await sleep(300);
    throw new Error("failed after the 202");
  });
  webhooks.on("note.created", () => {
    throw new Error("secret detail: database password is hunter2");
  });
  const errors = [];
  webhooks.onError((error) => void errors.push(error));
  const server = await serve(adapters[adapter](webhooks, { respondWithinMs, maxBodyBytes }));
  return { server, ran, errors };
}

const post = (server, body, headers = signedHeaders(body)) => send(server.url, { headers, body });

for (const adapter of Object.keys(adapters)) {
  test(`${adapter}: genuine deliveries run the matching handlers and get 200 { ok, deliveryId }`, async () => {
    const { server, ran } = await receiver(adapter);
    try {
      const person = recordBody("person.created");
      const headers = signedHeaders(person);
      const answer = await post(server, person, headers);
      assert.equal(answer.status, 200);
      assert.match(answer.headers["content-type"], /^application\/json/);
      assert.deepEqual(answer.json, { ok: true, deliveryId: twenty.deliveryId(headers) });
      assert.deepEqual(ran, [["person.created", JSON.parse(person).record.id]]);
      assert.equal((await post(server, recordBody("person.deleted"))).status, 200);
      assert.equal((await post(server, recordBody("opportunity.updated"))).json.ok, true); // unhandled: still 200
      assert.deepEqual(ran.slice(1), [["company.* | *.deleted", "person.deleted"]]);
    } finally {
      await server.close();
    }
  });

  test(`${adapter}: forged and stale deliveries get 401 { error: { code, message, hint } } and run nothing`, async () => {
    const { server, ran } = await receiver(adapter);
    try {
      const body = recordBody("person.created");
      const cases = [
        [signedHeaders(body, { secret: "not-the-secret" }), "SIGNATURE_MISMATCH"],
        [signedHeaders(body, { timestamp: Date.now() - 600_000 }), "TIMESTAMP_TOO_OLD"],
        [{ "content-type": "application/json" }, "MISSING_SIGNATURE"],
        [{ ...signedHeaders(body), "x-twenty-webhook-signature": "sha256=abc" }, "MALFORMED_SIGNATURE"],
      ];
      for (const [headers, code] of cases) {
        const answer = await post(server, body, headers);
        assert.equal(answer.status, 401, code);
        assert.equal(answer.json.error.code, code);
        assert.equal(typeof answer.json.error.message, "string");
        assert.equal(typeof answer.json.error.hint, "string");
        assert.ok(!answer.text.includes(SECRET));
      }
      assert.deepEqual(ran, []);
    } finally {
      await server.close();
    }
  });

  test(`${adapter}: a replay is 200 { duplicate, deliveryId } and its handler does not run twice`, async () => {
    const { server, ran } = await receiver(adapter);
    try {
      const body = recordBody("company.created");
      const headers = signedHeaders(body);
      const first = await post(server, body, headers);
      const replay = await post(server, body, { ...headers, "x-twenty-webhook-nonce": "ffffffffffffffffffffffffffffffff" });
      assert.deepEqual(first.json, { ok: true, deliveryId: first.json.deliveryId });
      assert.equal(replay.status, 200);
      assert.deepEqual(replay.json, { duplicate: true, deliveryId: first.json.deliveryId });
      assert.equal(ran.length, 1);
    } finally {
      await server.close();
    }
  });

  test(`${adapter}: a slow handler gets 202 { accepted, deliveryId } at respondWithinMs, and goes on`, async () => {
    const { server, ran } = await receiver(adapter, { respondWithinMs: 50 });
    try {
      const body = recordBody("task.created");
      const headers = signedHeaders(body);
      const answer = await post(server, body, headers);
      assert.equal(answer.status, 202);
      assert.deepEqual(answer.json, { accepted: true, deliveryId: answer.json.deliveryId });
      assert.deepEqual(ran, []);
      await waitFor(() => ran.length > 0);
      assert.deepEqual(ran, [["slow task.created done"]]);
      // Acknowledged: a copy is a duplicate.
      assert.equal((await post(server, body, headers)).json.duplicate, true);
    } finally {
      await server.close();
    }
  });

  test(`${adapter}: a handler that fails after the 202 has gone out keeps the claim: a re-send is a duplicate`, async () => {
    const { server, errors } = await receiver(adapter, { respondWithinMs: 50 });
    try {
      const body = recordBody("opportunity.created");
      const headers = signedHeaders(body);
      assert.equal((await post(server, body, headers)).status, 202);
      await waitFor(() => errors.length > 0);
      assert.equal(errors.length, 1);
      assert.equal(errors[0].cause.message, "failed after the 202");
      const resent = await post(server, body, headers);
      assert.deepEqual(resent.json, { duplicate: true, deliveryId: errors[0].deliveryId });
    } finally {
      await server.close();
    }
  });

  test(`${adapter}: a throwing handler gets 500 HANDLER_FAILED without its detail, onError sees it, a re-send runs again`, async () => {
    const { server, errors } = await receiver(adapter);
    try {
      const body = recordBody("note.created");
      const answer = await post(server, body);
      assert.equal(answer.status, 500);
      assert.equal(answer.json.error.code, "HANDLER_FAILED");
      assert.ok(!answer.text.includes("hunter2") && !answer.text.includes("secret detail"));
      assert.equal(errors.length, 1);
      assert.match(errors[0].cause.message, /hunter2/);
      // Released: the re-send is not a duplicate; its handler runs (and fails) again.
      assert.equal((await post(server, body)).json.error.code, "HANDLER_FAILED");
      assert.equal(errors.length, 2);
    } finally {
      await server.close();
    }
  });

  test(`${adapter}: a throwing handler's 500 does not wait for onError, which goes on; a re-send runs the handler again`, async () => {
    const webhooks = new twenty.Webhooks({ secret: SECRET, dedupe: twenty.memoryDedupe() });
    let runs = 0;
    webhooks.on("note.created", () => {
      runs++;
      throw new Error("failed");
    });
    // An error reporter held until the test lets it go (or, as a guard against a hang when the
    // answer waits for it, after 10 s: the assertions below then fail).
    let finish;
    const gate = new Promise((resolve) => (finish = resolve));
    const guard = setTimeout(finish, 10_000);
    const reports = [];
    webhooks.onError(async () => {
      reports.push("started");
      await gate;
      reports.push("finished");
    });
    const server = await serve(adapters[adapter](webhooks, { respondWithinMs: 100 }));
    try {
      const body = recordBody("note.created");
      const headers = signedHeaders(body);
      const answer = await post(server, body, headers);
      assert.equal(answer.status, 500);
      assert.equal(answer.json.error.code, "HANDLER_FAILED");
      assert.deepEqual(reports, ["started"], "answered while onError was still running");
      // Released before the answer went out: a re-send runs the handler again.
      assert.equal((await post(server, body, headers)).json.error.code, "HANDLER_FAILED");
      assert.equal(runs, 2);
      assert.deepEqual(reports, ["started", "started"]);
      finish();
      await waitFor(() => reports.length === 4);
    } finally {
      clearTimeout(guard);
      await server.close();
    }
  });

  test(`${adapter}: the 202 comes at respondWithinMs, not before: a handler done well within it gets 200`, async () => {
    const respondWithinMs = 400;
    const webhooks = new twenty.Webhooks({ secret: SECRET });
    webhooks.on("task.created", () => sleep(20));
    webhooks.on("task.updated", () => sleep(2_000));
    const server = await serve(adapters[adapter](webhooks, { respondWithinMs }));
    try {
      const quick = recordBody("task.created");
      assert.equal((await post(server, quick)).json.ok, true);
      const started = Date.now();
      const slow = await post(server, recordBody("task.updated"));
      assert.equal(slow.status, 202);
      // A lower bound only (timers never fire early; a loaded machine answers later, not sooner).
      assert.ok(Date.now() - started >= respondWithinMs - 1, `202 after ${Date.now() - started} ms`);
    } finally {
      await server.close();
    }
  });

  test(`${adapter}: a copy sent while the original's handlers run gets 409 DELIVERY_IN_PROGRESS; once a 202 went out, a duplicate`, async () => {
    for (const respondWithinMs of [30_000, 100]) {
      const webhooks = new twenty.Webhooks({ secret: SECRET, dedupe: twenty.memoryDedupe() });
      let finish;
      const gate = new Promise((resolve) => (finish = resolve));
      const guard = setTimeout(finish, 10_000); // against a hang: the assertions then fail
      let started = 0;
      let ran = 0;
      webhooks.on("task.created", async () => {
        started++;
        await gate;
        ran++;
      });
      const server = await serve(adapters[adapter](webhooks, { respondWithinMs }));
      try {
        const body = recordBody("task.created");
        const headers = signedHeaders(body);
        const original = post(server, body, headers);
        await waitFor(() => started === 1);
        if (respondWithinMs > 1_000) {
          // No answer yet: the handler may still fail and be released, so the copy is told to wait.
          const copy = await post(server, body, headers);
          assert.equal(copy.status, 409);
          assert.equal(copy.json.error.code, "DELIVERY_IN_PROGRESS");
          assert.equal(typeof copy.json.error.hint, "string");
          finish();
          assert.equal((await original).status, 200);
        } else {
          // Acknowledged with 202: its claim stays whatever happens, so a copy is a duplicate.
          assert.equal((await original).status, 202);
          const copy = await post(server, body, headers);
          assert.deepEqual(copy.json, { duplicate: true, deliveryId: (await original).json.deliveryId });
          finish();
          await waitFor(() => ran === 1);
        }
        assert.equal((await post(server, body, headers)).json.duplicate, true);
        assert.equal(started, 1);
      } finally {
        clearTimeout(guard);
        await server.close();
      }
    }
  });

  test(`${adapter}: oversized bodies get 413 PAYLOAD_TOO_LARGE, with Content-Length and streamed without it`, async () => {
    const { server, ran } = await receiver(adapter, { maxBodyBytes: 64 * 1024 });
    try {
      const big = recordBody("person.created", { note: "x".repeat(100_000) });
      const declared = await post(server, big);
      assert.equal(declared.status, 413);
      assert.equal(declared.json.error.code, "PAYLOAD_TOO_LARGE");
      // Chunked: 64 MiB offered in 64 KiB pieces, no Content-Length; refused once 64 KiB have passed.
      const piece = Buffer.alloc(64 * 1024, 0x20);
      const streamed = await send(server.url, { headers: signedHeaders(big), body: (function* () {
        for (let i = 0; i < 1024; i++) yield piece;
      })() });
      assert.equal(streamed.status, 413);
      assert.equal(streamed.json.error.code, "PAYLOAD_TOO_LARGE");
      // Within the cap, chunked, is received.
      const small = recordBody("person.created");
      const chunked = await send(server.url, { headers: signedHeaders(small), body: [small.slice(0, 100), small.slice(100)] });
      assert.equal(chunked.status, 200);
      assert.equal(ran.length, 1);
    } finally {
      await server.close();
    }
  });

  test(`${adapter}: 405 with Allow: POST, 415 for other media types, 400 INVALID_JSON; checks in order method, media type, size, signature`, async () => {
    const { server, ran } = await receiver(adapter, { maxBodyBytes: 1024 });
    try {
      const body = recordBody("person.created");
      const get = await send(server.url, { method: "GET", headers: { "content-type": "text/plain" } });
      assert.equal(get.status, 405);
      assert.equal(get.headers.allow, "POST");
      assert.equal(get.json.error.code, "METHOD_NOT_ALLOWED");
      const put = await send(server.url, { method: "PUT", headers: signedHeaders(body), body });
      assert.equal(put.status, 405);
      for (const contentType of ["text/plain", "application/x-www-form-urlencoded", undefined]) {
        const headers = { ...signedHeaders(body), "content-type": contentType };
        if (contentType === undefined) delete headers["content-type"];
        const answer = await post(server, "x".repeat(5_000), headers); // too large and forged too: 415 first
        assert.equal(answer.status, 415, String(contentType));
        assert.equal(answer.json.error.code, "UNSUPPORTED_MEDIA_TYPE");
      }
      assert.equal((await post(server, body, { ...signedHeaders(body), "content-type": "application/json; charset=utf-8" })).status, 200);
      const forgedAndLarge = await post(server, "x".repeat(5_000), { "content-type": "application/json" });
      assert.equal(forgedAndLarge.status, 413); // size before signature
      const notJson = "{not json";
      const invalid = await post(server, notJson);
      assert.equal(invalid.status, 400);
      assert.equal(invalid.json.error.code, "INVALID_JSON");
      assert.equal(ran.length, 1);
    } finally {
      await server.close();
    }
  });
}

test("createNodeMiddleware: path matching on the pathname, next() for other paths, 404 without next", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET });
  const middleware = nodeAdapter.createNodeMiddleware(webhooks, { path: "/hooks/twenty" });
  const passedOn = [];
  const server = await serve((req, res) => {
    if (req.headers["x-without-next"]) return middleware(req, res);
    middleware(req, res, () => {
      passedOn.push(req.url);
      res.writeHead(204).end();
    });
  });
  try {
    const body = recordBody("person.created");
    assert.equal((await send(server.url, { path: "/hooks/twenty?source=twenty", headers: signedHeaders(body), body })).status, 200);
    assert.equal((await send(server.url, { path: "/webhooks/twenty", headers: signedHeaders(body), body })).status, 204);
    assert.equal((await send(server.url, { path: "/hooks/twenty/", headers: signedHeaders(body), body })).status, 204);
    const notFound = await send(server.url, { path: "/elsewhere", headers: { ...signedHeaders(body), "x-without-next": "1" }, body });
    assert.equal(notFound.status, 404);
    assert.equal(notFound.json.error.code, "NOT_FOUND");
    assert.deepEqual(passedOn, ["/webhooks/twenty", "/hooks/twenty/"]);
  } finally {
    await server.close();
  }
});

test("createNodeMiddleware: req.originalUrl (Express, mounted on a prefix) is matched before req.url", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET });
  const middleware = nodeAdapter.createNodeMiddleware(webhooks);
  const server = await serve((req, res) => {
    req.originalUrl = req.url;
    req.url = "/twenty"; // what a router mounted at /webhooks leaves in req.url
    middleware(req, res, () => res.writeHead(204).end());
  });
  try {
    const body = recordBody("person.created");
    assert.equal((await send(server.url, { headers: signedHeaders(body), body })).status, 200);
  } finally {
    await server.close();
  }
});

test("createNodeMiddleware: a raw Buffer in req.body is the body; a body parsed or read by another is 500 BODY_ALREADY_PARSED, logged once", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET });
  let ran = 0;
  webhooks.onAny(() => void ran++);
  const middleware = nodeAdapter.createNodeMiddleware(webhooks);
  // What body parsers do: read the stream to its end, then leave bytes, an object or text.
  const server = await serve(async (req, res) => {
    const pieces = [];
    for await (const piece of req) pieces.push(piece);
    const raw = Buffer.concat(pieces);
    const kind = req.headers["x-parser"];
    req.body = kind === "raw" ? raw : kind === "json" ? JSON.parse(raw) : kind === "text" ? raw.toString("utf8") : undefined;
    req._body = true;
    middleware(req, res);
  });
  const warnings = [];
  const warn = console.warn;
  console.warn = (...args) => warnings.push(args.join(" "));
  try {
    const body = recordBody("person.created");
    assert.equal((await send(server.url, { headers: { ...signedHeaders(body), "x-parser": "raw" }, body })).status, 200);
    // A parsed form post is 415, and spends no warning: that goes to the delivery below.
    const form = await send(server.url, { headers: { "content-type": "application/x-www-form-urlencoded", "x-parser": "text" }, body: "a=1" });
    assert.equal(form.status, 415);
    assert.equal(warnings.length, 0);
    for (const parser of ["json", "text", "a logger that read the stream", "json"]) {
      const answer = await send(server.url, { headers: { ...signedHeaders(body), "x-parser": parser }, body });
      assert.equal(answer.status, 500, parser);
      assert.equal(answer.json.error.code, "BODY_ALREADY_PARSED");
      assert.match(answer.json.error.hint, /express\.raw/);
    }
    assert.equal(ran, 1);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /BODY_ALREADY_PARSED|body parser/);
  } finally {
    console.warn = warn;
    await server.close();
  }
});

test("createNodeMiddleware: an unparsed body beside a req.body placeholder (Express 4's json() on another media type) is still read", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET });
  const middleware = nodeAdapter.createNodeMiddleware(webhooks);
  const server = await serve((req, res) => {
    req.body = {}; // set without reading the stream
    middleware(req, res);
  });
  try {
    const body = recordBody("person.created");
    assert.equal((await send(server.url, { headers: signedHeaders(body), body })).status, 200);
  } finally {
    await server.close();
  }
});

test("createFetchHandler: a Request with a streamed body past the cap is refused, and its stream cancelled", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET });
  const handler = fetchAdapter.createFetchHandler(webhooks, { maxBodyBytes: MiB });
  let pulled = 0;
  let cancelled = false;
  const body = new ReadableStream({
    pull(controller) {
      pulled += 64 * 1024;
      controller.enqueue(new Uint8Array(64 * 1024));
      if (pulled >= 64 * MiB) controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  const response = await handler(new Request("http://localhost/webhooks/twenty", { method: "POST", headers: signedHeaders("{}"), body, duplex: "half" }));
  assert.equal(response.status, 413);
  assert.equal((await response.json()).error.code, "PAYLOAD_TOO_LARGE");
  assert.ok(pulled <= MiB + 4 * 64 * 1024, `pulled ${pulled}`);
  assert.ok(cancelled);
});

test("createFetchHandler: handlers still running after the 202 are handed to ctx.waitUntil (Workers' fetch(request, env, ctx))", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET });
  let finished = false;
  webhooks.on("task.created", async () => {
    await sleep(200);
    finished = true;
  });
  webhooks.on("task.updated", () => {});
  const handler = fetchAdapter.createFetchHandler(webhooks, { respondWithinMs: 20 });
  const kept = [];
  const ctx = { waitUntil: (promise) => void kept.push(promise) };
  const slow = recordBody("task.created");
  const response = await handler(new Request("http://localhost/", { method: "POST", headers: signedHeaders(slow), body: slow }), {}, ctx);
  assert.equal(response.status, 202);
  assert.equal(kept.length, 1);
  assert.equal(finished, false);
  await kept[0];
  assert.equal(finished, true);
  // Answered in time: nothing to keep alive.
  const quick = recordBody("task.updated");
  assert.equal((await handler(new Request("http://localhost/", { method: "POST", headers: signedHeaders(quick), body: quick }), {}, ctx)).status, 200);
  assert.equal(kept.length, 1);
});

test("createFetchHandler: onError still running after a 500 is handed to ctx.waitUntil, with or without a dedupe store; after a 202, within the handlers' promise", async () => {
  const failing = (dedupe) => {
    const webhooks = new twenty.Webhooks({ secret: SECRET, dedupe });
    webhooks.on("note.created", () => {
      throw new Error("failed");
    });
    webhooks.on("opportunity.created", async () => {
      await sleep(50);
      throw new Error("failed after the 202");
    });
    const reporter = { finished: 0, finish: undefined };
    const gate = new Promise((resolve) => (reporter.finish = resolve));
    setTimeout(reporter.finish, 10_000).unref(); // against a hang if the answer waited for onError
    webhooks.onError(async () => {
      await gate;
      reporter.finished++;
    });
    return { handler: fetchAdapter.createFetchHandler(webhooks, { respondWithinMs: 20 }), reporter };
  };
  const deliver = (handler, eventName, ctx) => {
    const body = recordBody(eventName);
    return handler(new Request("http://localhost/", { method: "POST", headers: signedHeaders(body), body }), {}, ctx);
  };
  // Without a store the handlers settle at once; with one, after the claim (the 202 timer is armed).
  for (const dedupe of [undefined, twenty.memoryDedupe()]) {
    const { handler, reporter } = failing(dedupe);
    const kept = [];
    const ctx = { waitUntil: (promise) => void kept.push(promise) };
    const response = await deliver(handler, "note.created", ctx);
    assert.equal(response.status, 500);
    assert.equal(reporter.finished, 0);
    assert.equal(kept.length, 1, dedupe ? "with a dedupe store" : "without one");
    reporter.finish();
    await kept[0];
    assert.equal(reporter.finished, 1);
  }
  // A failure after the 202: the promise already handed over covers onError too.
  const { handler, reporter } = failing(undefined);
  const kept = [];
  const accepted = await deliver(handler, "opportunity.created", { waitUntil: (promise) => void kept.push(promise) });
  assert.equal(accepted.status, 202);
  assert.equal(kept.length, 1);
  setTimeout(reporter.finish, 100);
  await kept[0];
  assert.equal(reporter.finished, 1);
  assert.equal(kept.length, 1);
});

test("createFetchHandler: a dedupe store whose release does not answer cannot hold the 500 past respondWithinMs, nor keep onError from running", async () => {
  const store = twenty.memoryDedupe();
  let released = false;
  let releaseNow;
  const releasing = new Promise((resolve) => (releaseNow = resolve));
  setTimeout(releaseNow, 10_000).unref(); // against a hang: the assertions then fail
  const stuck = {
    claim: (id, ttlMs) => store.claim(id, ttlMs),
    release: async (id) => {
      await releasing;
      released = true;
      return store.release(id);
    },
  };
  const webhooks = new twenty.Webhooks({ secret: SECRET, dedupe: stuck });
  webhooks.on("note.created", () => {
    throw new Error("failed");
  });
  const reported = [];
  webhooks.onError((error) => void reported.push(error.code));
  const handler = fetchAdapter.createFetchHandler(webhooks, { respondWithinMs: 100 });
  const kept = [];
  const body = recordBody("note.created");
  const response = await handler(new Request("http://localhost/", { method: "POST", headers: signedHeaders(body), body }), {}, { waitUntil: (promise) => void kept.push(promise) });
  assert.equal(response.status, 500);
  assert.equal((await response.json()).error.code, "HANDLER_FAILED");
  assert.equal(released, false);
  assert.deepEqual(reported, ["HANDLER_FAILED"], "onError ran without waiting for the release");
  assert.ok(kept.length >= 1, "the release goes on in waitUntil");
  releaseNow();
  await Promise.all(kept);
  assert.equal(released, true);
});

test("createFetchHandler: after a release that never answered, the claim lapsing lets a re-send run, and later copies are duplicates again", async () => {
  let clock = Date.now();
  const memory = twenty.memoryDedupe({ now: () => clock });
  const stuck = { claim: (id, ttlMs) => memory.claim(id, ttlMs), release: () => new Promise(() => {}) }; // never answers
  const webhooks = new twenty.Webhooks({ secret: SECRET, dedupe: stuck });
  let runs = 0;
  webhooks.on("note.created", () => {
    if (++runs === 1) throw new Error("failed once");
  });
  const handler = fetchAdapter.createFetchHandler(webhooks, { respondWithinMs: 50 });
  const body = recordBody("note.created");
  const headers = signedHeaders(body);
  const post = async () => (await handler(new Request("http://localhost/", { method: "POST", headers, body }), {}, { waitUntil: () => {} })).status;
  assert.equal(await post(), 500); // at respondWithinMs: the release never answers
  assert.equal(await post(), 409); // it may yet be released
  clock += 600_001; // the claim (twice the 5-minute tolerance, on the store's clock) lapses
  assert.equal(await post(), 200); // a re-send runs again
  assert.equal(runs, 2);
  assert.equal(await post(), 200); // a duplicate now: not held in progress by the stuck release
  assert.equal(runs, 2);
});

test("verifyRequest: a Request verified from its stream; a Content-Length past the cap is refused unread", async () => {
  const body = recordBody("person.created");
  const delivery = await fetchAdapter.verifyRequest(new Request("http://localhost/", { method: "POST", headers: signedHeaders(body), body }), { secret: SECRET });
  assert.equal(delivery.payload.eventName, "person.created");
  await assert.rejects(fetchAdapter.verifyRequest(new Request("http://localhost/", { method: "POST", headers: signedHeaders(body), body }), { secret: "wrong" }), {
    code: "SIGNATURE_MISMATCH",
  });
  const declared = new Request("http://localhost/", { method: "POST", headers: { ...signedHeaders(body), "content-length": String(2 * MiB) }, body });
  await assert.rejects(fetchAdapter.verifyRequest(declared, { secret: SECRET }), { code: "PAYLOAD_TOO_LARGE", status: 413 });
});

test("the adapters refuse misuse when they are made", () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET });
  assert.throws(() => fetchAdapter.createFetchHandler({}), { code: "INVALID_ARGUMENT" });
  assert.throws(() => fetchAdapter.createFetchHandler(webhooks, { maxBodyBytes: -1 }), { code: "INVALID_ARGUMENT" });
  assert.throws(() => nodeAdapter.createNodeMiddleware(webhooks, { respondWithinMs: "soon" }), { code: "INVALID_ARGUMENT" });
  assert.throws(() => nodeAdapter.createNodeMiddleware(webhooks, { path: "webhooks" }), { code: "INVALID_ARGUMENT", message: /path must start with "\/"/ });
});

test("createNodeMiddleware: a sender that hangs up mid-body runs no handler and leaves the server serving", async () => {
  const webhooks = new twenty.Webhooks({ secret: SECRET });
  let ran = 0;
  webhooks.onAny(() => void ran++);
  const answers = [];
  const middleware = nodeAdapter.createNodeMiddleware(webhooks);
  const server = await serve((req, res) => {
    const writeHead = res.writeHead.bind(res);
    res.writeHead = (status, headers) => {
      answers.push(status);
      return writeHead(status, headers);
    };
    middleware(req, res);
  });
  try {
    const body = recordBody("person.created");
    const { request } = await import("node:http");
    await new Promise((resolve) => {
      const req = request(`${server.url}/webhooks/twenty`, { method: "POST", headers: signedHeaders(body) });
      req.on("error", () => {});
      req.write(body.slice(0, 50), () => setTimeout(() => {
        req.destroy();
        resolve();
      }, 50));
    });
    await waitFor(() => answers.length === 1);
    assert.equal(answers[0], 400); // BODY_INCOMPLETE, though nobody is left to read it
    assert.equal(ran, 0);
    assert.equal((await send(server.url, { headers: signedHeaders(body), body })).status, 200);
  } finally {
    await server.close();
  }
});
