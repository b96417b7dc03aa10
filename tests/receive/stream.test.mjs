// verifyStream: every body shape, pieces of any size (across the 64 KiB pieces the core is fed
// in), concurrent streams on one verifier, the size cap counted as pieces arrive, and bounded
// memory for a 64 MiB stream refused at 1 MiB.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { SECRET, recordBody, signedHeaders, twenty } from "./support.mjs";

const MiB = 1024 * 1024;
const encoder = new TextEncoder();

/** `bytes` cut into pieces of the given sizes, cycling. */
function* piecesOf(bytes, sizes) {
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length];
    yield bytes.slice(offset, offset + size);
    offset += size;
  }
}

const shapes = {
  "a ReadableStream": (pieces) => ReadableStream.from(pieces),
  "an async iterable": (pieces) => (async function* () {
    for (const piece of pieces) yield piece;
  })(),
  "a Node Readable": (pieces) => Readable.from(pieces, { objectMode: false }),
};

/** A body of about `size` bytes whose JSON holds a long string. */
function largeBody(size) {
  return recordBody("note.created", { bodyV2: { markdown: "é".repeat(size / 2), blocknote: null } });
}

test("verifyStream verifies bodies from every shape, in pieces of any size, as verify does", async () => {
  const body = largeBody(300_000);
  const bytes = encoder.encode(body);
  const headers = signedHeaders(body);
  for (const [shape, make] of Object.entries(shapes)) {
    for (const sizes of [[bytes.length], [65_536], [65_535, 2, 131_072], [7, 100_000, 13]]) {
      const delivery = await twenty.verifyStream({ secret: SECRET, headers, body: make(piecesOf(bytes, sizes)) });
      assert.equal(delivery.secretIndex, 0, `${shape} ${sizes}`);
      assert.equal(delivery.payload.eventName, "note.created", `${shape} ${sizes}`);
      assert.equal(delivery.payload.record.bodyV2.markdown.length, 150_000);
    }
    const small = recordBody("person.created");
    const onePerPiece = await twenty.verifyStream({ secret: SECRET, headers: signedHeaders(small), body: make(piecesOf(encoder.encode(small), [1])) });
    assert.equal(onePerPiece.payload.eventName, "person.created", `${shape} in one-byte pieces`);
    // Any changed byte is refused, whichever piece it is in.
    const tampered = bytes.slice();
    tampered[200_000] ^= 1;
    await assert.rejects(twenty.verifyStream({ secret: SECRET, headers, body: make(piecesOf(tampered, [65_536])) }), { code: "SIGNATURE_MISMATCH" });
  }
});

test("verifyStream takes bytes and text already read, an empty body, and a Verifier", async () => {
  const body = recordBody("person.created");
  const headers = signedHeaders(body);
  const verifier = new twenty.Verifier(["old", SECRET]);
  assert.equal((await twenty.verifyStream({ verifier, headers, body })).secretIndex, 1);
  assert.equal((await twenty.verifyStream({ secret: SECRET, headers, body: encoder.encode(body) })).payload.eventName, "person.created");
  const empty = await twenty.verifyStream({ secret: SECRET, headers: signedHeaders(""), body: ReadableStream.from([]) });
  assert.throws(() => empty.payload, { code: "INVALID_JSON" });
  await assert.rejects(twenty.verifyStream({ secret: SECRET, headers, body: { parsed: true } }), { code: "INVALID_BODY" });
  await assert.rejects(twenty.verifyStream({ headers, body }), { code: "INVALID_SECRET" });
  await assert.rejects(twenty.verifyStream({ secret: SECRET, headers, body, maxBodyBytes: -1 }), { code: "INVALID_ARGUMENT" });
});

test("a source that reuses its buffer for each piece still verifies and parses", async () => {
  const body = largeBody(200_000);
  const bytes = encoder.encode(body);
  async function* reusing() {
    const buffer = new Uint8Array(10_000);
    for (let offset = 0; offset < bytes.length; offset += buffer.length) {
      const piece = bytes.subarray(offset, offset + buffer.length);
      buffer.set(piece);
      yield buffer.subarray(0, piece.length);
      buffer.fill(0x20); // what a pooled reader does: the next piece overwrites this one
    }
  }
  const delivery = await twenty.verifyStream({ secret: SECRET, headers: signedHeaders(body), body: reusing() });
  assert.equal(delivery.payload.record.bodyV2.markdown.length, 100_000);
});

test("concurrent streams on one verifier, and large one-shot verifies in between, do not disturb each other", async () => {
  const verifier = new twenty.Verifier(SECRET);
  const bodies = [largeBody(200_000), largeBody(300_000), largeBody(150_000), recordBody("task.created")];
  const slowly = async function* (bytes) {
    for (const piece of piecesOf(bytes, [40_000])) {
      await new Promise((resolve) => setImmediate(resolve));
      // A synchronous verify of a body over 64 KiB on the same verifier, between two pieces.
      const other = largeBody(100_000);
      assert.equal(verifier.verify(signedHeaders(other), other).secretIndex, 0);
      yield piece;
    }
  };
  const results = await Promise.all(bodies.map((body) => twenty.verifyStream({ verifier, headers: signedHeaders(body), body: slowly(encoder.encode(body)) })));
  assert.deepEqual(results.map((d) => d.payload.eventName), ["note.created", "note.created", "note.created", "task.created"]);
  // And a forged one among genuine ones fails alone.
  const forged = [largeBody(200_000), largeBody(200_000)];
  const outcomes = await Promise.allSettled(
    forged.map((body, i) => twenty.verifyStream({ verifier, headers: signedHeaders(body, { secret: i === 0 ? "wrong" : SECRET }), body: slowly(encoder.encode(body)) })),
  );
  assert.equal(outcomes[0].reason?.code, "SIGNATURE_MISMATCH");
  assert.equal(outcomes[1].status, "fulfilled");
});

test("past maxBodyBytes: PAYLOAD_TOO_LARGE (status 413), and reading stops", async () => {
  const body = largeBody(300_000);
  const bytes = encoder.encode(body);
  for (const [shape, make] of Object.entries(shapes)) {
    let pulled = 0;
    const counting = (function* () {
      for (const piece of piecesOf(bytes, [16_384])) {
        pulled += piece.length;
        yield piece;
      }
    })();
    await assert.rejects(
      twenty.verifyStream({ secret: SECRET, headers: signedHeaders(body), body: make(counting), maxBodyBytes: 100_000 }),
      (error) => error instanceof twenty.WebhookRequestError && error.code === "PAYLOAD_TOO_LARGE" && error.status === 413,
      shape,
    );
    assert.ok(pulled <= 100_000 + 3 * 16_384, `${shape}: read ${pulled} bytes`); // stream buffers may read a little ahead
  }
  // Exactly at the cap passes.
  assert.equal((await twenty.verifyStream({ secret: SECRET, headers: signedHeaders(body), body: ReadableStream.from([bytes]), maxBodyBytes: bytes.length })).secretIndex, 0);
});

test("size comes before signature: a body past the cap is too large even when its headers are wrong", async () => {
  const body = largeBody(300_000);
  const unsigned = { "content-type": "application/json" };
  await assert.rejects(twenty.verifyStream({ secret: SECRET, headers: unsigned, body: ReadableStream.from(piecesOf(encoder.encode(body), [65_536])), maxBodyBytes: 100_000 }), {
    code: "PAYLOAD_TOO_LARGE",
  });
  await assert.rejects(twenty.verifyStream({ secret: SECRET, headers: unsigned, body: ReadableStream.from(piecesOf(encoder.encode(body), [65_536])) }), { code: "MISSING_SIGNATURE" });
});

test("a 64 MiB stream with a 1 MiB limit is refused without the process growing by more than a few MiB", async () => {
  const headers = signedHeaders("{}");
  const piece = 64 * 1024;
  for (const [shape, make] of Object.entries(shapes)) {
    let produced = 0;
    // Fresh bytes each piece, as a socket gives: 1024 of them would be 64 MiB.
    const source = (pieces) => (function* () {
      for (let i = 0; i < pieces; i++) {
        produced += piece;
        yield new Uint8Array(piece).fill(0x20);
      }
    })();
    // Once first, so that what is made once (code, the keyed verifier, wasm pages) is not counted.
    await assert.rejects(twenty.verifyStream({ secret: SECRET, headers, body: make(source(32)), maxBodyBytes: MiB }), { code: "PAYLOAD_TOO_LARGE" });
    produced = 0;
    const before = process.memoryUsage();
    await assert.rejects(twenty.verifyStream({ secret: SECRET, headers, body: make(source(1024)), maxBodyBytes: MiB }), { code: "PAYLOAD_TOO_LARGE" });
    const after = process.memoryUsage();
    const grownMiB = (after.rss - before.rss) / MiB;
    const buffersMiB = (after.arrayBuffers - before.arrayBuffers) / MiB;
    assert.ok(produced <= MiB + 4 * piece, `${shape}: ${produced / MiB} MiB produced`);
    assert.ok(grownMiB < 8, `${shape}: rss grew ${grownMiB.toFixed(1)} MiB`);
    assert.ok(buffersMiB < 4, `${shape}: ArrayBuffers grew ${buffersMiB.toFixed(1)} MiB`);
  }
});

test("a source that fails mid-body: BODY_INCOMPLETE (status 400) with the failure as cause", async () => {
  const body = largeBody(100_000);
  const bytes = encoder.encode(body);
  const broken = new Error("connection reset");
  const sources = {
    "a ReadableStream": () => new ReadableStream({
      start(controller) {
        controller.enqueue(bytes.slice(0, 1000));
        controller.error(broken);
      },
    }),
    "an async iterable": () => (async function* () {
      yield bytes.slice(0, 1000);
      throw broken;
    })(),
    "a Node Readable": () => {
      const readable = new Readable({ read() {} });
      readable.push(bytes.slice(0, 1000));
      setImmediate(() => readable.destroy(broken));
      return readable;
    },
  };
  for (const [shape, make] of Object.entries(sources)) {
    await assert.rejects(
      twenty.verifyStream({ secret: SECRET, headers: signedHeaders(body), body: make() }),
      (error) => error instanceof twenty.WebhookRequestError && error.code === "BODY_INCOMPLETE" && error.status === 400 && error.cause === broken,
      shape,
    );
  }
});

/** Makes a wasm call exit abnormally: the host's getRandomValues throws inside wasm. */
function abnormalExit() {
  const failure = new Error("the host's getRandomValues failed");
  crypto.getRandomValues = () => {
    throw failure;
  };
  try {
    assert.throws(() => twenty.generateSecret(), (error) => error === failure);
  } finally {
    delete crypto.getRandomValues;
  }
}

test("a streamed delivery verifies when the wasm instance is replaced between its pieces", async () => {
  // Read-only here: only to show that each disruption really replaced the instance.
  const { instance } = await import("../../pkg/src/lifecycle.js");
  const disruptions = {
    // diagnose of a forged 1 MB body grows wasm memory past what a transient call may keep.
    "a diagnose of a 1 MB forged body": () => {
      const forged = largeBody(1_000_000);
      const findings = twenty.diagnose({ secret: SECRET, headers: signedHeaders(forged, { secret: "wrong" }), body: forged });
      assert.equal(findings[0].code, "WRONG_SECRET");
    },
    // The host failing inside wasm (as tests/runtimes/stress.mjs forces it): an abnormal exit,
    // and another call, which replaces the instance.
    "an abnormal exit of a wasm call": () => {
      abnormalExit();
      twenty.sampleRecord("person");
    },
    // The same, with no call after it: the stream's own next call meets the instance left so.
    "an abnormal exit as the last call": abnormalExit,
  };
  // Sources that pause for the disruption between two pieces (async, unlike `shapes`' inputs).
  const paused = {
    "a ReadableStream": (source) => ReadableStream.from(source),
    "an async iterable": (source) => source,
    "a Node Readable": (source) => Readable.from(source, { objectMode: false }),
  };
  const verifier = new twenty.Verifier(SECRET);
  for (const size of [100_000, 1_000_000]) {
    const body = largeBody(size);
    const bytes = encoder.encode(body);
    const headers = signedHeaders(body);
    // After the first piece (the streamed verification has begun: 70,000 > 64 KiB), after a
    // middle one, or after the last one (before the body ends).
    for (const at of ["first", "middle", "last"]) {
      for (const [what, disrupt] of Object.entries(disruptions)) {
        for (const [shape, make] of Object.entries(paused)) {
          const pieces = [...piecesOf(bytes, [70_000, 20_000])];
          const disruptAfter = { first: 0, middle: 1, last: pieces.length - 1 }[at];
          const generations = [];
          const source = (async function* () {
            for (const [i, piece] of pieces.entries()) {
              yield piece;
              if (i === disruptAfter) {
                const before = instance.generation;
                disrupt();
                generations.push(instance.entered ? "pending" : instance.generation - before);
              }
            }
          })();
          const label = `${size} bytes, ${what} after the ${at} piece, ${shape}`;
          const delivery = await twenty.verifyStream({ verifier, headers, body: make(source) }).catch((error) => assert.fail(`${label}: ${error.stack}`));
          assert.equal(delivery.secretIndex, 0, label);
          assert.equal(delivery.payload.record.bodyV2.markdown.length, size / 2, label);
          assert.ok(generations.length === 1 && generations[0] !== 0, `${label}: the instance was not replaced (${generations})`);
          // And a forged body disrupted the same way is still refused.
          const tampered = bytes.slice();
          tampered[bytes.length - 10] ^= 1;
          const forgedSource = (async function* () {
            for (const [i, piece] of [...piecesOf(tampered, [70_000, 20_000])].entries()) {
              yield piece;
              if (i === disruptAfter) disrupt();
            }
          })();
          await assert.rejects(twenty.verifyStream({ verifier, headers, body: make(forgedSource) }), { code: "SIGNATURE_MISMATCH" }, label);
        }
      }
    }
  }
  verifier.free();
});
