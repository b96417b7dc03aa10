/**
 * @module www/build
 * Writes the demo page as a plain static site: `node www/build.mjs <outdir> [config.json]`.
 * The folder needs no server logic: any static host serves it (with .wasm as
 * application/wasm, as every common host does). config.json is `{}` unless one is given.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { SITE_FILES } from "./site-files.mjs";

export function buildSite(outDir, config = {}) {
  for (const { url, path } of SITE_FILES) {
    const target = join(outDir, url);
    mkdirSync(url.endsWith("/") ? target : join(target, ".."), { recursive: true });
    cpSync(path, target, { recursive: true });
  }
  writeFileSync(join(outDir, "config.json"), JSON.stringify(config));
  return outDir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [outDir, configFile] = process.argv.slice(2);
  if (!outDir) {
    console.error("usage: node www/build.mjs <outdir> [config.json]");
    process.exit(2);
  }
  const config = configFile ? JSON.parse(readFileSync(configFile, "utf8")) : {};
  console.log(`Static site written to ${buildSite(resolve(outDir), config)}`);
}
