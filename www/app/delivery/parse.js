/**
 * @module delivery/parse
 * Reads a delivery pasted into "Check a delivery", in three shapes: the body and headers
 * apart, a whole raw HTTP request, or a curl command. Each gives
 * `{ headers: [[name, value]], body, notes }`; notes say what was adjusted while reading.
 * Throws PasteError when the text cannot be read.
 */
import { shellWords } from "./shell-words.js";

export class PasteError extends Error {}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const REQUEST_LINE = /^[A-Z]+ \S+( HTTP\/[\d.]+)?$/;
const STATUS_LINE = /^HTTP\/[\d.]+ \d{3}/;

/** Headers as `Name: value` lines (a request line is skipped) or as a JSON object. */
function parseHeaderText(text) {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) return headersFromJson(trimmed);
  const lines = trimmed.split(/\r?\n/).filter((line) => line.trim() !== "");
  if (lines.length && (REQUEST_LINE.test(lines[0]) || STATUS_LINE.test(lines[0]))) lines.shift();
  return lines.map((line, index) => headerFromLine(line, index + 1));
}

function headersFromJson(text) {
  let object;
  try {
    object = JSON.parse(text);
  } catch (error) {
    throw new PasteError(`The headers look like JSON but do not parse: ${error.message}`);
  }
  if (object === null || typeof object !== "object" || Array.isArray(object)) throw new PasteError("Headers as JSON must be an object of name → value.");
  return Object.entries(object).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : String(value)]);
}

function headerFromLine(line, number) {
  const colon = line.indexOf(":");
  if (colon <= 0) throw new PasteError(`Header line ${number} is not "Name: value": ${line.slice(0, 60)}`);
  return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
}

/** The body and headers pasted apart. */
export function parseParts(headersText, bodyText) {
  return { headers: parseHeaderText(headersText), ...trimPastedBody(bodyText) };
}

/** A request as it travels: request line, headers, a blank line, the body. */
export function parseRawRequest(text) {
  const request = text.replace(/^\s+/, "");
  const gap = /\r?\n\r?\n/.exec(request);
  if (!gap) throw new PasteError("No blank line found between the headers and the body.");
  const headers = parseHeaderText(request.slice(0, gap.index));
  const body = request.slice(gap.index + gap[0].length);
  const length = headers.find(([name]) => name.toLowerCase() === "content-length")?.[1];
  return { headers, ...(length === undefined ? trimPastedBody(body) : cutToContentLength(body, Number(length))) };
}

/** Twenty's body is JSON.stringify output, which never ends with a line break: a pasted one is an artefact. */
function trimPastedBody(body) {
  const trimmed = body.replace(/[\r\n]+$/, "");
  const notes = trimmed === body ? [] : ["Removed the line break(s) after the body: Twenty's body never ends with one."];
  return { body: trimmed, notes };
}

function cutToContentLength(body, length) {
  const bytes = encoder.encode(body);
  if (!Number.isSafeInteger(length) || bytes.length === length) return { body, notes: [] };
  if (bytes.length > length) {
    return { body: decoder.decode(bytes.subarray(0, length)), notes: [`Kept the first ${length} bytes of the body, as its Content-Length says.`] };
  }
  return { body, notes: [`The body has ${bytes.length} bytes but Content-Length says ${length}: it was probably cut while copying.`] };
}

// Short options whose value is the next word (or the rest of the cluster); only -H, -d and
// -X matter here, the others are skipped with their value.
const SHORT_WITH_VALUE = new Set("HdXouAebcwmxETKrYyzQF".split(""));
const LONG_WITH_VALUE = new Set([
  "--header", "--data", "--data-ascii", "--data-binary", "--data-raw", "--data-urlencode", "--json", "--request", "--url",
  "--output", "--user", "--user-agent", "--referer", "--cookie", "--cookie-jar", "--write-out", "--max-time",
  "--connect-timeout", "--retry", "--proxy", "--cacert", "--cert", "--key", "--resolve", "--connect-to", "--form", "--upload-file",
]);

/** A curl command: its -H headers and its body from -d, --data-binary, --data-raw or --json (several are joined with &, as curl does). */
export function parseCurl(text) {
  const words = shellWords(text.trim());
  if (words[0] !== "curl") throw new PasteError("A curl command starts with curl.");
  const headers = [];
  const data = [];
  const take = (option, value) => {
    if (value === undefined) throw new PasteError(`${option} needs a value.`);
    if (option === "-H" || option === "--header") {
      if (value.includes(":")) headers.push(headerFromLine(value, headers.length + 1));
    } else if (["-d", "--data", "--data-ascii", "--data-binary", "--data-raw", "--json"].includes(option)) {
      if (value.startsWith("@") && option !== "--data-raw") throw new PasteError(`${option} ${value} reads the body from a file: paste the file's content instead.`);
      data.push(value);
      if (option === "--json" && !headers.some(([name]) => name.toLowerCase() === "content-type")) headers.push(["Content-Type", "application/json"]);
    } else if (["-F", "--form", "-T", "--upload-file", "--data-urlencode"].includes(option)) {
      throw new PasteError(`${option} sends a form or a file, not the raw body Twenty sends.`);
    }
  };
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    if (LONG_WITH_VALUE.has(word)) take(word, words[++i]);
    else if (/^-[a-zA-Z]/.test(word)) {
      // A cluster such as -sSH: the first letter that takes a value takes the rest or the next word.
      for (let j = 1; j < word.length; j++) {
        if (!SHORT_WITH_VALUE.has(word[j])) continue;
        take(`-${word[j]}`, j + 1 < word.length ? word.slice(j + 1) : words[++i]);
        break;
      }
    }
  }
  if (data.length === 0) throw new PasteError("The command sends no body (no -d, --data-binary, --data-raw or --json).");
  return { headers, body: data.join("&"), notes: [] };
}
