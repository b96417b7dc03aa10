// The code table's other faces: writes the npm package's code unions (pkg/src/index.d.ts) and the
// README's "Error codes" and "Diagnose findings" tables from src/codes.rs (read through
// `cargo run --example codes`), with the package's hints from pkg/src/errors.js. Each lives
// between marker lines; nothing outside them is touched.
//
//   node scripts/codes.mjs           regenerate them
//   node scripts/codes.mjs --check   exit 1 if any of them differs from the table (npm test -- lint)
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_HINTS } from "../pkg/src/errors.js";
import { RECEIVE_ERRORS } from "../pkg/src/receive-errors.js";
import { ERRORS as EDGE_ERRORS } from "../edge/src/errors.js";
import { ROOT, fail, output } from "./lib/run.mjs";

const check = process.argv.includes("--check");
const json = output("cargo", ["run", "--quiet", "--example", "codes"]);
if (json === null) fail("cargo run --example codes failed");
const rows = JSON.parse(json);

const codes = new Set(rows.map((row) => row.code));
const stray = Object.keys(PACKAGE_HINTS).filter((code) => !codes.has(code));
if (stray.length > 0) fail(`pkg/src/errors.js has hints for codes the table does not have: ${stray.join(", ")}`);
// The package raises its misuse errors before (or without) the wasm, so it words their hints itself.
const unworded = rows.filter((row) => row.kinds.includes("base") && !(row.code in PACKAGE_HINTS)).map((row) => row.code);
if (unworded.length > 0) fail(`pkg/src/errors.js has no hint for ${unworded.join(", ")}: PACKAGE_HINTS needs one for every base code`);

// The receivers' codes have their status, message and JavaScript hint in pkg/src/receive-errors.js.
const receiving = rows.filter((row) => row.kinds.includes("receiving")).map((row) => row.code);
const unlisted = receiving.filter((code) => !(code in RECEIVE_ERRORS));
const unknown = Object.keys(RECEIVE_ERRORS).filter((code) => !receiving.includes(code));
if (unlisted.length > 0) fail(`pkg/src/receive-errors.js has no entry for ${unlisted.join(", ")}: RECEIVE_ERRORS needs one for every receiving code`);
if (unknown.length > 0) fail(`pkg/src/receive-errors.js has codes the table does not have as receiving codes: ${unknown.join(", ")}`);
// Their messages are the table's summaries (only the hints speak of JavaScript).
const reworded = rows.filter((row) => row.kinds.includes("receiving") && RECEIVE_ERRORS[row.code].message !== row.summary).map((row) => row.code);
if (reworded.length > 0) fail(`pkg/src/receive-errors.js words the message of ${reworded.join(", ")} differently from the table's summary in src/codes.rs`);

// The edge receiver is its own app with its own table (edge/src/errors.js); a code it shares with
// the package means the same there: a receiving code with the same status, never another kind.
for (const [code, { status }] of Object.entries(EDGE_ERRORS)) {
  const row = rows.find((r) => r.code === code);
  if (row && !row.kinds.includes("receiving")) fail(`edge/src/errors.js uses ${code}, which the table has as a ${row.kinds.join("/")} code`);
  if (row && RECEIVE_ERRORS[code].status !== status) fail(`edge/src/errors.js answers ${code} with ${status}, the package's receivers with ${RECEIVE_ERRORS[code].status}`);
}

const packageHint = (row) => PACKAGE_HINTS[row.code] ?? RECEIVE_ERRORS[row.code]?.hint ?? row.hint;
const has = (kind) => rows.filter((row) => row.kinds.includes(kind));
const cell = (text) => text.replaceAll("|", "\\|");
const union = (name, doc, members) =>
  [`/** ${doc} */`, `export type ${name} =`, ...members.map((m, i) => `  | "${m}"${i === members.length - 1 ? ";" : ""}`)].join("\n");

const formerNames = [...new Set(rows.map((row) => row.former).filter(Boolean))];
const typeUnions = [
  union("VerificationErrorCode", "Codes of errors thrown while verifying (`WebhookVerificationError`).", has("verification").map((r) => r.code)),
  union("PayloadErrorCode", "Codes of errors thrown while building payloads or sample records (`WebhookPayloadError`).", has("payload").map((r) => r.code)),
  union("UsageErrorCode", "Codes of misuse errors (`TwentyWebhooksError` itself).", has("base").map((r) => r.code)),
  union("ReceiveErrorCode", "Codes of requests the HTTP receivers refuse for what they are rather than for their signature, and of failed handlers.", has("receiving").map((r) => r.code)),
  union("FindingCode", "Codes of `diagnose` findings; a failure `verify` reports has the same code here.", has("finding").map((r) => r.code)),
  union("FormerFindingCode", "Finding codes before they were unified with the error codes, still given as `formerCode` for one release.", formerNames),
].join("\n\n");

const errorTable = [
  "| code | class | meaning | how to fix |",
  "|---|---|---|---|",
  ...rows
    .filter((row) => row.kinds.some((kind) => kind !== "finding"))
    .map((row) => `| \`${row.code}\` | ${row.kinds.find((kind) => kind !== "finding")} | ${cell(row.summary)} | ${cell(packageHint(row))} |`),
].join("\n");

const findingTable = [
  "| code | meaning | how to fix | formerly |",
  "|---|---|---|---|",
  ...has("finding").map((row) => `| \`${row.code}\` | ${cell(row.summary)} | ${cell(packageHint(row))} | ${row.former ? `\`${row.former}\`` : ""} |`),
].join("\n");

const GENERATED = "generated by scripts/codes.mjs from src/codes.rs: edit the table there, then run it";
const regions = [
  { file: "pkg/src/index.d.ts", start: `// <codes: ${GENERATED}>`, end: "// </codes>", text: typeUnions },
  { file: "README.md", start: `<!-- <errors: ${GENERATED}> -->`, end: "<!-- </errors> -->", text: errorTable },
  { file: "README.md", start: `<!-- <findings: ${GENERATED}> -->`, end: "<!-- </findings> -->", text: findingTable },
];

let drifted = 0;
for (const { file, start, end, text } of regions) {
  const path = join(ROOT, file);
  const content = readFileSync(path, "utf8");
  const from = content.indexOf(start);
  const to = content.indexOf(end, from);
  if (from < 0 || to < 0) fail(`${file}: the marker lines ${start} … ${end} are missing`);
  const before = content.slice(from + start.length + 1, to);
  const wanted = `${text}\n`;
  if (before === wanted) continue;
  if (check) {
    drifted += 1;
    const had = new Set(before.split("\n"));
    const want = new Set(wanted.split("\n"));
    console.error(`✖ ${file}, between ${start.slice(0, start.indexOf(":"))}> and ${end}, differs from the code table:`);
    for (const line of want) if (!had.has(line)) console.error(`    missing:  ${line}`);
    for (const line of had) if (!want.has(line)) console.error(`    stale:    ${line}`);
    if ([...want].every((line) => had.has(line)) && [...had].every((line) => want.has(line))) console.error("    (lines out of order)");
  } else {
    writeFileSync(path, content.slice(0, from + start.length + 1) + wanted + content.slice(to));
    console.log(`  ${file}: regenerated`);
  }
}
if (drifted > 0) fail(`${drifted} generated region(s) drifted from src/codes.rs: run node scripts/codes.mjs`);
if (check) console.log(`  ${rows.length} codes: the .d.ts unions and the README tables match src/codes.rs`);
