// Serves a Fetch app (the module named on the command line) from node:http: the request stream
// becomes the Request's body unread, so sizes are counted by the handler as it streams.
import { createServer } from "node:http";
import { listening } from "./listening.mjs";

const { fetch } = await import(process.argv[2]);

/**
 * The request stream as a web stream. Not Readable.toWeb: in Node 20 and 22 it throws
 * (uncaught) when the consumer cancels the stream while data still arrives, as a handler does
 * when it refuses an oversized body.
 */
function bodyOf(req) {
  let done = false;
  return new ReadableStream({
    start(controller) {
      req.on("data", (chunk) => {
        if (done) return;
        controller.enqueue(new Uint8Array(chunk));
        if (controller.desiredSize <= 0) req.pause();
      });
      req.on("end", () => done || ((done = true), controller.close()));
      req.on("error", (error) => done || ((done = true), controller.error(error)));
    },
    pull: () => void req.resume(),
    cancel() {
      done = true;
      req.resume(); // drain and drop the rest
    },
  });
}

const server = createServer(async (req, res) => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) for (const v of [value].flat()) headers.append(name, v);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body: hasBody ? bodyOf(req) : undefined, duplex: "half" });
  const response = await fetch(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});
server.listen(0, "127.0.0.1", () => listening(server.address().port));
