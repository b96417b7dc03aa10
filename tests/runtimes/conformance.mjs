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
  for (const v of vectors.operations) {
    check(`matchesOperations: ${v.name}`, () => equal(twenty.matchesOperations(v.operations, v.eventName), v.expected, "match"));
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
  if (hono) await honoChecks(twenty, hono, check, equal);
  // Last, as it replaces the wasm instance many times (issue 8): hostile callers never break
  // a later genuine verification.
  const stressed = stress(twenty, { rounds: 1 });
  const shown = (list) => `${list.length} failures: ${[...new Set(list.map((f) => f.replace(/ \(#\d+\)/, "")))].slice(0, 8).join("; ")}`;
  check(`stress: ${stressed.calls} hostile calls, stack overflows and ${stressed.hostFailures} host failures inside wasm leave the module healthy`, () => {
    if (stressed.failures.length) throw new Error(shown(stressed.failures));
    if (stressed.hostFailures < 600) throw new Error(`only ${stressed.hostFailures} host failures were injected inside wasm`);
  });
  check("stress: buildPayload's hostile events get typed errors (holds once buildPayload reads events in JavaScript, branch `meta`)", () => {
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
