// What every command shares: --help with an example, --json documents for errors too, colour
// only on a terminal and never with NO_COLOR, and a bad flag or input as one line and exit 2.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assertUsageError, cleanEnv, cli, HOME, onTerminal, receiver, run, scratch, SECRET } from "./support.mjs";

const COMMANDS = ["trigger", "sign", "verify", "diagnose", "listen", "deliveries", "dead-letters", "secret"];

test("every command has --help with an example, as text and as --json", async () => {
  const results = await Promise.all(COMMANDS.flatMap((command) => [cli([command, "--help"]), cli([command, "--help", "--json"])]));
  COMMANDS.forEach((command, index) => {
    const [text, json] = results.slice(index * 2, index * 2 + 2);
    assert.equal(text.code, 0);
    assert.match(text.stdout, new RegExp(`^twenty-webhooks ${command}: `));
    assert.match(text.stdout, /\nExamples?:\n {2}twenty-webhooks /);
    assert.match(text.stdout, /--json/);
    assert.equal(json.code, 0);
    assert.equal(JSON.parse(json.stdout).help, text.stdout);
  });
  const overview = await cli(["--help"]);
  assert.equal(overview.code, 0);
  for (const command of COMMANDS) assert.match(overview.stdout, new RegExp(`\\n  ${command} `));
});

test("npx finds the installed bin; --version is the package's", async () => {
  const { version } = JSON.parse(readFileSync(join(HOME, "node_modules/twenty-webhooks/package.json"), "utf8"));
  const result = await run("npx", ["--no-install", "twenty-webhooks", "--version"]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, `${version}\n`);
});

test("secret prints a new 64-hex-digit secret each time", async () => {
  const [a, b, json] = await Promise.all([cli(["secret"]), cli(["secret"]), cli(["secret", "--json"])]);
  assert.match(a.stdout, /^[0-9a-f]{64}\n$/);
  assert.notEqual(a.stdout, b.stdout);
  assert.match(JSON.parse(json.stdout).secret, /^[0-9a-f]{64}$/);
});

test("bad flags and inputs: one line on stderr, exit 2, and with --json an error document", async () => {
  const files = scratch();
  const notHttp = files.file("not-http.txt", "hello\r\n\r\nbody");
  const badHeaders = files.file("bad-headers.txt", "X-Twenty-Webhook-Timestamp 123\n");
  const notJson = files.file("record.json", "{ nope");
  const body = files.file("body.json", "{}");
  const env = cleanEnv();
  const receiver = ["--receiver", "http://127.0.0.1:9/"];
  const token = ["--token", "s3cret-admin-token"];
  const cases = [
    [[], /no command/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [["verify", "--bogus"], /unknown flag --bogus/],
    [["sign", "--secret"], /--secret needs a value/],
    [["secret", "--json=1"], /--json takes no value/],
    [["secret", "extra"], /unexpected argument "extra"/],
    [["trigger", "--url", "http://127.0.0.1:9/"], /missing <eventName>/],
    [["trigger", "person.created"], /--url <url> is required/],
    [["trigger", "person.created", "--url", "ftp://example.com/"], /http:\/\/ or https:\/\//],
    [["trigger", "person.created", "--url", "not a url"], /absolute http/],
    [["trigger", "person.created", "--url", "http://127.0.0.1:9/", "--count", "0"], /--count must be a whole number/],
    [["trigger", "person.created", "--url", "http://127.0.0.1:9/", "--concurrency", "x"], /--concurrency must be a whole number/],
    [["trigger", "person.exploded", "--url", "http://127.0.0.1:9/"], /INVALID_EVENT_NAME/],
    [["trigger", "person.created", "--url", "http://127.0.0.1:9/", "--secret", " "], /INVALID_SECRET/],
    [["trigger", "metadata.view.restored", "--url", "http://127.0.0.1:9/"], /INVALID_EVENT_NAME/],
    [["trigger", "person.created", "--url", "http://127.0.0.1:9/", "--record", notJson], /not JSON/],
    [["sign", "--secret", SECRET], /give --body/],
    [["sign", "--body", body], /no secret: pass --secret/],
    [["sign", "--secret", SECRET, "--body", body, "--timestamp", "yesterday"], /--timestamp must be epoch milliseconds/],
    [["sign", "--secret", SECRET, "--body", files.dir], /a directory/],
    [["verify", "--request", body], /no secret/],
    [["verify", "--secret", SECRET], /give the delivery/],
    [["verify", "--secret", SECRET, "--request", join(files.dir, "missing.http")], /no such file/],
    [["verify", "--secret", SECRET, "--request", notHttp], /not an HTTP request line/],
    [["verify", "--secret", SECRET, "--request", body, "--body", body], /not both/],
    [["diagnose", "--secret", SECRET, "--headers", badHeaders, "--body", body], /line 1 is not "Name: value"/],
    [["diagnose", "--secret", SECRET, "--headers", "-", "--body", "-"], /only one input can be read from stdin/],
    [["diagnose", "--secret", SECRET, "--request", body, "--tolerance", "-5"], /--tolerance needs a value; for one that starts with "-", write --tolerance=<value>/],
    [["diagnose", "--secret", SECRET, "--request", body, "--tolerance=-5"], /--tolerance must be a whole number/],
    [["listen", "--forward-to", "http://127.0.0.1:9/"], /--receiver <url> is required/],
    [["listen", ...receiver], /no admin token: pass --token <token> or set TWENTY_WEBHOOKS_ADMIN_TOKEN/],
    [["listen", ...receiver, ...token], /--forward-to <url> is required/],
    [["listen", "--receiver", "ftp://127.0.0.1:9/", ...token, "--forward-to", "http://127.0.0.1:9/"], /--receiver must be an http:\/\/ or https:\/\/ URL/],
    [["listen", ...receiver, ...token, "--forward-to", "localhost:3000"], /--forward-to must be an http:\/\/ or https:\/\/ URL/],
    [["listen", ...receiver, ...token, "--forward-to", "http://127.0.0.1:9/", "--resign="], /--resign needs a secret/],
    [["listen", ...receiver, ...token, "--forward-to", "http://127.0.0.1:9/", "--resign", " "], /INVALID_SECRET/],
    [["listen", ...receiver, "--token", "two words", "--forward-to", "http://127.0.0.1:9/"], /visible ASCII characters without spaces/],
    [["deliveries", "frob", ...receiver, ...token], /unknown subcommand "frob" of deliveries; its subcommands: list, show, replay/],
    [["deliveries", "show", ...receiver, ...token], /missing <id>/],
    [["deliveries", "list", "extra", ...receiver, ...token], /unexpected argument "extra"/],
    [["deliveries", "--state", "lost", ...receiver, ...token], /--state must be one of delivered, queued, retrying, dead/],
    [["deliveries", "--limit", "101", ...receiver, ...token], /--limit must be a whole number from 1 to 100/],
    [["deliveries", "show", "0b7e", "--state", "dead", ...receiver, ...token], /--state is not a flag of deliveries show/],
    [["deliveries", "replay", "0b7e", "--destination", "nowhere", ...receiver, ...token], /--destination must be an absolute/],
    [["dead-letters", "redrive", "--limit", "5", ...receiver, ...token], /--limit is not a flag of dead-letters redrive/],
    [["dead-letters", "list", "0b7e", ...receiver, ...token], /unexpected argument "0b7e"/],
  ];
  const results = await Promise.all(cases.map(([args]) => cli(args, { env })));
  const jsonResults = await Promise.all(cases.map(([args]) => cli([...args, "--json"], { env })));
  cases.forEach(([args, pattern], index) => {
    const label = `twenty-webhooks ${args.join(" ")}`;
    assertUsageError(assert, results[index], pattern);
    assert.equal(results[index].stdout, "", `${label}: nothing on stdout`);
    const json = jsonResults[index];
    assert.equal(json.code, 2, label);
    const document = JSON.parse(json.stdout);
    assert.equal(document.ok, false, label);
    assert.equal(typeof document.error.code, "string", label);
    assert.equal(typeof document.error.message, "string", label);
    assert.doesNotMatch(results[index].stderr + json.stdout, /s3cret-admin-token/, `${label}: the token is never printed`);
  });
});

test("colour only on a terminal and never with NO_COLOR; a progress line on a terminal when --count > 1", async () => {
  const target = await receiver();
  try {
    const args = ["trigger", "person.created", "--url", target.url, "--secret", SECRET, "--count", "3"];
    const [tty, noColor, piped] = await Promise.all([onTerminal(args, cleanEnv()), onTerminal(args, cleanEnv({ NO_COLOR: "1" })), cli(args)]);
    for (const result of [tty, noColor, piped]) assert.equal(result.code, 0, result.stdout);
    assert.match(tty.stdout, /\x1b\[32m/, "green on a terminal");
    assert.match(tty.stdout, /\d\/3 done/, "a progress line on a terminal");
    assert.doesNotMatch(noColor.stdout, /\x1b\[\d+m/, "no colour with NO_COLOR");
    assert.match(noColor.stdout, /\d\/3 done/);
    assert.doesNotMatch(piped.stdout, /\x1b/, "neither colour nor progress when piped");
    assert.doesNotMatch(piped.stdout, /done,/);
  } finally {
    await target.close();
  }
});
