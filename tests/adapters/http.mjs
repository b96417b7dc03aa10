// The driver's HTTP client (node:http, loopback only). `chunked` sends the body in pieces with
// no Content-Length; an answer that arrives before the body is fully sent (413) is still read.
import { request } from "node:http";

export function send(base, { method = "POST", path, headers = {}, body, chunked = false }) {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const bytes = body === undefined ? undefined : Buffer.from(body);
    const all = { ...headers };
    if (bytes && !chunked) all["Content-Length"] = String(bytes.length);
    let answered = false;
    const req = request(url, { method, headers: all, agent: false }, (res) => {
      answered = true;
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
      res.on("error", reject);
    });
    // A server that refuses early may close while we still write: the answer is what counts.
    req.on("error", (error) => answered || reject(error));
    if (bytes && chunked) {
      for (let at = 0; at < bytes.length; at += 4096) req.write(bytes.subarray(at, at + 4096));
      req.end();
    } else {
      req.end(bytes);
    }
  });
}
