// A Worker bundled as wrangler bundles it (esbuild with the `workerd` condition, the .wasm kept
// as its own module) and the Miniflare options that load it: shared by the runtime conformance
// run and the adapters' workerd target.
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { build } from "esbuild";

/** No later than the pinned workerd supports. */
export const COMPATIBILITY_DATE = "2026-04-01";

/** Bundles `entry` into `outdir`; resolves to `{ modulesRoot, modules, compatibilityDate }` for Miniflare. */
export async function bundleWorker(entry, outdir) {
  await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    loader: { ".wasm": "copy" },
    outdir,
    logLevel: "error",
  });
  const wasm = readdirSync(outdir).find((file) => file.endsWith(".wasm"));
  if (!wasm) throw new Error("esbuild did not keep the .wasm as its own module");
  return {
    modulesRoot: outdir,
    modules: [
      { type: "ESModule", path: join(outdir, basename(entry).replace(/\.m?js$/, ".js")) },
      { type: "CompiledWasm", path: join(outdir, wasm) },
    ],
    compatibilityDate: COMPATIBILITY_DATE,
  };
}
