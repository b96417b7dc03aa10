/**
 * @module twenty-webhooks/cli/sign
 * `sign`: Twenty's headers for a body, or a ready curl command that sends it.
 */
import { signRequest } from "../node.js";
import { eventBodies } from "./events.js";
import { readBytes, requireSecrets, SECRET_VARIABLE } from "./inputs.js";
import { targetUrl } from "./send.js";
import { EXIT, millisFlag, UsageError } from "./usage.js";

const SAMPLE_EVENT = "person.created";
const utf8 = new TextDecoder("utf-8", { fatal: true });

export default {
  name: "sign",
  summary: "Twenty's headers for a body, or a ready curl command",
  usage: "sign [--secret <secret>] [--body <file|->] [--timestamp <ms>] [--nonce <nonce>] [--curl <url>]",
  details: [
    'Prints the headers as "Name: value" lines (a --headers file for verify), or with --curl a',
    `curl command that POSTs the body exactly as Twenty would. With --curl and no --body, the body is`,
    `a sample ${SAMPLE_EVENT} delivery for that URL.`,
  ],
  options: {
    secret: { type: "string", value: "<secret>", description: `the webhook's secret; default $${SECRET_VARIABLE}` },
    body: { type: "string", value: "<file|->", description: "the body to sign, byte for byte (a trailing newline is part of it)" },
    timestamp: { type: "string", value: "<ms>", description: "epoch milliseconds to sign with; default now" },
    nonce: { type: "string", value: "<nonce>", description: "the nonce header; default 32 random hex digits, as Twenty sends" },
    curl: { type: "string", value: "<url>", description: "print a curl command that sends the signed delivery to this URL" },
  },
  examples: [
    "twenty-webhooks sign --secret \"$SECRET\" --curl http://localhost:3000/webhooks/twenty | sh",
    "twenty-webhooks sign --secret \"$SECRET\" --body body.json > headers.txt",
  ],
  async run({ values }, { env, stdin, out }) {
    const [secret] = requireSecrets(values, env);
    if (!secret) throw new UsageError("the secret is empty; Twenty sends unsigned deliveries then, and there is nothing to sign");
    const url = values.curl === undefined ? undefined : targetUrl("curl", values.curl);
    if (values.body === undefined && !url) throw new UsageError("give --body <file|-> to sign (or --curl <url> to sign a sample delivery)");
    const timestamp = values.timestamp === undefined ? Date.now() : millisFlag("timestamp", values.timestamp);
    const body = values.body === undefined ? Buffer.from(eventBodies(SAMPLE_EVENT, { targetUrl: url.href })()) : await readBytes("body", values.body, stdin);
    const { headers } = signRequest({ secret, body, timestamp, ...(values.nonce !== undefined && { nonce: values.nonce }) });
    const text = textOf(body);
    const curl = url && curlCommand(url, headers, body, text, values.body);

    if (out.json) {
      out.document({ ok: true, headers, bodyBytes: body.length, ...(text !== undefined && { body: text }), ...(curl && { curl }) });
    } else if (curl) {
      out.line(curl);
    } else {
      for (const [name, value] of Object.entries(headers)) out.line(`${name}: ${value}`);
    }
    return EXIT.OK;
  },
};

/** Kernels refuse a single argument over 128 KiB; bodies this large go by file instead. */
const INLINE_BODY_LIMIT = 64 * 1024;

/** The body as text when it is UTF-8 without NUL (so that it fits in a command line), else undefined. */
function textOf(body) {
  try {
    const text = utf8.decode(body);
    return text.includes("\0") ? undefined : text;
  } catch {
    return undefined;
  }
}

/**
 * A POSIX shell command. The body goes inline with --data-raw (sent as is: no `@file` reading,
 * no newline stripping); a body that is not text, or too large for one argument, is read from
 * its file by --data-binary.
 */
function curlCommand(url, headers, body, text, bodyPath) {
  let data;
  if (text !== undefined && body.length <= INLINE_BODY_LIMIT) data = `--data-raw ${shellQuote(text)}`;
  else if (bodyPath !== undefined && bodyPath !== "-") data = `--data-binary ${shellQuote(`@${bodyPath}`)}`;
  else throw new UsageError(`a body from stdin that is not UTF-8 text, or over ${INLINE_BODY_LIMIT / 1024} KiB, cannot go in a command line: pass it as --body <file>`);
  return [
    `curl --request POST ${shellQuote(url.href)}`,
    ...Object.entries(headers).map(([name, value]) => `  --header ${shellQuote(`${name}: ${value}`)}`),
    `  ${data}`,
  ].join(" \\\n");
}

function shellQuote(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
