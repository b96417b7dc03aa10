// `sign`: headers that node:crypto agrees with, and `--curl` commands run by the real curl.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { cleanEnv, cli, receiver, run, scratch, SECRET } from "./support.mjs";

const hmac = (secret, timestamp, body) => createHmac("sha256", secret).update(`${timestamp}:`).update(body).digest("hex");

test("sign --curl prints a command that the real curl runs and the receiver accepts (a sample delivery)", async () => {
  const target = await receiver();
  try {
    const signed = await cli(["sign", "--secret", SECRET, "--curl", target.url]);
    assert.equal(signed.code, 0, signed.stderr);
    assert.match(signed.stdout, /^curl /);
    const curl = await run("sh", ["-c", `${signed.stdout.trim()} --silent --show-error --write-out '%{http_code}'`]);
    assert.equal(curl.code, 0, curl.stderr);
    assert.equal(curl.stdout, "200");
    assert.equal(target.deliveries.length, 1);
    const [delivery] = target.deliveries;
    assert.ok(delivery.verified);
    const payload = JSON.parse(delivery.body);
    assert.equal(payload.eventName, "person.created");
    assert.equal(payload.targetUrl, target.url);
  } finally {
    await target.close();
  }
});

test("sign --curl --body sends the file's exact bytes: quotes, newlines, non-ASCII, a leading @", async () => {
  const target = await receiver();
  const files = scratch();
  try {
    const bodies = [
      `{"note":"it's \\"quoted\\"","city":"Zürich","emoji":"🦄"}\n`,
      "@not-a-file\r\nsecond line\ttab $HOME `date` \\ '' end",
      Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x7d]), // not text: sent from the file
    ];
    for (const [index, bytes] of bodies.entries()) {
      const path = files.file(`body-${index}`, bytes);
      const signed = await cli(["sign", "--curl", target.url, "--body", path], { env: cleanEnv({ TWENTY_WEBHOOK_SECRET: SECRET }) });
      assert.equal(signed.code, 0, signed.stderr);
      const curl = await run("sh", ["-c", `${signed.stdout.trim()} --silent --show-error --write-out '%{http_code}'`], { cwd: files.dir });
      assert.equal(curl.stdout, "200", `body ${index}: ${curl.stderr}`);
      const delivery = target.deliveries.at(-1);
      assert.ok(delivery.verified, `body ${index} verifies`);
      assert.deepEqual(delivery.body, readFileSync(path), `body ${index} arrives byte for byte`);
    }
  } finally {
    await target.close();
  }
});

test("sign prints Twenty's headers for a body file, trailing newline signed; --timestamp and --nonce are used", async () => {
  const files = scratch();
  const body = '{"eventName":"person.created"}\n';
  const path = files.file("body.json", body);
  const result = await cli(["sign", "--secret", SECRET, "--body", path, "--timestamp", "1735066639761", "--nonce", "00112233445566778899aabbccddeeff"]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(
    result.stdout,
    [
      "Content-Type: application/json",
      "X-Twenty-Webhook-Timestamp: 1735066639761",
      `X-Twenty-Webhook-Signature: ${hmac(SECRET, "1735066639761", body)}`,
      "X-Twenty-Webhook-Nonce: 00112233445566778899aabbccddeeff",
      "",
    ].join("\n"),
  );
  // The protocol's own figure: secret your-secret, timestamp 1735066639761, body {}.
  const figure = await cli(["sign", "--secret", "your-secret", "--body", "-", "--timestamp", "1735066639761", "--json"], { input: "{}" });
  const document = JSON.parse(figure.stdout);
  assert.equal(document.headers["X-Twenty-Webhook-Signature"], "3c75332dc09cc3cbdc0eb604062cd81de3683b23e3d3c843393eedd8081d89bb");
  assert.equal(document.body, "{}");
  assert.equal(document.bodyBytes, 2);
});

test("sign's headers and body verify with the verify command", async () => {
  const files = scratch();
  const body = files.file("body.json", '{"a":1}');
  const signed = await cli(["sign", "--secret", SECRET, "--body", body]);
  const headers = files.file("headers.txt", signed.stdout);
  const verified = await cli(["verify", "--secret", SECRET, "--headers", headers, "--body", body]);
  assert.equal(verified.code, 0, verified.stdout);
});
