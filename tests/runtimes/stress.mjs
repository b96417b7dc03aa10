// Hostile callers, as a long-running server meets them (issue 8): values whose getters, Proxy
// traps, toJSON or Date methods throw, cyclic and deep structures, fake Dates and typed arrays,
// detached buffers, stack overflows forced at every depth around every entry point, and the
// host's getRandomValues throwing inside wasm, interleaved with genuine verifications. Plain JavaScript with no runtime-specific imports:
// the package suite (Node 20) and the runtime conformance suite (Node 22, Deno, Bun, workerd,
// Chromium) run this same file.
//
// What must hold: every genuine verification succeeds (the same long-lived Verifier, a new
// Verifier, and one-shot verify), and every hostile call either returns or throws a
// TwentyWebhooksError or the caller's own error (its own class, or a RangeError when the
// caller ran out of stack).

/** What hostile values throw, so that "the caller's own error" can be told apart. */
export class CallerError extends Error {}

const SECRET = "stress-secret";
const boom = () => {
  throw new CallerError("boom");
};

/** A Proxy all of whose traps throw. */
function throwingProxy(target = {}) {
  const traps = ["get", "set", "has", "deleteProperty", "ownKeys", "getOwnPropertyDescriptor", "defineProperty", "getPrototypeOf", "setPrototypeOf", "isExtensible", "preventExtensions", "apply", "construct"];
  return new Proxy(target, Object.fromEntries(traps.map((trap) => [trap, boom])));
}

function revokedProxy() {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function deep(levels) {
  let value = {};
  for (let i = 0; i < levels; i++) value = { next: value };
  return value;
}

function detachedView() {
  const bytes = new TextEncoder().encode("{}");
  if (typeof structuredClone !== "function") return bytes;
  structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
  return bytes;
}

/** Hostile values to put wherever a value goes. Built on demand: some are used up by a call. */
export function hostileValues() {
  const cyclic = {};
  cyclic.self = cyclic;
  const lyingView = new Uint8Array(8);
  Object.defineProperty(lyingView, "byteLength", { value: 1e9 });
  Object.defineProperty(lyingView, "length", { get: boom });
  const lyingDataView = new DataView(new ArrayBuffer(8));
  Object.defineProperty(lyingDataView, "byteLength", { value: 1e9 });
  const throwingLength = new Uint8Array(4);
  Object.defineProperty(throwingLength, "byteLength", { get: boom });
  return {
    "a throwing Proxy": throwingProxy(),
    "a revoked Proxy": revokedProxy(),
    "a Proxy over a Date": throwingProxy(new Date(0)),
    "a Proxy over bytes": throwingProxy(new Uint8Array(4)),
    "a throwing getter": Object.defineProperty({}, "x", { get: boom, enumerable: true }),
    "a throwing toJSON": { toJSON: boom },
    "a toJSON returning a throwing Proxy": { toJSON: () => throwingProxy() },
    "a cyclic object": cyclic,
    "a structure 100,000 levels deep": deep(100_000),
    "a fake Date": Object.create(Date.prototype),
    "a Date whose methods throw": Object.assign(new Date(0), { getTime: boom, toISOString: boom, valueOf: boom, toJSON: boom }),
    "an object on Number.prototype": Object.create(Number.prototype),
    "an object on String.prototype": Object.create(String.prototype),
    "a fake Uint8Array": Object.create(Uint8Array.prototype),
    "a Uint8Array whose byteLength and length lie": lyingView,
    "a Uint8Array whose own byteLength getter throws": throwingLength,
    "a DataView whose own byteLength lies": lyingDataView,
    "a detached view": detachedView(),
    "a BigInt": 10n,
    "a Symbol": Symbol("s"),
    "a function": boom,
    "an object with a throwing Symbol.toPrimitive": { [Symbol.toPrimitive]: boom, toString: boom, valueOf: boom },
  };
}

/** Every entry point, called with `value` where a caller's value goes. */
export function hostileCalls(twenty, value) {
  const event = (overrides) => ({ targetUrl: "https://example.com/hook", eventName: "person.created", record: {}, ...overrides });
  const signed = twenty.signRequest({ secret: SECRET, body: "{}" }).headers;
  return {
    verify: [
      () => twenty.verify({ secret: SECRET, headers: value, body: "{}" }),
      () => twenty.verify({ secret: SECRET, headers: signed, body: value }),
      () => twenty.verify({ secret: SECRET, headers: signed, body: "{}", now: value }),
      () => twenty.verify({ secret: value, headers: signed, body: "{}" }),
      () => twenty.verify({ secret: SECRET, headers: { "x-twenty-webhook-signature": value, "x-twenty-webhook-timestamp": value }, body: "{}" }),
      () => new twenty.Verifier(SECRET, { toleranceMs: value }),
      () => new twenty.Verifier([SECRET, value]),
    ],
    sign: [() => twenty.sign(SECRET, Date.now(), value), () => twenty.signRequest({ secret: SECRET, body: value }), () => twenty.sign(SECRET, value, "{}")],
    diagnose: [
      () => twenty.diagnose({ secret: SECRET, headers: signed, body: value }),
      () => twenty.diagnose({ secret: SECRET, headers: value, body: "{}" }),
      () => twenty.diagnose({ secret: SECRET, headers: signed, body: { record: value } }),
    ],
    sampleRecord: [() => twenty.sampleRecord("person", { now: value }), () => twenty.sampleRecord("person", { seed: value }), () => twenty.sampleRecord(value)],
    matchesOperations: [() => twenty.matchesOperations([value], "person.created"), () => twenty.matchesOperations(["person.*"], value)],
    buildPayload: [
      () => twenty.buildPayload(value),
      () => twenty.buildPayload(event({ record: { field: value } })),
      () => twenty.buildPayload(event({ record: value })),
      () => twenty.buildPayload(event({ eventDate: value })),
      () => twenty.buildPayload(event({ updatedFields: value })),
      () => twenty.buildPayload(event({ objectMetadata: value })),
      () => twenty.buildPayload(event({ record: { list: [1, value] } })),
    ],
  };
}

/** How a call ended: "returned", "typed", "caller's own", or anything else (a failure). */
export function outcome(twenty, call) {
  try {
    call();
    return "returned";
  } catch (error) {
    if (error instanceof twenty.TwentyWebhooksError && typeof error.code === "string") return "typed";
    if (error instanceof CallerError || error instanceof RangeError) return "caller's own";
    return `${error?.constructor?.name ?? typeof error}: ${String(error?.message ?? error).slice(0, 200)}`;
  }
}

/**
 * Runs `fn` with little stack left: `headroom` frames of `dive` above the deepest it reaches
 * now (probed again each time, as the engine's tiers change frame sizes). Returns how `fn`
 * ended, or "overflow" when the descent itself ran out first.
 */
export function nearStackLimit(headroom, fn) {
  try {
    dive(0, Infinity, fn);
  } catch {
    // the deepest point is in `reached`
  }
  const target = Math.max(0, reached - headroom);
  try {
    return dive(0, target, fn);
  } catch (error) {
    if (error instanceof RangeError) return "overflow";
    throw error;
  }
}

let reached = 0;
let unwound = 0;

function dive(depth, target, fn) {
  reached = depth;
  if (depth >= target) return fn();
  const result = dive(depth + 1, target, fn);
  // A write after the call keeps it a real call: JavaScriptCore (Bun) eliminates tail calls in
  // strict code, `const r = f(); return r` included, and would recurse forever on no stack.
  unwound = depth;
  return result;
}

/** A genuine delivery verified three ways; throws if any fails. */
export function assertHealthy(twenty, verifier, what) {
  const body = `{"n":${Math.random()}}`;
  const { headers } = twenty.signRequest({ secret: SECRET, body });
  const checks = [
    ["the long-lived Verifier", () => verifier.verify(headers, body)],
    ["the long-lived Verifier, bytes", () => verifier.verify(headers, new TextEncoder().encode(body))],
    [
      "a new Verifier",
      () => {
        const fresh = new twenty.Verifier(SECRET);
        try {
          return fresh.verify(headers, body);
        } finally {
          fresh.free();
        }
      },
    ],
    ["one-shot verify", () => twenty.verify({ secret: SECRET, headers, body })],
  ];
  for (const [who, check] of checks) {
    let result;
    try {
      result = check();
    } catch (error) {
      throw new Error(`after ${what}: ${who} failed a genuine delivery: ${error?.code ?? ""} ${error?.message ?? error}`);
    }
    if (result.secretIndex !== 0 || result.payload.n === undefined) throw new Error(`after ${what}: ${who} gave ${JSON.stringify(result)}`);
  }
}

/**
 * The whole stress: `rounds` passes over every hostile value at every entry point, each call
 * followed by a genuine verification, then stack overflows at every depth around each entry
 * point, then the host's getRandomValues failing inside wasm. Returns `{ calls, outcomes,
 * failures, buildPayloadFailures, hostFailures }`; failures of
 * buildPayload's typing are kept apart (its event reading is being rewritten).
 */
export function stress(twenty, { rounds = 1, onProgress } = {}) {
  const verifier = new twenty.Verifier(SECRET);
  const failures = [];
  const buildPayloadFailures = [];
  const outcomes = {};
  let calls = 0;
  const record = (entry, name, result) => {
    calls++;
    outcomes[result] = (outcomes[result] ?? 0) + 1;
    if (!["returned", "typed", "caller's own"].includes(result)) (entry === "buildPayload" ? buildPayloadFailures : failures).push(`${entry} with ${name}: ${result}`);
  };
  const healthy = (what) => {
    try {
      assertHealthy(twenty, verifier, what);
    } catch (error) {
      failures.push(error.message);
    }
  };

  // The reproduction: 5,000 fake Dates through buildPayload, then verify.
  for (let n = 0; n < 5000; n++) {
    record("buildPayload", "the issue's fake eventDate", outcome(twenty, () => twenty.buildPayload({ targetUrl: "https://x/h", eventName: "person.created", record: {}, eventDate: Object.create(Date.prototype) })));
  }
  healthy("the issue's reproduction");

  for (let round = 0; round < rounds; round++) {
    for (const name of Object.keys(hostileValues())) {
      for (const [entry, entryCalls] of Object.entries(hostileCalls(twenty, hostileValues()[name]))) {
        entryCalls.forEach((call, index) => {
          record(entry, `${name} (#${index})`, outcome(twenty, call));
          healthy(`${entry} #${index} with ${name}`);
        });
      }
    }
    onProgress?.(round);
  }

  // Stack overflows at varying depths around each entry point, and around verify itself.
  const body = "{}";
  const { headers } = twenty.signRequest({ secret: SECRET, body });
  const around = {
    "Verifier.verify": () => verifier.verify(headers, body),
    "verify": () => twenty.verify({ secret: SECRET, headers, body }),
    "new Verifier": () => new twenty.Verifier(SECRET),
    buildPayload: () => twenty.buildPayload({ targetUrl: "https://x/h", eventName: "person.created", record: { a: [1, { b: "c" }] } }),
    diagnose: () => twenty.diagnose({ secret: SECRET, headers, body: "{\"a\":1}" }),
    sampleRecord: () => twenty.sampleRecord("person"),
    sign: () => twenty.sign(SECRET, Date.now(), body),
    // Both call the host's getRandomValues from inside wasm: the stack can run out there.
    generateSecret: () => twenty.generateSecret(),
    signRequest: () => twenty.signRequest({ secret: SECRET, body }),
  };
  // From no headroom up, frame by frame, until the call has had room to finish 20 times in a
  // row: every point of its path (JavaScript, glue and wasm) runs out of stack once.
  for (const [entry, call] of Object.entries(around)) {
    for (let headroom = 0, finished = 0; finished < 20 && headroom < 20_000; headroom++) {
      const result = nearStackLimit(headroom, () => outcome(twenty, call));
      finished = result === "returned" ? finished + 1 : 0;
      record(entry, `a stack overflow ${headroom} frames up`, result === "overflow" ? "caller's own" : result);
      healthy(`a stack overflow around ${entry}, ${headroom} frames up`);
    }
  }
  // The host failing inside wasm: getRandomValues (called from wasm) throwing, so that the
  // exception unwinds through wasm frames whatever the entry point.
  const patched = !Object.hasOwn(crypto, "getRandomValues");
  let hostFailures = 0;
  if (patched) {
    crypto.getRandomValues = () => {
      hostFailures++;
      throw new CallerError("the host's getRandomValues failed");
    };
  }
  try {
    for (let n = 0; n < 200 && patched; n++) {
      for (const entry of ["generateSecret", "signRequest", "sampleRecord"]) record(entry, "a failing host", outcome(twenty, around[entry]));
    }
  } finally {
    if (patched) delete crypto.getRandomValues;
  }
  healthy(`${hostFailures} host failures inside wasm`);
  healthy("the whole stress");
  verifier.free();
  return { calls, outcomes, failures, buildPayloadFailures, hostFailures };
}
