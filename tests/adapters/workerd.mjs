// Serves a Fetch app module from the consumer's folder in workerd (Miniflare), bundled as
// wrangler does: esbuild with the `workerd` condition, the .wasm kept as its own module.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { bundleWorker } from "../lib/workerd.mjs";

/** `entry` is a module exporting `fetch(request, env, ctx)`, or a Worker's default export. */
export async function startWorker(dir, entry, { bindings = {}, asDefault = false } = {}) {
  const name = entry.replace(/\W/g, "_");
  const main = join(dir, `worker-${name}.mjs`);
  writeFileSync(main, asDefault ? `export { default } from ${JSON.stringify(entry)};\n` : `import { fetch } from ${JSON.stringify(entry)};\nexport default { fetch };\n`);
  const worker = await bundleWorker(main, join(dir, `worker-${name}-dist`));
  let output = "";
  const mf = new Miniflare({
    ...worker,
    bindings,
    host: "127.0.0.1",
    port: 0,
    handleStructuredLogs: ({ message }) => {
      output += `${message}\n`;
    },
  });
  const url = await mf.ready;
  return { base: url.origin, output: () => output, stop: () => mf.dispose() };
}
