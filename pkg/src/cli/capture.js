/**
 * @module twenty-webhooks/cli/capture
 * Deliveries as people capture them: a raw HTTP/1.1 request (request line, headers, blank line,
 * body), a HAR file (its first entry), or a headers file (`Name: value` lines or a JSON object).
 * Headers come out as `[name, value]` pairs in their order, repeats kept, so that the package
 * judges them; bodies as the exact bytes.
 */
import { UsageError } from "./usage.js";

/** An HTTP token (RFC 9110): a method or a header name. */
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const REQUEST_LINE = new RegExp(`^(${TOKEN}) (\\S+) HTTP/\\d\\.\\d$`);
const HEADER_LINE = new RegExp(`^(${TOKEN}):[ \\t]*(.*?)[ \\t]*$`);

/** `{ headers, body, method, target }` from a raw request or a HAR file. */
export function parseCapturedRequest(bytes, source) {
  return startsWithBrace(bytes) ? parseHar(bytes, source) : parseRawRequest(bytes, source);
}

/** Header pairs from `Name: value` lines or a JSON object (values may be lists, as in Node's req.headers). */
export function parseHeadersFile(bytes, source) {
  if (startsWithBrace(bytes)) {
    const object = parseJson(bytes, source);
    if (object === null || typeof object !== "object" || Array.isArray(object)) throw new UsageError(`${source}: a JSON headers file must hold one object of names and values`);
    return Object.entries(object).flatMap(([name, value]) => [value].flat().map((one) => [name, String(one)]));
  }
  const lines = bytes.toString("latin1").split(/\r?\n/);
  while (lines.length && lines.at(-1) === "") lines.pop();
  return headerLines(lines, source, 1);
}

function parseRawRequest(bytes, source) {
  const end = headerSectionEnd(bytes);
  if (!end) throw new UsageError(`${source}: no blank line after the headers; a raw request is a request line, headers, a blank line, then the body`);
  const lines = bytes.subarray(0, end.at).toString("latin1").split(/\r?\n/);
  const requestLine = lines.shift();
  const match = REQUEST_LINE.exec(requestLine);
  if (!match) throw new UsageError(`${source}: the first line is not an HTTP request line such as "POST /webhook HTTP/1.1": ${JSON.stringify(requestLine.slice(0, 60))}`);
  const headers = headerLines(lines, source, 2);
  const rest = bytes.subarray(end.at + end.length);
  return { method: match[1], target: match[2], headers, body: messageBody(headers, rest, source) };
}

/** The body as HTTP frames it: Content-Length bytes, chunked, or everything that follows. */
function messageBody(headers, rest, source) {
  const valueOf = (name) => headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v.trim());
  const encodings = valueOf("transfer-encoding");
  if (encodings.some((v) => /(^|,)\s*chunked\s*$/i.test(v))) return dechunk(rest, source);
  const lengths = valueOf("content-length");
  if (!lengths.length) return rest;
  if (new Set(lengths).size !== 1 || !/^\d+$/.test(lengths[0])) throw new UsageError(`${source}: Content-Length is not one number: ${lengths.join(", ")}`);
  const length = Number(lengths[0]);
  if (rest.length < length) throw new UsageError(`${source}: the body is cut short: Content-Length says ${length} bytes, the capture holds ${rest.length}`);
  return rest.subarray(0, length);
}

function dechunk(bytes, source) {
  const parts = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf("\r\n", at);
    const size = lineEnd < 0 ? NaN : parseInt(bytes.subarray(at, lineEnd).toString("latin1").split(";")[0].trim(), 16);
    if (!Number.isInteger(size) || lineEnd + 2 + size > bytes.length) throw new UsageError(`${source}: the chunked body is malformed or cut short`);
    if (size === 0) return Buffer.concat(parts);
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

function parseHar(bytes, source) {
  const har = parseJson(bytes, source);
  const request = har?.log?.entries?.[0]?.request;
  if (!request || typeof request !== "object") throw new UsageError(`${source}: a HAR file needs log.entries[0].request`);
  const headers = (Array.isArray(request.headers) ? request.headers : [])
    .filter((h) => typeof h?.name === "string" && !h.name.startsWith(":")) // HTTP/2 pseudo-headers
    .map((h) => [h.name, String(h.value ?? "")]);
  const post = request.postData ?? {};
  const text = typeof post.text === "string" ? post.text : "";
  const body = post.encoding === "base64" ? Buffer.from(text, "base64") : Buffer.from(text, "utf8");
  return { method: String(request.method ?? ""), target: String(request.url ?? ""), headers, body };
}

function headerLines(lines, source, firstLineNumber) {
  const headers = [];
  lines.forEach((line, index) => {
    if (/^[ \t]/.test(line) && headers.length) {
      headers.at(-1)[1] += ` ${line.trim()}`; // an obsolete folded continuation
      return;
    }
    const match = HEADER_LINE.exec(line);
    if (!match) throw new UsageError(`${source}: line ${index + firstLineNumber} is not "Name: value": ${JSON.stringify(line.slice(0, 60))}`);
    headers.push([match[1], match[2]]);
  });
  return headers;
}

/** Where the header section ends: the first CRLF CRLF, or LF LF in a hand-written file. */
function headerSectionEnd(bytes) {
  const crlf = bytes.indexOf("\r\n\r\n");
  const lf = bytes.indexOf("\n\n");
  if (crlf < 0 && lf < 0) return null;
  return lf >= 0 && (crlf < 0 || lf < crlf) ? { at: lf, length: 2 } : { at: crlf, length: 4 };
}

function startsWithBrace(bytes) {
  return /^\s*\{/.test(bytes.subarray(0, 64).toString("latin1").replace(/^\uFEFF|^\xEF\xBB\xBF/, ""));
}

function parseJson(bytes, source) {
  try {
    return JSON.parse(bytes.toString("utf8").replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new UsageError(`${source}: not JSON (${error.message})`);
  }
}
