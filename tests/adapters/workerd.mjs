// Serves a Fetch app module from the consumer's folder in workerd (Miniflare), bundled as
// wrangler does: esbuild with the `workerd` condition, the .wasm kept as its own module.
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { Miniflare } from "miniflare";

/** `entry` is a module exporting `fetch(request, env, ctx)`, or a Worker's default export. */
export async function startWorker(dir, entry, { bindings = {}, asDefault = false } = {}) {
  const name = entry.replace(/\W/g, "_");
  const main = join(dir, `worker-${name}.mjs`);
  writeFileSync(main, asDefault ? `export { default } from ${JSON.stringify(entry)};\n` : `import { fetch } from ${JSON.stringify(entry)};\nexport default { fetch };\n`);
  const outdir = join(dir, `worker-${name}-dist`);
  await build({
    entryPoints: [main],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    loader: { ".wasm": "copy" },
    outdir,
    logLevel: "error",
  });
  const wasm = readdirSync(outdir).find((f) => f.endsWith(".wasm"));
  let output = "";
  const mf = new Miniflare({
    modulesRoot: outdir,
    modules: [
      { type: "ESModule", path: join(outdir, `worker-${name}.js`) },
      { type: "CompiledWasm", path: join(outdir, wasm) },
    ],
    bindings,
    compatibilityDate: "2026-04-01",
    host: "127.0.0.1",
    port: 0,
    handleStructuredLogs: ({ message }) => {
      output += `${message}\n`;
    },
  });
  const url = await mf.ready;
  return { base: url.origin, output: () => output, stop: () => mf.dispose() };
}
