/**
 * @module twenty-webhooks/cli/delivery
 * The inputs verify and diagnose share: a captured request (`--request`), or a headers file and
 * a body file (`--headers`, `--body`), and the secrets and clock to judge it with.
 */
import { DEFAULT_TOLERANCE_MS } from "../node.js";
import { parseCapturedRequest, parseHeadersFile } from "./capture.js";
import { checkOneStdin, readBytes, requireSecrets, SECRET_VARIABLE } from "./inputs.js";
import { integerFlag, millisFlag, UsageError } from "./usage.js";

export const DELIVERY_OPTIONS = {
  secret: { type: "string", multiple: true, value: "<secret>", description: `the webhook's secret (repeat it during a rotation); default $${SECRET_VARIABLE}` },
  request: { type: "string", value: "<file|->", description: "a captured request: raw HTTP/1.1 (request line, headers, blank line, body) or a HAR file (its first entry)" },
  headers: { type: "string", value: "<file>", description: 'the headers: "Name: value" lines or a JSON object' },
  body: { type: "string", value: "<file|->", description: "the body, byte for byte (a trailing newline is part of it)" },
  tolerance: { type: "string", value: "<ms>", description: `how far the timestamp may lie from now; default ${DEFAULT_TOLERANCE_MS}` },
  now: { type: "string", value: "<ms>", description: "judge as if it were this time (epoch ms), e.g. for an old capture; default now" },
};

/** `{ secrets, headers, body, toleranceMs, now }` from the flags. */
export async function readDelivery(values, { env, stdin }) {
  const secrets = requireSecrets(values, env);
  const toleranceMs = values.tolerance === undefined ? DEFAULT_TOLERANCE_MS : integerFlag("tolerance", values.tolerance, { min: 0, max: Number.MAX_SAFE_INTEGER });
  const now = values.now === undefined ? Date.now() : millisFlag("now", values.now);
  checkOneStdin(values, ["request", "headers", "body"]);
  if (values.request !== undefined) {
    if (values.headers !== undefined || values.body !== undefined) throw new UsageError("give either --request, or --headers and --body, not both");
    const { headers, body } = parseCapturedRequest(await readBytes("request", values.request, stdin), `--request ${values.request}`);
    return { secrets, headers, body, toleranceMs, now };
  }
  if (values.headers === undefined || values.body === undefined) throw new UsageError("give the delivery: --request <file|->, or --headers <file> and --body <file|->");
  const headers = parseHeadersFile(await readBytes("headers", values.headers, stdin), `--headers ${values.headers}`);
  const body = await readBytes("body", values.body, stdin);
  return { secrets, headers, body, toleranceMs, now };
}
