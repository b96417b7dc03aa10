// The acceptance matrix, written once: every case runs against every target (an adapter in a
// framework and runtime) that has what the case needs. A case gets the target's base URL and
// sends real HTTP; what the handlers did is read back from the app's calls endpoint.
import assert from "node:assert/strict";
import { bodyFor, signedHeaders } from "./deliveries.mjs";
import { send } from "./http.mjs";
import { CALLS_PATH, HANDLER_SECRET_DETAIL, MAX_BODY_BYTES, PATH, SECRETS, SLOW_EVENT, SLOW_HANDLER_MS, THROWING_EVENT } from "./app/config.mjs";
import { ROUTES } from "./app/routing.mjs";

const [NEW_SECRET, OLD_SECRET] = SECRETS;

/** A genuine delivery of `eventName`, signed now with `secret`. */
function genuine(eventName, { secret = NEW_SECRET, path = PATH, ...options } = {}) {
  const body = bodyFor(eventName, options);
  return { path, headers: signedHeaders(secret, body), body };
}

async function callsOf(base, deliveryId) {
  const { json } = await send(base, { method: "GET", path: CALLS_PATH });
  return json.filter((call) => call.deliveryId === deliveryId);
}

async function handlersRun(base, deliveryId) {
  return (await callsOf(base, deliveryId)).map((call) => call.handler).sort();
}

function assertError(response, status, code) {
  assert.equal(response.status, status, response.text);
  assert.equal(response.json?.error?.code, code, response.text);
  assert.equal(typeof response.json.error.message, "string");
  assert.equal(typeof response.json.error.hint, "string");
}

/** Sends a delivery that must be refused, and checks that it left no handler call behind. */
async function refused(base, delivery, status, code) {
  const before = (await send(base, { method: "GET", path: CALLS_PATH })).json.length;
  const response = await send(base, delivery);
  assertError(response, status, code);
  assert.equal((await send(base, { method: "GET", path: CALLS_PATH })).json.length, before, "no handler may run");
  return response;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const CASES = [
  ...ROUTES.map(({ eventName, handlers }) => ({
    name: `${eventName} runs exactly ${handlers.join(", ")} and onAny`,
    async run({ base }) {
      const response = await send(base, genuine(eventName));
      assert.equal(response.status, 200, response.text);
      assert.equal(response.json.ok, true);
      assert.match(response.json.deliveryId, /\S/);
      assert.deepEqual(await handlersRun(base, response.json.deliveryId), [...handlers, "onAny"].sort());
    },
  })),
  {
    name: "a delivery signed with the previous secret (rotation) is handled",
    async run({ base }) {
      const response = await send(base, genuine("person.created", { secret: OLD_SECRET }));
      assert.equal(response.status, 200, response.text);
      assert.equal((await handlersRun(base, response.json.deliveryId)).length, 5);
    },
  },
  {
    name: "a replay answers duplicate and runs no handler again",
    async run({ base }) {
      const delivery = genuine("company.deleted");
      const first = await send(base, delivery);
      assert.equal(first.status, 200, first.text);
      const second = await send(base, delivery);
      assert.equal(second.status, 200, second.text);
      assert.deepEqual(second.json, { duplicate: true, deliveryId: first.json.deliveryId });
      assert.deepEqual(await handlersRun(base, first.json.deliveryId), ["*.*", "*.deleted", "company.*", "onAny"]);
    },
  },
  {
    name: "a forged signature gets 401 SIGNATURE_MISMATCH",
    async run({ base }) {
      const delivery = genuine("person.created", { secret: "not-the-secret" });
      await refused(base, delivery, 401, "SIGNATURE_MISMATCH");
    },
  },
  {
    name: "a body changed after signing gets 401 SIGNATURE_MISMATCH",
    async run({ base }) {
      const delivery = genuine("person.created");
      await refused(base, { ...delivery, body: delivery.body.replace("Ada", "Eve") }, 401, "SIGNATURE_MISMATCH");
    },
  },
  {
    name: "an unsigned delivery gets 401 MISSING_SIGNATURE",
    async run({ base }) {
      const body = bodyFor("person.created");
      await refused(base, { path: PATH, headers: { "Content-Type": "application/json" }, body }, 401, "MISSING_SIGNATURE");
    },
  },
  {
    name: "a delivery signed an hour ago gets 401 TIMESTAMP_TOO_OLD",
    async run({ base }) {
      const body = bodyFor("person.created");
      await refused(base, { path: PATH, headers: signedHeaders(NEW_SECRET, body, { timestamp: Date.now() - 3_600_000 }), body }, 401, "TIMESTAMP_TOO_OLD");
    },
  },
  {
    name: "an oversized delivery with Content-Length gets 413 PAYLOAD_TOO_LARGE",
    async run({ base }) {
      await refused(base, genuine("person.created", { padTo: MAX_BODY_BYTES * 4 }), 413, "PAYLOAD_TOO_LARGE");
    },
  },
  {
    name: "an oversized delivery without Content-Length (chunked) gets 413 PAYLOAD_TOO_LARGE",
    async run({ base }) {
      await refused(base, { ...genuine("person.created", { padTo: MAX_BODY_BYTES * 4 }), chunked: true }, 413, "PAYLOAD_TOO_LARGE");
    },
  },
  {
    name: "a delivery of exactly maxBodyBytes, chunked, is handled",
    async run({ base }) {
      const delivery = genuine("person.updated", { padTo: MAX_BODY_BYTES });
      assert.equal(Buffer.byteLength(delivery.body), MAX_BODY_BYTES);
      const response = await send(base, { ...delivery, chunked: true });
      assert.equal(response.status, 200, response.text);
      assert.deepEqual(await handlersRun(base, response.json.deliveryId), ["*.*", "*.updated", "onAny", "person.*"]);
    },
  },
  {
    name: "a delivery one byte over maxBodyBytes, chunked, gets 413 PAYLOAD_TOO_LARGE",
    async run({ base }) {
      const delivery = genuine("person.updated", { padTo: MAX_BODY_BYTES + 1 });
      assert.equal(Buffer.byteLength(delivery.body), MAX_BODY_BYTES + 1);
      await refused(base, { ...delivery, chunked: true }, 413, "PAYLOAD_TOO_LARGE");
    },
  },
  {
    name: "a verified body that is not JSON gets 400 INVALID_JSON",
    async run({ base }) {
      const body = "this is not JSON";
      await refused(base, { path: PATH, headers: signedHeaders(NEW_SECRET, body), body }, 400, "INVALID_JSON");
    },
  },
  {
    name: "a non-JSON media type gets 415",
    async run({ base }) {
      const body = bodyFor("person.created");
      await refused(base, { path: PATH, headers: signedHeaders(NEW_SECRET, body, { contentType: "text/plain" }), body }, 415, "UNSUPPORTED_MEDIA_TYPE");
    },
  },
  {
    name: "a malformed Content-Type gets 415, answered like the others",
    async run({ base }) {
      const body = bodyFor("person.created");
      await refused(base, { path: PATH, headers: signedHeaders(NEW_SECRET, body, { contentType: "json please" }), body }, 415, "UNSUPPORTED_MEDIA_TYPE");
    },
  },
  {
    name: "no Content-Type gets 415",
    async run({ base }) {
      const body = bodyFor("person.created");
      const { "Content-Type": omitted, ...headers } = signedHeaders(NEW_SECRET, body);
      assert.equal(omitted, "application/json");
      await refused(base, { path: PATH, headers, body }, 415, "UNSUPPORTED_MEDIA_TYPE");
    },
  },
  {
    name: "GET gets 405 with Allow: POST",
    async run({ base }) {
      const response = await send(base, { method: "GET", path: PATH });
      assert.equal(response.status, 405, response.text);
      assert.equal(response.headers.allow, "POST");
    },
  },
  {
    name: "a slow handler gets 202 at respondWithinMs and goes on running",
    async run({ base }) {
      const response = await send(base, genuine(SLOW_EVENT));
      assert.equal(response.status, 202, response.text);
      assert.deepEqual(response.json, { accepted: true, deliveryId: response.json.deliveryId });
      const now = (await handlersRun(base, response.json.deliveryId)).filter((h) => h.startsWith("slow:"));
      assert.deepEqual(now, ["slow:start"], "answered while the handler was still running");
      // The handler finishes after the answer (a wait, not a timing assertion).
      for (let waited = 0; waited < SLOW_HANDLER_MS * 4; waited += 100) {
        if ((await handlersRun(base, response.json.deliveryId)).includes("slow:end")) return;
        await sleep(100);
      }
      assert.fail("the slow handler never finished after the 202");
    },
  },
  {
    name: "a throwing handler gets 500 HANDLER_FAILED, no detail leaked, onError ran, a re-send runs again",
    async run({ base }) {
      const onErrorCalls = async () => (await send(base, { method: "GET", path: CALLS_PATH })).json.filter((c) => c.handler === "onError" && c.eventName === THROWING_EVENT);
      const before = (await onErrorCalls()).length;
      const delivery = genuine(THROWING_EVENT);
      const response = await send(base, delivery);
      assertError(response, 500, "HANDLER_FAILED");
      assert.ok(!response.text.includes(HANDLER_SECRET_DETAIL), "the handler's error must not reach the sender");
      assert.equal((await onErrorCalls()).length, before + 1, "onError ran once");
      // Failed before the answer, so released from the dedupe store: a re-send runs again.
      const again = await send(base, delivery);
      assertError(again, 500, "HANDLER_FAILED");
      assert.equal((await onErrorCalls()).length, before + 2, "the re-send ran the handlers again");
    },
  },
  {
    name: "another path is not the adapter's (404)",
    needs: "routing",
    async run({ base }) {
      const response = await send(base, { ...genuine("person.created"), path: `${PATH}/elsewhere` });
      assert.equal(response.status, 404, response.text);
    },
  },
  {
    name: "the query string is ignored when matching the path",
    needs: "routing",
    async run({ base }) {
      const response = await send(base, genuine("person.created", { path: `${PATH}?source=twenty` }));
      assert.equal(response.status, 200, response.text);
    },
  },
  {
    name: "the app's own JSON routes still parse JSON",
    needs: "echo",
    async run({ base }) {
      const response = await send(base, { path: "/echo", headers: { "Content-Type": "application/json" }, body: '{"a":[1,2]}' });
      assert.equal(response.status, 200, response.text);
      assert.deepEqual(response.json, { echo: { a: [1, 2] } });
    },
  },
  {
    name: "registered with Fastify's prefix option, the route is under the prefix",
    needs: "fastify",
    async run({ base }) {
      const response = await send(base, genuine("person.created", { path: `/prefixed${PATH}` }));
      assert.equal(response.status, 200, response.text);
      assert.equal((await handlersRun(base, response.json.deliveryId)).length, 5);
    },
  },
  {
    name: "after an earlier middleware read the body with c.req.json(), Hono's kept bytes verify",
    needs: "hono",
    async run({ base }) {
      const response = await send(base, genuine("person.created", { path: `/read-first${PATH}` }));
      assert.equal(response.status, 200, response.text);
      assert.equal((await handlersRun(base, response.json.deliveryId)).length, 5);
    },
  },
  {
    name: "behind express.raw, the Buffer req.body is the raw body",
    needs: "express",
    async run({ base }) {
      const response = await send(base, genuine("person.created", { path: `/raw${PATH}` }));
      assert.equal(response.status, 200, response.text);
      assert.equal((await handlersRun(base, response.json.deliveryId)).length, 5);
    },
  },
  {
    name: "behind express.json, 500 BODY_ALREADY_PARSED (never a silent 401)",
    needs: "express",
    async run({ base }) {
      await refused(base, genuine("person.created", { path: `/parsed${PATH}` }), 500, "BODY_ALREADY_PARSED");
    },
  },
];
