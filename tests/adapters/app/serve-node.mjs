// Serves a Fetch app (the module named on the command line) from node:http: the request stream
// becomes the Request's body unread, so sizes are counted by the handler as it streams.
import { createServer } from "node:http";
import { Readable } from "node:stream";
import { listening } from "./listening.mjs";

const { fetch } = await import(process.argv[2]);

const server = createServer(async (req, res) => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) for (const v of [value].flat()) headers.append(name, v);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body: hasBody ? Readable.toWeb(req) : undefined, duplex: "half" });
  const response = await fetch(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});
server.listen(0, "127.0.0.1", () => listening(server.address().port));
