#!/usr/bin/env node
// `npx twenty-webhooks`: the CLI (src/cli/). Even a failure to load it is one line, not a trace.
try {
  const { main } = await import("../src/cli/main.js");
  process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
} catch (error) {
  process.stderr.write(`twenty-webhooks: cannot start: ${String(error?.message ?? error).split("\n")[0]}\n`);
  process.exitCode = 70;
}
