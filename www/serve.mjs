/**
 * @module www/serve
 * A small static server for the demo page: `startSite({ port, config })` → `{ url, stop() }`.
 * `config` (optional, for the demo stack: `{ receiverUrl, sinkUrl, webhook: { targetUrl,
 * secret } }`) is served as /config.json; without it that file is `{}` and the page works
 * standalone. Run directly: `node www/serve.mjs [port]`.
 */
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { SITE_FILES } from "./site-files.mjs";

const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** The file behind a URL path under `mounts` (`[{ url, path }]`), or null. Never escapes a mount. */
function resolveFile(mounts, pathname) {
  for (const { url, path } of mounts) {
    if (!url.endsWith("/")) {
      if (pathname === url) return path;
      continue;
    }
    if (!pathname.startsWith(url)) continue;
    const relative = normalize(pathname.slice(url.length));
    if (relative.startsWith("..")) return null; // normalize() leaves ".." only at the start
    return join(path, relative);
  }
  return null;
}

/**
 * Only names of this machine may be asked for: a page on another site that re-points its own
 * name at 127.0.0.1 (DNS rebinding) would otherwise read /config.json and its demo secret.
 */
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/** A request handler serving `mounts`, with `/` as /index.html and `extra` for generated files. */
function staticHandler(mounts, extra = {}) {
  return async (request, response) => {
    if (!LOOPBACK_HOST.test(request.headers.host ?? "")) return send(response, 421, "text/plain", "Misdirected request");
    const { pathname } = new URL(request.url, "http://localhost");
    const path = pathname === "/" ? "/index.html" : decodeURIComponent(pathname);
    if (request.method !== "GET" && request.method !== "HEAD") return send(response, 405, "text/plain", "Method not allowed");
    if (path in extra) return send(response, 200, MIME_TYPES[".json"], extra[path]);
    const file = resolveFile(mounts, path);
    const info = file && (await stat(file).catch(() => null));
    if (!info?.isFile()) return send(response, 404, "text/plain", "Not found");
    const body = await readFile(file);
    return send(response, 200, MIME_TYPES[extname(file)] ?? "application/octet-stream", request.method === "HEAD" ? "" : body);
  };
}

function send(response, status, type, body) {
  response.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
  response.end(body);
}

/** Serves the page and the package on 127.0.0.1; `port` 0 picks a free one. */
export async function startSite({ port = 0, config } = {}) {
  return listen(staticHandler(SITE_FILES, { "/config.json": JSON.stringify(config ?? {}) }), port);
}

/** Serves a folder as is: e.g. the output of build.mjs, to check that it stands alone. */
export async function serveFolder(folder, { port = 0 } = {}) {
  return listen(staticHandler([{ url: "/", path: folder }]), port);
}

async function listen(handler, port) {
  const server = createServer((request, response) => {
    handler(request, response).catch((error) => {
      response.destroy(error);
    });
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const site = await startSite({ port: Number(process.argv[2] ?? 8080) });
  console.log(`Demo page: ${site.url}/  (Ctrl+C to stop)`);
}
