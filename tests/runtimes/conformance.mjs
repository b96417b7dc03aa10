// The checks every runtime runs against the installed package: the shared vectors plus the
// basics of each API. Plain JavaScript with no runtime-specific imports, so Node, Deno, Bun,
// workerd and Chromium run this same file. Returns `{ passed, failures }`.

import { stress } from "./stress.mjs";

export async function conformance(twenty, vectors, hono) {
  const failures = [];
  let passed = 0;
  const check = (name, fn) => {
    try {
      fn();
      passed++;
    } catch (error) {
      failures.push(`${name}: ${error?.message ?? error}`);
    }
  };
  const equal = (actual, expected, what) => {
    if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  };
  const codeOf = (fn) => {
    try {
      fn();
      return "no error";
    } catch (error) {
      return error.code;
    }
  };

  await twenty.init();

  for (const v of vectors.signatures.signs) {
    check(`sign: ${v.name}`, () => equal(twenty.sign(v.secret, v.timestamp, v.body), v.signature, "signature"));
  }
  for (const v of vectors.signatures.must_not_verify) {
    check(`must not verify: ${v.name}`, () => {
      const headers = { "X-Twenty-Webhook-Timestamp": v.timestamp, "X-Twenty-Webhook-Signature": v.signature };
      equal(codeOf(() => twenty.verify({ secret: v.secret, headers, body: v.body, now: Number(v.timestamp) })), "SIGNATURE_MISMATCH", "code");
    });
  }
  for (const v of vectors.verify) {
    check(`verify: ${v.name}`, () => {
      const body = "body_json" in v ? v.body_json : new TextEncoder().encode(v.body);
      for (const headers of [v.headers, new Headers(v.headers)]) {
        const run = () => twenty.verify({ secret: v.secret, headers, body, now: v.now, toleranceMs: v.toleranceMs });
        if (v.expect.ok) {
          const result = run();
          equal(result.secretIndex, v.expect.secretIndex, "secretIndex");
          equal(result.timestamp, v.expect.timestamp, "timestamp");
          equal(JSON.stringify(result.payload), JSON.stringify(JSON.parse(v.body)), "payload");
        } else {
          let error;
          try {
            run();
          } catch (e) {
            error = e;
          }
          if (!(error instanceof twenty.WebhookVerificationError)) throw new Error(`expected WebhookVerificationError, got ${error}`);
          equal(error.code, v.expect.error, "code");
        }
      }
    });
  }
  for (const v of vectors.payloads) {
    check(`buildPayload: ${v.name}`, () => {
      const { record_json: recordJson, ...event } = v.event;
      equal(twenty.buildPayload({ ...event, record: JSON.parse(recordJson) }), v.body, "body");
    });
  }
  for (const v of vectors.metadataPayloads) {
    check(`buildPayload (metadata): ${v.name}`, () => {
      const { event_json: eventJson, ...event } = v.event;
      equal(twenty.buildPayload({ ...event, event: JSON.parse(eventJson) }), v.body, "body");
      equal(twenty.isMetadataEvent(JSON.parse(v.body)), true, "isMetadataEvent");
    });
  }
  check("the metadata rules: *.* receives metadata events; *.created, <name>.* and person.* do not; metadata.*.* takes no record event", () => {
    equal(twenty.matchesOperations(["*.*"], "metadata.view.updated"), true, "*.*");
    equal(twenty.matchesOperations(["metadata.*.*"], "metadata.fieldMetadata.deleted"), true, "metadata.*.*");
    equal(twenty.matchesOperations(["metadata.view.*", "metadata.*.created"], "metadata.viewField.created"), true, "metadata.*.created");
    equal(twenty.matchesOperations(["*.created"], "metadata.view.created"), false, "*.created");
    equal(twenty.matchesOperations(["view.*"], "metadata.view.created"), false, "<name>.*");
    equal(twenty.matchesOperations(["person.*"], "metadata.objectMetadata.updated"), false, "person.*");
    equal(twenty.matchesOperations(["metadata.*.*"], "person.created"), false, "no record event");
    equal(twenty.matchesOperations(["*.*"], "not an event"), false, "a name Twenty never emits");
    equal(codeOf(() => twenty.matchesOperations(["*.*"], 42)), "INVALID_ARGUMENT", "a non-string");
  });
  check("a sample metadata event builds, signs and verifies", () => {
    const event = twenty.sampleMetadataEvent("fieldMetadata", { seed: 1, action: "updated" });
    const body = twenty.buildPayload({ targetUrl: "https://example.com/hook", eventName: "metadata.fieldMetadata.updated", event });
    const { headers } = twenty.signRequest({ secret: "s3cret", body });
    const { payload } = twenty.verify({ secret: "s3cret", headers, body });
    equal(twenty.isMetadataEvent(payload), true, "isMetadataEvent");
    equal(JSON.stringify(payload.event), JSON.stringify(event), "event");
    equal(codeOf(() => twenty.buildPayload({ targetUrl: "u", eventName: "metadata.view.created", event, record: {} })), "INVALID_EVENT", "record on a metadata event");
  });
  for (const v of vectors.operations) {
    check(`matchesOperations: ${v.name}`, () => equal(twenty.matchesOperations(v.operations, v.eventName), v.expected, "match"));
  }
  for (const v of vectors.deliveryIds) {
    check(`deliveryId: ${v.name}`, () => equal(twenty.deliveryId(new Headers({ "X-Twenty-Webhook-Signature": v.signature })), v.deliveryId, "id"));
  }
  for (const v of vectors.hops) {
    check(`signForwarded / verifyForwarded: ${v.name}`, () => {
      const now = Number(v.timestamp) * 1000;
      const headers = twenty.signForwarded({ secret: v.secret, deliveryId: v.id, body: v.body, timestamp: now });
      equal(headers["webhook-signature"], v.signature, "signature");
      equal(twenty.verifyForwarded({ secret: v.secret, headers: new Headers(headers), body: new TextEncoder().encode(v.body), now }).deliveryId, v.id, "deliveryId");
      const elsewhere = { ...headers, "webhook-id": `${v.id}x` };
      equal(codeOf(() => twenty.verifyForwarded({ secret: v.secret, headers: elsewhere, body: v.body, now })), "SIGNATURE_MISMATCH", "another id");
    });
  }
  for (const v of vectors.diagnoses) {
    check(`diagnose: ${v.name}`, () => {
      const findings = twenty.diagnose({ secret: v.secret, headers: v.headers, body: v.body, now: v.now, toleranceMs: v.tolerance_ms });
      const errors = findings.filter((f) => f.severity === "error").map((f) => f.code);
      equal(errors.join(","), v.expect_codes.join(","), "codes");
    });
  }
  check("signRequest → verify round trip", () => {
    const body = twenty.buildPayload({ targetUrl: "https://example.com/hook", eventName: "company.updated", record: twenty.sampleRecord("company"), updatedFields: ["name"] });
    const { headers } = twenty.signRequest({ secret: "s3cret", body });
    equal(twenty.verify({ secret: "s3cret", headers, body }).payload.eventName, "company.updated", "eventName");
    const verifier = new twenty.Verifier(["old", "s3cret"]);
    equal(verifier.verify(new Headers(headers), body).secretIndex, 1, "secretIndex");
    verifier.free();
  });
  check("bodies over one 64 KiB piece, characters straddling the pieces' edges", () => {
    const verifier = new twenty.Verifier("s3cret");
    for (const units of [65535, 65537, 3 * 65536 + 7]) {
      const body = JSON.stringify({ text: "é😀x\u2028".repeat(Math.ceil(units / 5)).slice(0, units) });
      const { headers } = twenty.signRequest({ secret: "s3cret", body });
      equal(verifier.verify(headers, body).secretIndex, 0, `text of ${units} units`);
      equal(verifier.verify(headers, new TextEncoder().encode(body)).secretIndex, 0, `bytes of ${units} units`);
    }
    verifier.free();
  });
  check("generateSecret", () => {
    const secret = twenty.generateSecret();
    if (!/^[0-9a-f]{64}$/.test(secret) || secret === twenty.generateSecret()) throw new Error(`bad secret ${secret}`);
  });
  check("errors are typed and never leak the secret", () => {
    const secret = "do-not-leak-this-secret";
    let error;
    try {
      twenty.verify({ secret, headers: {}, body: "{}" });
    } catch (e) {
      error = e;
    }
    if (!(error instanceof twenty.TwentyWebhooksError) || !(error instanceof Error)) throw new Error("not a TwentyWebhooksError");
    equal(error.code, "MISSING_SIGNATURE", "code");
    if (`${error.message}${error.hint}`.includes(secret)) throw new Error("secret leaked");
    equal(codeOf(() => twenty.buildPayload({ targetUrl: "u", eventName: "person.created", record: { n: 1n } })), "UNSERIALIZABLE_VALUE", "BigInt");
  });
  await receiveChecks(twenty, check, equal);
  if (hono) await honoChecks(twenty, hono, check, equal);
  // Last, as it replaces the wasm instance many times (issue 8): hostile callers never break
  // a later genuine verification.
  const stressed = stress(twenty, { rounds: 1 });
  const shown = (list) => `${list.length} failures: ${[...new Set(list.map((f) => f.replace(/ \(#\d+\)/, "")))].slice(0, 8).join("; ")}`;
  check(`stress: ${stressed.calls} hostile calls, stack overflows and ${stressed.hostFailures} host failures inside wasm leave the module healthy`, () => {
    if (stressed.failures.length) throw new Error(shown(stressed.failures));
    if (stressed.hostFailures < 600) throw new Error(`only ${stressed.hostFailures} host failures were injected inside wasm`);
  });
  check("stress: buildPayload's hostile events get typed errors", () => {
    if (stressed.buildPayloadFailures.length) throw new Error(shown(stressed.buildPayloadFailures));
  });
  return { passed, failures };
}

/** `twenty-webhooks/hono`, whose package self-reference must resolve in every runtime. */
async function honoChecks(twenty, { Hono, twentyWebhook }, check, equal) {
  const app = new Hono();
  app.post("/hook", twentyWebhook({ secret: () => ["old", "s3cret"] }), (c) => c.json(c.get("twentyWebhook")));
  const body = twenty.buildPayload({ targetUrl: "https://example.com/hook", eventName: "note.created", record: twenty.sampleRecord("note") });
  const genuine = await app.request("/hook", { method: "POST", body, headers: twenty.signRequest({ secret: "s3cret", body }).headers });
  const forged = await app.request("/hook", { method: "POST", body, headers: twenty.signRequest({ secret: "forged", body }).headers });
  const seen = await genuine.json();
  const refused = await forged.json();
  check("hono middleware", () => {
    equal(genuine.status, 200, "genuine status");
    equal(seen.payload.eventName, "note.created", "payload");
    equal(seen.secretIndex, 1, "secretIndex");
    equal(forged.status, 401, "forged status");
    equal(refused.error.code, "SIGNATURE_MISMATCH", "forged code");
  });
}

/** Webhooks and verifyStream: the receiving core, which every adapter and runtime shares. */
async function receiveChecks(twenty, check, equal) {
  const secret = "s3cret";
  const webhooks = new twenty.Webhooks({ secret: ["old", secret], dedupe: twenty.memoryDedupe() });
  const ran = [];
  webhooks.on("person.created", ({ payload, secretIndex }) => void ran.push(`person.created ${payload.record.id} ${secretIndex}`));
  webhooks.on(["*.deleted", "metadata.*.*"], ({ payload }) => void ran.push(payload.eventName));
  const delivery = (eventName, record) => {
    const body = twenty.buildPayload({ targetUrl: "https://example.com/hook", eventName, record });
    return { headers: twenty.signRequest({ secret, body }).headers, body };
  };
  const person = delivery("person.created", { id: "p1" });
  const outcomes = [];
  for (const one of [person, person, delivery("note.deleted", { id: "n1" }), delivery("note.created", { id: "n2" })]) outcomes.push((await webhooks.receive(one)).status);
  let forged;
  try {
    await webhooks.receive({ headers: twenty.signRequest({ secret: "forged", body: person.body }).headers, body: person.body });
  } catch (error) {
    forged = error.code;
  }
  // A body over one 64 KiB piece, streamed in odd-sized pieces, two at a time.
  const large = delivery("task.created", { id: "t1", notes: "é".repeat(70_000) });
  const bytes = new TextEncoder().encode(large.body);
  const streamOf = () => new ReadableStream({
    start(controller) {
      for (let offset = 0; offset < bytes.length; offset += 50_000) controller.enqueue(bytes.slice(offset, offset + 50_000));
      controller.close();
    },
  });
  const streamed = await Promise.all([1, 2].map(() => twenty.verifyStream({ secret, headers: large.headers, body: streamOf() })));
  let tooLarge;
  try {
    await twenty.verifyStream({ secret, headers: large.headers, body: streamOf(), maxBodyBytes: 100_000 });
  } catch (error) {
    tooLarge = error.code;
  }
  check("Webhooks routes by Twenty's rule, deduplicates, refuses forgeries", () => {
    equal(outcomes.join(" "), "handled duplicate handled unhandled", "statuses");
    equal(ran.join(", "), "person.created p1 1, note.deleted", "handlers run");
    equal(forged, "SIGNATURE_MISMATCH", "forged");
  });
  check("verifyStream: a streamed body over 64 KiB, concurrently; PAYLOAD_TOO_LARGE past the cap", () => {
    for (const one of streamed) equal(one.payload.record.notes.length, 70_000, "streamed payload");
    equal(tooLarge, "PAYLOAD_TOO_LARGE", "too large");
  });
}
