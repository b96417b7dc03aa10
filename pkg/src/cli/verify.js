/**
 * @module twenty-webhooks/cli/verify
 * `verify`: whether a captured delivery verifies, as a receiver using the package would judge it.
 */
import { verify, WebhookVerificationError } from "../node.js";
import { DELIVERY_OPTIONS, readDelivery } from "./delivery.js";
import { formatMs } from "./output.js";
import { EXIT } from "./usage.js";

export default {
  name: "verify",
  summary: "verify a captured delivery",
  usage: "verify [--secret <secret>…] (--request <file|-> | --headers <file> --body <file|->)",
  details: ["Exit 0 and what was verified, or exit 1 with the error's code and hint (diagnose says why)."],
  options: DELIVERY_OPTIONS,
  examples: [
    "twenty-webhooks verify --secret \"$SECRET\" --request captured.http",
    "twenty-webhooks verify --headers headers.txt --body body.json   # secret from $TWENTY_WEBHOOK_SECRET",
  ],
  async run({ values }, io) {
    const { out } = io;
    const { secrets, headers, body, toleranceMs, now } = await readDelivery(values, io);
    let verified;
    try {
      verified = verify({ secret: secrets, headers, body, toleranceMs, now });
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      const { code, message, hint } = error;
      if (out.json) out.document({ ok: false, verified: false, error: { code, message, hint } });
      else {
        out.line(`${out.paint.red("✖ does not verify")}  ${out.paint.bold(code)}`);
        out.line(`  ${message}`);
        out.line(`  ${out.paint.dim("hint:")} ${hint}`);
      }
      return EXIT.FAILED;
    }
    const summary = { eventName: eventNameOf(verified), timestamp: verified.timestamp, ageMs: now - verified.timestamp, nonce: verified.nonce ?? null, secretIndex: verified.secretIndex, bodyBytes: body.length };
    if (out.json) out.document({ ok: true, verified: true, ...summary });
    else {
      out.line(`${out.paint.green("✓ verified")}  ${out.paint.bold(summary.eventName ?? "(the body is not a JSON event)")}`);
      out.line(`  timestamp  ${summary.timestamp} (${new Date(summary.timestamp).toISOString()}, ${age(summary.ageMs)})`);
      if (summary.nonce !== null) out.line(`  nonce      ${summary.nonce}`);
      if (secrets.length > 1) out.line(`  secret     #${summary.secretIndex + 1} of ${secrets.length}`);
      out.line(`  body       ${summary.bodyBytes} bytes`);
    }
    return EXIT.OK;
  },
};

/** The payload's eventName, or null for a body that verifies but is not a JSON event. */
function eventNameOf(verified) {
  try {
    const name = verified.payload?.eventName;
    return typeof name === "string" ? name : null;
  } catch {
    return null;
  }
}

function age(ms) {
  return ms >= 0 ? `${formatMs(ms)} ago` : `${formatMs(-ms)} ahead`;
}
