/**
 * @module www/site-files
 * What the site is made of: URL prefixes and the folders they come from. The dev server
 * (serve.mjs) serves these and the static build (build.mjs) copies them, so both publish the
 * same tree. The package goes under vendor/, as an application would bundle it.
 */
import { fileURLToPath } from "node:url";

const www = (path) => fileURLToPath(new URL(path, import.meta.url));

export const SITE_FILES = [
  { url: "/index.html", path: www("./index.html") },
  { url: "/app/", path: www("./app/") },
  { url: "/css/", path: www("./css/") },
  { url: "/vendor/twenty-webhooks/src/", path: www("../pkg/src/") },
  { url: "/vendor/twenty-webhooks/dist/wasm/", path: www("../pkg/dist/wasm/") },
];
