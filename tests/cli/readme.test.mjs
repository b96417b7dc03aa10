// The command lines the READMEs show, run as written (`npx twenty-webhooks …` in a folder where
// the packed package is installed, npm kept offline), with only the example URL pointed at a
// local receiver that verifies with node:crypto. The lines for the edge receiver (listen,
// deliveries, dead-letters) run against the real one in receiver.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { captureServer, cleanEnv, cli, commandLines, EXAMPLE_RECEIVER, EXAMPLE_URL, HOME, READMES, receiver, run, SECRET } from "./support.mjs";

test("the READMEs' command lines run as written and every delivery they send verifies", async () => {
  const capture = await captureServer();
  const sent = await cli(["trigger", "person.created", "--url", capture.url, "--secret", SECRET]);
  await capture.close();
  assert.equal(sent.code, 0, sent.stdout);
  writeFileSync(join(HOME, "captured.http"), capture.captures[0]);

  const target = await receiver();
  const env = cleanEnv({ TWENTY_WEBHOOK_SECRET: SECRET, SECRET, npm_config_offline: "true" });
  try {
    for (const file of READMES) {
      const lines = commandLines(file).filter((line) => !line.includes(EXAMPLE_RECEIVER));
      assert.ok(lines.length >= 5, `${file} shows the CLI`);
      for (const line of lines) {
        const before = target.deliveries.length;
        const result = await run("sh", ["-c", line.replaceAll(EXAMPLE_URL, target.url)], { env });
        assert.equal(result.code, 0, `${file}: ${line}\n${result.stdout}${result.stderr}`);
        if (/ (trigger|sign) /.test(line)) assert.ok(target.deliveries.length > before, `${line} sent a delivery`);
      }
    }
    assert.ok(target.deliveries.every((delivery) => delivery.verified), "every delivery verifies");
  } finally {
    await target.close();
  }
});
