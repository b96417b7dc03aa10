// `verify` and `diagnose` on captured requests: a genuine one captured off the wire byte for
// byte, a re-serialised body, a seconds timestamp, the wrong secret; raw HTTP, HAR, headers files.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { captureServer, cleanEnv, cli, scratch, SECRET } from "./support.mjs";

const files = scratch();
let genuine; // the raw bytes of one delivery `trigger` sent, as the server received them

before(async () => {
  const server = await captureServer();
  try {
    const sent = await cli(["trigger", "person.updated", "--url", server.url, "--secret", SECRET]);
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    [genuine] = server.captures;
  } finally {
    await server.close();
  }
});

/** A raw request with another body and the headers changed by `edit`, Content-Length fixed. */
function rawRequest({ body, edit = (h) => h }) {
  const text = genuine.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  const [requestLine, ...lines] = text.slice(0, end).split("\r\n");
  let headers = lines.map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]);
  headers = edit(headers.filter(([name]) => name.toLowerCase() !== "content-length"));
  headers.push(["Content-Length", String(Buffer.byteLength(body))]);
  return Buffer.concat([Buffer.from(`${requestLine}\r\n${headers.map(([n, v]) => `${n}: ${v}`).join("\r\n")}\r\n\r\n`, "latin1"), Buffer.from(body)]);
}

function bodyOf(raw) {
  return raw.subarray(raw.indexOf("\r\n\r\n") + 4);
}

const setHeader = (name, value) => (headers) => headers.map(([n, v]) => [n, n.toLowerCase() === name ? value : v]);

/** verify and diagnose with --json, and without it too when `text` (same exit codes asserted). */
async function judge(args, { text = false, ...options } = {}) {
  const [verifyJson, diagnoseJson, verify, diagnose] = await Promise.all([
    cli(["verify", "--json", ...args], options),
    cli(["diagnose", "--json", ...args], options),
    ...(text ? [cli(["verify", ...args], options), cli(["diagnose", ...args], options)] : []),
  ]);
  for (const r of [verify, diagnose, verifyJson, diagnoseJson]) assert.equal(r?.stderr ?? "", "", "nothing on stderr");
  if (text) {
    assert.equal(verifyJson.code, verify.code, "same exit code with --json");
    assert.equal(diagnoseJson.code, diagnose.code, "same exit code with --json");
  }
  return { verify: verify ?? verifyJson, diagnose: diagnose ?? diagnoseJson, verifyJson: JSON.parse(verifyJson.stdout), diagnoseJson: JSON.parse(diagnoseJson.stdout) };
}

test("a genuine captured request verifies (exit 0) and has no error finding (exit 0)", async () => {
  const path = files.file("genuine.http", genuine);
  const { verify, diagnose, verifyJson, diagnoseJson } = await judge(["--secret", SECRET, "--request", path], { text: true });
  assert.equal(verify.code, 0, verify.stdout);
  assert.match(verify.stdout, /verified\s+person\.updated/);
  assert.equal(verifyJson.ok, true);
  assert.equal(verifyJson.eventName, "person.updated");
  assert.equal(verifyJson.bodyBytes, bodyOf(genuine).length);
  assert.equal(diagnose.code, 0, diagnose.stdout);
  assert.deepEqual(diagnoseJson.findings.filter((f) => f.severity === "error"), []);
});

test("a re-serialised body does not verify (exit 1, SIGNATURE_MISMATCH); diagnose says BODY_RESERIALIZED", async () => {
  const path = files.file("reserialised.http", rawRequest({ body: JSON.stringify(JSON.parse(bodyOf(genuine)), null, 2) }));
  const { verify, diagnose, verifyJson, diagnoseJson } = await judge(["--secret", SECRET, "--request", path], { text: true });
  assert.equal(verify.code, 1);
  assert.match(verify.stdout, /SIGNATURE_MISMATCH/);
  assert.equal(verifyJson.error.code, "SIGNATURE_MISMATCH");
  assert.ok(verifyJson.error.hint);
  assert.equal(diagnose.code, 1);
  assert.equal(diagnoseJson.findings[0].code, "BODY_RESERIALIZED");
  assert.match(diagnose.stdout, /error\s+BODY_RESERIALIZED/);
});

test("a timestamp in seconds does not verify (exit 1); diagnose says TIMESTAMP_IN_SECONDS", async () => {
  const body = bodyOf(genuine).toString("utf8");
  const seconds = String(Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", SECRET).update(`${seconds}:${body}`).digest("hex");
  const raw = rawRequest({ body, edit: (h) => setHeader("x-twenty-webhook-signature", signature)(setHeader("x-twenty-webhook-timestamp", seconds)(h)) });
  const path = files.file("seconds.http", raw);
  const { verify, diagnose, verifyJson, diagnoseJson } = await judge(["--secret", SECRET, "--request", path]);
  assert.equal(verify.code, 1);
  assert.equal(verifyJson.error.code, "TIMESTAMP_TOO_OLD");
  assert.equal(diagnose.code, 1);
  assert.ok(diagnoseJson.findings.some((f) => f.code === "TIMESTAMP_IN_SECONDS"), JSON.stringify(diagnoseJson.findings));
});

test("the wrong secret does not verify (exit 1); diagnose says WRONG_SECRET; the right one of two does", async () => {
  const path = files.file("genuine.http", genuine);
  const wrong = await judge(["--secret", "another-secret", "--request", path]);
  assert.equal(wrong.verify.code, 1);
  assert.equal(wrong.verifyJson.error.code, "SIGNATURE_MISMATCH");
  assert.equal(wrong.diagnose.code, 1);
  assert.ok(wrong.diagnoseJson.findings.some((f) => f.code === "WRONG_SECRET"), JSON.stringify(wrong.diagnoseJson.findings));
  const rotation = await cli(["verify", "--json", "--secret", "another-secret", "--secret", SECRET, "--request", path]);
  assert.equal(rotation.code, 0);
  assert.equal(JSON.parse(rotation.stdout).secretIndex, 1);
  const fromEnv = await cli(["verify", "--request", path], { env: cleanEnv({ TWENTY_WEBHOOK_SECRET: SECRET }) });
  assert.equal(fromEnv.code, 0);
});

test("the same delivery as a HAR file, a headers file (lines or JSON) with a body file, or on stdin", async () => {
  const text = genuine.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  const headerLines = text.slice(0, end).split("\r\n").slice(1);
  const pairs = headerLines.map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]);
  const body = bodyOf(genuine);
  const har = {
    log: { version: "1.2", entries: [{ request: { method: "POST", url: "http://127.0.0.1/webhooks/twenty", headers: pairs.map(([name, value]) => ({ name, value })), postData: { mimeType: "application/json", text: body.toString("utf8") } } }] },
  };
  const base64Har = structuredClone(har);
  base64Har.log.entries[0].request.postData = { mimeType: "application/json", text: body.toString("base64"), encoding: "base64" };
  const inputs = [
    ["--request", files.file("delivery.har", JSON.stringify(har, null, 2))],
    ["--request", files.file("delivery-base64.har", JSON.stringify(base64Har))],
    ["--headers", files.file("headers.txt", `${headerLines.join("\n")}\n`), "--body", files.file("body.json", body)],
    ["--headers", files.file("headers.json", JSON.stringify(Object.fromEntries(pairs.map(([n, v]) => [n.toLowerCase(), v])))), "--body", files.file("body.json", body)],
  ];
  const results = await Promise.all(inputs.map((input) => cli(["verify", "--secret", SECRET, ...input])));
  results.forEach((result, index) => assert.equal(result.code, 0, `${inputs[index].join(" ")}: ${result.stdout}${result.stderr}`));
  const stdin = await cli(["verify", "--secret", SECRET, "--request", "-"], { input: genuine });
  assert.equal(stdin.code, 0, stdin.stdout + stdin.stderr);
  const lf = await cli(["verify", "--secret", SECRET, "--request", "-"], { input: Buffer.concat([Buffer.from(text.slice(0, end).replaceAll("\r\n", "\n") + "\n\n", "latin1"), body]) });
  assert.equal(lf.code, 0, `LF line endings: ${lf.stdout}${lf.stderr}`);
});

test("body files are used byte for byte: a trailing newline is part of the body", async () => {
  const headersPath = files.file("headers.txt", genuine.toString("latin1").slice(0, genuine.indexOf("\r\n\r\n")).split("\r\n").slice(1).join("\n"));
  const withNewline = files.file("body-newline.json", Buffer.concat([bodyOf(genuine), Buffer.from("\n")]));
  const result = await cli(["diagnose", "--json", "--secret", SECRET, "--headers", headersPath, "--body", withNewline]);
  assert.equal(result.code, 1);
  const signed = await cli(["sign", "--secret", SECRET, "--body", withNewline]);
  const newHeaders = files.file("headers-newline.txt", signed.stdout);
  assert.equal((await cli(["verify", "--secret", SECRET, "--headers", newHeaders, "--body", withNewline])).code, 0);
});

test("a chunked capture is decoded; a capture cut short is a bad input (exit 2)", async () => {
  const body = bodyOf(genuine);
  const chunked = rawRequest({ body: "", edit: (h) => [...h, ["Transfer-Encoding", "chunked"]] });
  const head = chunked.subarray(0, chunked.indexOf("\r\n\r\n")).toString("latin1").split("\r\n").filter((l) => !/^content-length:/i.test(l)).join("\r\n");
  const half = Math.floor(body.length / 2);
  const chunks = Buffer.concat([
    Buffer.from(`${head}\r\n\r\n${half.toString(16)}\r\n`, "latin1"),
    body.subarray(0, half),
    Buffer.from(`\r\n${(body.length - half).toString(16)}\r\n`),
    body.subarray(half),
    Buffer.from("\r\n0\r\n\r\n"),
  ]);
  assert.equal((await cli(["verify", "--secret", SECRET, "--request", files.file("chunked.http", chunks)])).code, 0);
  const short = await cli(["verify", "--secret", SECRET, "--request", files.file("short.http", genuine.subarray(0, genuine.length - 10))]);
  assert.equal(short.code, 2);
  assert.match(short.stderr, /cut short/);
});

test("--now and --tolerance judge a capture at another time", async () => {
  const path = files.file("genuine.http", genuine);
  const timestamp = Number(/x-twenty-webhook-timestamp:\s*(\d+)/i.exec(genuine.toString("latin1"))[1]);
  const later = String(timestamp + 600_000);
  const [late, tolerant] = await Promise.all([
    cli(["verify", "--json", "--secret", SECRET, "--request", path, "--now", later]),
    cli(["verify", "--json", "--secret", SECRET, "--request", path, "--now", later, "--tolerance", "900000"]),
  ]);
  assert.equal(late.code, 1);
  assert.equal(JSON.parse(late.stdout).error.code, "TIMESTAMP_TOO_OLD");
  assert.equal(tolerant.code, 0, tolerant.stdout);
  assert.equal(JSON.parse(tolerant.stdout).ageMs, 600_000);
});
