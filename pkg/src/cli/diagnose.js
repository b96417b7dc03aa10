/**
 * @module twenty-webhooks/cli/diagnose
 * `diagnose`: why a captured delivery does not verify, as a table of findings, worst first.
 */
import { diagnose } from "../node.js";
import { DELIVERY_OPTIONS, readDelivery } from "./delivery.js";
import { EXIT } from "./usage.js";

const SEVERITY_ORDER = ["error", "warning"];

export default {
  name: "diagnose",
  summary: "why a captured delivery does not verify: findings, worst first",
  usage: "diagnose [--secret <secret>…] (--request <file|-> | --headers <file> --body <file|->)",
  details: ['Exit 0 when the delivery verifies (no finding of severity "error"), 1 otherwise.'],
  options: DELIVERY_OPTIONS,
  examples: ["twenty-webhooks diagnose --secret \"$SECRET\" --request captured.http"],
  async run({ values }, io) {
    const { out } = io;
    const { secrets, headers, body, toleranceMs, now } = await readDelivery(values, io);
    const findings = diagnose({ secret: secrets, headers, body, toleranceMs, now });
    const rank = (finding) => SEVERITY_ORDER.indexOf(finding.severity);
    findings.sort((a, b) => rank(a) - rank(b)); // stable: the package's order within a severity
    const verifies = !findings.some((finding) => finding.severity === "error");

    if (out.json) out.document({ ok: verifies, verifies, findings });
    else printTable(out, findings, verifies);
    return verifies ? EXIT.OK : EXIT.FAILED;
  },
};

function printTable({ line, paint }, findings, verifies) {
  line(verifies ? paint.green("✓ the delivery verifies") : paint.red("✖ the delivery does not verify"));
  if (!findings.length) return;
  const width = Math.max(...findings.map((f) => f.code.length));
  const colour = { error: paint.red, warning: paint.yellow };
  line();
  line(paint.dim(`  ${"SEVERITY".padEnd(8)}  ${"CODE".padEnd(width)}  MESSAGE`));
  for (const { severity, code, message, hint } of findings) {
    line(`  ${colour[severity](severity.padEnd(8))}  ${paint.bold(code.padEnd(width))}  ${message}`);
    line(`  ${" ".repeat(8)}  ${" ".repeat(width)}  ${paint.dim(`hint: ${hint}`)}`);
  }
}
