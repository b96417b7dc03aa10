#!/usr/bin/env node
// `npx twenty-webhooks`: the CLI (src/cli/). Even a failure to load it is one line, not a trace.
// A reader that stops early (`| head`) closes the pipe: stop quietly, as Unix tools do (exit 1
// unless the command had finished: the rest was not done).
process.stdout.on("error", (error) => {
  if (error.code !== "EPIPE") process.stderr.write(`twenty-webhooks: cannot write the output: ${error.message}\n`);
  process.exit(process.exitCode ?? 1);
});
try {
  const { main } = await import("../src/cli/main.js");
  process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, signals: process });
} catch (error) {
  process.stderr.write(`twenty-webhooks: cannot start: ${String(error?.message ?? error).split("\n")[0]}\n`);
  process.exitCode = 70;
}
